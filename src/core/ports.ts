/**
 * The narrow interfaces of the AWS calls the core needs. Adapters in src/aws implement them with the
 * SDK; each method maps to one AWS operation (named in its comment), so this file doubles as the list
 * of IAM permissions rootctl needs (see docs/generated/permissions.md).
 */
import type { LookedUpEvent } from './activity/records.js';
import type { AccountId } from './model/account-id.js';
import type { OrgFeature, TaskPolicyName } from './model/task-policies.js';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  userId: string;
}

export interface OrganizationInfo {
  id: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  managementAccountId: string;
  /** Whether the SERVICE_CONTROL_POLICY type is enabled (from ListRoots; false when unknown). */
  scpEnabled: boolean;
  /** The organization ARN (DescribeOrganization's Arn): its partition is the organization's. */
  arn?: string | undefined;
}

export type AccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED' | 'PENDING_ACTIVATION';

export interface OrgAccount {
  id: AccountId;
  name: string;
  email: string;
  state: AccountState;
  /** Organizations `JoinedMethod`: INVITED (an existing account that accepted an invitation) or CREATED. */
  joinedMethod?: 'INVITED' | 'CREATED' | undefined;
}

export interface AccountPage {
  accounts: OrgAccount[];
  /** The token of the next page; undefined on the last page. */
  next: string | undefined;
}

export interface OrgRoot {
  id: string;
  name: string;
  scpEnabled: boolean;
}

export interface OrgUnit {
  id: string;
  name: string;
  parentId: string;
}

export interface ScpTarget {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  name: string;
}

/** An SCP as ListPoliciesForTarget names it (no document, no targets). */
export interface ScpSummary {
  id: string;
  name: string;
  awsManaged: boolean;
}

export interface ScpPolicy {
  id: string;
  name: string;
  awsManaged: boolean;
  /** The policy document as JSON text. */
  content: string;
  targets: ScpTarget[];
}

export interface DelegatedAdmin {
  id: AccountId;
  name: string;
}

export interface OrganizationsReader {
  /** organizations:DescribeOrganization */
  describeOrganization(): Promise<OrganizationInfo>;
  /** organizations:ListRoots */
  listRoots(): Promise<OrgRoot[]>;
  /** organizations:ListAccounts, page by page (pages of at most 20 arrive as AWS sends them). */
  listAccountPages(): AsyncIterable<OrgAccount[]>;
  /** organizations:DescribeAccount; undefined when the account is not in the organization. */
  describeAccount(id: AccountId): Promise<OrgAccount | undefined>;
  /** organizations:ListOrganizationalUnitsForParent (all pages). */
  listOusForParent(parentId: string): Promise<OrgUnit[]>;
  /** organizations:ListAccountsForParent (all pages). */
  listAccountsForParent(parentId: string): Promise<OrgAccount[]>;
  /**
   * organizations:ListAccountsForParent, one page (`next` undefined on the last). Optional: when
   * present, the tree walk hands each page to the audit as it arrives instead of after the OU's last.
   */
  accountsForParentPage?(parentId: string, nextToken?: string): Promise<AccountPage>;
  /** organizations:ListParents: the direct parent id of an account or OU. */
  parentOf(childId: string): Promise<string>;
  /** organizations:ListAWSServiceAccessForOrganization */
  listServiceAccess(): Promise<string[]>;
  /** organizations:ListDelegatedAdministrators for one service principal. */
  listDelegatedAdministrators(servicePrincipal: string): Promise<DelegatedAdmin[]>;
  /**
   * organizations:ListPolicies + DescribePolicy + ListTargetsForPolicy for every SCP. With
   * `awsManagedTargets: false` the AWS managed SCPs' targets are not paged (FullAWSAccess is attached
   * to every target of the organization) and may come back empty.
   */
  listScps(options?: { awsManagedTargets?: boolean }): Promise<ScpPolicy[]>;
  /** organizations:ListPoliciesForTarget (SERVICE_CONTROL_POLICY, all pages): the SCPs attached directly to one target: the root, an organizational unit or an account. */
  listScpsForTarget(targetId: string): Promise<ScpSummary[]>;
  /** organizations:DescribePolicy: one SCP with its document (JSON text). */
  describeScp(policyId: string): Promise<ScpSummary & { content: string }>;
}

export interface OrganizationsWriter {
  /** organizations:EnableAWSServiceAccess */
  enableServiceAccess(servicePrincipal: string): Promise<void>;
  /** organizations:DisableAWSServiceAccess */
  disableServiceAccess(servicePrincipal: string): Promise<void>;
  /** organizations:RegisterDelegatedAdministrator */
  registerDelegatedAdministrator(accountId: AccountId, servicePrincipal: string): Promise<void>;
  /** organizations:DeregisterDelegatedAdministrator */
  deregisterDelegatedAdministrator(accountId: AccountId, servicePrincipal: string): Promise<void>;
}

