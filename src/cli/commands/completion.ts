import { Argument } from 'commander';
import { completionScript } from '../completion-script.js';
import type { CommandSpec } from '../main.js';

/** `rootctl completion bash|zsh`: prints a completion script built from the command tree. */
export const completionCommand: CommandSpec = {
  register(program, io) {
    program
      .command('completion')
      .description('print a shell completion script')
      .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
      .addHelpText(
        'after',
        '\nExamples:\n  eval "$(rootctl completion bash)"     # in ~/.bashrc\n  eval "$(rootctl completion zsh)"      # in ~/.zshrc',
      )
      .action((shell: 'bash' | 'zsh') => {
        io.out(completionScript(program, shell));
      });
  },
};
