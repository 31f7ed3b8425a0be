/**
 * `rootctl exception open`: runs one root-only task for a reason and a time (password recovery, or
 * removing the policy that locked everyone out of a bucket or queue - shown and saved before it is
 * removed). The use case is the library's openRootTaskException (src/app/exceptions.ts).
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import {
  addAwsOptions,
  addOutputOption,
  connectionFrom,
  parseDuration,
  type AwsOptions,
} from '../options.js';
import { ExitCode } from '../../core/errors.js';
import { exceptionOpened } from '../../core/exceptions/documents.js';
import {
  DEFAULT_TTL_MS,
  EXCEPTION_TASKS,
  EXCEPTION_TASK_POLICY,
  parseExceptionTask,
} from '../../core/exceptions/rules.js';
import { parseAccountId } from '../../core/model/account-id.js';
import { openedLines, previewLines } from './exception-render.js';
import { addDbOption, confirmed, type DbOptions } from './remediate-shared.js';

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

async function open(io: CliIo, opts: OpenOpts, setExit: (code: number) => void): Promise<void> {
  parseAccountId(opts.account);
  parseExceptionTask(opts.task);
  const ttlMs = opts.ttl === undefined ? DEFAULT_TTL_MS : parseDuration(opts.ttl);
  const json = opts.output === 'json';
  const say = (text: string) => (json ? io.err(text) : io.out(text));
  const { openRootTaskException } = await import('../../app/exceptions.js');
  const { opened } = await openRootTaskException({
    db: opts.db,
    ...connectionFrom(opts),
    account: opts.account,
    task: opts.task,
    reason: opts.reason,
    ttlMs,
    bucket: opts.bucket,
    queueUrl: opts.queueUrl,
    onWarning: (warning) => io.err(`rootctl: warning: ${warning}`),
    onPreview: (p) => previewLines(p, opts.ttl ?? '4h').forEach(say),
    confirm: (p) => confirmed(io, opts.yes, `Open this exception in ${p.accountId}?`, json),
  });
  if (!opened) return;
  if (json) io.out(JSON.stringify(exceptionOpened(opened), null, 2));
  else for (const line of openedLines(opened)) io.out(line);
  if (!opened.verified) setExit(ExitCode.Findings);
}

export function registerOpen(parent: Command, io: CliIo, setExit: (code: number) => void): void {
  const o: Command = parent
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
}
