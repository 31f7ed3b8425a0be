/**
 * A tiny YAML writer for CloudFormation templates: block mappings and sequences, every string
 * double-quoted (a JSON string is a valid YAML double-quoted scalar, so nothing needs YAML-specific
 * escaping), and `#` comments attached to values with `withComment`. Intrinsics are written in their
 * JSON form ({ Ref: X }, { "Fn::GetAtt": [X, Arn] }) so any YAML parser reads the template without
 * CloudFormation's custom tags.
 */

const COMMENT = Symbol('comment');

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** Attaches comment lines, written above the key that holds `value` (objects and arrays only). */
export function withComment<T extends object>(value: T, lines: string[]): T {
  Object.defineProperty(value, COMMENT, { value: lines, enumerable: false });
  return value;
}

function commentOf(value: YamlValue): string[] {
  return typeof value === 'object' && value !== null
    ? (((value as unknown as Record<symbol, unknown>)[COMMENT] as string[] | undefined) ?? [])
    : [];
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function key(k: string): string {
  return /^[A-Za-z0-9_]+$/.test(k) ? k : JSON.stringify(k);
}

function isEmpty(v: YamlValue): boolean {
  return (
    typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0)
  );
}

function block(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item !== 'object' || item === null || isEmpty(item)) return [`${pad}- ${inline(item)}`];
      const lines = block(item, indent + 2);
      return [`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1)];
    });
  }
  if (typeof value !== 'object' || value === null) return [`${pad}${scalar(value)}`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    for (const c of commentOf(v)) out.push(`${pad}# ${c}`.trimEnd());
    if (typeof v !== 'object' || v === null || isEmpty(v)) out.push(`${pad}${key(k)}: ${inline(v)}`);
    else out.push(`${pad}${key(k)}:`, ...block(v, indent + 2));
  }
  return out;
}

function inline(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return scalar(v);
}

/** Renders a document; `header` lines become a comment block at the top. */
export function toYaml(value: { [key: string]: YamlValue }, header: string[] = []): string {
  const lines = [...header.map((h) => `# ${h}`.trimEnd()), ...block(value, 0)];
  return lines.join('\n') + '\n';
}
