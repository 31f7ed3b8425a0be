/**
 * Reads the IAM actions of every port method from the doc comments of src/core/ports.ts, where each
 * method names the AWS operation it makes (`organizations:ListPolicies + DescribePolicy`,
 * `iam:EnableX / iam:EnableY`). A bare operation after `+`, `/` or `,` keeps the service before it.
 * Build-time only: it needs the TypeScript compiler and the sources, which the package does not ship.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export interface PortMethodDoc {
  /** `Interface.method` */
  key: string;
  actions: string[];
  doc: string;
}

const ACTION = /([a-z0-9-]+):([A-Z][A-Za-z0-9]*)|(?<=[+/,]\s*)([A-Z][A-Za-z0-9]+)/g;

export function actionsIn(comment: string): string[] {
  const actions: string[] = [];
  let service: string | undefined;
  for (const m of comment.matchAll(ACTION)) {
    if (m[1] !== undefined && m[2] !== undefined) {
      service = m[1];
      actions.push(`${m[1]}:${m[2]}`);
    } else if (m[3] !== undefined && service !== undefined) {
      actions.push(`${service}:${m[3]}`);
    }
  }
  return [...new Set(actions)];
}

export function readPortDocs(portsFile: string): Map<string, PortMethodDoc> {
  const source = ts.createSourceFile(
    portsFile,
    readFileSync(portsFile, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
  );
  const out = new Map<string, PortMethodDoc>();
  for (const stmt of source.statements) {
    if (!ts.isInterfaceDeclaration(stmt)) continue;
    for (const member of stmt.members) {
      if (!ts.isMethodSignature(member) || member.name === undefined) continue;
      const name = member.name.getText(source);
      const doc = ts
        .getJSDocCommentsAndTags(member)
        .map((d) =>
          typeof d.comment === 'string' ? d.comment : (d.comment ?? []).map((c) => c.text).join(''),
        )
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      const key = `${stmt.name.text}.${name}`;
      out.set(key, { key, actions: actionsIn(doc), doc });
    }
  }
  return out;
}
