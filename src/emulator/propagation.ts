/**
 * Eventual consistency of the organization's access settings. AWS applies IAM trusted access and
 * delegated-administrator changes after a delay: live captures (radkawar/stackd,
 * testdata/aws/iam/root_sessions.json) show regional STS still issuing AssumeRoot 60 s after trusted
 * access was disabled (denied at 180 s), and a deregistered delegate allowed again at 15 s. With
 * `propagationDelayMs` > 0 the eventually consistent readers (AssumeRoot's eligibility, the
 * Organizations reads of trusted access and delegated administrators) see the state as it was that
 * long ago on the emulator's clock; writes and their preconditions always see the current state.
 * The IAM features themselves take effect at once (the same captures deny AssumeRoot within a
 * second of a feature being disabled, and issue it within a second of one being enabled).
 */

export interface DelegatedAdministratorState {
  accountId: string;
  servicePrincipal: string;
  delegationEnabledDate: string;
}

/** What the eventually consistent readers see. */
export interface AccessView {
  serviceAccess: ReadonlyMap<string, string>;
  delegatedAdministrators: readonly DelegatedAdministratorState[];
}

interface Entry {
  /** Emulator time (epoch ms) the state was written. */
  at: number;
  view: AccessView;
}

export class AccessHistory {
  /** 0: every reader sees each change at once. */
  delayMs = 0;
  private entries: Entry[];

  constructor(initial: AccessView) {
    this.entries = [{ at: Number.NEGATIVE_INFINITY, view: copy(initial) }];
  }

  /** Call after each change of trusted access or delegated administrators. */
  changed(current: AccessView, now: number): void {
    this.entries.push({ at: now, view: copy(current) });
    this.prune(now);
  }

  /** The state a reader sees at `now`: the latest written at least `delayMs` ago. */
  view(current: AccessView, now: number): AccessView {
    if (this.delayMs <= 0) return current;
    const cutoff = now - this.delayMs;
    let seen = this.entries[0]!.view;
    for (const e of this.entries) if (e.at <= cutoff) seen = e.view;
    return seen;
  }

  /** A bounded history: enough for any delay a test sets, flat memory in long runs. */
  private prune(now: number): void {
    const cutoff = now - Math.max(this.delayMs, 0);
    // Entries older than the newest visible one can only matter if the delay is raised later.
    if (this.entries.length <= 1000) return;
    const visible = this.entries.findLastIndex((e) => e.at <= cutoff);
    this.entries = this.entries.slice(Math.max(0, Math.min(visible, this.entries.length - 1000)));
  }
}

function copy(v: AccessView): AccessView {
  return {
    serviceAccess: new Map(v.serviceAccess),
    delegatedAdministrators: v.delegatedAdministrators.map((d) => ({ ...d })),
  };
}
