import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRootCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import { generateScenario } from './scenario/generate.js';

let emu: RunningEmulator;
const scenario = generateScenario({ accounts: 50, seed: 7, state: 'configured', blockingScp: true });
const creds = (profile: string) => {
  const p = scenario.principals.find((x) => x.profile === profile)!;
  return {
    accessKeyId: p.accessKeyId,
    secretAccessKey: p.secretAccessKey,
    ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}),
  };
};

beforeAll(async () => {
  emu = await startEmulator(scenario);
});
afterAll(async () => emu.close());

describe('emulator smoke', () => {
  it('answers GetCallerIdentity and AssumeRoot over real HTTP with the real SDK', async () => {
    const sts = new STSClient({ region: 'us-east-1', endpoint: emu.url, credentials: creds('security') });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toMatch(/assumed-role\/RootOps\/rootctl$/);
    const target =
      scenario.accounts.find(
        (a) =>
          a.status === 'ACTIVE' &&
          a.id !== scenario.organization!.managementAccountId &&
          a.name.startsWith('payments'),
      ) ?? scenario.accounts[5]!;
    const out = await sts.send(
      new AssumeRootCommand({
        TargetPrincipal: target.id,
        TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
      }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const rootSts = new STSClient({
      region: 'us-east-1',
      endpoint: emu.url,
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    });
    const rootMe = await rootSts.send(new GetCallerIdentityCommand({}));
    expect(rootMe.Arn).toBe(`arn:aws:iam::${target.id}:root`);
  });

  it('pages ListAccounts 20 at a time', async () => {
    const org = new OrganizationsClient({
      region: 'us-east-1',
      endpoint: emu.url,
      credentials: creds('management'),
    });
    const d = await org.send(new DescribeOrganizationCommand({}));
    expect(d.Organization?.FeatureSet).toBe('ALL');
    const first = await org.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(20);
    const all = [];
    for await (const page of paginateListAccounts({ client: org }, {})) all.push(...(page.Accounts ?? []));
    expect(all).toHaveLength(50);
  });

  it('rejects a bad signature', async () => {
    const c = creds('security');
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: emu.url,
      credentials: { ...c, secretAccessKey: 'wrong' + c.secretAccessKey },
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });
});
