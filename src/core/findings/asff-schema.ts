/**
 * A zod schema of the AwsSecurityFinding fields rootctl writes, built from the Security Hub API
 * model (securityhub 2018-10-26, https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html):
 * the required members (AwsAccountId, CreatedAt, Description, GeneratorId, Id, ProductArn,
 * Resources, SchemaVersion, Title, UpdatedAt), their length limits, the timestamp formats of the API
 * reference's "Timestamps" section, and the enums of Severity.Label, Compliance.Status,
 * Workflow.Status and RecordState. Optional members rootctl does not write are allowed as unknown.
 */
import { z } from 'zod';

const nonBlank = (max?: number) => {
  const s = z.string().regex(/\S/, 'must not be blank');
  return max === undefined ? s : s.max(max);
};

/** YYYY-MM-DDTHH:MM:SS, up to 9 fraction digits, Z or an offset up to +/-18:00 (with or without colon). */
export const ASFF_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-](0\d|1[0-8]):?[0-5]\d)$/;
const timestamp = z.string().regex(ASFF_TIMESTAMP, 'not a Security Hub timestamp');

const severityLabel = z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const severity = z.object({ Label: severityLabel.optional(), Original: nonBlank().optional() });

const resource = z.object({
  Type: nonBlank(),
  Id: nonBlank(),
  Partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).optional(),
  Region: nonBlank(16).optional(),
  Details: z.object({ Other: z.record(z.string(), z.string()).optional() }).optional(),
});

export const asffFindingSchema = z.looseObject({
  SchemaVersion: z.literal('2018-10-08'),
  Id: nonBlank(512),
  ProductArn: z.string().regex(/^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product\/.+$/),
  GeneratorId: nonBlank(512),
  AwsAccountId: z.string().regex(/^\d{12}$/),
  CreatedAt: timestamp,
  UpdatedAt: timestamp,
  Title: nonBlank(256),
  Description: nonBlank(1024),
  Resources: z.array(resource).min(1).max(32),
  Types: z.array(nonBlank(128)).max(50).optional(),
  Severity: severity.optional(),
  FindingProviderFields: z
    .object({ Severity: severity.optional(), Types: z.array(nonBlank(128)).max(50).optional() })
    .optional(),
  ProductName: nonBlank(128).optional(),
  CompanyName: nonBlank(128).optional(),
  ProductFields: z.record(z.string(), z.string()).optional(),
  Remediation: z.object({ Recommendation: z.object({ Text: nonBlank(512).optional() }) }).optional(),
  Compliance: z
    .object({
      Status: z.enum(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']).optional(),
      RelatedRequirements: z.array(nonBlank()).max(32).optional(),
      StatusReasons: z
        .array(z.object({ ReasonCode: nonBlank(), Description: nonBlank().optional() }))
        .optional(),
    })
    .optional(),
  Workflow: z.object({ Status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']) }).optional(),
  RecordState: z.enum(['ACTIVE', 'ARCHIVED']).optional(),
});
