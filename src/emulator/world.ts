/**
 * The emulator's whole state: the organization, its accounts and their root credentials, SCPs, IAM
 * org features, the credentials registry (access key -> principal) and the CloudTrail log.
 * Services read and change it; nothing here knows about HTTP or wire formats.
 */
import { randomUUID } from 'node:crypto';
import type { NamedPolicy, PolicyDocument } from '../core/model/policy/evaluate.js';
import { parsePolicyDocument } from '../core/model/policy/evaluate.js';
import { partitionForRegion, type Partition } from '../core/model/arn.js';
import type { OrgFeature, TaskPolicyName } from '../core/model/task-policies.js';
import { AccessHistory, type AccessView } from './propagation.js';
import { seededRng, randomString, type Rng } from './random.js';
import type { RootCredentials, Scenario, ScenarioAccount, ScenarioPolicy } from './scenario/schema.js';

export type Principal =
  | {
      kind: 'role';
      accountId: string;
      roleName: string;
      sessionName: string;
      arn: string;
      roleArn: string;
      roleId: string;
      allow: string[];
      /** Identity-based policy documents attached to the role; when present they replace `allow`. */
      policies?: PolicyDocument[];
      /** Temporary credentials end here (epoch ms); absent: they never expire. */
      expiresAt?: number;
    }
  | { kind: 'root-user'; accountId: string; arn: string }
  | {
      kind: 'root-session';
      accountId: string;
      arn: string;
      taskPolicy: TaskPolicyName;
      taskPolicyArn: string;
      expiresAt: number;
      createdAt: number;
      /** Who opened the session (for CloudTrail and activity reports). */
      callerArn: string;
      callerAccountId: string;
    };

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  principal: Principal;
}

export interface AccountState extends Omit<ScenarioAccount, 'root'> {
  root: RootCredentials;
}

export interface PolicyState extends Omit<ScenarioPolicy, 'targets'> {
  targets: Set<string>;
}

export interface TrailEvent {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId?: string; type?: string; ARN?: string }[];
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

export type CallerRole = 'management' | 'delegated-admin' | 'member' | 'outside';

export class World {
  readonly region: string;
  /** The partition of the scenario's Region (us-gov-* is aws-us-gov, cn-* aws-cn): every ARN is built in it. */
  readonly partition: Partition;
  org: Scenario['organization'];
  readonly ous = new Map<string, { id: string; name: string; parentId: string }>();
  readonly accounts = new Map<string, AccountState>();
  readonly serviceAccess = new Map<string, string>();
  delegatedAdministrators: { accountId: string; servicePrincipal: string; delegationEnabledDate: string }[];
  readonly features: Set<OrgFeature>;
  readonly policies = new Map<string, PolicyState>();
  readonly credentials = new Map<string, Credential>();
  readonly trail: TrailEvent[] = [];
  /** Seconds added to the wall clock (tests advance time to expire sessions). */
  clockOffsetMs = 0;
  readonly rng: Rng;
  /** Trusted access and delegated administrators as eventually consistent readers see them. */
  readonly accessHistory: AccessHistory;
  private readonly childIndex = new Map<string, { ous: string[]; accounts: string[] }>();

  constructor(scenario: Scenario, seed = 1) {
    this.rng = seededRng(seed ^ 0x5eed);
    this.region = scenario.region;
    this.partition = partitionForRegion(scenario.region);
    this.org = scenario.organization;
    for (const ou of scenario.ous) this.ous.set(ou.id, { ...ou });
    for (const a of scenario.accounts) this.accounts.set(a.id, structuredClone(a));
    for (const s of scenario.serviceAccess) this.serviceAccess.set(s.servicePrincipal, s.dateEnabled);
    this.delegatedAdministrators = scenario.delegatedAdministrators.map((d) => ({ ...d }));
    this.features = new Set(scenario.features);
    for (const p of scenario.policies) this.policies.set(p.id, { ...p, targets: new Set(p.targets) });
    for (const p of scenario.principals) {
      const principal: Principal =
        p.kind === 'root-user'
          ? {
              kind: 'root-user',
              accountId: p.accountId,
              arn: `arn:${this.partition}:iam::${p.accountId}:root`,
            }
          : {
              kind: 'role',
              accountId: p.accountId,
              roleName: p.roleName,
              sessionName: p.sessionName,
              arn: `arn:${this.partition}:sts::${p.accountId}:assumed-role/${p.roleName}/${p.sessionName}`,
              roleArn: `arn:${this.partition}:iam::${p.accountId}:role/${p.roleName}`,
              roleId: `AROA${randomString(seededRng(hash(p.accountId + p.roleName)), 17)}`,
              allow: p.allow,
              ...(p.policies === undefined ? {} : { policies: p.policies as unknown as PolicyDocument[] }),
              ...(p.expiration === undefined ? {} : { expiresAt: Date.parse(p.expiration) }),
            };
      this.credentials.set(p.accessKeyId, {
        accessKeyId: p.accessKeyId,
        secretAccessKey: p.secretAccessKey,
        sessionToken: p.sessionToken,
        principal,
      });
      if (principal.kind === 'root-user') this.listRootKey(principal.accountId, p.accessKeyId);
    }
    this.rebuildIndex();
    this.accessHistory = new AccessHistory(this);
  }

