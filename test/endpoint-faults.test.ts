/**
 * Faults of the endpoint itself, in process against local sockets: one that accepts the connection
 * and never answers, a closed port, and a plain-HTTP server spoken to over https. Each must end with
 * one line naming the operation and the endpoint, exit 3, and no retry storm (connections counted,
 * not timed: durations depend on the machine's load).
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './helpers/run-in-process.js';

const listen = (server: Server | HttpServer) =>
  new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
const close = (server: Server | HttpServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The error line and nothing but its hint: no stack, no OpenSSL text, no SDK warning. */
function expectOneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines[0]).toMatch(pattern);
  expect(lines.slice(1).every((l) => l.startsWith('  hint: '))).toBe(true);
  expect(lines.length).toBeLessThanOrEqual(2);
}

const saved = { ...process.env };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
});
afterAll(() => {
  process.env = saved;
});

describe('endpoint faults', () => {
  const sockets: Socket[] = [];
  let connections = 0;
  const hung = createServer((socket) => {
    connections++;
    sockets.push(socket);
    socket.on('error', () => {});
  });
  let hungPort = 0;
  beforeAll(async () => {
    hungPort = await listen(hung);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await close(hung);
  });

  it('an endpoint that accepts and never answers fails after the request timeout, naming both', async () => {
    connections = 0;
    const r = await runInProcess([
      'audit',
      '--no-history',
      '--endpoint-url',
      `http://127.0.0.1:${hungPort}`,
      '--request-timeout',
      '0.5',
    ]);
    expect(r.code).toBe(3);
    expectOneErrorLine(
      r.stderr,
      new RegExp(
        `^rootctl: NetworkError: .*sts:GetCallerIdentity.*no answer from http://127\\.0\\.0\\.1:${hungPort} within 0\\.5 s$`,
      ),
    );
    // rootctl's own attempts (4), not the SDK's multiplied by them.
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(4);
  }, 120_000);

  it('a refused connection fails at once (no retry can fix it), naming the operation and endpoint', async () => {
    const probe = createServer();
    const port = await listen(probe);
    await close(probe);
    const r = await runInProcess(['doctor', '--endpoint-url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(3);
    expectOneErrorLine(
      r.stderr,
      new RegExp(
        `^rootctl: NetworkError: .*sts:GetCallerIdentity: connection refused by http://127\\.0\\.0\\.1:${port} `,
      ),
    );
  }, 120_000);

  it('https to a plain-HTTP port is one clear line, tried once', async () => {
    let requests = 0;
    const plain = createHttpServer((_req, res) => res.end('plain'));
    plain.on('connection', () => requests++);
    const port = await listen(plain);
    try {
      const r = await runInProcess(['audit', '--no-history', '--endpoint-url', `https://127.0.0.1:${port}`]);
      expect(r.code).toBe(3);
      expectOneErrorLine(
        r.stderr,
        new RegExp(
          `^rootctl: NetworkError: .*sts:GetCallerIdentity: https://127\\.0\\.0\\.1:${port} did not answer TLS`,
        ),
      );
      expect(r.stderr).not.toMatch(/ssl|openssl|EPROTO/i);
      // Not retried: neither the SDK's attempts nor the audit's.
      expect(requests).toBe(1);
    } finally {
      plain.closeAllConnections();
      await close(plain);
    }
  }, 120_000);

  it('refuses a timeout that is not a number of seconds', async () => {
    const r = await runInProcess([
      'audit',
      '--request-timeout',
      'soon',
      '--endpoint-url',
      'http://127.0.0.1:1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--request-timeout 'soon' must be a number of seconds/);
  });
});
