/**
 * The error catalogue holds only codes rootctl can raise. Every code must be raised somewhere in the
 * shipped source (a `RootctlError` constructed with it, or an AWS error mapped to it) outside the
 * catalogue itself and the docs generator; a code nothing raises is documented noise (NotReady was
 * one: listed, never thrown) and is removed instead. Behavioural tests raise many of them through real
 * paths (library-plans, library, remediate, exception, setup tests); this test keeps the list honest.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../src/core/errors.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'docs' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('fake') ? [path] : [];
  });
}

describe('the error catalogue', () => {
  const files = sources('src').filter((f) => !f.endsWith(join('core', 'errors.ts')));
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');

  it.each(Object.keys(ERROR_CATALOGUE))('%s is raised by the shipped code', (code) => {
    expect(text.includes(`'${code}'`), `${code} is in the catalogue but no source file raises it`).toBe(true);
  });

  it('is what docs/generated/errors.md documents, code for code', () => {
    const doc = readFileSync('docs/generated/errors.md', 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Za-z]+)` \| \d+ \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });
});
