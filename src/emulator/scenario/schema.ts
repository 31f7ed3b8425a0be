/**
 * The scenario format: a whole emulated organization as JSON (`rootctl emulator --scenario FILE`).
 * The generator produces it, the World is built from it, and docs/scenario.md documents every field
 * (a test keeps the two in step). Objects are strict: a misspelt field is an error, not silently
 * ignored. Cross-references (parents, targets, delegated admins) are checked in references.ts.
 * Timestamps are ISO 8601 strings.
 */
import { z } from 'zod';
import { unknownConditionOperators } from '../../core/model/policy/evaluate.js';
import { checkReferences } from './references.js';

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 timestamp, e.g. 2024-05-01T00:00:00Z');
const accountId = z.string().regex(/^\d{12}$/, 'must be an account id of exactly 12 digits');

export const AccessKeySchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Z0-9]{16,128}$/,
      'must be an access key id (16-128 upper-case letters and digits, e.g. AKIAIOSFODNN7EXAMPLE)',
    ),
  status: z.enum(['Active', 'Inactive']).default('Active'),
  createDate: isoDate,
  /** Last use; absent when never used. */
  lastUsed: z.strictObject({ date: isoDate, service: z.string(), region: z.string() }).optional(),
});

export const SigningCertificateSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Z0-9]{24,128}$/, 'must be a certificate id (24-128 upper-case letters and digits)'),
  status: z.enum(['Active', 'Inactive']).default('Active'),
  uploadDate: isoDate,
  body: z.string().default('-----BEGIN CERTIFICATE-----\nMIIEXAMPLE\n-----END CERTIFICATE-----'),
});

export const MfaDeviceSchema = z.strictObject({
  serialNumber: z.string().min(9, 'must be an MFA serial number or ARN (at least 9 characters)'),
  enableDate: isoDate,
  /** Virtual devices have an `arn:...:mfa/...` serial and also appear in ListVirtualMFADevices. */
  virtual: z.boolean().default(true),
});

export const RootCredentialsSchema = z.strictObject({
  /** The root user's console password (login profile), or null. */
  password: z.strictObject({ createDate: isoDate }).nullable().default(null),
  accessKeys: z.array(AccessKeySchema).default([]),
  signingCertificates: z.array(SigningCertificateSchema).default([]),
  mfaDevices: z.array(MfaDeviceSchema).default([]),
});

/** The resource policy as JSON text; absent: no policy. */
const resourcePolicy = z.string().refine(isJsonObject, 'must be a policy document as JSON text').optional();

export const BucketSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)',
    ),
  policy: resourcePolicy,
  /** The bucket's Region; absent: the scenario's. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS Region, e.g. eu-west-1')
    .optional(),
});

export const QueueSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,80}$/,
      'must be an SQS queue name (1-80 letters, digits, hyphens and underscores)',
    ),
  policy: resourcePolicy,
});

export const AccountSchema = z.strictObject({
  id: accountId,
  name: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  email: z.string().min(6, 'must be 6-64 characters').max(64, 'must be 6-64 characters'),
  status: z.enum(['ACTIVE', 'SUSPENDED']).default('ACTIVE'),
  /** The root id or an OU id. */
  parentId: z.string(),
  joinedMethod: z.enum(['INVITED', 'CREATED']).default('CREATED'),
  joinedTimestamp: isoDate.default('2024-01-01T00:00:00Z'),
  root: RootCredentialsSchema.default({
    password: null,
    accessKeys: [],
    signingCertificates: [],
    mfaDevices: [],
  }),
  buckets: z.array(BucketSchema).default([]),
  queues: z.array(QueueSchema).default([]),
});

export const PolicySchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^p-[0-9a-zA-Z_]{8,128}$/,
      'must be a policy id like p-examplepolicy (p- then 8-128 letters, digits or _)',
    ),
  name: z.string().min(1, 'must not be empty'),
  description: z.string().default(''),
  type: z.literal('SERVICE_CONTROL_POLICY').default('SERVICE_CONTROL_POLICY'),
  awsManaged: z.boolean().default(false),
  /** The policy document as JSON text, exactly as DescribePolicy returns it. */
  content: z
    .string()
    .refine(isJsonObject, 'must be a policy document as JSON text')
    .superRefine((text, ctx) =>
      refuseUnknownOperators(
        parsedOrNull(text),
        ctx,
        'Organizations would refuse it: MalformedPolicyDocumentException',
      ),
    ),
  /** Root, OU or account ids it is attached to. */
  targets: z.array(z.string()).default([]),
});

