/**
 * The evidence use case (`rootctl evidence`, and the library's `buildEvidence()`): for a remediation run
 * or a saved audit, everything an auditor asks for - the plan, every journal step with its times and
 * request ids, the before and after audits and their diff, the AssumeRoot CloudTrail events the
 * activity lookup finds, the caller, the tool version, one readable HTML page, and a manifest with
 * each file's SHA-256 - written to a new folder or a .zip. Nothing is written unless everything was
 * read: the files go to a temporary name next to --out first, then are renamed into place.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createAwsContext, type AwsContext } from '../aws/clients.js';
import { parseAssumeRootEvent } from '../core/activity/records.js';
import { diffAudits } from '../core/audit/diff.js';
import { RootctlError } from '../core/errors.js';
import {
  auditEvidenceFiles,
  auditTrail,
  runEvidenceFiles,
  runTrail,
  trailNotLookedUp,
} from '../core/evidence/bundle.js';
import {
  EVIDENCE_SCHEMA_VERSION,
  type EvidenceCloudTrail,
  type EvidenceFile,
  type EvidenceManifest,
  type EvidenceResult,
} from '../core/evidence/types.js';

export type { EvidenceResult } from '../core/evidence/types.js';
import type { Db } from '../store/db.js';
import { HistoryStore } from '../store/history.js';
import { Journal } from '../store/journal.js';
import { VERSION } from '../version.js';
import { connection, type AwsConnection } from './library.js';
import { buildZip } from './zip.js';

export interface EvidenceOptions {
  /** The remediation (or exception) run to bundle: `run-YYYYMMDD-HHMMSS-xxxxxx`. */
  runId?: string | undefined;
  /** Or a saved audit's id in the history. */
  auditId?: number | undefined;
  /** A new (or empty) folder, or a file ending in `.zip`; never overwritten. */
  out: string;
  /** AWS, for the CloudTrail lookup and who makes the bundle; without it nothing is looked up. */
  aws?: AwsContext | undefined;
  now?: (() => Date) | undefined;
  onWarning?: ((text: string) => void) | undefined;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** Sessions can be logged a little before the run's first journal write and after its last. */
const WINDOW_MARGIN_MS = 5 * 60_000;

/** Refuses an --out that exists (a non-empty folder, or any file) or whose folder does not exist. */
export function checkEvidenceOut(out: string): { path: string; zip: boolean } {
  const path = resolve(out);
  const zip = path.toLowerCase().endsWith('.zip');
  if (existsSync(path)) {
    const folder = statSync(path).isDirectory();
    if (!folder || zip || readdirSync(path).length > 0)
      throw new RootctlError(
        'OutputExists',
        `--out ${out} already exists${folder ? ' and is not empty' : ''}.`,
      );
  }
  if (!existsSync(dirname(path)))
    throw new RootctlError('InvalidInput', `--out ${out}: the folder ${dirname(path)} does not exist.`);
  return { path, zip };
}

export interface EvidenceLibraryOptions extends AwsConnection {
  /** The history and journal database (a SQLite file path or a postgres:// URL); it must exist. */
  db?: string | undefined;
  /** The remediation (or exception) run to bundle: `run-YYYYMMDD-HHMMSS-xxxxxx`. */
  runId?: string | undefined;
  /** Or a saved audit's id in the history. */
  auditId?: number | undefined;
  /** A new (or empty) folder, or a file ending in `.zip`; never overwritten. */
  out: string;
  /** false: no AWS call at all (no CloudTrail lookup, no caller identity). Default true. */
  cloudtrail?: boolean | undefined;
  onWarning?: ((text: string) => void) | undefined;
}

/**
 * `rootctl evidence`: the evidence bundle of a remediation run or a saved audit, written to a new
 * folder or .zip (docs/evidence.md). Opens the existing database and, unless `cloudtrail: false`, its
 * own AWS clients for the CloudTrail lookup; closes both before returning.
 */
export async function buildEvidence(options: EvidenceLibraryOptions): Promise<EvidenceResult> {
  checkEvidenceRequest(options);
  const { openExistingDb } = await import('../store/db.js');
  const db = await openExistingDb(options.db);
  const aws = options.cloudtrail === false ? undefined : createAwsContext(connection(options));
  try {
    const { runId, auditId, out, onWarning } = options;
    return await writeEvidence(db, { runId, auditId, out, aws, onWarning });
  } finally {
    aws?.destroy();
    await db.close();
  }
}

/** Exactly one of runId / auditId, and an --out that can be written (before any database or AWS call). */
function checkEvidenceRequest(options: Pick<EvidenceOptions, 'runId' | 'auditId' | 'out'>) {
  if ((options.runId === undefined) === (options.auditId === undefined))
    throw new RootctlError('UsageError', 'Give either --run <run-id> or --audit <audit-id>.');
  return checkEvidenceOut(options.out);
}

