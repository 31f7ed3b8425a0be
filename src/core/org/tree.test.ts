import { describe, expect, it } from 'vitest';
import { fakeOrg, type FakeAccount } from '../../../test/helpers/audit-fakes.js';
import { audit } from '../audit/run.js';
import { walkTree } from './tree.js';

const GIANT = 'ou-ab12-giantgia';

/** One OU holding nearly every account, listed in pages of 5. */
function giantOuOrg(n: number, pageSize?: number) {
  const accounts: FakeAccount[] = [{ id: '100000000000', name: 'Management', parentId: 'r-ab12' }];
  for (let i = 1; i < n; i++)
    accounts.push({ id: String(100000000000 + i), name: `a-${i}`, parentId: i % 10 ? GIANT : 'r-ab12' });
  return fakeOrg({
    managementAccountId: '100000000000',
    ous: [{ id: GIANT, name: 'Giant', parentId: 'r-ab12' }],
    accounts,
    delayMs: 1,
    ...(pageSize === undefined ? {} : { pageSize }),
  });
}

describe('walkTree', () => {
  it('hands each page of an OU to the caller as it arrives, with the same tree as the all-pages listing', async () => {
    const paged = giantOuOrg(60, 5);
    const batches: number[] = [];
    const tree = await walkTree(paged.ports.organizations, 'r-ab12', {
      onAccounts: (accounts) => batches.push(accounts.length),
    });
    const whole = await walkTree(giantOuOrg(60).ports.organizations, 'r-ab12');
    expect([...tree.parentOf].sort()).toEqual([...whole.parentOf].sort());
    // 54 accounts in the giant OU (11 pages) and 6 under the root (2 pages): one batch per page.
    expect(batches).toHaveLength(13);
    expect(Math.max(...batches)).toBe(5);
    expect(batches.reduce((x, y) => x + y, 0)).toBe(60);
  });

  it('audits the first accounts of a large OU before its last page is listed', async () => {
    const org = giantOuOrg(200, 5);
    const report = await audit(org.ports, { concurrency: 10 });
    expect(report.accounts).toHaveLength(200);
    const lastPage = org.log.findLastIndex((l) => l.startsWith(`page ${GIANT} `));
    const firstGiantSession = org.log.findIndex(
      (l) => l.endsWith(' sts:AssumeRoot') && Number(l.slice(0, 12)) % 10 !== 0,
    );
    expect(firstGiantSession).toBeGreaterThanOrEqual(0);
    expect(firstGiantSession).toBeLessThan(lastPage);
  });

  it('ends with the first listing failure, after the visits in flight settle', async () => {
    const org = giantOuOrg(20, 5);
    const reader = {
      ...org.ports.organizations,
      listOusForParent: async () => {
        throw new Error('listing failed');
      },
    };
    await expect(walkTree(reader, 'r-ab12')).rejects.toThrow('listing failed');
  });
});