const identityPolicyDocument = z
  .record(z.string(), z.unknown())
  .refine(
    (d) =>
      d.Statement !== undefined &&
      statementList(d.Statement).every((st) => st.Effect === 'Allow' || st.Effect === 'Deny'),
    { message: 'must be an IAM policy document: a Statement whose entries have "Effect": "Allow" or "Deny"' },
  )
  .superRefine((d, ctx) => refuseUnknownOperators(d, ctx, 'IAM would refuse it: MalformedPolicyDocument'));

/** AWS refuses a policy with a condition operator it does not know when the policy is written. */
function refuseUnknownOperators(doc: unknown, ctx: z.RefinementCtx, how: string): void {
  for (const op of unknownConditionOperators(doc))
    ctx.addIssue({
      code: 'custom',
      message: `condition operator '${op}' is not an IAM condition operator (${how})`,
    });
}

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function statementList(st: unknown): Record<string, unknown>[] {
  return (Array.isArray(st) ? st : [st]) as Record<string, unknown>[];
}

export const PrincipalSchema = z.strictObject({
  /** The profile name written by --profiles-dir (e.g. management, security). */
  profile: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be a profile name (letters, digits, _ . -)')
    .optional(),
  accessKeyId: z
    .string()
    .regex(
      /^(AKIA|ASIA)[A-Z0-9]{12,124}$/,
      'must be an access key id starting AKIA or ASIA (16-128 upper-case letters and digits)',
    ),
  secretAccessKey: z.string().min(16, 'must be at least 16 characters'),
  sessionToken: z.string().optional(),
  /** When the temporary credentials expire (ISO 8601); from then on every call is ExpiredToken. */
  expiration: z.iso.datetime({ offset: true }).optional(),
  accountId,
  /** `role`: an IAM role session; `root-user`: the account's own root user (cannot call AssumeRoot). */
  kind: z.enum(['role', 'root-user']).default('role'),
  roleName: z.string().default('Admin'),
  sessionName: z.string().default('rootctl'),
  /** IAM actions the principal's identity policy allows (globs, e.g. "*", "organizations:List*"). */
  allow: z.array(z.string()).default(['*']),
  /**
   * IAM policy documents attached to the role (any JSON policy, conditions included). When given,
   * they replace `allow`: a call needs an Allow from one of them and no explicit Deny, as AWS
   * evaluates identity-based policies.
   */
  policies: z.array(identityPolicyDocument).optional(),
});

export const OrganizationSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^o-[a-z0-9]{10,32}$/,
      'must be an organization id like o-exampleorgid (o- then 10-32 lower-case letters or digits)',
    ),
  featureSet: z.enum(['ALL', 'CONSOLIDATED_BILLING']).default('ALL'),
  managementAccountId: accountId,
  rootId: z
    .string()
    .regex(/^r-[0-9a-z]{4,32}$/, 'must be a root id like r-ab12 (r- then 4-32 lower-case letters or digits)'),
  /** Whether the SERVICE_CONTROL_POLICY type is enabled on the root. */
  scpEnabled: z.boolean().default(true),
});

export const OuSchema = z.strictObject({
  id: z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'must be an OU id like ou-ab12-cd34ef56'),
  name: z.string().min(1, 'must not be empty'),
  parentId: z.string(),
});

export const ScenarioObjectSchema = z.strictObject({
  /** The Region the profiles point at; STS and CloudTrail answer in any Region. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'must be a Region code such as us-east-1')
    .default('us-east-1'),
  organization: OrganizationSchema.nullable(),
  ous: z.array(OuSchema).default([]),
  accounts: z.array(AccountSchema),
  serviceAccess: z
    .array(z.strictObject({ servicePrincipal: z.string().min(1), dateEnabled: isoDate }))
    .default([]),
  delegatedAdministrators: z
    .array(z.strictObject({ accountId, servicePrincipal: z.string().min(1), delegationEnabledDate: isoDate }))
    .default([]),
  features: z.array(z.enum(['RootCredentialsManagement', 'RootSessions'])).default([]),
  policies: z.array(PolicySchema).default([]),
  principals: z.array(PrincipalSchema).default([]),
});

/** The scenario with its cross-references checked (every parent, target and account id exists). */
export const ScenarioSchema = ScenarioObjectSchema.superRefine((s, ctx) => {
  for (const problem of checkReferences(s))
    ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

export type Scenario = z.infer<typeof ScenarioObjectSchema>;
export type ScenarioInput = z.input<typeof ScenarioObjectSchema>;
export type ScenarioAccount = z.infer<typeof AccountSchema>;
export type ScenarioPolicy = z.infer<typeof PolicySchema>;
export type ScenarioPrincipal = z.infer<typeof PrincipalSchema>;
export type RootCredentials = z.infer<typeof RootCredentialsSchema>;

/** Parses and checks a scenario; throws zod's error (see load.ts for the one-line message). */
export function parseScenario(value: unknown): Scenario {
  return ScenarioSchema.parse(value);
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
