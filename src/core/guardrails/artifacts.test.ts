import { describe, expect, it } from 'vitest';
import { fakeOrgPorts, fakeOrgState, legacyBlockingScp } from '../setup/fake-org.js';
import { alertingArtifact, operatorPolicyArtifact, scpListingArtifact } from './artifacts.js';
import { checkOrganizationScpsWith } from './org-scp-check.js';

const GOV_ROLE = 'arn:aws-us-gov:iam::123456789012:role/Admin';

describe('guardrails artifacts (the library behind rootctl guardrails)', () => {
  it('operator policy: JSON with the notes said around it; the trusted principal is noted as unused', () => {
    const a = operatorPolicyArtifact({ tasks: 'audit,delete', trustedPrincipal: GOV_ROLE });
    const policy = JSON.parse(a.text);
    expect(JSON.stringify(policy)).toContain(
      'arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials',
    );
    expect(a.notes).toEqual(['--trusted-principal is used only with --format cloudformation|terraform.']);
    expect(a.about[0]).toBe('identity policy for the operator role.');
    expect(a.about).toContain('Target accounts: any member account');
    expect(a.warnings).toEqual([]);
  });

  it("operator policy: an explicit --partition must match the trusted principal's", () => {
    const input = {
      tasks: 'audit',
      trustedPrincipal: GOV_ROLE,
      partition: 'aws',
      format: 'terraform' as const,
    };
    expect(() => operatorPolicyArtifact({ ...input, partitionGiven: true })).toThrow(
      "--trusted-principal is in partition 'aws-us-gov' but --partition is 'aws'.",
    );
    const role = operatorPolicyArtifact(input);
    expect(role.text).toContain('arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials');
    expect(role.about[0]).toBe('operator role template.');
  });

  it('a role template needs a trusted principal', () => {
    expect(() => operatorPolicyArtifact({ tasks: 'audit', format: 'cloudformation' })).toThrow(
      /--format cloudformation wraps the policy in a role and needs --trusted-principal/,
    );
  });

  it('alerting: the template and where to deploy it', () => {
    const a = alertingArtifact({ format: 'cloudformation', email: 'secops@example.com' });
    expect(a.text).toContain('AWS::Events::Rule');
    expect(a.about[0]).toBe('alerting template.');
    expect(a.about[1]).toMatch(/^WHERE TO DEPLOY/);
  });

  it('recommended SCPs: the one left out is said after, and --name picks one document', () => {
    const all = scpListingArtifact();
    expect(all.leftOut).toEqual([
      'deny-assume-root-except-operators left out: pass --operator-role-arns <role ARNs> to include DenyAssumeRootExceptOperators.',
    ]);
    const one = scpListingArtifact({ name: 'DenyRootUserExceptRootSessions' });
    expect(JSON.parse(one.text).Statement).toBeDefined();
    expect(one.leftOut).toEqual([]);
    expect(() => scpListingArtifact({ name: 'DenyAssumeRootExceptOperators' })).toThrow(
      /\(it needs --operator-role-arns\)/,
    );
  });
});

describe('checkOrganizationScpsWith (rootctl guardrails scp --check)', () => {
  it('finds the SCP that blocks root sessions and names the organization', async () => {
    const s = fakeOrgState({ scps: [legacyBlockingScp()], delegatedAdmins: ['222222222222'] });
    const r = await checkOrganizationScpsWith(fakeOrgPorts(s).organizations);
    expect(r.report.blocking.map((b) => b.policyId)).toEqual(['p-blocking01']);
    expect(r.hasFindings).toBe(true);
    expect(r.context).toEqual({
      organizationId: s.org!.id,
      managementAccountId: s.org!.managementAccountId,
      delegatedAdminAccountId: '222222222222',
      scpCount: 1,
    });
  });

  it('refuses an organization with consolidated billing only', async () => {
    const s = fakeOrgState();
    s.org!.featureSet = 'CONSOLIDATED_BILLING';
    await expect(checkOrganizationScpsWith(fakeOrgPorts(s).organizations)).rejects.toMatchObject({
      code: 'ConsolidatedBillingOrganization',
    });
  });
});
