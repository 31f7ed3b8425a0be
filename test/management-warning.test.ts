/**
 * The management-account warning in the commands that act (remediate, exception open/close), when an
 * IAM delegated administrator exists: with the management profile they warn; with the delegated
 * administrator's profile they do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './remediate-support.js';

const WARNING =
  /rootctl: warning: running from the management account \d{12} while \d{12} \(Security\) is the IAM delegated administrator/;

describe('management-account warning', () => {
  let f: Fixture;
  let member: string;
  beforeAll(async () => {
    f = await fixture({ accounts: 12 });
    member = (await f.state()).accounts.find(
      (a) => a.status === 'ACTIVE' && a.id !== f.scenario.organization!.managementAccountId,
    )!.id;
  });
  afterAll(() => f?.close());

  it.each([
    ['remediate', () => ['remediate', '--all']],
    [
      'exception open',
      () => ['exception', 'open', '--account', member, '--task', 'password-recovery', '--reason', 'T-1'],
    ],
    ['exception close', () => ['exception', 'close', '--account', member]],
  ])('%s warns from the management account, not from the delegated administrator', async (_n, args) => {
    const mgmt = await f.run([...args(), '--profile', 'management']);
    expect(mgmt.stderr).toMatch(WARNING);
    const sec = await f.run([...args(), '--profile', 'security']);
    expect(sec.stderr).not.toMatch(/running from the management account/);
  });
});
