/** The only socket in the emulator: a node:http server in front of EmulatorCore.handle(). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorCore } from './handle.js';
import type { EmuRequest } from './http-types.js';

export interface Listening {
  server: Server;
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

export async function listen(
  core: EmulatorCore,
  options: { port?: number; host?: string } = {},
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => void serve(core, req, res));
  server.maxHeadersCount = 200;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${urlHost}:${port}`,
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The body, or undefined past MAX_BODY. Data events rather than `for await`: the async iterator
 * cost several percent of the emulator's time per call in profiles.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function serve(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const requestBody = await readBody(req);
    if (requestBody === undefined) {
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('Request body too large');
      return;
    }
    // Split the target by hand: a full `new URL()` per request showed up in profiles, and the
    // query is all that is needed from it.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const emuReq: EmuRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? target : target.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1).split('#')[0]),
      rawQuery: q < 0 ? '' : target.slice(q + 1).split('#')[0]!,
      headers,
      body: requestBody,
      remoteAddress: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    };
    const out = await core.handle(emuReq);
    if (out.drop) {
      req.socket.destroy();
      return;
    }
    const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
    res.writeHead(out.status, { ...out.headers, 'content-length': String(body.length) });
    res.end(body);
  } catch (e) {
    // Never let one bad request take the server down.
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`emulator error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
