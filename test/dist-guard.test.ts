/**
 * The stale-dist/ guard (test/support/dist-guard.ts, a vitest globalSetup) on a temporary copy of a
 * project tree: a src/ module touched after the build, or without a build output, is stale and gets
 * rebuilt; test files do not count; a build that fails or leaves dist/ stale stops the run with one line.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFreshDist, staleDistSources } from './support/dist-guard.js';

let root: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const later = (s: number) => new Date(T0.getTime() + s * 1000);

function file(path: string, at: Date): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '// x\n');
  utimesSync(full, at, at);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rootctl-dist-guard-'));
  file('src/cli/bin.ts', T0);
  file('src/core/plan.ts', T0);
  file('src/core/plan.test.ts', T0);
  file('dist/cli/bin.js', later(10));
  file('dist/core/plan.js', later(10));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('staleDistSources', () => {
  it('is empty when every module is built after its source', () => {
    expect(staleDistSources(root)).toEqual([]);
  });

  it('names a source touched after the build, and one never built; test files do not count', () => {
    utimesSync(join(root, 'src/core/plan.ts'), later(20), later(20));
    file('src/core/new-module.ts', T0);
    file('src/core/other.test.ts', later(30));
    expect(staleDistSources(root)).toEqual(['src/core/new-module.ts', 'src/core/plan.ts']);
  });
});

describe('ensureFreshDist', () => {
  it('builds nothing when dist/ is fresh', async () => {
    let builds = 0;
    expect(await ensureFreshDist(root, () => Promise.resolve(void builds++))).toEqual([]);
    expect(builds).toBe(0);
  });

  it('rebuilds when a source is newer than its output', async () => {
    utimesSync(join(root, 'src/cli/bin.ts'), later(20), later(20));
    const build = () => Promise.resolve(file('dist/cli/bin.js', later(30)));
    expect(await ensureFreshDist(root, build)).toEqual(['src/cli/bin.ts']);
    expect(staleDistSources(root)).toEqual([]);
  });

  it('stops with one line when the build fails', async () => {
    utimesSync(join(root, 'src/cli/bin.ts'), later(20), later(20));
    const failing = () =>
      Promise.reject(
        Object.assign(new Error('exit 2'), {
          stdout: "\nsrc/cli/bin.ts(1,1): error TS1005: ';' expected.\n",
        }),
      );
    await expect(ensureFreshDist(root, failing)).rejects.toThrow(
      /^dist\/ is older than src\/cli\/bin\.ts and the build failed: src\/cli\/bin\.ts\(1,1\): error TS1005: ';' expected\.$/,
    );
  });

  it('refuses a dist/ the build left stale', async () => {
    utimesSync(join(root, 'src/core/plan.ts'), later(20), later(20));
    await expect(ensureFreshDist(root, () => Promise.resolve())).rejects.toThrow(
      'dist/ is still older than src/core/plan.ts after the build: run `npm run build`',
    );
  });
});
