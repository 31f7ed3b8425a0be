/**
 * `rootctl audit --output asff`: AWS Security Finding Format (SchemaVersion 2018-10-08), one finding
 * per account and check, for BatchImportFindings under the importing account's default product
 * (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`). With the default
 * product, AwsAccountId must be the importing account, so the audited member account is the
 * finding's resource (`AWS::::Account:<id>`), not its AwsAccountId.
 * References: https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html,
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html
 */
import type { AuditReport } from '../audit/model.js';
import { accountOfArn, parseArn, partitionForRegion } from '../model/arn.js';
import { RootctlError } from '../errors.js';
import { cisLabel } from '../checks/types.js';
import { evaluateChecks, type CheckResult, type CheckSeverity, type CheckStatus } from './checks.js';
import { credentialSummary, findingUid } from './ids.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
const FINDING_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

export type AsffComplianceStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';
export type AsffSeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** The fields rootctl writes (a subset of AwsSecurityFinding, typed as the Security Hub API names them). */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: AsffSeverityLabel; Original: string };
  FindingProviderFields: { Severity: { Label: AsffSeverityLabel; Original: string }; Types: string[] };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string } };
  ProductFields: Record<string, string>;
  Resources: {
    Type: 'AwsAccount';
    Id: string;
    Partition: string;
    Region: string;
    Details: { Other: Record<string, string> };
  }[];
  Compliance: {
    Status: AsffComplianceStatus;
    RelatedRequirements?: string[];
    StatusReasons?: { ReasonCode: string; Description: string }[];
  };
  Workflow: { Status: 'NEW' | 'RESOLVED' };
  RecordState: 'ACTIVE' | 'ARCHIVED';
}

const LABEL: Record<CheckSeverity, AsffSeverityLabel> = {
  informational: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

const COMPLIANCE: Record<Exclude<CheckStatus, 'not_applicable'>, AsffComplianceStatus> = {
  pass: 'PASSED',
  fail: 'FAILED',
  unknown: 'NOT_AVAILABLE',
};

/** The importing account's default product ARN. */
export function defaultProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** The account the audit ran as (its findings are imported there). */
export function importingAccount(report: AuditReport): string {
  const account = accountOfArn(report.metadata.callerArn);
  if (!account)
    throw new RootctlError(
      'InvalidInput',
      `The audit's caller ARN '${report.metadata.callerArn}' names no account; ASFF findings need one.`,
    );
  return account;
}

export function asffFindings(report: AuditReport): AsffFinding[] {
  const account = importingAccount(report);
  const region = report.metadata.region;
  const partition = parseArn(report.metadata.callerArn)?.partition ?? partitionForRegion(region);
  const productArn = defaultProductArn(partition, region, account);
  return evaluateChecks(report).map((r) =>
    asffFinding(report, r, { account, region, partition, productArn }),
  );
}

export function renderAsff(report: AuditReport): string {
  return `${JSON.stringify(asffFindings(report), null, 2)}\n`;
}

interface Where {
  account: string;
  region: string;
  partition: string;
  productArn: string;
}

function asffFinding(report: AuditReport, result: CheckResult, where: Where): AsffFinding {
  const { check, account, status } = result;
  const label = status === 'fail' ? LABEL[check.severity] : 'INFORMATIONAL';
  const severity = { Label: label, Original: check.severity.toUpperCase() };
  const passed = status === 'pass';
  const reasons =
    status !== 'unknown'
      ? {}
      : account.error
        ? { StatusReasons: [{ ReasonCode: account.error.code, Description: account.error.diagnosis }] }
        : { StatusReasons: [{ ReasonCode: 'Unknown', Description: result.reason }] };
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingUid(report.organizationId, account.accountId, check.id),
    ProductArn: where.productArn,
    ProductName: 'Default',
    CompanyName: 'Personal',
    GeneratorId: `rootctl/${check.id}`,
    AwsAccountId: where.account,
    Types: [FINDING_TYPE],
    CreatedAt: account.auditedAt,
    UpdatedAt: account.auditedAt,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: [FINDING_TYPE] },
    Title: `${check.title} (${account.accountName})`,
    Description: `${check.description} Account ${account.accountId} (${account.ouPath}): ${
      status === 'fail'
        ? account.root
          ? credentialSummary(account)
          : result.reason
        : status === 'pass'
          ? 'compliant'
          : account.error
            ? 'could not be audited'
            : result.reason
    }.`.slice(0, 1024),
    Remediation: { Recommendation: { Text: check.remediation.replace('<id>', account.accountId) } },
    ProductFields: {
      'rootctl/CheckId': check.id,
      'rootctl/OrganizationId': report.organizationId,
      'rootctl/OuPath': account.ouPath,
    },
    Resources: [
      {
        Type: 'AwsAccount',
        Id: `AWS::::Account:${account.accountId}`,
        Partition: where.partition,
        Region: where.region,
        Details: { Other: { AccountName: account.accountName, OuPath: account.ouPath } },
      },
    ],
    Compliance: {
      Status: COMPLIANCE[status],
      ...(check.cis?.length ? { RelatedRequirements: check.cis.map(cisLabel) } : {}),
      ...reasons,
    },
    // Security Hub sets a PASSED finding's workflow to RESOLVED; a new failure starts as NEW.
    Workflow: { Status: passed ? 'RESOLVED' : 'NEW' },
    RecordState: passed ? 'ARCHIVED' : 'ACTIVE',
  };
}