export interface IamOrgFeatures {
  /** iam:ListOrganizationsFeatures */
  listFeatures(): Promise<{ organizationId: string; enabled: OrgFeature[] }>;
  /** iam:EnableOrganizationsRootCredentialsManagement / iam:EnableOrganizationsRootSessions */
  enable(feature: OrgFeature): Promise<OrgFeature[]>;
  /** iam:DisableOrganizationsRootCredentialsManagement / iam:DisableOrganizationsRootSessions */
  disable(feature: OrgFeature): Promise<OrgFeature[]>;
}

/** What LookupEvents is asked: one lookup attribute (or none) and a time window. */
export interface EventLookupQuery {
  /** Omitted: every event of the window. */
  attribute?: { key: 'EventName' | 'AccessKeyId' | 'EventSource' | 'Username'; value: string } | undefined;
  startTime: Date;
  /** Omitted: up to now (as CloudTrail defines it, so a clock ahead of ours loses nothing). */
  endTime?: Date | undefined;
}

/** The CloudTrail event history of the calling account, in one Region (`rootctl activity`). */
export interface CloudTrailReader {
  /** cloudtrail:LookupEvents, every page (newest first, as CloudTrail returns them; paced to its 2 per second). */
  lookupEvents(query: EventLookupQuery): Promise<LookedUpEvent[]>;
}

export interface IdentityPort {
  /** sts:GetCallerIdentity */
  whoAmI(): Promise<CallerIdentity>;
}

export interface StsEndpointPort {
  /**
   * The URL the caller's STS client sends requests to, as the SDK resolved it (Region, endpoint
   * overrides, AWS_ENDPOINT_URL*); AssumeRoot goes there too. Observed on a GetCallerIdentity call.
   */
  stsEndpoint(): Promise<string>;
}

/**
 * Opens short-lived root sessions; their credentials stay inside the adapter, in memory. Each task's
 * session is its own port (below), whose methods are the calls its AWS managed task policy allows
 * (src/core/model/policy/task-policies.ts, /work/shared/reference section 7), so code holding an audit
 * session cannot call a delete. test/root-session-ports.test.ts holds each port to its policy.
 */
export interface RootSessionOpener {
  /** sts:AssumeRoot on the Regional STS endpoint. */
  open<T extends TaskPolicyName>(
    accountId: AccountId,
    task: T,
    durationSeconds?: number,
  ): Promise<RootSessions[T]>;
}

/** The session port of each task policy. */
export interface RootSessions {
  IAMAuditRootUserCredentials: AuditRootSession;
  IAMDeleteRootUserCredentials: DeleteRootSession;
  IAMCreateRootUserPassword: PasswordRootSession;
  S3UnlockBucketPolicy: S3UnlockSession;
  SQSUnlockQueuePolicy: SqsUnlockSession;
}

/** Any task's root session. */
export type RootSession = RootSessions[TaskPolicyName];

export interface AccessKeyInfo {
  id: string;
  status: 'Active' | 'Inactive';
  createDate: string | undefined;
  lastUsed: { date: string; service: string; region: string } | undefined;
}

export interface SigningCertificateInfo {
  id: string;
  status: 'Active' | 'Inactive';
  uploadDate: string | undefined;
}

export interface MfaDeviceInfo {
  serialNumber: string;
  enableDate: string | undefined;
}

/** The four Account* root keys of iam:GetAccountSummary (a key AWS left out stays undefined). */
export interface RootAccountSummary {
  password?: boolean;
  accessKeys?: boolean;
  signingCertificates?: boolean;
  mfa?: boolean;
}

/** What every root session carries (no AWS call). */
export interface RootSessionInfo<T extends TaskPolicyName = TaskPolicyName> {
  readonly accountId: AccountId;
  readonly task: T;
  /** The session's access key id (not secret): links the session to CloudTrail and the journal. */
  readonly accessKeyId: string;
  readonly expiresAt: Date;
  /** AWS's request id of the AssumeRoot call that opened the session, when known (the journal keeps it). */
  readonly requestId?: string | undefined;
  /** AWS's request id of the session's latest delete call (answered or "already gone"), for the journal. */
  readonly lastRequestId?: string | undefined;
}

