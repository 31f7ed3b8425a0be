/**
 * A tiny HCL (Terraform) writer: blocks with labels, attributes, nested blocks, `#` comments, and
 * values that are literals, raw expressions (references like aws_sns_topic.x.arn) or function calls
 * (jsonencode). Strings are escaped for HCL templates: `${` and `%{` are doubled so a policy
 * variable such as ${aws:PrincipalAccount} is not read as an interpolation.
 */

export interface HclExpr {
  readonly kind: 'hcl-expr';
  readonly expr: string;
}
export interface HclCall {
  readonly kind: 'hcl-call';
  readonly fn: string;
  readonly arg: HclValue;
}
export type HclValue =
  string | number | boolean | null | HclExpr | HclCall | HclValue[] | { [key: string]: HclValue };

export interface HclBlock {
  type: string;
  labels: string[];
  comment?: string[];
  attributes: Record<string, HclValue>;
  blocks?: HclBlock[];
}

/** The `terraform { required_providers { aws = ... } }` block every generated Terraform file starts with. */
export const awsProviderRequirement = (): HclBlock => ({
  type: 'terraform',
  labels: [],
  attributes: {},
  blocks: [
    {
      type: 'required_providers',
      labels: [],
      attributes: { aws: { source: 'hashicorp/aws', version: '>= 5.0' } },
    },
  ],
});

export const expr = (e: string): HclExpr => ({ kind: 'hcl-expr', expr: e });
export const call = (fn: string, arg: HclValue): HclCall => ({ kind: 'hcl-call', fn, arg });

function isSpecial(v: HclValue): v is HclExpr | HclCall {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    'kind' in v &&
    (v.kind === 'hcl-expr' || v.kind === 'hcl-call')
  );
}

export function hclString(s: string): string {
  return JSON.stringify(s)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

function hclKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : hclString(k);
}

function value(v: HclValue, indent: number): string {
  const pad = ' '.repeat(indent);
  if (v === null) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isSpecial(v)) return v.kind === 'hcl-expr' ? v.expr : `${v.fn}(${value(v.arg, indent)})`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x !== 'object' || x === null || isSpecial(x)) && v.length <= 1)
      return `[${value(v[0]!, indent)}]`;
    return `[\n${v.map((x) => `${pad}  ${value(x, indent + 2)},`).join('\n')}\n${pad}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${pad}  ${hclKey(k)} = ${value(x, indent + 2)}`).join('\n')}\n${pad}}`;
}

function renderBlock(b: HclBlock, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = (b.comment ?? []).map((c) => `${pad}# ${c}`.trimEnd());
  out.push(`${pad}${b.type}${b.labels.map((l) => ` ${hclString(l)}`).join('')} {`);
  for (const [k, v] of Object.entries(b.attributes)) out.push(`${pad}  ${k} = ${value(v, indent + 2)}`);
  for (const nested of b.blocks ?? []) out.push(...renderBlock(nested, indent + 2));
  out.push(`${pad}}`);
  return out;
}

/** Renders top-level blocks separated by blank lines, with a header comment. */
export function toHcl(blocks: HclBlock[], header: string[] = []): string {
  const parts = [
    header.map((h) => `# ${h}`.trimEnd()).join('\n'),
    ...blocks.map((b) => renderBlock(b, 0).join('\n')),
  ].filter((p) => p.length > 0);
  return parts.join('\n\n') + '\n';
}
