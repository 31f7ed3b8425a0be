/**
 * The emulator at the protocol level, through the real SDK and raw signed requests: signature and
 * credential failures per protocol, malformed requests and invalid parameters answered with AWS's
 * errors, and the server keeps serving. Throttling and faults: emulator-protocol-limits.test.ts.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  credsOf,
  errorOf,
  iamClient,
  orgClient,
  s3Client,
  sqsClient,
  startTestEmulator,
  stsClient,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request signed with SigV4 exactly as an SDK would, but with any body and headers we like. */
async function signed(
  url: string,
  creds: Creds | undefined,
  service: string,
  body: string,
  headers: Record<string, string>,
): Promise<Raw> {
  const u = new URL(url);
  const req = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    headers: { host: u.host, ...headers },
    body,
  });
  const out = creds
    ? await new SignatureV4({
        credentials: creds,
        region: 'us-east-1',
        service,
        sha256: Hash.bind(null, 'sha256'),
      }).sign(req)
    : req;
  return send(url, 'POST', '/', out.headers, body);
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const ORG_JSON = (op: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `AWSOrganizationsV20161128.${op}`,
});

describe('authentication failures', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ accounts: 8, seed: 2, state: 'configured' });
  });
  afterAll(async () => t.close());

  it("answers a wrong secret with each protocol's SignatureDoesNotMatch", async () => {
    const c = credsOf(t.scenario, 'management');
    const bad = { ...c, secretAccessKey: `x${c.secretAccessKey.slice(1)}` };
    const names = [
      (await errorOf(stsClient(t.url, bad).send(new GetCallerIdentityCommand({})))).name,
      (await errorOf(iamClient(t.url, bad).send(new ListAccessKeysCommand({})))).name,
      (await errorOf(orgClient(t.url, bad).send(new ListAccountsCommand({})))).name,
      (await errorOf(s3Client(t.url, bad).send(new ListBucketsCommand({})))).name,
      (await errorOf(sqsClient(t.url, bad).send(new ListQueuesCommand({})))).name,
    ];
    expect(names).toEqual([
      'SignatureDoesNotMatch',
      'SignatureDoesNotMatch',
      'InvalidSignatureException',
      'SignatureDoesNotMatch',
      'SignatureDoesNotMatch',
    ]);
  });

  it('answers an unknown access key and a wrong or missing session token as an invalid token', async () => {
    const c = credsOf(t.scenario, 'management');
    const unknown = { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: c.secretAccessKey };
    const unknownNames = [
      (await errorOf(stsClient(t.url, unknown).send(new GetCallerIdentityCommand({})))).name,
      (await errorOf(orgClient(t.url, unknown).send(new ListAccountsCommand({})))).name,
      (await errorOf(s3Client(t.url, unknown).send(new ListBucketsCommand({})))).name,
      (await errorOf(sqsClient(t.url, unknown).send(new ListQueuesCommand({})))).name,
    ];
    expect(unknownNames).toEqual([
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'InvalidAccessKeyId',
      'InvalidClientTokenId',
    ]);
    const wrongToken = await errorOf(
      stsClient(t.url, { ...c, sessionToken: `${c.sessionToken!}x` }).send(new GetCallerIdentityCommand({})),
    );
    expect(wrongToken).toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
    expect(wrongToken.$metadata?.httpStatusCode).toBe(403);
    const { sessionToken: _dropped, ...noToken } = c;
    expect((await errorOf(stsClient(t.url, noToken).send(new GetCallerIdentityCommand({})))).name).toBe(
      'InvalidClientTokenId',
    );
  });

  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    const r = await signed(t.url, undefined, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', FORM);
    expect(r.status).toBe(403);
    expect(r.body).toContain('<Code>MissingAuthenticationToken</Code>');
  });
});

describe('malformed requests and invalid parameters', () => {
  let t: TestEmulator;
  let c: Creds;
  beforeAll(async () => {
    t = await startTestEmulator({ accounts: 8, seed: 2, state: 'configured' });
    c = credsOf(t.scenario, 'management');
  });
  afterAll(async () => t.close());

  it('answers unknown actions and wrong versions with InvalidAction (query)', async () => {
    const unknown = await signed(t.url, c, 'iam', 'Action=DeleteEverything&Version=2010-05-08', FORM);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatch(/<Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    expect(unknown.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    const noVersion = await signed(t.url, c, 'sts', 'Action=GetCallerIdentity', FORM);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body).toContain('<Code>InvalidAction</Code>');
  });

  it('answers bad JSON with SerializationException and unknown targets with UnknownOperationException (JSON)', async () => {
    const badJson = await signed(t.url, c, 'organizations', '{"MaxResults": ', ORG_JSON('ListAccounts'));
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body)).toMatchObject({ __type: 'SerializationException' });
    const unknown = await signed(t.url, c, 'organizations', '{}', ORG_JSON('DeleteOrganizationNow'));
    expect(JSON.parse(unknown.body)).toMatchObject({ __type: 'UnknownOperationException' });
    const sqs = await signed(t.url, c, 'sqs', 'not json', {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonSQS.ListQueues',
    });
    expect(sqs.status).toBe(400);
    expect(JSON.parse(sqs.body).__type).toMatch(/SerializationException$/);
  });

  it("answers out-of-range parameters with each service's validation error", async () => {
    const org = await errorOf(orgClient(t.url, c).send(new ListAccountsCommand({ MaxResults: 50 })));
    expect(org).toMatchObject({ name: 'InvalidInputException', Reason: 'MAX_VALUE_EXCEEDED' });
    const missing = await signed(
      t.url,
      c,
      'sts',
      'Action=AssumeRoot&Version=2011-06-15&TargetPrincipal=123456789012',
      FORM,
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('<Code>ValidationError</Code>');
    const sqs = await errorOf(sqsClient(t.url, c).send(new ListQueuesCommand({ MaxResults: 5000 })));
    expect(sqs.name).toBe('InvalidParameterValue');
  });

  it('survives garbage on the socket and keeps serving', async () => {
    const u = new URL(t.url);
    const reply = await new Promise<string>((resolve) => {
      const sock = connect(Number(u.port), u.hostname, () => sock.end('THIS IS NOT HTTP\r\n\r\n'));
      let text = '';
      sock.on('data', (d: Buffer) => (text += d.toString('utf8')));
      sock.on('close', () => resolve(text));
      sock.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await stsClient(t.url, c).send(new GetCallerIdentityCommand({}))).Account).toBe(
      t.scenario.organization!.managementAccountId,
    );
  });
});
