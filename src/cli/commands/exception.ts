/**
 * `rootctl exception open|list|close`: root-task exceptions. `open` runs one root-only task for a
 * reason and a time (password recovery, or removing the policy that locked everyone out of a bucket or
 * queue - shown and saved before it is removed); `list` shows open and overdue ones; `close` deletes the
 * account's root credentials again as remediate does, verifies, and closes the exception.
 */
import { managementCallerWarning } from '../../core/caller-warning.js';
import type { Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { addAwsOptions, addOutputOption, parseDuration, type AwsOptions } from '../options.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { renderResultTable } from '../../core/execute/render.js';
import { exceptionClosed, exceptionOpened } from '../../core/exceptions/documents.js';
import { closeExceptions, planExceptionClose } from '../../core/exceptions/close.js';
import { openException, previewException } from '../../core/exceptions/open.js';
import {
  DEFAULT_TTL_MS,
  EXCEPTION_TASKS,
  EXCEPTION_TASK_POLICY,
  exceptionState,
  parseExceptionTask,
} from '../../core/exceptions/rules.js';
import { parseAccountId, type AccountId } from '../../core/model/account-id.js';
import type { TaskPolicyName } from '../../core/model/task-policies.js';
import { renderPlanTable } from '../../core/plan/render.js';
import { ExceptionStore } from '../../store/exceptions.js';
import { Journal } from '../../store/journal.js';
import { closedLines, renderExceptions, exceptionsJson } from './exception-render.js';
import { registerEnforce } from './exception-enforce.js';
import {
  addDbOption,
  confirmed,
  contextsFrom,
  interruptSignal,
  openStore,
  progressPrinter,
  type DbOptions,
} from './remediate-shared.js';

interface OpenOpts extends AwsOptions, DbOptions {
  account: string;
  task: string;
  reason: string;
  ttl?: string;
  bucket?: string;
  queueUrl?: string;
  yes?: boolean;
  output: 'table' | 'json';
}

interface CloseOpts extends AwsOptions, DbOptions {
  account: string;
  task?: string;
  yes?: boolean;
  output: 'table' | 'json';
}

interface ListOpts extends DbOptions {
  all?: boolean;
  failOn?: string;
  output: 'table' | 'json';
}

async function open(io: CliIo, opts: OpenOpts, setExit: (code: number) => void): Promise<void> {
  const request = {
    accountId: parseAccountId(opts.account),
    task: parseExceptionTask(opts.task),
    reason: opts.reason,
    ttlMs: opts.ttl === undefined ? DEFAULT_TTL_MS : parseDuration(opts.ttl),
    bucket: opts.bucket,
    queueUrl: opts.queueUrl,
  };
  const json = opts.output === 'json';
  const db = await openStore(opts);
  const ctx = await contextsFrom(opts, 1).catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  const withRegion = { ...request, region: ctx.sessions.region };
  try {
    const { auditPorts, scpBlockerLookup } = await import('../../app/remediate.js');
    const ports = auditPorts(ctx);
    const xports = {
      organizations: ports.organizations,
      identity: ports.identity,
      opener: ports.rootSessions,
      journal: new Journal(db),
      store: new ExceptionStore(db),
      classify: ports.classify,
      requestTimeoutMs: ports.requestTimeoutMs,
      blockerOf: (id: AccountId, task: TaskPolicyName) => scpBlockerLookup(ports.organizations, task)(id),
    };
    // Input is checked (in the preview) before any call the warning makes.
    const p = await previewException(xports, withRegion);
    const warning = await managementCallerWarning(ports);
    if (warning) io.err(`rootctl: warning: ${warning}`);
    const say = (text: string) => (json ? io.err(text) : io.out(text));
    say(
      `Exception: ${p.task} in ${p.accountId} (${p.accountName}) with AssumeRoot ${p.taskPolicy}, for ${opts.ttl ?? '4h'}`,
    );
    say(`Reason: ${p.reason}`);
    if (p.task === 'password-recovery') {
      say(
        p.loginProfileExists
          ? 'The root user already has a login profile: nothing to create; the exception is recorded.'
          : 'Will create a login profile with no password, so the root user can use "Forgot password" to sign in.',
      );
    } else {
      say(
        `Will remove the resource policy of ${p.target}. It is saved in the journal and the exception record first. Current policy:`,
      );
      say(p.currentPolicy!);
    }
    if (!(await confirmed(io, opts.yes, `Open this exception in ${p.accountId}?`, json))) return;
    const opened = await openException(xports, p);
    if (json) io.out(JSON.stringify(exceptionOpened(opened), null, 2));
    else {
      io.out(
        `Opened exception ${opened.exceptionId}: ${opened.task} in ${opened.accountId}, expires ${opened.expiresAt} (run ${opened.runId}).`,
      );
      if (opened.note) io.out(`Note: ${opened.note}.`);
      io.out(
        opened.verified
          ? `Verified: ${p.task === 'password-recovery' ? 'the root user has a login profile' : `${opened.target} has no policy now`}.`
          : 'NOT verified: the change did not read back as expected; see the journal.',
      );
      io.out(`Close it when done: rootctl exception close --account ${opened.accountId} --yes`);
    }
    if (!opened.verified) setExit(ExitCode.Findings);
  } finally {
    ctx.destroy();
    await db.close();
  }
}

async function close(io: CliIo, opts: CloseOpts, setExit: (code: number) => void): Promise<void> {
  const accountId = parseAccountId(opts.account);
  const task = opts.task === undefined ? undefined : parseExceptionTask(opts.task);
  const json = opts.output === 'json';
  const db = await openStore(opts);
  const ctx = await contextsFrom(opts, 4).catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  const stop = interruptSignal();
  try {
    const { auditPorts, scpBlockerLookup } = await import('../../app/remediate.js');
    const ports = { ...auditPorts(ctx), journal: new Journal(db), store: new ExceptionStore(db) };
    const warning = await managementCallerWarning(ports);
    if (warning) io.err(`rootctl: warning: ${warning}`);
    const c = await planExceptionClose(ports, accountId, { task, region: ctx.sessions.region });
    const say = (text: string) => (json ? io.err(text) : io.out(text));
    say(
      `Closing ${c.open.length} exception(s) in ${accountId}: ${c.open.map((e) => `${e.id} ${e.task} (${e.target})`).join(', ')}`,
    );
    say(renderPlanTable(c.plan));
    const n = c.plan.totals.deletions;
    if (
      !(await confirmed(
        io,
        opts.yes,
        `Delete ${n} root credential(s) in ${accountId} and close the exception(s)?`,
        json,
      ))
    )
      return;
    if (stop.signal.aborted)
      throw new RootctlError('Interrupted', 'Interrupted before anything was changed.', {
        hint: 'Run the command again when ready.',
      });
    const caller = (await ports.identity.whoAmI()).arn;
    // The verification is journaled and its audit saved to the history, as remediate's (evidence).
    const { closeRecorder } = await import('../../app/evidence-record.js');
    const recorder = closeRecorder(db, ports, c.plan, ctx.sessions.region, progressPrinter(io));
    const r = await closeExceptions(ports, c, {
      callerArn: caller,
      signal: stop.signal,
      onEvent: recorder.onEvent,
      verify: recorder.verify,
      region: ctx.sessions.region,
      blockerOf: scpBlockerLookup(ports.organizations),
    });
    if (json) io.out(JSON.stringify(exceptionClosed(c, r), null, 2));
    else {
      io.out(renderResultTable(r.result));
      io.out(
        r.closed.length
          ? closedLines(r.closed, r.result.totals.deleted).join('\n')
          : 'The exception(s) stay OPEN: the account could not be cleaned and verified (see above).',
      );
    }
    if (r.result.status === 'interrupted')
      throw new RootctlError(
        'Interrupted',
        `Run ${r.result.runId} was interrupted; the exception stays open.`,
        { hint: 'Run `rootctl exception close` again to finish.' },
      );
    if (!r.closed.length) setExit(ExitCode.Findings);
  } finally {
    stop.dispose();
    ctx.destroy();
    await db.close();
  }
}

async function list(io: CliIo, opts: ListOpts, setExit: (code: number) => void): Promise<void> {
  if (opts.failOn !== undefined && opts.failOn !== 'overdue')
    throw new RootctlError('InvalidInput', `--fail-on '${opts.failOn}' is not known: use --fail-on overdue.`);
  const db = await openStore(opts);
  try {
    const records = await new ExceptionStore(db).list({ includeClosed: opts.all === true });
    const now = new Date();
    io.out(opts.output === 'json' ? exceptionsJson(records, now) : renderExceptions(records, now));
    // For cron and CI: an exception past its expiry is a finding.
    if (opts.failOn === 'overdue' && records.some((e) => exceptionState(e, now) === 'overdue'))
      setExit(ExitCode.Findings);
  } finally {
    await db.close();
  }
}

export const exceptionCommand: CommandSpec = {
  register(program, io, setExit) {
    const x = program
      .command('exception')
      .description(
        'Root-task exceptions: open one for a reason and a time, list them, close them (root credentials deleted again)',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  rootctl exception open --account 123456789012 --task password-recovery --reason "INC-42" --yes\n  rootctl exception list\n  rootctl exception close --account 123456789012 --yes\n  rootctl exception enforce --yes',
      );
    const o: Command = x
      .command('open')
      .description('Run a root-only task as a time-boxed exception (AssumeRoot with its task policy)')
      .requiredOption('--account <id>', 'member account id')
      .requiredOption('--task <task>', `one of: ${EXCEPTION_TASKS.join(', ')}`)
      .requiredOption('--reason <text>', 'why (a ticket id or a sentence an auditor can read)')
      .option('--ttl <duration>', 'how long it may stay open, e.g. 30m, 4h (default 4h, at most 7d)')
      .option('--bucket <name>', 'the locked bucket (unlock-s3-bucket-policy)')
      .option('--queue-url <url>', 'the locked queue (unlock-sqs-queue-policy)')
      .option('-y, --yes', 'open without asking');
    o.addHelpText(
      'after',
      `\nTask policies: ${Object.entries(EXCEPTION_TASK_POLICY)
        .map(([t, p]) => `${t} -> ${p}`)
        .join(', ')}.
Without --yes and without a terminal, nothing is changed (exit 0).

Examples:
  rootctl exception open --account 123456789012 --task password-recovery --reason "INC-42 lost MFA" --ttl 4h --yes
  rootctl exception open --account 123456789012 --task unlock-s3-bucket-policy --bucket my-bucket --reason "CHG-7" --yes`,
    );
    addOutputOption(o, ['table', 'json']);
    addDbOption(o);
    addAwsOptions(o).action((opts: OpenOpts) => open(io, opts, setExit));

    const l = x
      .command('list')
      .description('Open and overdue exceptions (--all: closed ones too)')
      .option('--all', 'include closed exceptions')
      .option('--fail-on <state>', 'exit 1 when an exception is in this state: overdue (for cron and CI)')
      .addHelpText(
        'after',
        '\nExit codes: 0, or 1 with --fail-on overdue when an exception is past its expiry.\n\nExamples:\n  rootctl exception list\n  rootctl exception list --fail-on overdue\n  rootctl exception list --all --output json',
      );
    addOutputOption(l, ['table', 'json']);
    addDbOption(l).action((opts: ListOpts) => list(io, opts, setExit));
    registerEnforce(x, io, setExit);

    const c: Command = x
      .command('close')
      .description(
        "Delete the account's root credentials again (as remediate does), verify, and close its open exceptions",
      )
      .requiredOption('--account <id>', 'member account id')
      .option('--task <task>', 'close only the exceptions of this task')
      .option('-y, --yes', 'apply without asking');
    c.addHelpText(
      'after',
      '\nExit codes: 0 closed and verified, 1 the account could not be cleaned (the exception stays open), 4 no open exception.\n\nExample:\n  rootctl exception close --account 123456789012 --yes',
    );
    addOutputOption(c, ['table', 'json']);
    addDbOption(c);
    addAwsOptions(c).action((opts: CloseOpts) => close(io, opts, setExit));
  },
};
