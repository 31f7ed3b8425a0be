/**
 * Apply and verification progress on a terminal (stderr): one line redrawn in place, e.g.
 *   applying 1,204/3,000 accounts · 2,611 deleted · 3 failed · 61.2/s · ETA 0:29
 *   verifying 812/2,997 accounts · 180.4/s · ETA 0:12
 * Accounts that did not end DONE get a line of their own above it, so nothing worth reading is lost.
 */
import type { ApplyEvent } from '../core/execute/types.js';
import { formatEta, type ProgressOptions } from './progress.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export class ApplyProgress {
  private phase: 'applying' | 'verifying' = 'applying';
  private total = 0;
  private done = 0;
  private deleted = 0;
  private failed = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly samples: [number, number][] = [];
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions & { line: (text: string) => void }) {
    this.now = options.now ?? (() => Date.now());
  }

  readonly onEvent = (e: ApplyEvent): void => {
    switch (e.kind) {
      case 'run-started':
        this.start('applying', e.accounts);
        return;
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
        this.start('verifying', e.accounts);
        return;
      case 'verify-progress':
        this.done = e.done;
        break;
      case 'run-finished':
        this.clear();
        return;
      default:
        return;
    }
    this.draw(false);
  };

  private start(phase: 'applying' | 'verifying', total: number): void {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.samples.length = 0;
    this.samples.push([this.now(), 0]);
    this.draw(true);
  }

  /** Accounts per second over the last ~5 seconds. */
  private rate(): number {
    const t = this.now();
    this.samples.push([t, this.done]);
    while (this.samples.length > 2 && t - this.samples[0]![0] > 5000) this.samples.shift();
    const [t0, d0] = this.samples[0]!;
    return t > t0 ? ((this.done - d0) * 1000) / (t - t0) : 0;
  }

  line(): string {
    const rate = this.rate();
    const eta = rate > 0 ? formatEta((this.total - this.done) / rate) : '--:--';
    const parts = [`${this.phase} ${fmt(this.done)}/${fmt(this.total)} accounts`];
    if (this.phase === 'applying') parts.push(`${fmt(this.deleted)} deleted`, `${fmt(this.failed)} failed`);
    parts.push(`${rate.toFixed(1)}/s`, `ETA ${eta}`);
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

  clear(): void {
    if (!this.drawn) return;
    this.drawn = false;
    this.options.write('\r\u001b[2K');
  }
}
