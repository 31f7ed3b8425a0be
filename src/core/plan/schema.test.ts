import { describe, expect, it } from 'vitest';
import type { AccountAudit } from '../audit/model.js';
import { cleanRoot } from '../checks/audit/samples.js';
import type { AccountId } from '../model/account-id.js';
import { fakeOrgPorts, fakeOrgState } from '../setup/fake-org.js';
import { planSetup } from '../setup/index.js';
import { parseSetupPlan } from '../setup/schema.js';
import { planOptions } from './options.js';
import { buildPlan } from './planner.js';
import { parsePlan, parsePlanJson } from './schema.js';
import type { Plan } from './types.js';

const NOW = new Date('2025-03-01T00:00:00Z');

function plan(): Plan {
  const audit: AccountAudit = {
    accountId: '300000000001' as AccountId,
    accountName: 'prod',
    ouPath: 'Root/Prod',
    status: 'non_compliant',
    auditedAt: NOW.toISOString(),
    root: {
      ...cleanRoot('full'),
      password: { present: true, createDate: '2023-01-01T00:00:00Z' },
      accessKeys: [{ id: 'AKIAEXAMPLE000000001', status: 'Active', createDate: '2022-01-01T00:00:00Z' }],
      accessKeysPresent: true,
    },
  };
  return buildPlan({
    audits: [audit],
    organizationId: 'o-abcdefghij',
    managementAccountId: '100000000000',
    callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/x',
    scope: '--all',
    options: planOptions({}),
    now: NOW,
  });
}

/** The error a parse throws, as { code, message }. */
function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('remediation plans read back', () => {
  it('accepts the plan the planner makes, through JSON and back, unchanged', () => {
    const p = plan();
    expect(p.accounts[0]!.deletions.length).toBe(2);
    expect(parsePlanJson(JSON.stringify(p))).toEqual(p);
  });

  it('refuses a plan from a newer rootctl with PlanTooNew, naming both versions', () => {
    const e = refusal(() => parsePlan({ ...plan(), schemaVersion: 2 }));
    expect(e.code).toBe('PlanTooNew');
    expect(e.message).toMatch(/schemaVersion 2.*version 1/);
  });

  it('refuses what is not a plan, or a damaged one, with InvalidPlan and where it is wrong', () => {
    expect(refusal(() => parsePlanJson('{"schemaVersion": 1, "accounts": [')).code).toBe('InvalidPlan');
    expect(refusal(() => parsePlan([])).message).toContain('no valid schemaVersion');
    const { schemaVersion: _v, ...unversioned } = plan();
    expect(refusal(() => parsePlan(unversioned)).code).toBe('InvalidPlan');

    const mismatched = plan();
    mismatched.accounts[0]!.deletions[0]!.action = 'DeleteLoginProfile'; // kind says access-keys
    expect(refusal(() => parsePlan(mismatched)).message).toContain('accounts.0.deletions.0.action');

    const badAccount = plan();
    (badAccount.accounts[0] as { accountId: string }).accountId = '12345';
    expect(refusal(() => parsePlan(badAccount)).message).toMatch(
      /accounts\.0\.accountId: not an AWS account id/,
    );

    const twice = plan();
    twice.accounts.push(twice.accounts[0]!);
    expect(refusal(() => parsePlan(twice)).message).toContain('listed twice');
  });
});

describe('setup plans read back', () => {
  it('accepts the plan the setup planner makes and refuses a newer or damaged one', async () => {
    const made = await planSetup(fakeOrgPorts(fakeOrgState()), {
      mode: 'setup',
      delegatedAdmin: '222222222222' as AccountId,
    });
    expect(parseSetupPlan(JSON.parse(JSON.stringify(made)))).toEqual(made);
    expect(refusal(() => parseSetupPlan({ ...made, schemaVersion: 9 })).code).toBe('PlanTooNew');
    expect(refusal(() => parseSetupPlan({ ...made, kind: 'rootctl.plan' })).code).toBe('InvalidPlan');
    const steps = made.steps.map((s) => ({ ...s, kind: 'delete-organization' }));
    expect(refusal(() => parseSetupPlan({ ...made, steps })).message).toContain('steps.0.kind');
    const noAccount = made.steps.map(({ accountId: _a, ...s }) => s);
    expect(refusal(() => parseSetupPlan({ ...made, steps: noAccount })).message).toContain(
      'names no accountId',
    );
  });
});
