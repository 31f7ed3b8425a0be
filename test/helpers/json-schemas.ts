/**
 * The JSON schemas as documented in docs/generated/json-schemas.md (which test/docs.test.ts keeps equal
 * to the types), so a test can hold a command's real `--output json` to what the reference promises.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export interface DocumentedField {
  path: string;
  type: string;
  optional: boolean;
}

export interface DocumentedSchema {
  type: string;
  command: string;
  fields: DocumentedField[];
}

const ROOT = join(import.meta.dirname, '../..');

/** Type name -> its documented command and fields. */
export function documentedSchemas(): Map<string, DocumentedSchema> {
  const text = readFileSync(join(ROOT, 'docs/generated/json-schemas.md'), 'utf8');
  const out = new Map<string, DocumentedSchema>();
  let current: DocumentedSchema | undefined;
  for (const line of text.split('\n')) {
    const intro = /^`(.+)` prints `(\w+)` from `/.exec(line);
    if (intro) {
      current = { command: intro[1]!, type: intro[2]!, fields: [] };
      out.set(current.type, current);
      continue;
    }
    const row = /^\| `([^`]+)` \| `(.*)` \|/.exec(line);
    if (row && current) {
      const optional = row[1]!.endsWith('?');
      current.fields.push({
        path: optional ? row[1]!.slice(0, -1) : row[1]!,
        type: row[2]!.replace(/\\\|/g, '|'),
        optional,
      });
    }
  }
  return out;
}

let cache: Map<string, DocumentedSchema> | undefined;

/**
 * `doc` is the document the reference describes as `typeName`: its schemaVersion and kind are the
 * documented literals, every required top-level field is there, and it has no undocumented one.
 */
export function expectDocumented(doc: unknown, typeName: string): void {
  cache ??= documentedSchemas();
  const schema = cache.get(typeName);
  expect(schema, `${typeName} is not in docs/generated/json-schemas.md`).toBeDefined();
  expect(typeof doc === 'object' && doc !== null && !Array.isArray(doc), `${typeName}: a JSON object`).toBe(
    true,
  );
  const d = doc as Record<string, unknown>;
  const top = schema!.fields.filter((f) => !f.path.includes('.') && !f.path.includes('['));
  const version = top.find((f) => f.path === 'schemaVersion');
  expect(version, `${typeName} documents no schemaVersion`).toBeDefined();
  expect(d.schemaVersion, `${schema!.command}: schemaVersion`).toBe(Number(version!.type));
  const kind = top.find((f) => f.path === 'kind');
  if (kind) expect(d.kind, `${schema!.command}: kind`).toBe(JSON.parse(kind.type));
  const missing = top.filter((f) => !f.optional && !(f.path in d)).map((f) => f.path);
  expect(missing, `${schema!.command}: documented fields missing from the output`).toEqual([]);
  const documented = new Set(top.map((f) => f.path));
  const extra = Object.keys(d).filter((k) => !documented.has(k));
  expect(extra, `${schema!.command}: fields in the output that the reference does not document`).toEqual([]);
}
