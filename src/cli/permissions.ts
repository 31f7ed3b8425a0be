/**
 * Which port methods each command calls, as data. The IAM action of every method is in its doc comment
 * in src/core/ports.ts; docs/generated/permissions.md and the README join the two, so the permission
 * list changes when a port does. A test runs the demo and checks every AWS operation each command made
 * against this table, and another fails when a command has no entry here.
 *
 * `caller` calls run with the credentials the command was given; `rootSession` calls run inside an
 * sts:AssumeRoot session and are granted by the AWS managed task policy named, not by the caller's
 * policies (they are listed because an SCP can still deny them, which is what breaks root sessions).
 */
import type {
  CallerAccountPort,
  CloudTrailReader,
  IamOrgFeatures,
  IdentityPort,
  NotifierPort,
  OrganizationsReader,
  OrganizationsWriter,
  AuditRootSession,
  DeleteRootSession,
  PasswordRootSession,
  ReportBucketPort,
  RootSessionOpener,
  S3UnlockSession,
  SqsUnlockSession,
  SecurityHubPort,
  StsEndpointPort,
} from '../core/ports.js';
import type { TaskPolicyName } from '../core/model/task-policies.js';

/** The port interfaces of src/core/ports.ts that map to AWS operations. */
export interface Ports {
  OrganizationsReader: OrganizationsReader;
  OrganizationsWriter: OrganizationsWriter;
  IamOrgFeatures: IamOrgFeatures;
  IdentityPort: IdentityPort;
  StsEndpointPort: StsEndpointPort;
  RootSessionOpener: RootSessionOpener;
  AuditRootSession: AuditRootSession;
  DeleteRootSession: DeleteRootSession;
  PasswordRootSession: PasswordRootSession;
  S3UnlockSession: S3UnlockSession;
  SqsUnlockSession: SqsUnlockSession;
  CallerAccountPort: CallerAccountPort;
  SecurityHubPort: SecurityHubPort;
  ReportBucketPort: ReportBucketPort;
  NotifierPort: NotifierPort;
  CloudTrailReader: CloudTrailReader;
}

/** The same names at run time, so a test can check them against src/core/ports.ts. */
export const PORT_INTERFACES = [
  'OrganizationsReader',
  'OrganizationsWriter',
  'IamOrgFeatures',
  'IdentityPort',
  'StsEndpointPort',
  'RootSessionOpener',
  'AuditRootSession',
  'DeleteRootSession',
  'PasswordRootSession',
  'S3UnlockSession',
  'SqsUnlockSession',
  'CallerAccountPort',
  'SecurityHubPort',
  'ReportBucketPort',
  'NotifierPort',
  'CloudTrailReader',
] as const satisfies readonly (keyof Ports)[];

/** `Interface.method`, checked by the compiler against src/core/ports.ts. */
export type PortMethod = {
  [K in keyof Ports]: `${K}.${Extract<keyof Ports[K], string>}`;
}[keyof Ports];

export interface CommandPermissions {
  /** Command path as typed after `rootctl` ('doctor', 'remediate apply'); covers its subcommands. */
  command: string;
  caller: PortMethod[];
  rootSession?: { task: TaskPolicyName; methods: PortMethod[] }[];
  /** Actions of calls made outside the ports (e.g. the CloudTrail reader). */
  extraActions?: string[];
  /** One line for the reader: when the command makes no AWS call, or calls depend on options. */
  note?: string;
}

/** Reading the organization: the tree walk and delegated administrators. */
const READ_ORG: PortMethod[] = [
  'OrganizationsReader.describeOrganization',
  'OrganizationsReader.listRoots',
  'OrganizationsReader.listOusForParent',
  'OrganizationsReader.listAccountsForParent',
  'OrganizationsReader.listDelegatedAdministrators',
];

/** The tree walk plus every SCP with its targets (to name blockers organization-wide). */
const READ_TREE: PortMethod[] = [...READ_ORG, 'OrganizationsReader.listScps'];

const AUDIT_SESSION: PortMethod[] = [
  'AuditRootSession.accountSummary',
  'AuditRootSession.loginProfile',
  'AuditRootSession.accessKeys',
  'AuditRootSession.signingCertificates',
  'AuditRootSession.mfaDevices',
];

/** Reads the credentials again before deleting (a plan's stale-check), then deletes. */
const DELETE_SESSION: PortMethod[] = [
  'DeleteRootSession.loginProfile',
  'DeleteRootSession.accessKeys',
  'DeleteRootSession.signingCertificates',
  'DeleteRootSession.mfaDevices',
  'DeleteRootSession.deleteLoginProfile',
  'DeleteRootSession.deleteAccessKey',
  'DeleteRootSession.deleteSigningCertificate',
  'DeleteRootSession.deactivateMfaDevice',
];

const DOCTOR: PortMethod[] = [
  'IdentityPort.whoAmI',
  'StsEndpointPort.stsEndpoint',
  ...READ_TREE,
  'OrganizationsReader.listServiceAccess',
  'IamOrgFeatures.listFeatures',
];

/** What an audit of some accounts calls (audit, and the verification after every change). */
const AUDIT: PortMethod[] = [
  'IdentityPort.whoAmI',
  ...READ_ORG,
  // Only on SCP denials: the SCPs attached along the denied accounts' paths, to name the blocker.
  'OrganizationsReader.listScpsForTarget',
  'OrganizationsReader.describeScp',
  'OrganizationsReader.describeAccount',
  'OrganizationsReader.parentOf',
  'CallerAccountPort.accountSummary',
  'RootSessionOpener.open',
];

