import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  askYesNo,
  interruptSignal,
  onInterrupt,
  resetInterruptsForTests,
  untilStopped,
  wasInterrupted,
} from './interrupt.js';

afterEach(() => resetInterruptsForTests());

function hooks() {
  const h = {
    written: [] as string[],
    exits: [] as number[],
    write: (t: string) => void h.written.push(t),
    exit: ((code: number) => void h.exits.push(code)) as (code: number) => never,
  };
  return h;
}

describe('interrupts', () => {
  it('first Ctrl-C fires the signal with a notice; the second exits 130 at once', () => {
    const h = hooks();
    onInterrupt(h);
    expect(interruptSignal().aborted).toBe(true);
    expect(wasInterrupted()).toBe(true);
    expect(h.exits).toEqual([]);
    expect(h.written.join('')).toContain('interrupted; finishing the calls in flight');
    onInterrupt(h);
    expect(h.exits).toEqual([130]);
  });

  it('a Ctrl-C awaited as the way to stop is no interruption', async () => {
    const h = hooks();
    const stopped = untilStopped();
    onInterrupt(h, 'SIGTERM');
    expect(await stopped).toBe('SIGTERM');
    expect(wasInterrupted()).toBe(false);
    expect(h.written).toEqual([]);
  });
});

describe('askYesNo', () => {
  const ask = (input: PassThrough, signal?: AbortSignal) =>
    askYesNo('Go?', input, new PassThrough(), signal ?? new AbortController().signal);

  it.each([
    ['y\n', 'yes'],
    ['YES\n', 'yes'],
    ['n\n', 'no'],
    ['\n', 'no'],
  ])('%j is %s', async (typed, answer) => {
    const input = new PassThrough();
    const asked = ask(input);
    input.write(typed);
    expect(await asked).toBe(answer);
  });

  it('end of input (Ctrl-D) is aborted, not no', async () => {
    const input = new PassThrough();
    const asked = ask(input);
    input.end();
    expect(await asked).toBe('aborted');
  });

  it('an interrupt from elsewhere (kill -INT) while asking is aborted', async () => {
    const ac = new AbortController();
    const asked = ask(new PassThrough(), ac.signal);
    ac.abort();
    expect(await asked).toBe('aborted');
  });
});
