/**
 * `rootctl deploy package`: the scheduled audit's Lambda zip, built from the installed rootctl
 * package and its production dependencies as npm installed them (no download, no bundler):
 *   index.mjs                       export { handler } from 'rootctl/lambda'
 *   node_modules/rootctl/...        package.json and dist/ (no type declarations, maps or tests)
 *   node_modules/<dependency>/...   every production dependency, found the way Node resolves them
 * Optional native dependencies (better-sqlite3) are left out: the function keeps its history in S3.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RootctlError } from '../core/errors.js';
import { buildZip, type ZipEntry } from './zip.js';

export const LAMBDA_ENTRY = "export { handler } from 'rootctl/lambda';\n";
/** Lambda's limit for a zip uploaded through S3 is 250 MB unzipped (Lambda quotas). */
export const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;

const SKIP = /(\.d\.ts|\.d\.mts|\.d\.cts|\.map|\.test\.js|\.md|\.tsbuildinfo)$/i;
const SKIP_DIRS = new Set(['test', 'tests', '__tests__', 'docs', 'dist-types', '.github']);

/** The folder of the installed rootctl package (the one holding this file's dist/). */
export function installedPackageDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'rootctl')
      return dir;
  }
  throw new RootctlError('InternalError', 'Cannot find the installed rootctl package.json.');
}

/** Where Node would load `name` from when required by the package in `fromDir`. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', ...name.split('/'));
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && entry.name !== 'node_modules') walk(p, out);
    } else if (entry.isFile() && !SKIP.test(entry.name)) out.push(p);
  }
}

export interface LambdaPackage {
  zip: Buffer;
  files: number;
  unzippedBytes: number;
  packages: string[];
}

export function buildLambdaPackage(rootDir: string = installedPackageDir()): LambdaPackage {
  const entries: ZipEntry[] = [
    { name: 'index.mjs', data: Buffer.from(LAMBDA_ENTRY) },
    { name: 'package.json', data: Buffer.from('{ "type": "module", "private": true }\n') },
  ];
  // Paths in the zip keep npm's layout relative to the folder that holds the top node_modules, so
  // nested versions (node_modules/a/node_modules/b) stay where Node looks for them.
  const installRoot =
    basename(dirname(rootDir)) === 'node_modules'
      ? dirname(dirname(rootDir))
      : basename(dirname(dirname(rootDir))) === 'node_modules'
        ? dirname(dirname(dirname(rootDir)))
        : rootDir;
  const zipDir = (name: string, dir: string): string => {
    if (name === 'rootctl') return 'node_modules/rootctl';
    const rel = relative(installRoot, dir).split(sep).join('/');
    if (rel.startsWith('..'))
      throw new RootctlError(
        'InternalError',
        `Dependency ${name} is installed outside ${installRoot} (${dir}).`,
      );
    return rel;
  };
  const seen = new Set<string>();
  const queue: { name: string; dir: string }[] = [{ name: 'rootctl', dir: rootDir }];
  while (queue.length) {
    const { name, dir } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const pj = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const files: string[] = [join(dir, 'package.json')];
    if (name === 'rootctl') walk(join(dir, 'dist'), files);
    else walk(dir, files);
    for (const f of new Set(files)) {
      const inZip = `${zipDir(name, dir)}/${relative(dir, f).split(sep).join('/')}`;
      entries.push({ name: inZip, data: readFileSync(f), mode: statSync(f).mode & 0o777 });
    }
    for (const dep of Object.keys(pj.dependencies ?? {})) {
      const depDir = resolvePackageDir(dep, dir);
      if (!depDir)
        throw new RootctlError('InternalError', `Dependency ${dep} of ${name} is not installed.`, {
          hint: 'Run npm install (or npm ci) in the project that installed rootctl, then try again.',
        });
      queue.push({ name: dep, dir: depDir });
    }
  }
  const unzippedBytes = entries.reduce((n, e) => n + e.data.length, 0);
  if (unzippedBytes > LAMBDA_UNZIPPED_LIMIT)
    throw new RootctlError(
      'InvalidInput',
      `The package would be ${unzippedBytes} bytes unzipped, over Lambda's 250 MB.`,
    );
  return {
    zip: buildZip(entries),
    files: entries.length,
    unzippedBytes,
    packages: [...seen].map((d) => relative(installRoot, d) || 'rootctl'),
  };
}
