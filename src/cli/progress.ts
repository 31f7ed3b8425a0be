/**
 * Progress on a terminal (stderr): one line redrawn in place, for every phase longer than a second.
 *   auditing 100/200 accounts · 3 errors · 50.0/s · ETA 0:02 · 12 in flight
 *   applying 1,204/3,000 accounts · 2,611 deleted · 3 failed · 61.2/s · ETA 0:29
 *   verifying 812/2,997 accounts · 180.4/s · ETA 0:12
 *   reading the OU tree and SCPs · 1,240 accounts listed · 0:07
 * One drawer (`LineDrawer`: redraw pacing, width, clearing, lines printed above it) under three
 * renderings of the library's events: the audit's, the apply's and the readiness reads of doctor and
 * setup. The CLI creates them only when stderr is a TTY and --quiet is not given; they never write to
 * stdout.
 */
import type { AuditEvent } from '../core/audit/types.js';
import type { DoctorEvent } from '../core/doctor/types.js';
import type { ApplyEvent } from '../core/execute/types.js';
import type { CliIo } from './io.js';

export interface ProgressOptions {
  write: (text: string) => void;
  now?: () => number;
  /** Minimum milliseconds between redraws. */
  intervalMs?: number;
  /** Terminal width, to keep the line from wrapping. */
  columns?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const CLEAR_LINE = '\r\u001b[2K';

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The one line drawer: redraws at most every `intervalMs`, cut to the terminal's width. */
export class LineDrawer {
  readonly now: () => number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  /** (time, done) samples for the rate over a sliding window. */
  private readonly samples: [number, number][] = [];

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Draws `line()` unless the last draw was under `intervalMs` ago (`force` draws anyway). */
  draw(line: () => string, force = false): void {
    const t = this.now();
    if (!force && t - this.lastDraw < (this.options.intervalMs ?? 150)) return;
    this.lastDraw = t;
    this.drawn = true;
    this.options.write(`${CLEAR_LINE}${this.fit(line())}`);
  }

  fit(text: string): string {
    const width = (this.options.columns ?? 120) - 1;
    return text.length > width ? text.slice(0, width) : text;
  }

  /** Removes the line (before results, errors or a line of its own are printed). */
  clear(): void {
    if (!this.drawn) return;
    this.drawn = false;
    this.options.write(CLEAR_LINE);
  }

  /** Starts a new rate window at `done`. */
  restartRate(done = 0): void {
    this.samples.length = 0;
    this.samples.push([this.now(), done]);
  }

  /** Items per second over the last ~5 seconds. */
  rate(done: number): number {
    const t = this.now();
    this.samples.push([t, done]);
    while (this.samples.length > 2 && t - this.samples[0]![0] > 5000) this.samples.shift();
    const [t0, d0] = this.samples[0]!;
    return t > t0 ? ((done - d0) * 1000) / (t - t0) : 0;
  }
}

export class AuditProgress {
  private done = 0;
  private total = 0;
  private errors = 0;
  private inFlight = 0;
  private listingComplete = false;
  private readonly drawer: LineDrawer;

  constructor(options: ProgressOptions) {
    this.drawer = new LineDrawer(options);
  }

  readonly onEvent = (e: AuditEvent): void => {
    switch (e.kind) {
      case 'started':
        this.drawer.restartRate();
        this.drawer.draw(() => this.line(), true);
        return;
      case 'discovered':
        this.total = e.total;
        break;
      case 'listing-complete':
        this.total = e.total;
        this.listingComplete = true;
        break;
      case 'account-done':
        this.done = e.done;
        this.total = Math.max(this.total, e.total);
        this.errors = e.errors;
        this.inFlight = e.inFlight;
        break;
      case 'finished':
        this.clear();
        return;
      case 'throttled':
        return;
    }
    this.drawer.draw(() => this.line());
  };

  /** The rate in accounts per second over the last ~5 seconds. */
  rate(): number {
    return this.drawer.rate(this.done);
  }

  line(): string {
    const rate = this.rate();
    const total = `${fmt(this.total)}${this.listingComplete ? '' : '+'}`;
    const eta = this.listingComplete && rate > 0 ? formatEta((this.total - this.done) / rate) : '--:--';
    const parts = [
      `auditing ${fmt(this.done)}/${total} accounts`,
      `${fmt(this.errors)} error${this.errors === 1 ? '' : 's'}`,
      `${rate.toFixed(1)}/s`,
      `ETA ${eta}`,
      `${this.inFlight} in flight`,
    ];
    if (!this.listingComplete) parts.push('listing the organization');
    return this.drawer.fit(parts.join(' · '));
  }

