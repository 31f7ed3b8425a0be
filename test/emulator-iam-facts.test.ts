/**
 * Issue 11, fact 4: IAM inside root sessions answers as live AWS does (recorded AWS CLI captures and
 * the IAM service model): the login-profile errors' texts, the root's LoginProfile and User shapes,
 * input validation against the model's constraints, and the management root's own signing key.
 * Through the unmodified SDK, and the AWS CLI where it is installed.
 */
import {
  CreateLoginProfileCommand,
  DeleteAccessKeyCommand,
  DeleteSigningCertificateCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assumeRoot,
  credsOf,
  errorOf,
  iamClient,
  members,
  startTestEmulator,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';
import { awsCli, awsCliVersion, cliEnv } from './helpers/aws-cli.js';

let t: TestEmulator;
let target = '';
let cliTarget = '';
let operator: Creds;

beforeAll(async () => {
  t = await startTestEmulator({ accounts: 8, seed: 45, state: 'configured' }, (s) => {
    const [a, b] = members(s, (x) => x.name !== 'Security' && !x.name.startsWith('legacy'));
    target = a!.id;
    cliTarget = b!.id;
    for (const x of [a!, b!])
      x.root = { password: null, accessKeys: [], signingCertificates: [], mfaDevices: [] };
  });
  operator = credsOf(t.scenario, 'security');
});
afterAll(async () => t?.close());

describe('login profile of the root user in a root session', () => {
  it('GetLoginProfile with none: NoSuchEntity "Login Profile for User null cannot be found." (404)', async () => {
    const session = await assumeRoot(t.url, operator, target, 'IAMAuditRootUserCredentials');
    const e = await errorOf(iamClient(t.url, session).send(new GetLoginProfileCommand({})));
    expect(e.name).toBe('NoSuchEntityException'); // the SDK's name for the wire code NoSuchEntity
    expect(e.message).toBe('Login Profile for User null cannot be found.');
    expect(e.$metadata?.httpStatusCode).toBe(404);
  });

  it('CreateLoginProfile returns a profile without UserName; twice is EntityAlreadyExists naming the account', async () => {
    const session = await assumeRoot(t.url, operator, target, 'IAMCreateRootUserPassword');
    const iam = iamClient(t.url, session);
    const created = await iam.send(new CreateLoginProfileCommand({}));
    expect(created.LoginProfile?.CreateDate).toBeInstanceOf(Date);
    expect(created.LoginProfile).not.toHaveProperty('UserName');
    const read = await iam.send(new GetLoginProfileCommand({}));
    expect(read.LoginProfile).not.toHaveProperty('UserName');
    const again = await errorOf(iam.send(new CreateLoginProfileCommand({})));
    expect(again.name).toBe('EntityAlreadyExistsException');
    expect(again.message).toBe(`Login Profile for account ${target} already exists.`);
    expect(again.$metadata?.httpStatusCode).toBe(409);
  });

  it('GetUser for the root: UserId and the ARN name the account, no UserName or Path', async () => {
    const session = await assumeRoot(t.url, operator, target, 'IAMAuditRootUserCredentials');
    const user = (await iamClient(t.url, session).send(new GetUserCommand({}))).User!;
    expect(user.UserId).toBe(target);
    expect(user.Arn).toBe(`arn:aws:iam::${target}:root`);
    expect(user).not.toHaveProperty('UserName');
    expect(user).not.toHaveProperty('Path');
  });
});

describe('input validated against the IAM model before the call is authorized', () => {
  it('a malformed UserName, a short AccessKeyId, a short CertificateId: ValidationError 400 in IAM wording', async () => {
    const session = await assumeRoot(t.url, operator, target, 'IAMDeleteRootUserCredentials');
    const iam = iamClient(t.url, session);
    const user = await errorOf(iam.send(new GetUserCommand({ UserName: 'bad name' })));
    expect(user.name).toBe('ValidationError');
    expect(user.$metadata?.httpStatusCode).toBe(400);
    expect(user.message).toBe(
      "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    const key = await errorOf(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: 'AKIA1234' })));
    expect(key.name).toBe('ValidationError');
    expect(key.message).toBe(
      "1 validation error detected: Value 'AKIA1234' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
    );
    const cert = await errorOf(
      iam.send(new DeleteSigningCertificateCommand({ CertificateId: 'CERT12345678901234567' })),
    );
    expect(cert.name).toBe('ValidationError');
    expect(cert.message).toContain(
      "at 'certificateId' failed to satisfy constraint: Member must have length greater than or equal to 24",
    );
    const both = await errorOf(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: 'A-1', UserName: 'x y' })));
    expect(both.message).toMatch(/^3 validation errors detected: /);
  });
});

describe("the management account's root access key", () => {
  it('the key that signs the call is listed by its own ListAccessKeys and counted by GetAccountSummary', async () => {
    const root = credsOf(t.scenario, 'management-root');
    const iam = iamClient(t.url, root);
    const keys = (await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? [];
    expect(keys.map((k) => k.AccessKeyId)).toContain(root.accessKeyId);
    expect(keys.find((k) => k.AccessKeyId === root.accessKeyId)?.Status).toBe('Active');
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    expect(summary.AccountAccessKeysPresent).toBe(1);
  });
});

describe.skipIf(awsCliVersion === undefined)('the same answers through the AWS CLI', () => {
  it("aws iam get-login-profile in a root session prints AWS's NoSuchEntity text", async () => {
    const session = await assumeRoot(t.url, operator, cliTarget, 'IAMAuditRootUserCredentials');
    const r = await awsCli(['iam', 'get-login-profile'], cliEnv(t.url, session));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'An error occurred (NoSuchEntity) when calling the GetLoginProfile operation: Login Profile for User null cannot be found.',
    );
    // The CLI checks lengths itself; a pattern it leaves to IAM.
    const bad = await awsCli(['iam', 'get-user', '--user-name', 'bad name'], cliEnv(t.url, session));
    expect(bad.stderr).toContain(
      'An error occurred (ValidationError) when calling the GetUser operation: 1 validation error',
    );
  });
});
