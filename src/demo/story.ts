/**
 * The demo's story, as data: each step is a real rootctl command line, the exit codes it is expected
 * to end with, and a few plain lines about what it does and why. The runner prints each command before
 * running it through the same entry point as the shell, so what the reader sees is what they can type.
 */
import { join } from 'node:path';
import { RootctlError } from '../core/errors.js';
import { openDb } from '../store/db.js';
import { HistoryStore } from '../store/history.js';
import type { Sandbox } from './sandbox.js';
import { blockingScp, pickOu, type BlockingScp, type OuChoice } from './facts.js';

export interface StoryContext {
  sandbox: Sandbox;
  reportPath: string;
  scp: BlockingScp | undefined;
  /** Chosen after the first audit. */
  ou: OuChoice | undefined;
  /** The first audit's id in the history database. */
  auditId: number | undefined;
  securityAccountId: string;
  managementAccountId: string;
}

export interface DemoStep {
  id: string;
  /** The top-level command the step runs; a build without it skips the step and says so. */
  command: string;
  /** Lines printed before the command. */
  intro(ctx: StoryContext): string[];
  argv(ctx: StoryContext): string[];
  /** Exit codes that belong to the story (doctor's 1 for "not ready" is one). */
  expect: readonly number[];
  /** Lines printed after the command, given its exit code. */
  outro?(ctx: StoryContext, code: number): string[];
  /** Runs before intro(): reads what the step needs from the sandbox. */
  prepare?(ctx: StoryContext): void | Promise<void>;
  /** Run as if no terminal were attached (no prompt), whatever the demo's own terminal. */
  nonInteractive?: boolean;
  /** Why the story cannot run this step in this organization (printed instead of running it). */
  skipReason?(ctx: StoryContext): string | undefined;
}

const NO_OU = (ctx: StoryContext) =>
  ctx.ou === undefined
    ? 'no OU outside the blocking SCP has accounts with root credentials in this organization (try more --accounts or another --seed)'
    : undefined;

export function storyContext(sandbox: Sandbox): StoryContext {
  const security = sandbox.scenario.principals.find((p) => p.profile === 'security');
  return {
    sandbox,
    reportPath: join(sandbox.dir, 'audit-report.html'),
    scp: blockingScp(sandbox.emulator.world),
    ou: undefined,
    auditId: undefined,
    securityAccountId: security?.accountId ?? '',
    managementAccountId: sandbox.scenario.organization?.managementAccountId ?? '',
  };
}

const scpName = (ctx: StoryContext) => (ctx.scp ? `${ctx.scp.name} (${ctx.scp.id})` : 'none');
const scpTargets = (ctx: StoryContext) => ctx.scp?.targets.map((t) => `${t.name} OU`).join(', ') ?? '';
async function latestAuditId(ctx: StoryContext): Promise<number> {
  const db = await openDb(ctx.sandbox.db);
  try {
    const id = await new HistoryStore(db).latestId(ctx.sandbox.scenario.organization?.id);
    if (id === undefined)
      throw new RootctlError('InternalError', 'The audit was not saved to the history database.');
    return id;
  } finally {
    await db.close();
  }
}

function remediateArgs(ctx: StoryContext): string[] {
  const ou = ouOf(ctx);
  return [
    'remediate',
    '--profile',
    'security',
    '--ou',
    ou.id,
    ...(ou.recentlyUsed.length ? ['--include-recently-used'] : []),
  ];
}

const ouOf = (ctx: StoryContext): OuChoice => {
  if (ctx.ou === undefined) throw new RootctlError('InternalError', 'The demo found no OU to remediate.');
  return ctx.ou;
};

