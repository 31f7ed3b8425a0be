/**
 * vitest globalSetup: the tests that start `node dist/cli/bin.js` (kill -9, signals, start-up time,
 * the packed package) must run the code in src/, never an older build of it. Before any test runs,
 * every src/ module is compared with its build output; when one is missing or older, dist/ is rebuilt
 * (`tsc -p tsconfig.build.json`, what `npm run build` runs), and a build that fails or leaves dist/
 * stale stops the run with one line naming the file.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every file under `dir`, as paths relative to `dir`. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * The src/ modules (test files and declarations aside) whose dist/ output is missing or older than
 * the source, as `src/...` paths; empty when dist/ is up to date.
 */
export function staleDistSources(root: string): string[] {
  const stale: string[] = [];
  for (const file of filesUnder(join(root, 'src'))) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts') || file.endsWith('.test.ts')) continue;
    const built = join(root, 'dist', file.replace(/\.ts$/, '.js'));
    const source = statSync(join(root, 'src', file)).mtimeMs;
    if (!existsSync(built) || statSync(built).mtimeMs < source) stale.push(join('src', file));
  }
  return stale.sort();
}

/** The build `npm run build` runs. */
async function tscBuild(root: string): Promise<void> {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/**
 * Rebuilds dist/ when a src/ module is newer than its output; throws one line when the build fails or
 * dist/ is still stale after it. Returns what it found stale (empty: nothing was built).
 */
export async function ensureFreshDist(
  root: string,
  build: (root: string) => Promise<void> = tscBuild,
): Promise<string[]> {
  const stale = staleDistSources(root);
  if (stale.length === 0) return stale;
  try {
    await build(root);
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? (e instanceof Error ? e.message : String(e));
    const first = out.split('\n').find((l) => l.trim() !== '') ?? 'no output';
    throw new Error(`dist/ is older than ${stale[0]} and the build failed: ${first.trim()}`);
  }
  const still = staleDistSources(root);
  if (still.length > 0)
    throw new Error(`dist/ is still older than ${still[0]} after the build: run \`npm run build\``);
  return stale;
}

export default async function setup(): Promise<void> {
  const rebuilt = await ensureFreshDist(ROOT);
  if (rebuilt.length > 0)
    process.stdout.write(
      `dist/ was older than src/ (${rebuilt[0]} and ${rebuilt.length - 1} more): rebuilt it\n`,
    );
}
