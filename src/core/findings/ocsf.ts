/**
 * `rootctl audit --output ocsf`: one OCSF 1.8.0 Compliance Finding (class_uid 2003, category 2
 * Findings) per account and check, as a JSON array. `finding_info.uid` is stable across runs
 * (organization, account, check id), so a SIEM can follow one finding over time.
 * Reference: https://schema.ocsf.io/1.8.0/classes/compliance_finding; validated in tests against the
 * JSON Schema compiled from the OCSF sources (test/fixtures/ocsf).
 */
import type { AuditReport } from '../audit/model.js';
import { partitionForRegion } from '../model/arn.js';
import { cisLabel } from '../checks/types.js';
import { evaluateChecks, type CheckResult, type CheckSeverity, type CheckStatus } from './checks.js';
import { credentialSummary, findingUid } from './ids.js';

export const OCSF_VERSION = '1.8.0';
const CLASS_UID = 2003;
const CATEGORY_UID = 2;
const ACTIVITY_CREATE = 1;

const SEVERITY_ID: Record<CheckSeverity, number> = {
  informational: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};
const SEVERITY_NAME = ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical'];

/** compliance.status_id: 0 Unknown, 1 Pass, 3 Fail. */
const COMPLIANCE_STATUS: Record<Exclude<CheckStatus, 'not_applicable'>, [number, string]> = {
  pass: [1, 'Pass'],
  fail: [3, 'Fail'],
  unknown: [0, 'Unknown'],
};

export type OcsfComplianceFinding = Record<string, unknown> & { class_uid: 2003 };

export function ocsfFindings(report: AuditReport): OcsfComplianceFinding[] {
  return evaluateChecks(report).map((r) => ocsfFinding(report, r));
}

export function renderOcsf(report: AuditReport): string {
  return `${JSON.stringify(ocsfFindings(report), null, 2)}\n`;
}

function ocsfFinding(report: AuditReport, result: CheckResult): OcsfComplianceFinding {
  const { check, account, status } = result;
  const region = report.metadata.region;
  const severity = status === 'fail' ? SEVERITY_ID[check.severity] : SEVERITY_ID.informational;
  const [complianceStatusId, complianceStatus] = COMPLIANCE_STATUS[status];
  const time = Date.parse(account.auditedAt);
  return {
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severity,
    severity: SEVERITY_NAME[severity],
    // Finding status: a passing check needs no triage (Security Hub marks such findings RESOLVED).
    status_id: status === 'pass' ? 4 : 1,
    status: status === 'pass' ? 'Resolved' : 'New',
    message: `${check.title}: ${complianceStatus.toLowerCase()} for ${account.accountName} (${account.accountId})`,
    ...(status === 'unknown' ? { status_detail: account.error?.diagnosis ?? result.reason } : {}),
    metadata: {
      version: OCSF_VERSION,
      product: {
        name: 'rootctl',
        vendor_name: 'rootctl',
        version: report.metadata.rootctlVersion,
        feature: { name: 'audit' },
      },
      profiles: ['cloud'],
      log_name: 'rootctl audit',
    },
    cloud: {
      provider: 'AWS',
      cloud_partition: partitionForRegion(region),
      region,
      org: { uid: report.organizationId },
    },
    finding_info: {
      uid: findingUid(report.organizationId, account.accountId, check.id),
      title: check.title,
      desc: check.description,
      types: ['Software and Configuration Checks/AWS Security Best Practices'],
      last_seen_time: time,
      product_uid: 'rootctl',
      analytic: { uid: check.id, name: check.id, type_id: 1, type: 'Rule' },
    },
    compliance: {
      control: check.id,
      status_id: complianceStatusId,
      status: complianceStatus,
      standards: ['rootctl centralized root access', ...(check.cis ?? []).map(cisLabel)],
      ...(status === 'fail'
        ? { status_detail: account.root ? credentialSummary(account) : result.reason }
        : {}),
    },
    remediation: { desc: check.remediation.replace('<id>', account.accountId) },
    resources: [
      {
        uid: account.accountId,
        name: account.accountName,
        type: 'AWS::::Account',
        cloud_partition: partitionForRegion(region),
        region,
        labels: [`ouPath:${account.ouPath}`],
      },
    ],
  };
}
