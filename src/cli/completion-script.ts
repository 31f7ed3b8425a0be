/**
 * Shell completion scripts generated from the live command tree, so they never drift from the CLI.
 * Completes command names, subcommand names, fixed argument values and option flags (option values
 * are left to the shell). `cmdpath`, not `path`: in zsh `path` is the PATH array.
 */
import type { Command } from 'commander';

interface Node {
  path: string;
  commands: string[];
  options: string[];
}

function collect(cmd: Command, prefix: string, out: Node[]): void {
  const subs = cmd.commands.filter((c) => c.name() !== 'help');
  const options = cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
  // Arguments with a fixed set of values (`completion bash|zsh`) complete like subcommands.
  const choices = cmd.registeredArguments.flatMap((a) => a.argChoices ?? []);
  out.push({
    path: prefix,
    commands: [...subs.map((c) => c.name()), ...choices],
    options: [...options, '--help'],
  });
  for (const sub of subs) collect(sub, prefix ? `${prefix} ${sub.name()}` : sub.name(), out);
}

export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const nodes: Node[] = [];
  collect(program, '', nodes);
  const cases = nodes
    .map((n) => `    "${n.path}") words="${[...n.commands, ...n.options].join(' ')}" ;;`)
    .join('\n');
  const body = `_rootctl_complete() {
  local cur cmdpath="" w i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case "\${cmdpath:+$cmdpath }$w" in
${nodes
  .map((n) => `      "${n.path}") cmdpath="${n.path}" ;;`)
  .filter((l) => !l.includes('"" '))
  .join('\n')}
    esac
  done
  local words=""
  case "$cmdpath" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}`;
  if (shell === 'bash')
    return `# rootctl bash completion: eval "$(rootctl completion bash)"\n${body}\ncomplete -F _rootctl_complete rootctl\n`;
  return `#compdef rootctl\n# rootctl zsh completion: eval "$(rootctl completion zsh)"\nautoload -U +X bashcompinit && bashcompinit\n${body}\ncomplete -F _rootctl_complete rootctl\n`;
}
