/**
 * `rootctl deploy package` end to end: the zip built from this checkout's dist/ (npm run build first)
 * is unpacked by an independent reader (central directory, CRC-32 checked), and the unpacked
 * function's `index.handler` - loaded from the zip's own node_modules - runs against the emulator.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaPackage } from '../src/app/lambda-package.js';
import { crc32 } from '../src/app/zip.js';
import { credsOf, s3Client, startTestEmulator, type TestEmulator } from './helpers/emulator-clients.js';

/** Reads a zip through its central directory (as unzip does), checking every CRC-32. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const offset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const local = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const raw = zip.subarray(local, local + size);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(crc32(data), name).toBe(crc);
    files.set(name, data);
    p += 46 + nameLen + extra;
  }
  return files;
}

let t: TestEmulator;
let dir = '';
let bucket = '';

beforeAll(async () => {
  t = await startTestEmulator({ accounts: 6, seed: 3, state: 'configured' }, (s) => {
    const p = s.principals.find((x) => x.profile === 'security')!;
    p.allow = [...p.allow, 's3:PutObject', 's3:GetObject', 's3:ListBucket'];
    bucket = `pkg-reports-${p.accountId}`;
    s.accounts.find((a) => a.id === p.accountId)!.buckets = [{ name: bucket }];
  });
  dir = mkdtempSync(join(tmpdir(), 'rootctl-package-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rootctl deploy package', () => {
  it('builds a zip whose index.handler runs the scheduled audit from its own node_modules', async () => {
    const pkg = buildLambdaPackage(join(import.meta.dirname, '..'));
    const files = unzip(pkg.zip);
    expect(files.get('index.mjs')?.toString()).toContain("from 'rootctl/lambda'");
    expect(files.has('node_modules/rootctl/dist/app/lambda-handler.js')).toBe(true);
    expect([...files.keys()].some((f) => f.endsWith('.d.ts'))).toBe(false);
    for (const [name, data] of files) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), data);
    }
    const creds = credsOf(t.scenario, 'security');
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: t.url,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken ?? '',
      ROOTCTL_REPORT_BUCKET: bucket,
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const mod = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
        handler: () => Promise<{ reportKey: string }>;
      };
      const out = await mod.handler();
      const listed = await s3Client(t.url, creds).send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'rootctl/' }),
      );
      expect(listed.Contents?.map((c) => c.Key)).toContain(out.reportKey);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