/** The bundle from an open database and AWS context (`buildEvidence` opens and closes them). */
export async function writeEvidence(db: Db, options: EvidenceOptions): Promise<EvidenceResult> {
  const target = checkEvidenceRequest(options);
  const now = options.now ?? (() => new Date());
  const bundledBy = await whoMakesIt(options);
  const meta = { createdAt: now().toISOString(), rootctlVersion: VERSION, bundledBy };
  const { files, subject, callerArn } =
    options.runId !== undefined
      ? await runFiles(db, options.runId, options, meta)
      : await auditFiles(db, options.auditId!, options, meta);
  const manifest: EvidenceManifest = {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    kind: 'rootctl.evidence-manifest',
    subject,
    createdAt: meta.createdAt,
    rootctlVersion: VERSION,
    bundledBy,
    callerArn,
    files: files.map((f) => {
      const bytes = Buffer.from(f.content, 'utf8');
      return { name: f.name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    }),
  };
  const all = [...files, { name: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` }];
  writeBundle(target, all);
  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    kind: 'rootctl.evidence',
    out: target.path,
    format: target.zip ? 'zip' : 'folder',
    manifest,
  };
}

async function whoMakesIt(options: EvidenceOptions): Promise<string | null> {
  if (!options.aws) return null;
  const { identity } = await import('../aws/identity.js');
  return (await identity(options.aws.sts).whoAmI()).arn;
}

type Meta = { createdAt: string; rootctlVersion: string; bundledBy: string | null };

async function runFiles(db: Db, runId: string, options: EvidenceOptions, meta: Meta) {
  const journal = new Journal(db);
  const run = await journal.getRun(runId);
  if (!run) throw new RootctlError('UnknownRun', `No run ${runId} in the journal.`);
  const [plan, steps, audits] = await Promise.all([
    journal.planOf(runId),
    journal.steps(runId),
    new HistoryStore(db).forRun(runId),
  ]);
  const before = audits.find((a) => a.report.remediation?.phase === 'plan');
  const after = audits.filter((a) => a.report.remediation?.phase === 'verification').at(-1);
  const diff =
    before && after
      ? diffAudits(before.report, after.report, {
          fromId: before.id,
          toId: after.id,
          commonAccountsOnly: true,
        })
      : null;
  const since = new Date(Date.parse(run.startedAt) - WINDOW_MARGIN_MS);
  const until = new Date(Date.parse(run.finishedAt ?? meta.createdAt) + WINDOW_MARGIN_MS);
  const keys = [
    ...new Set(
      steps.flatMap((s) => (s.action === 'AssumeRoot' && s.sessionAccessKeyId ? [s.sessionAccessKeyId] : [])),
    ),
  ];
  const cloudTrail = await lookUp(options, since, until, (records, window) =>
    runTrail(records, keys, window),
  );
  const files = runEvidenceFiles({ run, plan: plan ?? null, steps, before, after, diff, cloudTrail }, meta);
  return { files, subject: { kind: 'run' as const, runId }, callerArn: run.callerArn };
}

async function auditFiles(db: Db, auditId: number, options: EvidenceOptions, meta: Meta) {
  const history = new HistoryStore(db);
  const report = await history.get(auditId);
  if (!report) throw new RootctlError('UnknownAudit', `There is no audit ${auditId} in the history.`);
  const base = await history.baseline(report, auditId);
  const diff = base
    ? diffAudits(base.report, report, { fromId: base.id, toId: auditId, commonAccountsOnly: !base.sameScope })
    : null;
  const since = new Date(Date.parse(report.generatedAt) - WINDOW_MARGIN_MS);
  const until = new Date(Date.parse(report.generatedAt) + report.metadata.durationMs + WINDOW_MARGIN_MS);
  const cloudTrail = await lookUp(options, since, until, (records, window) =>
    auditTrail(records, report.metadata.callerArn, window),
  );
  const files = auditEvidenceFiles({ auditId, report, diff, cloudTrail }, meta);
  return { files, subject: { kind: 'audit' as const, auditId }, callerArn: report.metadata.callerArn };
}

/** AssumeRoot events of the window (the activity command's lookup); a failure is a note, not an error. */
async function lookUp(
  options: EvidenceOptions,
  since: Date,
  until: Date,
  pick: (
    records: NonNullable<ReturnType<typeof parseAssumeRootEvent>>[],
    window: { region: string; since: string; until: string; note?: string },
  ) => EvidenceCloudTrail,
): Promise<EvidenceCloudTrail> {
  const [s, u] = [since.toISOString(), until.toISOString()];
  if (!options.aws) return trailNotLookedUp('CloudTrail was not looked up (--no-cloudtrail).', s, u);
  const { cloudTrailReader } = await import('../aws/cloudtrail.js');
  try {
    const events = await cloudTrailReader(options.aws.cloudtrail).lookupEvents({
      attribute: { key: 'EventName', value: 'AssumeRoot' },
      startTime: since,
      endTime: until,
    });
    const records = events.map(parseAssumeRootEvent).filter((r) => r !== undefined);
    const note =
      'CloudTrail event history can take up to 15 minutes to show an event; a session with no event yet may appear later.';
    return pick(records, { region: options.aws.region, since: s, until: u, note });
  } catch (e) {
    options.onWarning?.(`CloudTrail not looked up: ${errorText(e)}`);
    return trailNotLookedUp(`CloudTrail lookup failed: ${errorText(e)}`, s, u);
  }
}

/** Writes every file under a temporary name next to --out, then renames it into place. */
function writeBundle(target: { path: string; zip: boolean }, files: readonly EvidenceFile[]): void {
  const tmp = join(dirname(target.path), `.${basename(target.path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (target.zip) {
      writeFileSync(
        tmp,
        buildZip(files.map((f) => ({ name: f.name, data: Buffer.from(f.content, 'utf8') }))),
        {
          flag: 'wx',
        },
      );
    } else {
      mkdirSync(tmp);
      for (const f of files) writeFileSync(join(tmp, f.name), f.content, { flag: 'wx' });
    }
    if (existsSync(target.path)) rmdirSync(target.path); // an empty folder, checked above
    renameSync(tmp, target.path);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof RootctlError) throw e;
    throw new RootctlError('InvalidInput', `Could not write ${target.path}: ${errorText(e)}`, { cause: e });
  }
}
