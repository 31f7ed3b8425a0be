/**
 * The one place that builds AWS SDK clients. Everything else asks for an `AwsContext` and gets
 * clients that share credentials, region, endpoint, retry settings and a connection pool.
 *
 * Endpoint: `--endpoint-url` wins; otherwise the SDK's own standard settings apply
 * (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `endpoint_url` in the profile).
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { RootctlError } from '../core/errors.js';
import { createHttpHandler, type HttpTimeouts } from './http.js';
import { boundRetryTime } from './http-retry.js';
import { Pacer, pacerPlugin, type PacerRate } from './pacer.js';
import {
  configFilePath,
  credentialsFilePath,
  profileDefined,
  profileEndpoint,
  profileRegion,
} from './profile-endpoint.js';

export interface AwsContextOptions extends HttpTimeouts {
  /** Region for STS (AssumeRoot), CloudTrail and SQS. Required: AssumeRoot needs a Regional STS endpoint. */
  region?: string | undefined;
  profile?: string | undefined;
  /** Overrides every service endpoint (the emulator). */
  endpoint?: string | undefined;
  /** Explicit credentials; default is the SDK's provider chain for `profile`. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** SDK attempts per call (1 = no SDK retry; callers with their own retry loop use 1). Default 4. */
  maxAttempts?: number | undefined;
  /**
   * SDK retry mode; default: the SDK's (AWS_RETRY_MODE, the profile's retry_mode, else standard).
   * `adaptive` adds a client-side rate limiter that slows down on throttling (long listings).
   */
  retryMode?: 'standard' | 'adaptive' | undefined;
  /** Socket pool size; audits at high concurrency need more than the SDK's 50. */
  maxSockets?: number | undefined;
  /**
   * The Organizations request rate rootctl keeps to (default ORGANIZATIONS_RATE; `perSecond: 0` turns
   * pacing off), one bucket for every Organizations call made through this context.
   */
  organizationsRate?: PacerRate | undefined;
}

export interface AwsContext {
  readonly region: string;
  readonly profile: string | undefined;
  readonly endpoint: string | undefined;
  readonly organizations: OrganizationsClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly cloudtrail: CloudTrailClient;
  /** The caller's own S3 client (the scheduled audit's report bucket). */
  readonly s3: S3Client;
  /**
   * The settings every client of this context shares (Region, credentials, endpoint, pool, retries),
   * for clients built elsewhere (src/aws/securityhub.ts, sns.ts) so that only their users load them.
   */
  clientConfig(): SharedClientConfig;
  /** Clients acting with other credentials (an AssumeRoot session), sharing this context's pool. */
  withCredentials(credentials: AwsCredentialIdentity): SessionClients;
  destroy(): void;
}

export interface SharedClientConfig {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  requestHandler: NodeHttpHandler;
  maxAttempts: number;
  retryMode?: 'standard' | 'adaptive';
  profile?: string;
  endpoint?: string;
}

export interface SessionClients {
  readonly iam: IAMClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sts: STSClient;
}

/**
 * The SDK's chain says only "Could not load credentials from any providers" when a named profile does
 * not exist. When the chain fails and the profile is in neither shared file, say that instead.
 */
function explainMissingProfile(
  chain: AwsCredentialIdentityProvider,
  profile: string | undefined,
): AwsCredentialIdentityProvider {
  if (profile === undefined || profile === '') return chain;
  return async (...args) => {
    try {
      return await chain(...args);
    } catch (e) {
      if (profileDefined(profile)) throw e;
      throw new RootctlError(
        'NoCredentials',
        `Profile '${profile}' is in neither ${configFilePath()} nor ${credentialsFilePath()}.`,
        {
          cause: e,
          hint: 'Check the name (`aws configure list-profiles` lists them), or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the files that have it.',
        },
      );
    }
  };
}

const GLOBAL_REGIONS = new Set(['aws-global', 'global']);

/**
 * The Region, as the AWS CLI picks it: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
 * `region`, else us-east-1. An empty --region is a mistake, not "the default".
 */
export function resolveRegion(explicit: string | undefined, profile?: string): string {
  if (explicit !== undefined && explicit.trim() === '') {
    throw new RootctlError('InvalidRegion', '--region is empty: give a Region code such as us-east-1.');
  }
  const region =
    explicit ||
    process.env.AWS_REGION ||
    process.env.AWS_DEFAULT_REGION ||
    profileRegion(profile) ||
    'us-east-1';
  if (GLOBAL_REGIONS.has(region)) {
    throw new RootctlError(
      'InvalidRegion',
      `Region '${region}' selects the global STS endpoint, which AssumeRoot does not support.`,
    );
  }
  if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)) {
    throw new RootctlError('InvalidRegion', `'${region}' is not an AWS Region code.`);
  }
  return region;
}

/** Attempts per Organizations call when the caller sets none (throttling is routine at scale). */
export const ORGANIZATIONS_MAX_ATTEMPTS = 10;

/**
 * The Organizations request rate rootctl allows itself, per context. AWS publishes no number for
 * Organizations' API rate (docs/emulator.md: the emulator assumes 20 calls/s per calling account,
 * bursts of one second's worth); rootctl stays under it with a margin for network jitter, which can
 * bunch paced calls on arrival: at most 8 at once, then 16 per second.
 */
export const ORGANIZATIONS_RATE: PacerRate = { perSecond: 16, burst: 8 };

type BaseConfig = Omit<SharedClientConfig, 'region' | 'credentials'>;
type IamSettings = Pick<
  IAMClient['config'],
  | 'defaultsMode'
  | 'retryMode'
  | 'useDualstackEndpoint'
  | 'useFipsEndpoint'
  | 'userAgentAppId'
  | 'authSchemePreference'
