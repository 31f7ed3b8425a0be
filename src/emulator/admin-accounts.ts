/**
 * More emulator endpoints (see admin.ts), for tests and demos of drift:
 *   PUT /_emulator/accounts/<id>/root   sets a member account's root credentials; the body is the
 *                                       scenario's `root` object ({"password":{"createDate":...}},
 *                                       {} for none), as if someone recovered the password
 *   GET /_emulator/sns/messages         the messages published to SNS topics, oldest first
 */
import type { EmulatorCore } from './handle.js';
import type { EmuRequest, EmuResponse } from './http-types.js';
import { RootCredentialsSchema } from './scenario/schema.js';
import { snsState } from './services/sns/index.js';

function json(status: number, value: unknown): EmuResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function accountsAdmin(req: EmuRequest, core: EmulatorCore): EmuResponse | undefined {
  if (req.method === 'GET' && req.path === '/_emulator/sns/messages')
    return json(200, snsState(core.world).messages);
  const m = /^\/_emulator\/accounts\/(\d{12})\/root$/.exec(req.path);
  if (!m || req.method !== 'PUT') return undefined;
  const account = core.world.accounts.get(m[1]!);
  if (!account) return json(404, { error: `no account ${m[1]} in the emulator` });
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8') || '{}');
  } catch {
    return json(400, { error: 'body must be JSON' });
  }
  const parsed = RootCredentialsSchema.safeParse(body);
  if (!parsed.success)
    return json(400, {
      error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  account.root = parsed.data;
  return json(200, { accountId: account.id, root: account.root });
}
