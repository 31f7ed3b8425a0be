import { describe, expect, it } from 'vitest';
import { DOCTOR_CHECKS, runDoctorChecks } from './index.js';
import { asManagement, readyFacts } from './samples.js';

describe('doctor checks composed', () => {
  it('have unique kebab-case ids and issue ids', () => {
    const ids = DOCTOR_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(DOCTOR_CHECKS.map((c) => c.issueId)).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });
  it('a ready organization passes every check that applies, and lists every check once', () => {
    const run = runDoctorChecks(readyFacts());
    expect(run.checks.map((c) => c.id)).toEqual(DOCTOR_CHECKS.map((c) => c.id));
    expect(run.checks.filter((c) => c.status !== 'pass' && c.status !== 'not_applicable')).toEqual([]);
    expect([run.gaps, run.warnings]).toEqual([[], []]);
  });
  it("files a failing check's issues as gaps or warnings by its level, with its check id", () => {
    const run = runDoctorChecks(
      readyFacts({
        caller: asManagement,
        features: { status: 'known', value: { RootCredentialsManagement: false, RootSessions: false } },
      }),
    );
    expect(run.gaps.map((g) => [g.id, g.checkId])).toEqual([
      ['root-credentials-management-off', 'root-credentials-management-enabled'],
    ]);
    expect(run.warnings.map((w) => w.id)).toEqual(['root-sessions-off', 'management-while-delegated']);
  });
});
