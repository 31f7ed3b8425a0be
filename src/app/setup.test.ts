import { describe, expect, it } from 'vitest';
import { fakeOrgPorts, fakeOrgState } from '../core/setup/fake-org.js';
import { setupRequest } from '../core/setup/request.js';
import { setupOrganization } from './setup.js';

const SEC = '222222222222';
const request = () => setupRequest({ delegatedAdmin: SEC });
const configured = () =>
  fakeOrgState({
    trustedAccess: ['iam.amazonaws.com'],
    features: ['RootCredentialsManagement', 'RootSessions'],
    delegatedAdmins: [SEC],
  });

describe('setupOrganization (the use case behind rootctl setup and the library setup())', () => {
  it('shows the plan, asks, and changes nothing when the answer is no', async () => {
    const s = fakeOrgState();
    const shown: number[] = [];
    const out = await setupOrganization(fakeOrgPorts(s), request(), {
      apply: true,
      onPlan: (p) => shown.push(p.steps.length),
      confirm: () => false,
    });
    expect(shown).toEqual([4]);
    expect(out.result).toBeUndefined();
    expect(out.doctor).toBeUndefined();
    expect(s.writes).toEqual([]);
  });

  it('applies after a yes and reads the state back with doctor', async () => {
    const s = fakeOrgState();
    const out = await setupOrganization(fakeOrgPorts(s), request(), { apply: true, confirm: () => true });
    expect(out.result?.steps.map((x) => x.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(out.doctor?.ready).toBe(true);
    expect(out.stillNotReady).toBe(false);
    expect(s.delegatedAdmins).toEqual([SEC]);
  });

  it('says when the organization is still not ready after applying (the global STS endpoint)', async () => {
    const s = fakeOrgState({ stsEndpoint: 'https://sts.amazonaws.com' });
    const out = await setupOrganization(fakeOrgPorts(s), request(), { apply: true });
    expect(out.result?.steps).toHaveLength(4);
    expect(out.doctor?.ready).toBe(false);
    expect(out.stillNotReady).toBe(true);
  });

  it('with nothing to do: asks nothing; skips with whenNothingToDo skip, else an empty result', async () => {
    let asked = 0;
    const confirm = () => (asked++, true);
    const skip = await setupOrganization(fakeOrgPorts(configured()), request(), {
      apply: true,
      confirm,
      whenNothingToDo: 'skip',
    });
    expect(skip.result).toBeUndefined();
    const run = await setupOrganization(fakeOrgPorts(configured()), request(), { apply: true, confirm });
    expect(run.result?.steps).toEqual([]);
    expect(asked).toBe(0);
  });

  it('plans only without apply', async () => {
    const s = fakeOrgState();
    const out = await setupOrganization(fakeOrgPorts(s), request());
    expect(out.plan.steps).toHaveLength(4);
    expect(out.result).toBeUndefined();
    expect(s.writes).toEqual([]);
  });
});

describe('setupRequest (checked before any AWS call)', () => {
  it('refuses contradictory input with the CLI messages', () => {
    expect(() => setupRequest({ mode: 'undo', delegatedAdmin: SEC })).toThrow(/--undo takes neither/);
    expect(() => setupRequest({ mode: 'undo', features: 'root-sessions' })).toThrow(/--undo takes neither/);
    expect(() => setupRequest({})).toThrow(/--delegated-admin <account-id>, or pass --no-delegate/);
    expect(() => setupRequest({ delegate: false, delegatedAdmin: SEC })).toThrow(/cannot be used together/);
  });

  it('takes features as a list or comma-separated, in AWS or rootctl names', () => {
    expect(setupRequest({ delegate: false, features: ['root-sessions'] })).toEqual({
      mode: 'setup',
      delegatedAdmin: undefined,
      delegate: false,
      features: ['RootSessions'],
    });
    expect(setupRequest({ delegatedAdmin: SEC, features: 'RootCredentialsManagement' }).features).toEqual([
      'RootCredentialsManagement',
    ]);
    expect(setupRequest({ mode: 'undo' })).toEqual({ mode: 'undo' });
  });
});
