/**
 * Whether a Ctrl-C now is the way the user was told to stop (`demo --keep-running`, `emulator`), not
 * an interruption of work under way. bin.ts reads it: an expected stop prints no "interrupted" line
 * and exits 0.
 */
let expected = false;

export function expectStopSignal(value: boolean): void {
  expected = value;
}

export function stopSignalExpected(): boolean {
  return expected;
}