  clear(): void {
    this.drawer.clear();
  }
}

/**
 * Apply and verification. Accounts that did not end DONE get a line of their own above the progress
 * line (`line`), so nothing worth reading is lost.
 */
export class ApplyProgress {
  private phase: 'applying' | 'verifying' = 'applying';
  private total = 0;
  private done = 0;
  private deleted = 0;
  private failed = 0;
  private readonly drawer: LineDrawer;

  constructor(private readonly options: ProgressOptions & { line: (text: string) => void }) {
    this.drawer = new LineDrawer(options);
  }

  readonly onEvent = (e: ApplyEvent): void => {
    switch (e.kind) {
      case 'run-started':
        return this.start('applying', e.accounts);
      case 'step':
        if (e.action === 'AssumeRoot' || e.action === 'Verify') break;
        if (e.outcome === 'done') this.deleted++;
        else if (e.outcome === 'failed') this.failed++;
        break;
      case 'account-finished':
        this.done++;
        if (e.result.status !== 'done') {
          this.clear();
          const r = e.result;
          this.options.line(
            `  ${r.status}  ${r.accountId} (${r.accountName})${r.diagnosis ? `: ${r.diagnosis}` : ''}`,
          );
        }
        break;
      case 'verifying':
        return this.start('verifying', e.accounts);
      case 'verify-progress':
        this.done = e.done;
        break;
      case 'run-finished':
        return this.clear();
      default:
        return;
    }
    this.drawer.draw(() => this.line());
  };

  private start(phase: 'applying' | 'verifying', total: number): void {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.drawer.restartRate();
    this.drawer.draw(() => this.line(), true);
  }

  line(): string {
    const rate = this.drawer.rate(this.done);
    const eta = rate > 0 ? formatEta((this.total - this.done) / rate) : '--:--';
    const parts = [`${this.phase} ${fmt(this.done)}/${fmt(this.total)} accounts`];
    if (this.phase === 'applying') parts.push(`${fmt(this.deleted)} deleted`, `${fmt(this.failed)} failed`);
    parts.push(`${rate.toFixed(1)}/s`, `ETA ${eta}`);
    return this.drawer.fit(parts.join(' · '));
  }

  clear(): void {
    this.drawer.clear();
  }
}

/**
 * The readiness reads of doctor and setup (caller, organization, delegated administrators, features,
 * OU tree, SCPs): what is being read, the accounts listed so far and the time since the start. The
 * caller clears it when the use case returns.
 */
export class ReadinessProgress {
  private reading = 'starting';
  private listed = 0;
  private started: number | undefined;
  private readonly drawer: LineDrawer;

  constructor(options: ProgressOptions) {
    this.drawer = new LineDrawer(options);
  }

  readonly onEvent = (e: DoctorEvent): void => {
    this.started ??= this.drawer.now();
    if (e.kind === 'reading') {
      this.reading = e.what;
      this.drawer.draw(() => this.line(), true);
      return;
    }
    this.listed = e.listed;
    this.drawer.draw(() => this.line());
  };

  line(): string {
    const elapsed = formatEta(
      ((this.started === undefined ? 0 : this.drawer.now() - this.started) / 1000) | 0,
    );
    const parts = [`reading ${this.reading}`];
    if (this.listed > 0) parts.push(`${fmt(this.listed)} accounts listed`);
    parts.push(elapsed);
    return this.drawer.fit(parts.join(' · '));
  }

  clear(): void {
    this.drawer.clear();
  }
}

/**
 * Doctor's and setup's progress on a terminal, or undefined (stderr not a terminal, or --quiet): pass
 * `onEvent` to the use case and clear it when the use case returns.
 */
export function readinessProgress(io: CliIo, quiet: boolean | undefined): ReadinessProgress | undefined {
  if (!io.progress || quiet) return undefined;
  return new ReadinessProgress({
    write: (t) => (io.draw ? io.draw(t) : void process.stderr.write(t)),
    columns: process.stderr.columns,
  });
}

/** Runs `read` with the progress line's event sink, and clears the line when it ends (or fails). */
export async function withProgress<T>(
  progress: ReadinessProgress | undefined,
  read: (events: { onEvent?: (e: DoctorEvent) => void }) => Promise<T>,
): Promise<T> {
  try {
    return await read(progress ? { onEvent: progress.onEvent } : {});
  } finally {
    progress?.clear();
  }
}