/** `--to securityhub`: the active findings of the default product, then the imports. */
const SECURITY_HUB: PortMethod[] = ['SecurityHubPort.activeFindingIds', 'SecurityHubPort.importFindings'];

export const COMMAND_PERMISSIONS: CommandPermissions[] = [
  {
    command: 'demo',
    caller: [],
    note: 'Runs against its own embedded emulator; never calls AWS.',
  },
  {
    command: 'doctor',
    caller: DOCTOR,
    note: 'Read-only. A missing permission makes that fact "unknown" instead of failing the command.',
  },
  {
    command: 'setup',
    caller: [
      ...DOCTOR,
      'OrganizationsReader.describeAccount',
      'OrganizationsWriter.enableServiceAccess',
      'OrganizationsWriter.registerDelegatedAdministrator',
      'IamOrgFeatures.enable',
      'OrganizationsWriter.deregisterDelegatedAdministrator',
      'OrganizationsWriter.disableServiceAccess',
      'IamOrgFeatures.disable',
    ],
    note: 'Management account only. The plan needs only the reads; applying makes the Enable/Register writes, --undo the Disable/Deregister ones.',
  },
  {
    command: 'audit',
    caller: [...AUDIT, ...SECURITY_HUB],
    rootSession: [{ task: 'IAMAuditRootUserCredentials', methods: AUDIT_SESSION }],
    note: 'iam:GetAccountSummary with your own credentials only when you run it in the management account (its own root user); the securityhub calls only with --to securityhub.',
  },
  { command: 'history', caller: [], note: 'Reads the local database only.' },
  {
    command: 'remediate',
    caller: [...AUDIT, 'OrganizationsReader.listScps'],
    rootSession: [
      { task: 'IAMAuditRootUserCredentials', methods: AUDIT_SESSION },
      { task: 'IAMDeleteRootUserCredentials', methods: DELETE_SESSION },
    ],
    note: 'The plan audits the target accounts; --yes deletes what the plan lists and audits them again to verify.',
  },
  { command: 'journal', caller: [], note: 'Reads the local database only.' },
  {
    command: 'evidence',
    caller: ['CloudTrailReader.lookupEvents', 'IdentityPort.whoAmI'],
    note: 'Reads the local database; the caller identity (who makes the bundle) and the AssumeRoot events of CloudTrail event history in the Region given. With --no-cloudtrail no AWS call at all.',
  },
  {
    command: 'exception',
    caller: [...AUDIT, 'OrganizationsReader.listScps'],
    rootSession: [
      {
        task: 'IAMCreateRootUserPassword',
        methods: ['PasswordRootSession.loginProfile', 'PasswordRootSession.allowPasswordRecovery'],
      },
      {
        task: 'S3UnlockBucketPolicy',
        methods: ['S3UnlockSession.getBucketPolicy', 'S3UnlockSession.deleteBucketPolicy'],
      },
      {
        task: 'SQSUnlockQueuePolicy',
        methods: ['SqsUnlockSession.getQueuePolicy', 'SqsUnlockSession.deleteQueuePolicy'],
      },
      { task: 'IAMAuditRootUserCredentials', methods: AUDIT_SESSION },
      { task: 'IAMDeleteRootUserCredentials', methods: DELETE_SESSION },
    ],
    note: '`exception open` opens one session with the task asked for; `exception close` and `exception enforce` (every overdue exception) delete the root credentials again and verify; `exception list` reads the database only.',
  },
  { command: 'db', caller: [], note: 'The database only (SQLite file or PostgreSQL); no AWS call.' },
  { command: 'db init', caller: [], note: 'Creates the database; no AWS call.' },
  { command: 'db status', caller: [], note: 'Reads the database only.' },
  { command: 'db migrate', caller: [], note: 'Upgrades the database schema; no AWS call.' },
  { command: 'db copy', caller: [], note: 'Reads one database and writes another; no AWS call.' },
  { command: 'guardrails', caller: [], note: 'Prints policies and templates; no AWS call.' },
  {
    command: 'deploy',
    caller: [],
    note: "Writes templates and the Lambda zip; no AWS call. The deployed function needs the audit's permissions plus s3:PutObject, s3:GetObject, s3:ListBucket, sns:Publish and, with --security-hub, securityhub:BatchImportFindings and GetFindings (docs/continuous.md).",
  },
  {
    command: 'guardrails scp',
    caller: [
      'OrganizationsReader.describeOrganization',
      'OrganizationsReader.listDelegatedAdministrators',
      'OrganizationsReader.listScps',
      'OrganizationsReader.listRoots',
      'OrganizationsReader.listOusForParent',
      'OrganizationsReader.listAccountsForParent',
    ],
    note: 'Only with --check; without it the command prints policies and makes no AWS call. The OU tree gives coverage.',
  },
  {
    command: 'activity',
    caller: ['CloudTrailReader.lookupEvents', 'IdentityPort.whoAmI'],
    note: 'CloudTrail event history of the calling account, in the Region given; the caller identity tells which sessions went into the calling account itself (only their calls are in its history).',
  },
  { command: 'emulator', caller: [], note: 'Local emulator; never calls AWS.' },
  { command: 'completion', caller: [], note: 'Prints a shell script; no AWS call.' },
];

/** The entry for a command path: the longest command prefix that has one. */
export function permissionsFor(commandPath: string): CommandPermissions | undefined {
  let best: CommandPermissions | undefined;
  for (const p of COMMAND_PERMISSIONS) {
    const matches = commandPath === p.command || commandPath.startsWith(`${p.command} `);
    if (matches && (best === undefined || p.command.length > best.command.length)) best = p;
  }
  return best;
}
