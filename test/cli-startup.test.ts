/**
 * The CLI loads the AWS SDK only when a command calls AWS: `--help`, `--version`, completion scripts,
 * offline generators and usage errors answer without it (about a third of the start-up time). Checked
 * by running the built CLI with module hooks that make every @aws-sdk and @smithy package unloadable.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'dist/cli/bin.js');
const NO_SDK = join(root, 'test/helpers/no-aws-sdk.mjs');

function rootctl(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const r = spawnSync(process.execPath, ['--import', NO_SDK, BIN, ...args], {
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rootctl start-up without the AWS SDK', () => {
  it.each([
    [['--version'], 0],
    [['--help'], 0],
    [['remediate', '--help'], 0],
    [['guardrails', 'operator-policy', '--tasks', 'audit'], 0],
    [['completion', 'bash'], 0],
    [['audit', '--output', 'xml'], 2],
    [['remediate', '--accounts', '12345'], 2],
  ])('rootctl %j exits %i', (args, code) => {
    const r = rootctl(...args);
    expect(r.stderr).not.toContain('the AWS SDK was loaded');
    expect(r.code, r.stderr).toBe(code);
  });

  it('the hooks work: a command that calls AWS fails to load the SDK under them', () => {
    const r = rootctl('doctor', '--endpoint-url', 'http://127.0.0.1:9');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('the AWS SDK was loaded');
  });
});

describe('rootctl whose reader goes away (`rootctl ... | head -1`)', () => {
  it('drops the rest of its output quietly: no EPIPE stack trace, exit 0', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'completion', 'bash'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
