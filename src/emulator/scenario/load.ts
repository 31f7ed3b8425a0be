/**
 * Reads a scenario file (`rootctl emulator --scenario FILE`) and turns every way it can be wrong -
 * unreadable, not JSON, a wrong field - into one line that names the file and the field, e.g.
 *   scenario.json: accounts[3].parentId: ou-zz99-nothere1 is neither the root (r-ab12) nor an OU id
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { RootctlError } from '../../core/errors.js';
import { ScenarioSchema, type Scenario } from './schema.js';

export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RootctlError(
      'InvalidScenario',
      `${path}: cannot read the scenario file (${code ?? String(e)}).`,
    );
  }
  return parseScenarioText(text, path);
}

/** Parses scenario JSON text; `source` names it in the error (a file name). */
export function parseScenarioText(text: string, source = 'scenario'): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new RootctlError('InvalidScenario', `${source}: not valid JSON: ${jsonErrorWhere(text, e)}.`);
  }
  return validateScenario(value, source);
}

export function validateScenario(value: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(value);
  if (r.success) return r.data;
  throw new RootctlError('InvalidScenario', `${source}: ${describeIssues(r.error.issues, value)}`, {
    details: { issues: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) },
  });
}

/** The first issue, with its field path and the value found, and how many more there are. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const first = issues[0];
  if (!first) return 'invalid scenario';
  const where = formatPath(first.path);
  let message: string = first.message;
  if (first.code === 'unrecognized_keys')
    message = `unknown field${first.keys.length > 1 ? 's' : ''} ${first.keys.map((k) => JSON.stringify(k)).join(', ')} (see docs/scenario.md)`;
  else if (first.code === 'invalid_type' && valueAt(input, first.path) === undefined)
    message = `required field is missing (expected ${first.expected})`;
  else if (first.code !== 'custom') {
    const got = valueAt(input, first.path);
    if (typeof got === 'string' || typeof got === 'number' || typeof got === 'boolean' || got === null) {
      const shown = JSON.stringify(got);
      message += ` (got ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown})`;
    }
  }
  message = message.replace(/\s+/g, ' ');
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${where ? `${where}: ` : ''}${message}${more}`;
}

/** ['accounts', 3, 'root', 'accessKeys', 0, 'id'] -> accounts[3].root.accessKeys[0].id */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** "Unexpected token } in JSON at position 120" -> "... (line 7, column 3)". */
function jsonErrorWhere(text: string, e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = Number(m[1]) - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
