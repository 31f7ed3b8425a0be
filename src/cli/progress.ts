/**
 * Audit progress on a terminal (stderr): one line redrawn in place with accounts done / total,
 * errors so far, rate over the last seconds, ETA and accounts in flight. The CLI creates it only
 * when stderr is a TTY and --quiet is not given; it never writes to stdout.
 */
import type { AuditEvent } from '../core/audit/types.js';

export interface ProgressOptions {
  write: (text: string) => void;
  now?: () => number;
  /** Minimum milliseconds between redraws. */
  intervalMs?: number;
  /** Terminal width, to keep the line from wrapping. */
  columns?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export class AuditProgress {
  private done = 0;
  private total = 0;
  private errors = 0;
  private inFlight = 0;
  private listingComplete = false;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  /** (time, done) samples for the rate over a sliding window. */
  private readonly samples: [number, number][] = [];
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  readonly onEvent = (e: AuditEvent): void => {
    switch (e.kind) {
      case 'started':
        this.samples.push([this.now(), 0]);
        this.draw(true);
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
    this.draw(false);
  };

  /** The rate in accounts per second over the last ~5 seconds. */
  rate(): number {
    const t = this.now();
    this.samples.push([t, this.done]);
    while (this.samples.length > 2 && t - this.samples[0]![0] > 5000) this.samples.shift();
    const [t0, d0] = this.samples[0]!;
    return t > t0 ? ((this.done - d0) * 1000) / (t - t0) : 0;
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
    const text = parts.join(' · ');
    const width = (this.options.columns ?? 120) - 1;
    return text.length > width ? text.slice(0, width) : text;
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < (this.options.intervalMs ?? 150)) return;
    this.lastDraw = t;
    this.drawn = true;
    this.options.write(`\r\u001b[2K${this.line()}`);
  }

  /** Removes the line (before results or errors are printed). */
  clear(): void {
    if (!this.drawn) return;
    this.drawn = false;
    this.options.write('\r\u001b[2K');
  }
}
