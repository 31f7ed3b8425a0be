/**
 * README.md is written by hand except for blocks between
 *   <!-- BEGIN GENERATED: name -->  and  <!-- END GENERATED: name -->
 * which `npm run docs` fills from the code.
 */
import { anchor, cell, type CommandInfo } from './commands-doc.js';

export function fillBlocks(text: string, blocks: Record<string, string>): string {
  let out = text;
  for (const [name, body] of Object.entries(blocks)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md has no '${begin}' ... '${end}' block.`);
    out = `${out.slice(0, i + begin.length)}\n${body}\n${out.slice(j)}`;
  }
  return out;
}

/** The first example line of a command's help (`  rootctl audit --profile security   # comment`). */
export function firstExample(help: string): string | undefined {
  const m = /^Examples?:\n((?:.*\n?)*)/m.exec(help);
  if (!m?.[1]) return undefined;
  const line = m[1].split('\n').find((l) => /^\s+\S/.test(l) && !/^\s+#/.test(l));
  return line?.replace(/\s+#.*$/, '').trim();
}

export function commandsTable(commands: CommandInfo[]): string {
  const top = commands.filter((c) => !c.hidden && !c.path.includes(' '));
  return [
    '| Command | What it does | Example |',
    '|---|---|---|',
    ...top.map((c) => {
      const subs = commands.filter((s) => !s.hidden && s.path.startsWith(`${c.path} `) && s.leaf);
      const example =
        firstExample(c.help) ?? subs.map((s) => firstExample(s.help)).find((e) => e !== undefined);
      return `| [\`${c.path}\`](docs/generated/commands.md#${anchor(c.path)}) | ${cell(c.description)} | ${example ? `\`${cell(example)}\`` : '—'} |`;
    }),
  ].join('\n');
}
