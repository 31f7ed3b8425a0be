/**
 * examples/lambda-audit.mjs, run the way Lambda runs it: a plain Node process that imports the built
 * package by its name (`rootctl`) and calls the handler, configured only through the standard AWS
 * variables - here pointing at the emulator. The summary it returns is checked against the state.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { accountsUnder, blockingScp, hasRootCredentials } from '../src/demo/facts.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let scenario: Scenario;
let emu: RunningEmulator;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/index.js')))
    throw new Error('dist/index.js is missing: run `npm run build` first (npm test does).');
  scenario = generateScenario({ accounts: 25, seed: 5, blockingScp: true, state: 'configured' });
  emu = await startEmulator(scenario);
});

afterAll(async () => {
  await emu?.close();
});

it('the Lambda example audits the organization and returns the summary', async () => {
  const p = scenario.principals.find((x) => x.profile === 'security')!;
  const script =
    "const { handler } = await import('./examples/lambda-audit.mjs'); process.stdout.write(JSON.stringify(await handler({})));";
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: p.accessKeyId,
        AWS_SECRET_ACCESS_KEY: p.secretAccessKey,
        AWS_SESSION_TOKEN: p.sessionToken,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: emu.url,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
  expect(stderr).toBe('');
  const out = JSON.parse(stdout) as {
    summary: { total: number; non_compliant: number; error: number };
    nonCompliant: { accountId: string }[];
    errors: { accountId: string; why: string }[];
  };
  const world = emu.world;
  const blocked = new Set(blockingScp(world)!.targets.flatMap((t) => accountsUnder(world, t.id)));
  const member = [...world.accounts.values()].filter(
    (a) => a.status === 'ACTIVE' && a.id !== world.org!.managementAccountId,
  );
  const expectedNonCompliant = member
    .filter((a) => !blocked.has(a.id) && hasRootCredentials(world, a.id))
    .map((a) => a.id);
  expect(out.summary.total).toBe(world.accounts.size);
  expect(out.nonCompliant.map((a) => a.accountId).sort()).toEqual(expectedNonCompliant.sort());
  expect(out.errors.map((a) => a.accountId).sort()).toEqual([...blocked].sort());
  for (const e of out.errors) expect(e.why).toContain('DenyRootUser');
});
