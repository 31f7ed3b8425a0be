/**
 * `rootctl demo`: the whole flow against a generated organization in the embedded emulator. Starts the
 * sandbox, tells the story (story.ts) with real commands, prints what changed, and stops everything it
 * started - or, with keepRunning, leaves the emulator up until Ctrl-C for exploring by hand.
 *
 * ROOTCTL_DEMO_STATE=<file> writes the run's facts and the emulator's final state there as JSON
 * (for tests and for the curious).
 */
import { writeFileSync } from 'node:fs';
import type { CliIo } from '../cli/io.js';
import { paint } from '../cli/io.js';
import { profileEnvLines, shellQuote } from '../emulator/scenario/profiles.js';
import { stateView } from '../emulator/state-view.js';
import { accountsUnder, hasRootCredentials } from './facts.js';
import { runStory, type StepRecord } from './runner.js';
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
import { STORY, storyContext, type StoryContext } from './story.js';

export interface DemoOptions extends SandboxOptions {
  keepRunning: boolean;
  /** Resolves when the user asks to stop (Ctrl-C); the CLI passes a signal listener. */
  untilStopped?: () => Promise<unknown>;
  /** Fires when the user interrupts the demo (Ctrl-C): it stops between steps. */
  signal?: AbortSignal | undefined;
}

function credentialCount(sandbox: Sandbox): number {
  const w = sandbox.emulator.world;
  return [...w.accounts.values()].filter(
    (a) => a.status === 'ACTIVE' && a.id !== w.org?.managementAccountId && hasRootCredentials(w, a.id),
  ).length;
}

function header(io: CliIo, s: Sandbox, accounts: number, seed: number): void {
  io.out(paint(io, 'bold', 'rootctl demo'));
  io.out(
    `A generated organization of ${accounts} accounts (seed ${seed}), served by the embedded AWS emulator at ${s.emulator.url}.`,
  );
  io.out(
    'Nothing here talks to AWS. Each command below is a real rootctl command, run with these settings (the emulator stops when the demo ends; `--keep-running` leaves it up):',
  );
  for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'ROOTCTL_DB'])
    io.out(`  export ${k}=${s.env[k] ?? ''}`);
  io.out('Profiles: management (an admin role in the management account), security (the RootOps role in the');
  io.out(
    'Security account), security-readonly (an auditor role), member (an admin role in a member account).',
  );
}

function closing(io: CliIo, ctx: StoryContext, before: number, records: StepRecord[]): void {
  const s = ctx.sandbox;
  const after = credentialCount(s);
  const ran = records.filter((r) => !r.skipped).length;
  io.out('');
  io.out(paint(io, 'bold', 'What changed'));
  // The emulator's own count: it includes accounts the audit could not look into (blocked by the SCP),
  // which the audit reports as error, not non-compliant - say so, or the numbers seem not to match.
  const blocked = ctx.scp
    ? new Set(ctx.scp.targets.flatMap((t) => accountsUnder(s.emulator.world, t.id)))
    : new Set<string>();
  const blockedWithCredentials = [...blocked].filter((a) => hasRootCredentials(s.emulator.world, a)).length;
  io.out(
    `Member accounts whose root user has credentials (the emulator's own count): ${before} before, ${after} after.`,
  );
  if (blockedWithCredentials > 0 && ctx.scp)
    io.out(
      `${blockedWithCredentials} of them are under ${ctx.scp.name}, where root sessions are denied: the audit reports those as error, not non-compliant.`,
    );
  if (ctx.ou) {
    const left = accountsUnder(s.emulator.world, ctx.ou.id).filter((a) =>
      hasRootCredentials(s.emulator.world, a),
    );
    io.out(
      left.length === 0
        ? `${ctx.ou.name} (${ctx.ou.id}): no root credentials left.`
        : `${ctx.ou.name} (${ctx.ou.id}): ${left.length} accounts still have root credentials (see the plan for why).`,
    );
  }
  if (ctx.scp)
    io.out(
      `${ctx.scp.name} still blocks root sessions into the ${ctx.scp.targets.map((t) => t.name).join(', ')} OU until it exempts aws:AssumedRoot (see \`rootctl guardrails scp\`).`,
    );
  io.out(
    `${ran} of ${records.length} steps ran${ran < records.length ? `; ${records.length - ran} skipped (see above)` : ''}.`,
  );
  io.out(`The files of this run (profiles, database, HTML report) are in ${s.dir}`);
}

function writeState(ctx: StoryContext, records: StepRecord[]): void {
  const file = process.env.ROOTCTL_DEMO_STATE;
  if (!file) return;
  const s = ctx.sandbox;
  const facts = {
    endpoint: s.emulator.url,
    dir: s.dir,
    db: s.db,
    reportPath: ctx.reportPath,
    blockingScp: ctx.scp ?? null,
    remediatedOu: ctx.ou ?? null,
    steps: records,
    state: stateView(s.emulator.world),
  };
  writeFileSync(file, JSON.stringify(facts, null, 2));
}

export async function runDemo(options: DemoOptions, io: CliIo): Promise<void> {
  const sandbox = await startSandbox(options);
  const stopped = () => options.signal?.aborted === true;
  try {
    header(io, sandbox, sandbox.scenario.accounts.length, options.seed);
    const ctx = storyContext(sandbox);
    const before = credentialCount(sandbox);
    const records = await runStory(STORY, ctx, io, stopped);
    closing(io, ctx, before, records);
    writeState(ctx, records);
    if (options.keepRunning && options.untilStopped && !stopped()) {
      io.out('');
      io.out(
        `The emulator keeps running at ${sandbox.emulator.url}. To explore it by hand, in another shell:`,
      );
      for (const line of [
        ...profileEnvLines(sandbox.profiles, 'security'),
        `export ROOTCTL_DB=${shellQuote(sandbox.db)}`,
      ])
        io.out(`  ${line}`);
      io.out('  rootctl audit                          # in a clone of the repository: npx rootctl audit');
      io.out('  aws organizations list-accounts        # the AWS CLI works against it too');
      io.out('Press Ctrl-C to stop it.');
      await options.untilStopped();
      io.out('Stopping the emulator.');
    }
  } finally {
    await sandbox.close();
  }
  if (!options.keepRunning)
    io.out('The emulator has stopped. `rootctl demo --keep-running` leaves it up to explore by hand.');
}
