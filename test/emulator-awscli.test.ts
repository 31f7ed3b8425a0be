/**
 * The unmodified AWS CLI against the emulator: profiles written by writeProfiles() (endpoint_url in the
 * profile, which the v1 CLI honours), auto-paging, AWS's own error codes on stderr, and a root session
 * driven by plain credential environment variables. Skips, saying why, where `aws` is not installed.
 */
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import { writeProfiles, type ProfileFiles } from '../src/emulator/scenario/profiles.js';

// Asynchronous on purpose: the emulator runs in this process, so a synchronous spawn would deadlock it.
const exec = promisify(execFile);
interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const awsVersion = await exec('aws', ['--version'], { encoding: 'utf8' }).then(
  (r) => (r.stdout || r.stderr).trim(),
  () => undefined,
);

if (awsVersion === undefined)
  process.stderr.write(
    'test/emulator-awscli.test.ts: SKIPPED - the AWS CLI (`aws`) is not on PATH; CI installs it.\n',
  );

describe.skipIf(awsVersion === undefined)(
  `AWS CLI against the emulator${awsVersion === undefined ? ' (SKIPPED: `aws` is not on PATH; CI installs it)' : ''}`,
  () => {
    const scenario = generateScenario({ accounts: 50, seed: 21, state: 'configured' });
    let emu: RunningEmulator;
    let dir: string;
    let files: ProfileFiles;

    const principal = (profile: string) => scenario.principals.find((p) => p.profile === profile)!;
    /** Runs `aws` with only the given AWS_* variables (none leak in from the developer's shell). */
    const aws = async (args: string[], awsEnv: Record<string, string>): Promise<CliResult> => {
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(
          (e): e is [string, string] => !e[0].startsWith('AWS_') && e[1] !== undefined,
        ),
      );
      const env = { ...inherited, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', ...awsEnv };
      try {
        const r = await exec('aws', [...args, '--output', 'json'], {
          env,
          encoding: 'utf8',
          timeout: 60_000,
        });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const err = e as { code?: number; stdout?: string; stderr?: string };
        return {
          code: typeof err.code === 'number' ? err.code : -1,
          stdout: err.stdout ?? '',
          stderr: err.stderr ?? '',
        };
      }
    };
    const withProfile = (profile: string) => ({
      AWS_CONFIG_FILE: files.configFile,
      AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile,
      AWS_PROFILE: profile,
    });
    const ok = (r: CliResult) => {
      expect(r.stderr, `aws failed (${r.code}): ${r.stderr}`).not.toMatch(/error occurred/i);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as Record<string, any>;
    };

    beforeAll(async () => {
      emu = await startEmulator(scenario);
      dir = mkdtempSync(join(tmpdir(), 'rootctl-awscli-'));
      files = writeProfiles(scenario, dir, emu.url);
    });
    afterAll(async () => {
      await emu?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('lists all 50 accounts, auto-paging over 20-account pages', async () => {
      const out = ok(await aws(['organizations', 'list-accounts'], withProfile('management')));
      expect(out.Accounts.map((a: { Id: string }) => a.Id).sort()).toEqual(
        scenario.accounts.map((a) => a.id).sort(),
      );
      const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as {
        calls: Record<string, number>;
      };
      expect(stats.calls['organizations:ListAccounts']).toBe(3);
    });

    it('describes the organization and the caller', async () => {
      const org = ok(await aws(['organizations', 'describe-organization'], withProfile('security')));
      expect(org.Organization).toMatchObject({
        Id: scenario.organization!.id,
        MasterAccountId: scenario.organization!.managementAccountId,
        FeatureSet: 'ALL',
      });
      const me = ok(await aws(['sts', 'get-caller-identity'], withProfile('security')));
      const sec = principal('security');
      expect(me).toEqual({
        UserId: expect.stringMatching(new RegExp(`^AROA[A-Z0-9]+:${sec.sessionName}$`)),
        Account: sec.accountId,
        Arn: `arn:aws:sts::${sec.accountId}:assumed-role/${sec.roleName}/${sec.sessionName}`,
      });
    });

    it("prints AWS's own error code for an unknown account", async () => {
      const r = await aws(
        ['organizations', 'describe-account', '--account-id', '999999999999'],
        withProfile('management'),
      );
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('(AccountNotFoundException) when calling the DescribeAccount operation');
    });

    it('reads the root-credential summary inside a root session from plain environment credentials', async () => {
      const sec = principal('security');
      const target = scenario.accounts.find((a) => a.id === principal('member').accountId)!;
      const sts = new STSClient({
        region: scenario.region,
        endpoint: emu.url,
        credentials: {
          accessKeyId: sec.accessKeyId,
          secretAccessKey: sec.secretAccessKey,
          sessionToken: sec.sessionToken!,
        },
      });
      const session = await sts.send(
        new AssumeRootCommand({
          TargetPrincipal: target.id,
          TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
        }),
      );
      const empty = join(dir, 'empty-config');
      writeFileSync(empty, '');
      const env = {
        AWS_CONFIG_FILE: empty,
        AWS_SHARED_CREDENTIALS_FILE: empty,
        AWS_ACCESS_KEY_ID: session.Credentials!.AccessKeyId!,
        AWS_SECRET_ACCESS_KEY: session.Credentials!.SecretAccessKey!,
        AWS_SESSION_TOKEN: session.Credentials!.SessionToken!,
        AWS_DEFAULT_REGION: scenario.region,
      };
      const me = ok(await aws(['sts', 'get-caller-identity', '--endpoint-url', emu.url], env));
      expect(me.Arn).toBe(`arn:aws:iam::${target.id}:root`);
      const summary = ok(await aws(['iam', 'get-account-summary', '--endpoint-url', emu.url], env))
        .SummaryMap as Record<string, number>;
      expect(summary).toMatchObject({
        AccountPasswordPresent: target.root.password ? 1 : 0,
        AccountMFAEnabled: target.root.mfaDevices.length > 0 ? 1 : 0,
        AccountAccessKeysPresent: target.root.accessKeys.length > 0 ? 1 : 0,
        AccountSigningCertificatesPresent: target.root.signingCertificates.length > 0 ? 1 : 0,
      });
    });
  },
);