>;

/** IAM and Organizations are global services, signed for one Region per partition. */
function globalRegionOf(region: string): string {
  if (region.startsWith('cn-')) return 'cn-north-1';
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

/**
 * Settings every IAM client loads from env and the shared config files (defaults mode, retry mode,
 * FIPS/dual-stack, app id, auth scheme preference), read once from a template client and memoized:
 * an audit builds one IAM client per account, and re-parsing the config files was a fifth of its CPU.
 */
function iamSettingsOnce(
  base: BaseConfig,
  region: string,
  credentials: SharedClientConfig['credentials'],
): () => IamSettings {
  let settings: IamSettings | undefined;
  return () => {
    if (!settings) {
      const c = new IAMClient({ ...base, region, credentials }).config;
      settings = {
        defaultsMode: c.defaultsMode,
        retryMode: c.retryMode,
        useDualstackEndpoint: c.useDualstackEndpoint,
        useFipsEndpoint: c.useFipsEndpoint,
        userAgentAppId: c.userAgentAppId,
        authSchemePreference: c.authSchemePreference,
      };
    }
    return settings;
  };
}

interface ClientParts {
  base: BaseConfig;
  region: string;
  globalRegion: string;
  bounded: <C extends object>(client: C) => C;
  iamSettings: () => IamSettings;
}

/**
 * Clients for one set of credentials, each built on first use: an audit session only ever needs IAM,
 * and building all four for each of 10,000 accounts would be wasted work.
 */
function sessionClientsFor(
  parts: ClientParts,
  creds: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): SessionClients {
  const { base, region, bounded } = parts;
  let iam: IAMClient | undefined;
  let s3: S3Client | undefined;
  let sqs: SQSClient | undefined;
  let sts: STSClient | undefined;
  return {
    get iam() {
      return (iam ??= bounded(
        new IAMClient({ ...base, ...parts.iamSettings(), region: parts.globalRegion, credentials: creds }),
      ));
    },
    get s3() {
      // A bucket may live outside --region: S3 answers 301 with x-amz-bucket-region, and the SDK
      // re-sends the call to the bucket's Region only when told to follow the redirect.
      return (s3 ??= bounded(
        new S3Client({
          ...base,
          region,
          credentials: creds,
          forcePathStyle: true,
          followRegionRedirects: true,
        }),
      ));
    },
    get sqs() {
      return (sqs ??= bounded(new SQSClient({ ...base, region, credentials: creds })));
    },
    get sts() {
      return (sts ??= bounded(new STSClient({ ...base, region, credentials: creds })));
    },
  };
}

/**
 * The context's Organizations client. Organizations allows a few calls per second per account: the
 * client paces itself under that (one token bucket for every Organizations call of the context), and
 * adaptive retries still pace a throttled listing instead of failing the fact as "unknown (Throttled)".
 * A caller that sets its own retry settings keeps them.
 */
function organizationsClient(
  parts: ClientParts,
  options: AwsContextOptions,
  credentials: SharedClientConfig['credentials'],
): OrganizationsClient {
  const client = new OrganizationsClient({
    ...parts.base,
    ...(options.maxAttempts === undefined ? { maxAttempts: ORGANIZATIONS_MAX_ATTEMPTS } : {}),
    retryMode: options.retryMode ?? 'adaptive',
    region: parts.globalRegion,
    credentials,
  });
  const rate = options.organizationsRate ?? ORGANIZATIONS_RATE;
  if (rate.perSecond > 0) client.middlewareStack.use(pacerPlugin(new Pacer(rate)));
  return parts.bounded(client);
}

function defaultCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  return explainMissingProfile(
    fromNodeProviderChain(profile === undefined ? {} : { profile }),
    profile ?? process.env.AWS_PROFILE,
  );
}

export function createAwsContext(options: AwsContextOptions = {}): AwsContext {
  const region = resolveRegion(options.region, options.profile);
  // rootctl's own connect and request timeouts (src/aws/http.ts): a hung endpoint fails, never hangs.
  const requestHandler = createHttpHandler(options, options.maxSockets ?? 256);
  const credentials = options.credentials ?? defaultCredentials(options.profile);
  // A named profile's endpoint_url applies as it does for AWS_PROFILE (the SDK reads it only for that).
  const endpoint = options.endpoint ?? profileEndpoint(options.profile);
  const base: BaseConfig = {
    requestHandler,
    maxAttempts: options.maxAttempts ?? 4,
    ...(options.retryMode === undefined ? {} : { retryMode: options.retryMode }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(endpoint === undefined ? {} : { endpoint }),
  };
  const globalRegion = globalRegionOf(region);
  const parts: ClientParts = {
    base,
    region,
    globalRegion,
    // Each operation's SDK retries stop at a deadline (src/aws/http-retry.ts), whatever the attempts left.
    bounded: (client) => boundRetryTime(client, requestHandler.timeouts.retryDeadlineMs),
    iamSettings: iamSettingsOnce(base, globalRegion, credentials),
  };
  const own = sessionClientsFor(parts, credentials);
  return {
    region,
    profile: options.profile,
    endpoint,
    organizations: organizationsClient(parts, options, credentials),
    iam: own.iam,
    sts: own.sts,
    cloudtrail: parts.bounded(new CloudTrailClient({ ...base, region, credentials })),
    get s3() {
      return own.s3;
    },
    clientConfig: () => ({ ...base, region, credentials }),
    withCredentials: (creds) => sessionClientsFor(parts, creds),
    destroy: () => requestHandler.destroy(),
  };
}
