/**
 * The error catalogue holds only codes rootctl can raise. The codes rootctl's own diagnoses rely on
 * (the AWS failures toRootctlError maps, the input checks, the plan and resume rules) are raised here
 * for real, by calling the function that raises each. The rest need a database, a process, a terminal
 * or an emulator run: each names the behavioural test that raises it through its real path, and the
 * shipped source must still raise it. A code in neither list fails (NotReady was one: listed, never
 * thrown, and removed).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRegion } from '../src/aws/clients.js';
import { toRootctlError } from '../src/aws/errors.js';
import { abortedAtPrompt } from '../src/cli/io.js';
import { ERROR_CATALOGUE, isRootctlError, type ErrorCode } from '../src/core/errors.js';
import { checkTtl, exceptionTarget, parseExceptionTask } from '../src/core/exceptions/rules.js';
import { resumeTarget, type ResumeJournal } from '../src/core/execute/resume.js';
import { parseTrustedPrincipalArn } from '../src/core/guardrails/inputs.js';
import { parseAccountId, parseOuId, type AccountId } from '../src/core/model/account-id.js';
import { checkSchemaVersion, parsePlan } from '../src/core/plan/schema.js';
import { refuseExplicitTargets } from '../src/core/plan/targets.js';
import type { Plan } from '../src/core/plan/types.js';
import type { OrgAccount } from '../src/core/ports.js';
import { parseScenarioText } from '../src/emulator/scenario/load.js';

const A = '222233334444' as AccountId;
const MGMT = '111122223333' as AccountId;
const account = (id: AccountId, state: OrgAccount['state'] = 'ACTIVE'): OrgAccount => ({
  id,
  name: 'n',
  email: 'e@example.com',
  state,
});
const targets = (known: [AccountId, OrgAccount | undefined]) => () =>
  refuseExplicitTargets([known[0]], new Map([known]), MGMT, 'o-abcdefghij');

/** An SDK-shaped error as the AWS SDK throws it (name = AWS error code). */
function sdkError(name: string, extra: object = {}): Error {
  return Object.assign(new Error(`${name} from AWS`), { name, $metadata: { httpStatusCode: 400 }, ...extra });
}
const mapped = (e: unknown) => () => {
  throw toRootctlError(e, 'iam:GetAccountSummary');
};

const PLAN = {
  schemaVersion: 1,
  createdAt: '2026-01-01T00:00:00Z',
  callerArn: 'arn',
  scope: 'x',
  accounts: [],
};
function journal(latest: { id: string } | undefined, plan: unknown = PLAN): ResumeJournal {
  const run = latest && {
    ...latest,
    startedAt: '2026-01-01T00:00:00Z',
    callerArn: 'arn',
    status: 'interrupted',
  };
  return {
    latestResumable: async () => run,
    getRun: async (id) => (id === 'old' ? { ...run!, id } : undefined),
    planOf: async () => plan as Plan,
    completedSteps: async () => new Set(),
  };
}

