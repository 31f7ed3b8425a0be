/**
 * Docs that cannot drift: docs/generated/* and the generated blocks of README.md are regenerated in
 * memory from the code and compared with the committed files; every command's --help has examples;
 * every command has a permissions entry whose port methods name IAM actions; every documented
 * `--output json` document, printed by a real run against the emulator, has its schemaVersion, kind
 * and documented fields, and that run made only the AWS calls its permissions entry lists.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTree, generateDocs } from '../src/docs/generate.js';
import { hasExamples } from '../src/docs/commands-doc.js';
import { actionsIn, readPortDocs } from '../src/docs/ports-doc.js';
import { COMMAND_PERMISSIONS, PORT_INTERFACES, permissionsFor } from '../src/cli/permissions.js';
import { resolvePermissions } from '../src/docs/permissions-doc.js';
import { SCHEMAS } from '../src/docs/schemas.js';
import { emulatorStats } from './helpers/audit-emulator.js';
import { expectDocumented } from './helpers/json-schemas.js';
import { fixture, rootTargets, type Fixture } from './remediate-support.js';
import { ERROR_CATALOGUE } from '../src/core/errors.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated docs', () => {
  it('match the code (run `npm run docs` when this fails)', () => {
    const stale: string[] = [];
    for (const [path, content] of generateDocs(root)) {
      const file = join(root, path);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(path);
    }
    expect(
      stale,
      `Stale: ${stale.join(', ')}. Regenerate with \`npm run docs\` and commit the result.`,
    ).toEqual([]);
  });

  it('list every error code with its exit code and hint', () => {
    const errors = readFileSync(join(root, 'docs/generated/errors.md'), 'utf8');
    for (const [code, e] of Object.entries(ERROR_CATALOGUE)) {
      expect(errors).toContain(`| \`${code}\` | ${e.exit} |`);
    }
  });

  it('give every command an Examples section in its --help', () => {
    const { commands, rootHelp } = commandTree();
    expect(rootHelp, '`rootctl --help` needs an Examples section (src/cli/main.ts)').toMatch(/^Examples:/m);
    const missing = commands.filter((c) => !c.hidden && !hasExamples(c)).map((c) => c.path);
    expect(
      missing,
      `add .addHelpText('after', '\\nExamples:\\n  rootctl ...') to: ${missing.join(', ')}`,
    ).toEqual([]);
  });
});

describe('permissions', () => {
  it('reads the IAM actions of a port method from its doc comment', () => {
    expect(
      actionsIn('organizations:ListPolicies + DescribePolicy + ListTargetsForPolicy for every SCP.'),
    ).toEqual([
      'organizations:ListPolicies',
      'organizations:DescribePolicy',
      'organizations:ListTargetsForPolicy',
    ]);
    expect(
      actionsIn('iam:EnableOrganizationsRootCredentialsManagement / iam:EnableOrganizationsRootSessions'),
    ).toEqual(['iam:EnableOrganizationsRootCredentialsManagement', 'iam:EnableOrganizationsRootSessions']);
    expect(actionsIn("sqs:SetQueueAttributes(Policy='')")).toEqual(['sqs:SetQueueAttributes']);
    expect(
      actionsIn('iam:GetAccountSummary -> the four Account* keys (undefined when a key is missing).'),
    ).toEqual(['iam:GetAccountSummary']);
  });

  it('names only port methods that declare an IAM action', () => {
    const ports = readPortDocs(join(root, 'src/core/ports.ts'));
    const without = COMMAND_PERMISSIONS.flatMap((p) => [
      ...p.caller,
      ...(p.rootSession ?? []).flatMap((s) => s.methods),
    ])
      .filter((m) => m !== 'StsEndpointPort.stsEndpoint') // observed on GetCallerIdentity, which whoAmI lists
      .filter((m) => (ports.get(m)?.actions.length ?? 0) === 0);
    expect(without).toEqual([]);
  });

  it('knows every port interface of src/core/ports.ts', () => {
    const declared = new Set(
      [...readPortDocs(join(root, 'src/core/ports.ts')).keys()].map((k) => k.split('.')[0]),
    );
    expect(
      [...declared].sort(),
      'add the interface to Ports and PORT_INTERFACES in src/cli/permissions.ts',
    ).toEqual([...PORT_INTERFACES].sort());
  });
});

describe('docs/library.md', () => {
  it('has TypeScript examples that type-check against the library', async () => {
    const ts = (await import('typescript')).default;
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const md = readFileSync(join(root, 'docs/library.md'), 'utf8');
    const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(4);
    const dir = mkdtempSync(join(tmpdir(), 'rootctl-docs-'));
    try {
      const files = blocks.map((code, i) => {
        const file = join(dir, `example-${i}.mts`);
        writeFileSync(file, `${code}\nexport {};\n`);
        return file;
      });
      const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
        paths: {
          rootctl: [join(root, 'src/index.ts')],
          'rootctl/emulator': [join(root, 'src/emulator/index.ts')],
        },
        allowImportingTsExtensions: true,
      });
      // Only the examples are checked: the library's own sources are type-checked by tsc already, and
      // checking all of them here took most of this test's time.
      const problems = files
        .map((f) => program.getSourceFile(f)!)
        .flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])
        .filter((d) => d.file && files.includes(d.file.fileName))
        .map(
          (d) =>
            `${d.file!.fileName.replace(dir, 'example')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        );
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Each documented `--output json` document, from a real run against the emulator: it carries its
 * schemaVersion (and kind) and the documented top-level fields. The same runs check that every AWS
 * operation the emulator saw for a command is in that command's permissions reference.
 */
