import { afterEach, describe, expect, it } from 'vitest';
import { processIo } from './io.js';

describe('processIo', () => {
  const saved = { stderr: process.stderr.isTTY, stdin: process.stdin.isTTY };
  const tty = (stderr: boolean, stdin: boolean) => {
    Object.defineProperty(process.stderr, 'isTTY', { value: stderr, configurable: true });
    Object.defineProperty(process.stdin, 'isTTY', { value: stdin, configurable: true });
  };
  afterEach(() => tty(saved.stderr, saved.stdin));

  it('shows progress whenever stderr is a terminal, even with stdin redirected', () => {
    tty(true, false);
    expect(processIo()).toMatchObject({ progress: true, interactive: false });
  });

  it('prompts only when stdin is a terminal too', async () => {
    tty(true, true);
    expect(processIo()).toMatchObject({ progress: true, interactive: true });
    tty(false, true);
    expect(processIo()).toMatchObject({ progress: false, interactive: false });
    tty(true, false);
    await expect(processIo().confirm('go?')).rejects.toMatchObject({ code: 'ConfirmationRequired' });
  });
});