/** Each code, raised by calling the function that raises it. */
const RAISED_HERE: Partial<Record<ErrorCode, () => unknown>> = {
  UsageError: () => exceptionTarget('unlock-s3-bucket-policy', A, {}),
  InvalidInput: () => exceptionTarget('unlock-s3-bucket-policy', A, { bucket: 'Bad_Name' }),
  InvalidAccountId: () => parseAccountId('12345'),
  InvalidOuId: () => parseOuId('ou-x'),
  InvalidArn: () => parseTrustedPrincipalArn('not-an-arn'),
  InvalidDuration: () => checkTtl(1),
  InvalidRegion: () => resolveRegion(' '),
  UnknownTask: () => parseExceptionTask('unlock-ec2'),
  UnknownAccount: targets([A, undefined]),
  ManagementAccountTarget: targets([MGMT, account(MGMT)]),
  SuspendedAccount: targets([A, account(A, 'SUSPENDED')]),
  InvalidPlan: () => parsePlan({ accounts: [] }),
  PlanTooNew: () => checkSchemaVersion({ schemaVersion: 999 }, 1, 'The plan'),
  InvalidScenario: () => parseScenarioText('{"accounts": 3}'),
  Aborted: () => {
    throw abortedAtPrompt();
  },
  // What toRootctlError makes of the AWS SDK's failures (the diagnoses and exit codes rest on these).
  NoCredentials: mapped(
    Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    }),
  ),
  InvalidCredentials: mapped(sdkError('InvalidClientTokenId')),
  ExpiredCredentials: mapped(sdkError('ExpiredToken')),
  AccessDenied: mapped(sdkError('AccessDenied')),
  NetworkError: mapped(
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  ),
  Throttled: mapped(sdkError('ThrottlingException')),
  AwsError: mapped(sdkError('ServiceUnavailable')),
  NotInOrganization: mapped(sdkError('AWSOrganizationsNotInUseException')),
  NotManagementOrDelegatedAdmin: mapped(sdkError('AccountNotManagementOrDelegatedAdministratorException')),
  // The resume rule: only the latest unfinished run, only with its journaled plan.
  PlanStale: () => resumeTarget(journal({ id: 'latest' }), { runId: 'old' }),
  NothingToResume: () => resumeTarget(journal(undefined)),
};

/** Each remaining code and the behavioural test that raises it through its real path. */
const RAISED_IN: Partial<Record<ErrorCode, string>> = {
  ConfirmationRequired: 'src/cli/io.test.ts',
  StoreError: 'src/store/db.test.ts',
  NoDatabase: 'src/store/db.test.ts',
  DatabaseTooNew: 'src/store/store-contract.test.ts',
  JournalBusy: 'test/shared-store.test.ts',
  PortInUse: 'src/emulator/launch.test.ts',
  InternalError: 'src/core/audit/run.test.ts',
  SetupVerificationFailed: 'src/core/setup/setup.test.ts',
  ConsolidatedBillingOrganization: 'src/core/setup/setup.test.ts',
  NotManagementAccount: 'test/setup.test.ts',
  DelegatedAdminExists: 'src/core/setup/setup.test.ts',
  UnknownOu: 'src/core/audit/run.test.ts',
  ExceptionAlreadyOpen: 'src/core/exceptions/exceptions.test.ts',
  NoOpenException: 'test/exception.test.ts',
  NoResourcePolicy: 'test/exception.test.ts',
  UnknownRun: 'test/journal.test.ts',
  UnknownAudit: 'test/evidence.test.ts',
  OutputExists: 'test/evidence.test.ts',
  Interrupted: 'test/remediate-resume.test.ts',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'docs' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('fake') ? [path] : [];
  });
}

async function raised(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the error catalogue', () => {
  it('has every code either raised here or in a named test, and no other', () => {
    const covered = [...Object.keys(RAISED_HERE), ...Object.keys(RAISED_IN)].sort();
    expect(covered).toEqual(Object.keys(ERROR_CATALOGUE).sort());
    expect(Object.keys(RAISED_HERE).filter((c) => c in RAISED_IN)).toEqual([]);
  });

  it.each(Object.entries(RAISED_HERE))('%s is raised by the function that raises it', async (code, fn) => {
    const e = await raised(fn);
    expect(isRootctlError(e), `${code}: ${String(e)}`).toBe(true);
    expect((e as { code: string }).code).toBe(code);
  });

  const text = sources('src')
    .filter((f) => !f.endsWith(join('core', 'errors.ts')))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  it.each(Object.entries(RAISED_IN))('%s is raised by the shipped code, as %s shows', (code, test) => {
    expect(text.includes(`'${code}'`), `${code} is in the catalogue but no source file raises it`).toBe(true);
    expect(existsSync(test), `${test} does not exist`).toBe(true);
    expect(readFileSync(test, 'utf8'), `${test} does not mention ${code}`).toContain(code);
  });

  it('is what docs/generated/errors.md documents, code for code', () => {
    const doc = readFileSync('docs/generated/errors.md', 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Za-z]+)` \| \d+ \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });
});
