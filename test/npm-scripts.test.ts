/**
 * The npm scripts the README and docs name (`npm run demo`, `npm run bench`, ...) point at files that
 * exist: a renamed script file once left `npm run bench` failing with MODULE_NOT_FOUND.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

describe('npm scripts', () => {
  it.each(Object.entries(scripts))('%s runs files that exist', (_name, command) => {
    const files = [...command.matchAll(/\bnode\s+((?:scripts|dist)\/\S+)/g)].map((m) => m[1]!);
    const missing = files.filter((f) => !f.startsWith('dist/') && !existsSync(join(root, f)));
    expect(missing).toEqual([]);
  });

  it('has the benchmarks the docs name', () => {
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['bench', 'bench:emulator', 'bench:audit']));
    expect(scripts.bench).toContain('scripts/bench-audit.mjs');
    expect(scripts.bench).toContain('scripts/bench-emulator.mjs');
  });
});