  /** Call after changing trusted access or delegated administrators (see propagation.ts). */
  accessChanged(): void {
    this.accessHistory.changed(this, this.now().getTime());
  }

  /** Trusted access and delegated administrators as AssumeRoot and the Organizations reads see them. */
  propagatedAccess(): AccessView {
    return this.accessHistory.view(this, this.now().getTime());
  }

  /**
   * A root user's signing key is one of that root's access keys: ListAccessKeys and
   * GetAccountSummary (AccountAccessKeysPresent) of its account show it, as on AWS.
   */
  private listRootKey(accountId: string, accessKeyId: string): void {
    const root = this.accounts.get(accountId)?.root;
    if (!root || root.accessKeys.some((k) => k.id === accessKeyId)) return;
    const joined = this.accounts.get(accountId)!.joinedTimestamp;
    root.accessKeys.push({ id: accessKeyId, status: 'Active', createDate: joined });
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  rebuildIndex(): void {
    this.childIndex.clear();
    const slot = (id: string) => {
      let s = this.childIndex.get(id);
      if (!s) this.childIndex.set(id, (s = { ous: [], accounts: [] }));
      return s;
    };
    for (const ou of this.ous.values()) slot(ou.parentId).ous.push(ou.id);
    for (const a of this.accounts.values()) slot(a.parentId).accounts.push(a.id);
  }

  children(parentId: string): { ous: string[]; accounts: string[] } {
    return this.childIndex.get(parentId) ?? { ous: [], accounts: [] };
  }

  isParent(id: string): boolean {
    return id === this.org?.rootId || this.ous.has(id);
  }

  /** Root first, then each OU down to the target itself (an account or OU). */
  pathTo(targetId: string): string[] {
    const path: string[] = [targetId];
    let parent = this.accounts.get(targetId)?.parentId ?? this.ous.get(targetId)?.parentId;
    while (parent !== undefined) {
      path.unshift(parent);
      parent = this.ous.get(parent)?.parentId;
    }
    return path;
  }

  /** The SCPs in force for an account, level by level (root ... account), for evaluateScps. */
  scpLevels(accountId: string): { targetId: string; policies: NamedPolicy[] }[] {
    return this.pathTo(accountId).map((targetId) => ({
      targetId,
      policies: [...this.policies.values()]
        .filter((p) => p.targets.has(targetId))
        .flatMap((p) => {
          const document = parsedPolicy(p.content);
          return document ? [{ id: p.id, name: p.name, document }] : [];
        }),
    }));
  }

  /** Whether SCPs apply to calls made in this account (all-features org, SCPs on, not the management account). */
  scpsApply(accountId: string): boolean {
    return (
      this.org !== null &&
      this.org.featureSet === 'ALL' &&
      this.org.scpEnabled &&
      accountId !== this.org.managementAccountId &&
      this.accounts.has(accountId)
    );
  }

  callerRole(accountId: string): CallerRole {
    if (this.org === null || !this.accounts.has(accountId)) return 'outside';
    if (accountId === this.org.managementAccountId) return 'management';
    if (this.delegatedAdministrators.some((d) => d.accountId === accountId)) return 'delegated-admin';
    return 'member';
  }

  isDelegatedAdminFor(accountId: string, servicePrincipal: string): boolean {
    return this.delegatedAdministrators.some(
      (d) => d.accountId === accountId && d.servicePrincipal === servicePrincipal,
    );
  }

  /** Mints temporary credentials for a principal (AssumeRoot). */
  issueCredentials(principal: Principal): Credential {
    const cred: Credential = {
      accessKeyId: `ASIA${randomString(this.rng, 16)}`,
      secretAccessKey: randomString(this.rng, 40, 'base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomString(this.rng, 120, 'base64')}`,
      principal,
    };
    this.credentials.set(cred.accessKeyId, cred);
    return cred;
  }

  /** Drops expired session credentials that can no longer be used (keeps memory flat in long runs). */
  sweepExpired(): void {
    const cutoff = this.now().getTime() - 3_600_000;
    for (const [id, c] of this.credentials) {
      if (c.principal.kind === 'root-session' && c.principal.expiresAt < cutoff) this.credentials.delete(id);
    }
  }

  record(
    event: Omit<
      TrailEvent,
      'eventVersion' | 'eventID' | 'eventType' | 'managementEvent' | 'eventCategory' | 'requestID'
    > & { requestID?: string },
  ): void {
    this.trail.push({
      eventVersion: '1.08',
      eventID: randomUUID(),
      eventType: 'AwsApiCall',
      managementEvent: true,
      eventCategory: 'Management',
      ...event,
      requestID: event.requestID ?? randomUUID(),
    });
  }
}

/**
 * Parsed SCP documents by their JSON text. scpLevels() runs for every call made in a member
 * account; re-parsing each policy at each level of the path was most of its cost. Keyed by the
 * text itself, so a changed policy simply misses: nothing to invalidate. Documents are never mutated.
 */
const policyCache = new Map<string, PolicyDocument | undefined>();

function parsedPolicy(content: string): PolicyDocument | undefined {
  if (policyCache.has(content)) return policyCache.get(content);
  if (policyCache.size > 10_000) policyCache.clear();
  const document = parsePolicyDocument(content);
  policyCache.set(content, document);
  return document;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
