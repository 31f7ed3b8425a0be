#!/usr/bin/env node
// Regenerates docs/generated/* and the generated blocks of README.md from the code (after `npm run build`).
// `node scripts/gen-docs.mjs --check` only reports which files are stale (exit 1), writing nothing.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { generateDocs } = await import(join(root, 'dist/docs/generate.js'));
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, content] of generateDocs(root)) {
  const file = join(root, path);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === content) continue;
  stale++;
  if (check) {
    console.log(`stale: ${path}`);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${path}`);
  }
}
if (stale === 0) console.log('docs are up to date');
if (check && stale) process.exitCode = 1;