export const STORY: DemoStep[] = [
  {
    id: 'doctor-before',
    command: 'doctor',
    intro: () => [
      'Start where a real organization starts: centralized root access is not enabled yet.',
      'doctor only reads. It says where the organization stands and the exact next step for each gap.',
      'Exit code 1 means "not ready"; that is expected here.',
    ],
    argv: () => ['doctor', '--profile', 'management'],
    expect: [1],
  },
  {
    id: 'setup-plan',
    command: 'setup',
    // At a terminal, setup without --yes would ask; the story shows the plan first.
    nonInteractive: true,
    intro: () => [
      'setup turns those gaps into a plan: trusted access for IAM, a delegated administrator (the Security',
      'account, so day-to-day work stays out of the management account), and the two root-access features.',
      'Without --yes it only prints the plan and changes nothing.',
    ],
    argv: (ctx) => ['setup', '--profile', 'management', '--delegated-admin', ctx.securityAccountId],
    expect: [0],
  },
  {
    id: 'setup-apply',
    command: 'setup',
    intro: () => [
      'The same command with --yes applies the plan step by step and checks each step took effect.',
    ],
    argv: (ctx) => ['setup', '--profile', 'management', '--delegated-admin', ctx.securityAccountId, '--yes'],
    expect: [0],
  },
  {
    id: 'doctor-after',
    command: 'doctor',
    intro: (ctx) => [
      'From now on rootctl runs as the delegated administrator (profile "security"), not as the management account.',
      `doctor again: ready - but it also names ${scpName(ctx)} on the ${scpTargets(ctx)}. That SCP denies`,
      'everything to root users without exempting centralized root sessions, so AssumeRoot sessions into',
      'those accounts will be refused until the SCP is changed.',
    ],
    argv: () => ['doctor', '--profile', 'security'],
    expect: [0],
  },
  {
    id: 'audit',
    command: 'audit',
    intro: () => [
      'audit opens a short, read-only root session (task policy IAMAuditRootUserCredentials) in every member',
      'account and records what its root user has: password, access keys, signing certificates, MFA.',
      'Accounts the SCP blocks are reported as errors with the reason, never as compliant.',
    ],
    argv: () => ['audit', '--profile', 'security'],
    expect: [0],
  },
  {
    id: 'report',
    command: 'history',
    async prepare(ctx) {
      ctx.auditId = await latestAuditId(ctx);
    },
    intro: (ctx) => [
      `The audit was saved to the local history database (id ${ctx.auditId}). history renders any saved audit in`,
      'any format; here as a single-file HTML report with no external resources, to share or archive.',
    ],
    argv: (ctx) => ['history', '--show', String(ctx.auditId), '--output', 'html', '--out', ctx.reportPath],
    expect: [0],
    outro: (ctx) => [`HTML report: ${ctx.reportPath}`],
  },
  {
    id: 'remediate-plan',
    command: 'remediate',
    // Without --yes at a terminal, remediate would ask; the story shows the plan first, as a dry run.
    nonInteractive: true,
    prepare(ctx) {
      ctx.ou = pickOu(ctx.sandbox.emulator.world);
    },
    skipReason: NO_OU,
    intro: (ctx) => [
      `Now remove root credentials from one OU: ${ouOf(ctx).name} (${ouOf(ctx).id}), where ${ouOf(ctx).withCredentials.length} accounts have some.`,
      `It is not under ${ctx.scp?.name ?? 'the blocking SCP'}, so root sessions into it are allowed.`,
      'remediate audits the OU afresh and prints the plan: every credential it would delete, account by',
      'account. Without --yes (and with no one to ask) it stops there: a dry run.',
      ...(ouOf(ctx).recentlyUsed.length
        ? [
            'Root access keys used in the last 30 days are held back unless --include-recently-used; this OU has some.',
          ]
        : []),
    ],
    argv: (ctx) => remediateArgs(ctx),
    expect: [0],
  },
  {
    id: 'remediate-apply',
    command: 'remediate',
    skipReason: NO_OU,
    intro: () => [
      'With --yes it plans again from a fresh audit and applies: MFA devices, access keys, signing',
      'certificates, then the password, in a root session with IAMDeleteRootUserCredentials. Each delete is',
      'written to the journal before and after it runs (an interrupted run continues with --resume), and',
      'the accounts are audited again to verify.',
    ],
    argv: (ctx) => [...remediateArgs(ctx), '--yes'],
    expect: [0],
  },
  {
    id: 're-audit',
    command: 'audit',
    intro: (ctx) => [
      ctx.ou
        ? `Audit again. --diff shows what changed since the previous audit: ${ctx.ou.name} is now clean.`
        : 'Audit again. --diff shows what changed since the previous audit.',
    ],
    argv: () => ['audit', '--profile', 'security', '--diff'],
    expect: [0],
  },
  {
    id: 'activity',
    command: 'activity',
    intro: (ctx) => [
      "Every root session above was an sts:AssumeRoot call, recorded in the Security account's CloudTrail.",
      'activity lists them: who, when, from where, into which account, with which task policy.',
      ...(ctx.ou
        ? [
            `Here, for one account of ${ctx.ou.name}: its audits, the delete session, and the audit that verified it.`,
          ]
        : []),
    ],
    argv: (ctx) => {
      const account = ctx.ou?.withCredentials[0];
      return [
        'activity',
        '--profile',
        'security',
        '--since',
        '1h',
        ...(account ? ['--account', account] : []),
      ];
    },
    expect: [0],
  },
];
