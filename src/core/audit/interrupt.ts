/**
 * An interrupted audit (AuditOptions.signal): no new account starts, the listing stops at its next
 * call, and the calls in flight get a bounded grace to finish. What finished is returned as a report
 * marked `partial`, which callers must not record as a complete audit.
 */
import { RootctlError } from '../errors.js';

/** How long an interrupted audit waits for the calls in flight before returning without them. */
export const DEFAULT_INTERRUPT_GRACE_MS = 5000;

export function interruptedError(): RootctlError {
  return new RootctlError('Interrupted', 'The audit was interrupted.', {
    hint: 'Run the audit again when ready; an interrupted audit is not saved as complete.',
  });
}

/** Throws once the signal has fired (before a listing call, so the walk stops). */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interruptedError();
}

/**
 * `work` once it settles, or, after the signal fires, `undefined` if it has not settled within
 * `graceMs` (a hung call must not hold an interrupted command up).
 */
export async function settleWithinGrace<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  graceMs: number,
): Promise<T | undefined> {
  if (!signal) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const expired = new Promise<undefined>((resolve) => {
    const arm = () => (timer = setTimeout(() => resolve(undefined), graceMs));
    if (signal.aborted) arm();
    else signal.addEventListener('abort', (onAbort = arm), { once: true });
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
