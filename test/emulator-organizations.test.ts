/**
 * Organizations reads (tree, accounts, SCPs) through the real SDK over HTTP, compared with the
 * emulator's own state. Who may call them is in emulator-organizations-access.test.ts.
 */
import {
  DescribeAccountCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListTargetsForPolicy,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startTestOrg, type EmulatorState, type TestOrg } from './emulator-helpers.js';

let t: TestOrg;
let s: EmulatorState;
let mgmt: OrganizationsClient;

beforeAll(async () => {
  t = await startTestOrg();
  s = await t.state();
  mgmt = t.org('management');
});
afterAll(async () => t.close());

const rootId = () => s.organization!.rootId;
/** The parent with the most accounts directly under it (an OU of the generated org). */
const busiestParent = () => {
  const counts = new Map<string, number>();
  for (const a of s.accounts) counts.set(a.parentId, (counts.get(a.parentId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]!;
};

describe('organization tree', () => {
  it('pages ListAccounts over a 50-account org in 3 pages of 20, 20 and 10', async () => {
    const sizes: number[] = [];
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await mgmt.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) }));
      sizes.push(page.Accounts!.length);
      ids.push(...page.Accounts!.map((a) => a.Id!));
      token = page.NextToken;
    } while (token);
    expect(sizes).toEqual([20, 20, 10]);
    expect(ids.sort()).toEqual(s.accounts.map((a) => a.id).sort());
  });

  it('lists the one root with its ARN and enabled SCP type', async () => {
    const out = await mgmt.send(new ListRootsCommand({}));
    const org = s.organization!;
    expect(out.Roots).toEqual([
      {
        Id: org.rootId,
        Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`,
        Name: 'Root',
        PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    ]);
    expect(out.NextToken).toBeUndefined();
  });

  it('lists OUs under a parent, paging 2 at a time', async () => {
    const got = [];
    for await (const page of paginateListOrganizationalUnitsForParent(
      { client: mgmt, pageSize: 2 },
      { ParentId: rootId() },
    )) {
      expect(page.OrganizationalUnits!.length).toBeLessThanOrEqual(2);
      got.push(...page.OrganizationalUnits!);
    }
    const expected = s.ous.filter((o) => o.parentId === rootId());
    expect(got.map((o) => [o.Id, o.Name])).toEqual(expected.map((o) => [o.id, o.name]));
    expect(got[0]!.Arn).toBe(
      `arn:aws:organizations::${s.organization!.managementAccountId}:ou/${s.organization!.id}/${expected[0]!.id}`,
    );
  });

  it('lists the accounts directly under a parent, paging 3 at a time', async () => {
    const [parent, count] = busiestParent();
    expect(count).toBeGreaterThan(3);
    const first = await mgmt.send(new ListAccountsForParentCommand({ ParentId: parent, MaxResults: 3 }));
    expect(first.Accounts).toHaveLength(3);
    expect(first.NextToken).toBeTruthy();
    const ids: string[] = [];
    for await (const page of paginateListAccountsForParent(
      { client: mgmt, pageSize: 3 },
      { ParentId: parent },
    ))
      ids.push(...page.Accounts!.map((a) => a.Id!));
    expect(ids.sort()).toEqual(
      s.accounts
        .filter((a) => a.parentId === parent)
        .map((a) => a.id)
        .sort(),
    );
  });

  it('lists children of each type and walks ListParents back to the root', async () => {
    const workloads = s.ous.find((o) => o.name === 'Workloads')!;
    const ous = await mgmt.send(
      new ListChildrenCommand({ ParentId: workloads.id, ChildType: 'ORGANIZATIONAL_UNIT' }),
    );
    expect(ous.Children).toEqual(
      s.ous
        .filter((o) => o.parentId === workloads.id)
        .map((o) => ({ Id: o.id, Type: 'ORGANIZATIONAL_UNIT' })),
    );
    const [parent] = busiestParent();
    const accts = await mgmt.send(
      new ListChildrenCommand({ ParentId: parent, ChildType: 'ACCOUNT', MaxResults: 20 }),
    );
    expect(accts.Children!.map((c) => c.Id).sort()).toEqual(
      s.accounts
        .filter((a) => a.parentId === parent)
        .map((a) => a.id)
        .sort(),
    );

    // An account in Sandbox (root > Workloads > Dev > Sandbox) or any account: walk up to the root.
    const deep =
      s.accounts.find((a) => s.ous.find((o) => o.id === a.parentId)?.name === 'Sandbox') ?? s.accounts[3]!;
    const chain: string[] = [];
    let child = deep.id;
    for (;;) {
      const out = await mgmt.send(new ListParentsCommand({ ChildId: child }));
      expect(out.Parents).toHaveLength(1);
      const p = out.Parents![0]!;
      chain.push(p.Id!);
      if (p.Type === 'ROOT') break;
      expect(p.Type).toBe('ORGANIZATIONAL_UNIT');
      child = p.Id!;
    }
    const expected: string[] = [];
    for (
      let id: string | undefined = deep.parentId;
      id !== undefined;
      id = s.ous.find((o) => o.id === id)?.parentId
    )
      expected.push(id);
    expect(chain).toEqual(expected);
    expect(chain.at(-1)).toBe(rootId());
  });

  it('rejects unknown and malformed ids, bad page sizes and foreign tokens as AWS does', async () => {
    const unknownOu = `ou-${rootId().slice(2)}-zzzzzzzz`;
    expect(await failure(mgmt.send(new ListAccountsForParentCommand({ ParentId: unknownOu })))).toMatchObject(
      { name: 'ParentNotFoundException', $metadata: { httpStatusCode: 400 } },
    );
    expect(
      await failure(mgmt.send(new ListOrganizationalUnitsForParentCommand({ ParentId: unknownOu }))),
    ).toMatchObject({ name: 'ParentNotFoundException' });
    expect(
      await failure(mgmt.send(new ListChildrenCommand({ ParentId: unknownOu, ChildType: 'ACCOUNT' }))),
    ).toMatchObject({ name: 'ParentNotFoundException' });
    expect(
      await failure(mgmt.send(new ListAccountsForParentCommand({ ParentId: 'not-a-parent' }))),
    ).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_PATTERN',
      $metadata: { httpStatusCode: 400 },
    });
    expect(
      await failure(
        mgmt.send(new ListChildrenCommand({ ParentId: rootId(), ChildType: 'BUCKET' as 'ACCOUNT' })),
      ),
    ).toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_ENUM' });
    expect(await failure(mgmt.send(new ListParentsCommand({ ChildId: '123456789012' })))).toMatchObject({
      name: 'ChildNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await failure(mgmt.send(new ListParentsCommand({ ChildId: rootId() })))).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_PATTERN',
    });
    expect(await failure(mgmt.send(new DescribeAccountCommand({ AccountId: '123456789012' })))).toMatchObject(
      { name: 'AccountNotFoundException', $metadata: { httpStatusCode: 400 } },
    );
    expect(await failure(mgmt.send(new ListAccountsCommand({ MaxResults: 21 })))).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'MAX_VALUE_EXCEEDED',
    });
    expect(await failure(mgmt.send(new ListAccountsCommand({ MaxResults: 0 })))).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'MIN_VALUE_EXCEEDED',
    });
    const token = (await mgmt.send(new ListAccountsCommand({ MaxResults: 1 }))).NextToken!;
    expect(
      await failure(
        mgmt.send(new ListAccountsForParentCommand({ ParentId: busiestParent()[0], NextToken: token })),
      ),
    ).toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_NEXT_TOKEN' });
  });
});

describe('service control policies', () => {
  it('lists SCP summaries without content and describes each with its content', async () => {
    const out = await mgmt.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    expect(out.Policies!.map((p) => p.Id).sort()).toEqual(s.policies.map((p) => p.id).sort());
    const full = out.Policies!.find((p) => p.Id === 'p-FullAWSAccess')!;
    expect(full).toEqual({
      Id: 'p-FullAWSAccess',
      Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
      Name: 'FullAWSAccess',
      Description: expect.any(String),
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: true,
    });
    const custom = s.policies.find((p) => !p.awsManaged)!;
    const d = await mgmt.send(new DescribePolicyCommand({ PolicyId: custom.id }));
    expect(d.Policy!.Content).toBe(custom.content);
    expect(d.Policy!.PolicySummary).toMatchObject({
      Id: custom.id,
      Name: custom.name,
      AwsManaged: false,
      Arn: `arn:aws:organizations::${s.organization!.managementAccountId}:policy/${s.organization!.id}/service_control_policy/${custom.id}`,
    });
    const paged = await mgmt.send(
      new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', MaxResults: 1 }),
    );
    expect(paged.Policies).toHaveLength(1);
    expect(paged.NextToken).toBeTruthy();
    expect((await mgmt.send(new ListPoliciesCommand({ Filter: 'TAG_POLICY' }))).Policies).toEqual([]);
  });

  it('lists every target of FullAWSAccess across pages, and only direct attachments per target', async () => {
    const targets = [];
    for await (const page of paginateListTargetsForPolicy({ client: mgmt }, { PolicyId: 'p-FullAWSAccess' }))
      targets.push(...page.Targets!);
    const expected = s.policies.find((p) => p.id === 'p-FullAWSAccess')!.targets;
    expect(targets.map((x) => x.TargetId).sort()).toEqual([...expected].sort());
    expect(targets.find((x) => x.TargetId === rootId())).toMatchObject({ Type: 'ROOT', Name: 'Root' });
    expect(targets.filter((x) => x.Type === 'ACCOUNT')).toHaveLength(s.accounts.length);

    for (const target of [rootId(), s.ous.find((o) => o.name === 'Prod')!.id, s.accounts[5]!.id]) {
      const out = await mgmt.send(
        new ListPoliciesForTargetCommand({ TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }),
      );
      expect(out.Policies!.map((p) => p.Id).sort()).toEqual(
        s.policies
          .filter((p) => p.targets.includes(target))
          .map((p) => p.id)
          .sort(),
      );
    }
  });

  it('rejects unknown and malformed policy and target ids and garbage filters', async () => {
    expect(await failure(mgmt.send(new DescribePolicyCommand({ PolicyId: 'p-doesnotexist' })))).toMatchObject(
      { name: 'PolicyNotFoundException', $metadata: { httpStatusCode: 400 } },
    );
    expect(
      await failure(mgmt.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-doesnotexist' }))),
    ).toMatchObject({ name: 'PolicyNotFoundException' });
    expect(await failure(mgmt.send(new DescribePolicyCommand({ PolicyId: 'bogus' })))).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_SYNTAX_POLICY_ID',
    });
    expect(
      await failure(
        mgmt.send(
          new ListPoliciesForTargetCommand({ TargetId: '123456789012', Filter: 'SERVICE_CONTROL_POLICY' }),
        ),
      ),
    ).toMatchObject({ name: 'TargetNotFoundException', $metadata: { httpStatusCode: 400 } });
    expect(
      await failure(
        mgmt.send(new ListPoliciesForTargetCommand({ TargetId: 'nope', Filter: 'SERVICE_CONTROL_POLICY' })),
      ),
    ).toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_PATTERN_TARGET_ID' });
    expect(
      await failure(mgmt.send(new ListPoliciesCommand({ Filter: 'GARBAGE' as 'TAG_POLICY' }))),
    ).toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_ENUM_POLICY_TYPE' });
  });
});
