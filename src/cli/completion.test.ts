import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { completionScript } from './completion-script.js';
import { SILENT_IO } from './io.js';
import { buildProgram } from './main.js';

const io = SILENT_IO;

function complete(script: string, words: string[]): string[] {
  const line = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _rootctl_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', line], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('shell completion', () => {
  const script = completionScript(
    buildProgram(io, () => {}),
    'bash',
  );

  it('completes top-level commands from the live command tree', () => {
    expect(complete(script, ['rootctl', 'gu'])).toEqual(['guardrails']);
    expect(complete(script, ['rootctl', ''])).toEqual(
      expect.arrayContaining(['audit', 'doctor', 'remediate', 'completion']),
    );
  });

  it('completes subcommands and flags of the command being typed', () => {
    expect(complete(script, ['rootctl', 'guardrails', ''])).toEqual(
      expect.arrayContaining(['operator-policy', 'alerting', 'scp']),
    );
    expect(complete(script, ['rootctl', 'completion', '--h'])).toEqual(['--help']);
  });

  it('completes the fixed values of an argument: completion bash|zsh', () => {
    expect(complete(script, ['rootctl', 'completion', ''])).toEqual(expect.arrayContaining(['bash', 'zsh']));
    expect(complete(script, ['rootctl', 'completion', 'z'])).toEqual(['zsh']);
  });

  it("never assigns zsh's special `path` (the PATH array) in the shared function", () => {
    expect(script).not.toMatch(/\bpath=/);
  });

  it('produces a zsh script that loads bash completion', () => {
    expect(
      completionScript(
        buildProgram(io, () => {}),
        'zsh',
      ),
    ).toMatch(/^#compdef rootctl/);
  });
});
