/**
 * Runs a setup plan step by step through the ports. Each step first reads whether it is already in
 * effect (so re-running a saved plan is safe: "already done" counts as done), then makes the change,
 * then reads the state back until it shows (AWS is eventually consistent) or the retries run out.
 */
import { RootctlError, isRootctlError } from '../errors.js';
import { awsCodeOf } from '../doctor/gather.js';
import type { AccountId } from '../model/account-id.js';
import { IAM_SERVICE_PRINCIPAL, type OrgFeature } from '../model/task-policies.js';
import {
  SETUP_SCHEMA_VERSION,
  type ApplyOptions,
  type SetupPlan,
  type SetupPorts,
  type SetupResult,
  type SetupStep,
} from './types.js';

interface StepOps {
  /** Whether the step's end state is already in effect. */
  isDone(): Promise<boolean>;
  run(): Promise<void>;
}

async function featureOn(ports: SetupPorts, feature: OrgFeature): Promise<boolean> {
  try {
    return (await ports.features.listFeatures()).enabled.includes(feature);
  } catch (e) {
    // With trusted access off no feature can be on; IAM says so with this error.
    if (awsCodeOf(e) === 'ServiceAccessNotEnabled') return false;
    throw e;
  }
}

function opsFor(ports: SetupPorts, s: SetupStep): StepOps {
  const trusted = async () => (await ports.organizations.listServiceAccess()).includes(IAM_SERVICE_PRINCIPAL);
  const admin = async () =>
    (await ports.organizations.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL)).some(
      (a) => a.id === s.accountId,
    );
  const id = s.accountId as AccountId;
  switch (s.kind) {
    case 'enable-trusted-access':
      return { isDone: trusted, run: () => ports.writer.enableServiceAccess(IAM_SERVICE_PRINCIPAL) };
    case 'disable-trusted-access':
      return {
        isDone: async () => !(await trusted()),
        run: () => ports.writer.disableServiceAccess(IAM_SERVICE_PRINCIPAL),
      };
    case 'enable-root-credentials-management':
      return {
        isDone: () => featureOn(ports, 'RootCredentialsManagement'),
        run: async () => void (await ports.features.enable('RootCredentialsManagement')),
      };
    case 'enable-root-sessions':
      return {
        isDone: () => featureOn(ports, 'RootSessions'),
        run: async () => void (await ports.features.enable('RootSessions')),
      };
    case 'disable-root-credentials-management':
      return {
        isDone: async () => !(await featureOn(ports, 'RootCredentialsManagement')),
        run: async () => void (await ports.features.disable('RootCredentialsManagement')),
      };
    case 'disable-root-sessions':
      return {
        isDone: async () => !(await featureOn(ports, 'RootSessions')),
        run: async () => void (await ports.features.disable('RootSessions')),
      };
    case 'register-delegated-admin':
      return {
        isDone: admin,
        run: () => ports.writer.registerDelegatedAdministrator(id, IAM_SERVICE_PRINCIPAL),
      };
    case 'deregister-delegated-admin':
      return {
        isDone: async () => !(await admin()),
        run: () => ports.writer.deregisterDelegatedAdministrator(id, IAM_SERVICE_PRINCIPAL),
      };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface VerifyContext {
  delays: number[];
  wait: (ms: number) => Promise<void>;
  onWait: (attempt: number, delayMs: number) => void;
}

/** Reads the state back until it shows the change, waiting between reads; bounded by `delays`. */
async function verify(ops: StepOps, s: SetupStep, v: VerifyContext): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (await ops.isDone()) return;
    const delay = v.delays[attempt];
    if (delay === undefined) {
      const waited = v.delays.reduce((a, b) => a + b, 0);
      throw new RootctlError(
        'SetupVerificationFailed',
        `${s.description}: ${s.action} succeeded, but reading the state back does not show the change${waited ? ` after ${Math.round(waited / 1000)} s of waiting` : ''}.`,
      );
    }
    v.onWait(attempt + 1, delay);
    await v.wait(delay);
  }
}

export async function executeSetupSteps(
  ports: SetupPorts,
  plan: SetupPlan,
  options: ApplyOptions = {},
): Promise<SetupResult> {
  // AWS applies trusted-access and delegation changes after a delay (live captures: 15 s to over a
  // minute for STS); the reads usually show them sooner. 30 s in all, then SetupVerificationFailed.
  const delays = options.verifyDelaysMs ?? [1000, 2000, 4000, 8000, 15000];
  const wait = options.wait ?? sleep;
  const result: SetupResult = {
    schemaVersion: SETUP_SCHEMA_VERSION,
    kind: 'rootctl.setup-result',
    mode: plan.mode,
    steps: [],
  };
  const total = plan.steps.length;
  for (const [index, s] of plan.steps.entries()) {
    options.onEvent?.({ kind: 'step-start', step: s, index, total });
    const ops = opsFor(ports, s);
    try {
      let status: 'done' | 'already-done' = 'already-done';
      if (!(await ops.isDone())) {
        await ops.run();
        await verify(ops, s, {
          delays,
          wait,
          onWait: (attempt, delayMs) =>
            options.onEvent?.({
              kind: 'step-verify-wait',
              step: s,
              index,
              total,
              attempt,
              attempts: delays.length,
              delayMs,
            }),
        });
        status = 'done';
      }
      result.steps.push({ kind: s.kind, status, verified: true });
      options.onEvent?.({ kind: 'step-done', step: s, status, index, total });
    } catch (e) {
      const completed = result.steps.map((r) => r.kind);
      const where = `step ${index + 1} of ${total} (${s.kind}) failed${completed.length ? `; completed before it: ${completed.join(', ')}` : '; nothing was changed'}`;
      if (!isRootctlError(e)) throw e;
      throw new RootctlError(e.code, `${e.message} [${where}]`, {
        hint: `${e.hint} Running setup again is safe: steps already in effect are skipped.`,
        cause: e,
        details: { ...e.details, failedStep: s.kind, completedSteps: completed },
      });
    }
  }
  return result;
}