describe('--output json documents and permissions, from real runs', () => {
  let f: Fixture;
  /** Per run: the SCHEMAS type its stdout should be, and the AWS operations the emulator counted. */
  const seen: { type: string; argv: string[]; doc: unknown; operations: string[] }[] = [];
  const calls = async () => (await emulatorStats(f.emu.url)).calls;
  /** Runs `rootctl ...argv`, records the document it printed as `type` and the operations it made. */
  const run = async (type: string, argv: string[], codes = [0]) => {
    const before = await calls();
    const r = await f.run(argv);
    expect(codes, `rootctl ${argv.join(' ')}: exit ${r.code}\n${r.stderr}`).toContain(r.code);
    const after = await calls();
    const operations = Object.keys(after).filter((op) => after[op] !== (before[op] ?? 0));
    const doc: unknown = JSON.parse(r.stdout);
    seen.push({ type, argv, doc, operations });
    return doc as Record<string, unknown>;
  };

  beforeAll(async () => {
    f = await fixture({ accounts: 40, seed: 5 });
    const s = await f.state();
    const legacy = s.ous.find((o) => o.name === 'Legacy')?.id;
    const members = s.accounts.filter(
      (a) => a.status === 'ACTIVE' && a.id !== s.organization.managementAccountId && a.parentId !== legacy,
    );
    const withCredentials = members.find((a) => rootTargets(a).length > 0)!;
    const withBucket = members.find((a) => a.buckets.some((b) => b.policy))!;
    const withQueue = members.find((a) => a.queues.some((q) => q.policy))!;
    const recovery = members.find((a) => ![withCredentials, withBucket, withQueue].includes(a))!;

    await run('AuditReport', ['audit', '-o', 'json'], [0, 1]);
    await run('AuditReport', ['audit', '-o', 'json'], [0, 1]);
    await run('HistoryList', ['history', '-o', 'json']);
    await run('AuditDiff', ['history', '--diff', '-o', 'json']);
    await run('DoctorReport', ['doctor', '-o', 'json'], [0, 1]);
    const only = ['--accounts', withCredentials.id, '--include-recently-used'];
    await run('Plan', ['remediate', ...only, '-o', 'json']);
    const applied = await run('ApplyResultDocument', ['remediate', ...only, '--yes', '-o', 'json']);
    await run('EvidenceResult', [
      'evidence',
      '--run',
      String(applied.runId),
      '--out',
      join(f.dir, 'ev.zip'),
      '-o',
      'json',
    ]);
    await run('ActivityDocument', ['activity', '--no-session-calls', '-o', 'json'], [0, 1]);
    const opened = await run('ExceptionOpened', [
      ...['exception', 'open', '--account', recovery.id, '--task', 'password-recovery'],
      ...['--reason', 'docs test', '--yes', '-o', 'json'],
    ]);
    const bucket = withBucket.buckets.find((b) => b.policy)!.name;
    await run('ExceptionOpened', [
      ...['exception', 'open', '--account', withBucket.id, '--task', 'unlock-s3-bucket-policy'],
      ...['--bucket', bucket, '--reason', 'docs test', '--yes', '-o', 'json'],
    ]);
    const queue = withQueue.queues.find((q) => q.policy)!.name;
    const queueUrl = `${f.emu.url}/${withQueue.id}/${queue}`;
    await run('ExceptionOpened', [
      ...['exception', 'open', '--account', withQueue.id, '--task', 'unlock-sqs-queue-policy'],
      ...['--queue-url', queueUrl, '--reason', 'docs test', '--yes', '-o', 'json'],
    ]);
    await run('ExceptionList', ['exception', 'list', '--all', '-o', 'json']);
    await run('JournalRuns', ['journal', '-o', 'json']);
    await run('JournalRun', ['journal', String(opened.runId), '-o', 'json']);
    for (const a of new Set([recovery, withBucket, withQueue]))
      await run('ExceptionClosed', ['exception', 'close', '--account', a.id, '--yes', '-o', 'json']);
    await run('ScpCheckDocument', ['guardrails', 'scp', '--check', '-o', 'json'], [0, 1]);
    // Last, as it turns the organization's features off and on again: undo, then set up again.
    const { delegatedAdministrators } = (await f.state()) as unknown as {
      delegatedAdministrators: { accountId: string }[];
    };
    const admin = delegatedAdministrators[0]!.accountId;
    await run('SetupResultDocument', ['setup', '--profile', 'management', '--undo', '--yes', '-o', 'json']);
    const setup = ['setup', '--profile', 'management', '--delegated-admin', admin];
    await run('SetupPlan', [...setup, '-o', 'json']);
    await run('SetupResultDocument', [...setup, '--yes', '-o', 'json']);
  }, 180_000);
  afterAll(() => f?.close());

  it('every documented document was produced by a run', () => {
    expect([...new Set(seen.map((s) => s.type))].sort()).toEqual(SCHEMAS.map((s) => s.type).sort());
  });

  it('each carries its schemaVersion, kind and documented top-level fields', () => {
    for (const s of seen) expectDocumented(s.doc, s.type);
  });

  it('each new document names its kind', () => {
    const kinds = new Map(seen.map((s) => [s.type, (s.doc as { kind?: unknown }).kind]));
    for (const type of [
      'HistoryList',
      'AuditDiff',
      'JournalRuns',
      'JournalRun',
      'ExceptionOpened',
      'ExceptionList',
      'ExceptionClosed',
      'ScpCheckDocument',
      'EvidenceResult',
    ])
      expect(kinds.get(type), type).toMatch(/^rootctl\.[a-z-]+$/);
  });

  it('makes only AWS calls the permissions reference lists for each command', () => {
    // The counters are read per command: the local-database commands made no call, the others did.
    const ops = (argv: string) => seen.find((s) => s.argv.join(' ').startsWith(argv))!.operations;
    expect(ops('history -o json')).toEqual([]);
    expect(ops('exception open')).toContain('sts:AssumeRoot');
    expect(ops('guardrails scp --check')).toContain('organizations:ListPolicies');
    const ports = readPortDocs(join(root, 'src/core/ports.ts'));
    const unlisted: string[] = [];
    for (const s of seen) {
      const path = s.argv
        .slice(
          0,
          s.argv.findIndex((a) => a.startsWith('-')),
        )
        .join(' ');
      const p = resolvePermissions(permissionsFor(path)!, ports);
      const allowed = new Set([...p.caller, ...p.rootSession.flatMap((r) => r.actions)]);
      for (const op of s.operations) if (!allowed.has(op)) unlisted.push(`rootctl ${path}: ${op}`);
    }
    expect(unlisted, 'add to src/cli/permissions.ts').toEqual([]);
  });
});
