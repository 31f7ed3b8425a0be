/**
 * Policy evaluation against vectors nobody here wrote the answers for: each file in ./vectors holds a
 * policy from AWS documentation (or the aws-samples SCP examples), the page it came from, and for
 * each request the result that page states, with the sentence that states it ("because").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  evaluateScps,
  type NamedPolicy,
  type PolicyDocument,
  type RequestContext,
} from './evaluate.js';

interface Case {
  request: RequestContext;
  expected: string;
  because: string;
  levels?: { targetId: string; policies: NamedPolicy[] }[];
}
interface VectorFile {
  source: string;
  policy?: PolicyDocument;
  cases: Case[];
}

const dir = join(import.meta.dirname, 'vectors');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('policy evaluation vectors from AWS documentation', () => {
  it('has vectors, each naming its source', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) {
      const v = JSON.parse(readFileSync(join(dir, f), 'utf8')) as VectorFile;
      expect(v.source, f).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|github\.com\/aws-samples)\//);
      expect(v.cases.length, f).toBeGreaterThan(0);
    }
  });

  for (const f of files) {
    const v = JSON.parse(readFileSync(join(dir, f), 'utf8')) as VectorFile;
    describe(f, () => {
      v.cases.forEach((c, i) => {
        it(`case ${i + 1}: ${c.expected} (${c.because.slice(0, 70)})`, () => {
          const got = c.levels
            ? evaluateScps(c.levels, c.request).decision
            : evaluatePolicy(v.policy!, c.request).decision;
          expect(got).toBe(c.expected);
        });
      });
    });
  }
});