/** IAMAuditRootUserCredentials: reads the root user's credentials; changes nothing. */
export interface AuditRootSession extends RootSessionInfo<'IAMAuditRootUserCredentials'> {
  /** iam:GetAccountSummary -> the four Account* keys (undefined when a key is missing). */
  accountSummary(): Promise<RootAccountSummary>;
  /** iam:GetLoginProfile; undefined when there is none (NoSuchEntity). */
  loginProfile(): Promise<{ createDate: string | undefined } | undefined>;
  /** iam:ListAccessKeys + iam:GetAccessKeyLastUsed */
  accessKeys(withLastUsed: boolean): Promise<AccessKeyInfo[]>;
  /** iam:ListSigningCertificates */
  signingCertificates(): Promise<SigningCertificateInfo[]>;
  /** iam:ListMFADevices */
  mfaDevices(): Promise<MfaDeviceInfo[]>;
}

/** IAMDeleteRootUserCredentials: reads and deletes the root user's credentials (no GetAccountSummary). */
export interface DeleteRootSession extends RootSessionInfo<'IAMDeleteRootUserCredentials'> {
  /** iam:GetLoginProfile; undefined when there is none (NoSuchEntity). */
  loginProfile(): Promise<{ createDate: string | undefined } | undefined>;
  /** iam:ListAccessKeys + iam:GetAccessKeyLastUsed */
  accessKeys(withLastUsed: boolean): Promise<AccessKeyInfo[]>;
  /** iam:ListSigningCertificates */
  signingCertificates(): Promise<SigningCertificateInfo[]>;
  /** iam:ListMFADevices */
  mfaDevices(): Promise<MfaDeviceInfo[]>;
  /** iam:DeleteLoginProfile; false when it was already gone. */
  deleteLoginProfile(): Promise<boolean>;
  /** iam:DeleteAccessKey; false when it was already gone. */
  deleteAccessKey(id: string): Promise<boolean>;
  /** iam:DeleteSigningCertificate; false when it was already gone. */
  deleteSigningCertificate(id: string): Promise<boolean>;
  /** iam:DeactivateMFADevice; false when it was already gone. */
  deactivateMfaDevice(serialNumber: string): Promise<boolean>;
}

/** IAMCreateRootUserPassword: allows password recovery. */
export interface PasswordRootSession extends RootSessionInfo<'IAMCreateRootUserPassword'> {
  /** iam:GetLoginProfile; undefined when there is none (NoSuchEntity). */
  loginProfile(): Promise<{ createDate: string | undefined } | undefined>;
  /** iam:CreateLoginProfile with no password: allows password recovery. False when one existed. */
  allowPasswordRecovery(): Promise<boolean>;
}

/** S3UnlockBucketPolicy: reads and removes a bucket policy that locks everyone out. */
export interface S3UnlockSession extends RootSessionInfo<'S3UnlockBucketPolicy'> {
  /** s3:GetBucketPolicy; undefined when the bucket has none. */
  getBucketPolicy(bucket: string): Promise<string | undefined>;
  /** s3:DeleteBucketPolicy */
  deleteBucketPolicy(bucket: string): Promise<void>;
}

/** SQSUnlockQueuePolicy: reads and removes a queue policy that locks everyone out. */
export interface SqsUnlockSession extends RootSessionInfo<'SQSUnlockQueuePolicy'> {
  /** sqs:GetQueueAttributes(Policy); undefined when the queue has none. */
  getQueuePolicy(queueUrl: string): Promise<string | undefined>;
  /** sqs:SetQueueAttributes(Policy='') */
  deleteQueuePolicy(queueUrl: string): Promise<void>;
}

/** The calling principal's own account (not a root session). */
export interface CallerAccountPort {
  /** iam:GetAccountSummary with the caller's credentials -> the four Account* root keys. */
  accountSummary(): Promise<RootAccountSummary>;
}

/** One finding BatchImportFindings refused. */
export interface FindingImportError {
  id: string;
  code: string;
  message: string;
}

/** AWS Security Hub in the calling account (findings of its default product). */
export interface SecurityHubPort {
  /** securityhub:BatchImportFindings: imports or updates up to 100 ASFF findings; returns the refused ones. */
  importFindings(findings: readonly object[]): Promise<FindingImportError[]>;
  /** securityhub:GetFindings: ids of the product's ACTIVE findings whose GeneratorId starts with a prefix. */
  activeFindingIds(productArn: string, generatorIdPrefix: string): Promise<string[]>;
}

/** The S3 bucket that holds the scheduled audit's reports (the evidence and the drift baseline). */
export interface ReportBucketPort {
  /** s3:PutObject: writes one object. */
  putObject(key: string, body: string, contentType: string): Promise<void>;
  /** s3:GetObject: one object's text, undefined when there is no such key. */
  getObject(key: string): Promise<string | undefined>;
  /** s3:ListBucket (ListObjectsV2): the keys under a prefix, in key order. */
  listKeys(prefix: string): Promise<string[]>;
}

/** An SNS topic the scheduled audit alerts. */
export interface NotifierPort {
  /** sns:Publish: one message to the topic. */
  publish(subject: string, message: string): Promise<void>;
}
