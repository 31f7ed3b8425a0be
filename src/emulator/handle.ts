/**
 * The emulator's core: handle(request) -> response, with no socket involved. Routes by the SigV4
 * credential scope's service name, authenticates the access key and signature, throttles, injects
 * faults, authorizes, runs the operation and writes CloudTrail.
 */
import { randomUUID } from 'node:crypto';
import { authorize, denialMessage } from './authorize.js';
import { commonError, throttlingFor } from './errors.js';
import { AwsError, type EmuRequest, type EmuResponse } from './http-types.js';
import { DEFAULT_RATES, RateLimiter, type RateConfig } from './limits.js';
import { jsonError, jsonSuccess, parseJsonBody } from './protocols/json.js';
import { QueryInput, queryError, querySuccess } from './protocols/query.js';
import { restXmlError, s3HostId } from './protocols/rest-xml.js';
import { seededRng, type Rng } from './random.js';
import type { CallContext, Operation, ServiceDefinition } from './services/types.js';
import { authenticate } from './authenticate.js';
import { parseAuth, SignerCache } from './sigv4.js';
import { userIdentityOf } from './trail.js';
import type { Credential, World } from './world.js';

export interface EmulatorKnobs {
  /** Added to every AWS call, in milliseconds. */
  latencyMs: number;
  /** Uniform jitter around latencyMs, as a fraction (0.2 = plus or minus 20%). */
  jitter: number;
  /** Probability per call of an injected fault (500, 503, or a dropped connection). */
  faults: number;
  /** Which faults to inject (default: all four, a quarter each). */
  faultKinds?: FaultKind[] | undefined;
  /** Inject faults only into these operations (e.g. CreateLoginProfile); default: every operation. */
  faultOperations?: string[] | undefined;
  rates: RateConfig;
  seed: number;
}

export const FAULT_KINDS = ['drop-before', 'drop-after', 'internal', 'unavailable'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const DEFAULT_KNOBS: EmulatorKnobs = {
  latencyMs: 0,
  jitter: 0.2,
  faults: 0,
  rates: DEFAULT_RATES,
  seed: 1,
};

export interface EmulatorStats {
  calls: Record<string, number>;
  throttled: number;
  /** Throttled calls per `service:Operation` (the same keys as `calls`). */
  throttledCalls: Record<string, number>;
  faults: number;
}

type Handled = { response: EmuResponse; ctx?: CallContext };

export class EmulatorCore {
  readonly limiter: RateLimiter;
  readonly stats: EmulatorStats = { calls: {}, throttled: 0, throttledCalls: {}, faults: 0 };
  private faultRng: Rng;
  private readonly services = new Map<string, ServiceDefinition>();
  private readonly signers = new SignerCache();

  constructor(
    public world: World,
    services: ServiceDefinition[],
    public knobs: EmulatorKnobs = DEFAULT_KNOBS,
    /** Handles /_emulator/* (state, clock, config); set by the emulator's admin module. */
    public admin?: (req: EmuRequest, core: EmulatorCore) => EmuResponse | Promise<EmuResponse>,
  ) {
    for (const s of services) this.services.set(s.signingName, s);
    this.limiter = new RateLimiter(knobs.rates);
    this.faultRng = seededRng(knobs.seed);
  }

  setKnobs(knobs: Partial<EmulatorKnobs>): void {
    this.knobs = { ...this.knobs, ...knobs };
    this.limiter.config = this.knobs.rates;
    if (knobs.seed !== undefined) this.faultRng = seededRng(knobs.seed);
  }

  async handle(req: EmuRequest): Promise<EmuResponse> {
    if (req.path.startsWith('/_emulator/') && this.admin) return this.admin(req, this);
    const requestId = randomUUID();
    const auth = parseAuth(req);
    const named = auth ? this.services.get(auth.service) : this.guessService(req);
    const service = named?.formVariant && speaksQuery(req) ? named.formVariant : named;
    if (!service) {
      return {
        status: 400,
        headers: { 'content-type': 'text/plain', 'x-amzn-requestid': requestId },
        body: `Unknown service '${auth?.service ?? ''}'`,
      };
    }
    if (this.knobs.latencyMs > 0) {
      const j = this.knobs.jitter;
      await sleep(this.knobs.latencyMs * (1 - j + 2 * j * Math.random()));
    }
    const fault = this.pickFault(() => this.operationName(service, req));
    if (fault === 'drop-before') return { status: 0, headers: {}, body: '', drop: 'before' };
    if (fault === 'internal' || fault === 'unavailable') {
      this.stats.faults++;
      return render(
        service,
        commonError(service.protocol, fault === 'internal' ? 'InternalError' : 'Unavailable'),
        requestId,
        '',
      );
    }
    let handled: Handled;
    let operationName = '';
    try {
      if (!auth) throw commonError(service.protocol, 'MissingAuth');
      // Authenticated first: an aws-chunked body is decoded there, before the operation reads it.
      const credential = authenticate(this.world, this.signers, service, req, auth);
      const { operation, name, input } = this.resolveOperation(service, req);
      operationName = name;
      handled = await this.invoke(service, req, credential, auth.region, name, operation, input, requestId);
    } catch (e) {
      const err = e instanceof AwsError ? e : internal(e);
      handled = { response: render(service, err, requestId, operationName) };
    }
    this.stats.calls[`${service.signingName}:${operationName || '?'}`] =
      (this.stats.calls[`${service.signingName}:${operationName || '?'}`] ?? 0) + 1;
    if (fault === 'drop-after') {
      this.stats.faults++;
      return { ...handled.response, drop: 'after' };
    }
    return handled.response;
  }

  /** The operation a request names, or '' when it names none (only asked when faults are limited). */
  private operationName(service: ServiceDefinition, req: EmuRequest): string {
    try {
      return this.resolveOperation(service, req).name;
    } catch {
      return '';
    }
  }

  private pickFault(operation: () => string): FaultKind | undefined {
    if (!(this.knobs.faults > 0)) return undefined;
    const only = this.knobs.faultOperations;
    if (only?.length && !only.includes(operation())) return undefined;
    if (this.faultRng() >= this.knobs.faults) return undefined;
    const kinds = this.knobs.faultKinds?.length ? this.knobs.faultKinds : FAULT_KINDS;
    const kind = kinds[Math.min(kinds.length - 1, Math.floor(this.faultRng() * kinds.length))]!;
    if (kind === 'drop-before') this.stats.faults++;
    return kind;
  }

  private guessService(req: EmuRequest): ServiceDefinition | undefined {
    const target = req.headers['x-amz-target'] ?? '';
    for (const s of this.services.values()) {
      if (s.targetPrefixes?.some((p) => target.startsWith(`${p}.`))) return s;
    }
    const ct = req.headers['content-type'] ?? '';
    if (ct.startsWith('application/x-www-form-urlencoded')) {
      const version = new URLSearchParams(req.body.toString('utf8')).get('Version');
      for (const s of this.services.values()) if (s.protocol === 'query' && s.version === version) return s;
      return this.services.get('sts');
    }
    return this.services.get('s3');
  }

  private resolveOperation(
    service: ServiceDefinition,
    req: EmuRequest,
  ): { operation: Operation; name: string; input: unknown } {
    const unknown = (name: string) =>
      commonError(
        service.protocol,
        'UnknownOperation',
        service.protocol === 'query'
          ? `Could not find operation ${name} for version ${service.version}`
          : `Unrecognized operation ${name}`,
      );
    switch (service.protocol) {
      case 'query': {
        if (req.method !== 'POST' && req.method !== 'GET') throw unknown(req.method);
        const params = new URLSearchParams(req.method === 'GET' ? req.query : req.body.toString('utf8'));
        const name = params.get('Action') ?? '';
        const op = Object.hasOwn(service.operations, name) ? service.operations[name] : undefined;
        if (!op) throw unknown(name);
        const version = params.get('Version');
        if (version !== service.version) {
          throw new AwsError(
            'InvalidAction',
            `Could not find operation ${name} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
            400,
          );
        }
        return { operation: op, name, input: new QueryInput(params) };
      }
      case 'json1_1':
      case 'json1_0': {
        const target = req.headers['x-amz-target'] ?? '';
        const dot = target.lastIndexOf('.');
        const prefix = target.slice(0, dot);
        const name = target.slice(dot + 1);
        const op = Object.hasOwn(service.operations, name) ? service.operations[name] : undefined;
        if (dot < 0 || !service.targetPrefixes?.includes(prefix) || !op) throw unknown(name || target);
        return { operation: op, name, input: parseJsonBody(req.body) };
      }
      case 'rest-xml':
      case 'rest-json': {
        const routed = service.route?.(req);
        if (!routed || routed instanceof AwsError) throw routed ?? unknown(req.method);
        const op = service.operations[routed.operation];
        if (!op) throw unknown(routed.operation);
        return { operation: op, name: routed.operation, input: routed.input };
      }
    }
  }

  private async invoke(
    service: ServiceDefinition,
    req: EmuRequest,
    credential: Credential,
    region: string,
    name: string,
    operation: Operation,
    input: unknown,
    requestId: string,
  ): Promise<Handled> {
    const principal = credential.principal;
    if (!this.limiter.take(principal.accountId, service.signingName, name, Date.now())) {
      this.stats.throttled++;
      const key = `${service.signingName}:${name}`;
      this.stats.throttledCalls[key] = (this.stats.throttledCalls[key] ?? 0) + 1;
      throw throttlingFor(service.signingName, service.protocol);
    }
    const world = this.world;
    const ctx: CallContext = {
      world,
      credential,
      principal,
      accountId: principal.accountId,
      region,
      requestId,
      service: service.signingName,
      operation: name,
      sourceIp: req.remoteAddress,
      userAgent: req.headers['user-agent'] ?? '',
      host: req.headers.host ?? '',
      request: req,
      trail: {},
      authorize(action, resource, extraKeys) {
        const r = authorize(world, principal, action, resource, region, extraKeys);
        if (!r.allowed) {
          throw commonError(
            service.protocol,
            'AccessDenied',
            denialMessage(world, principal, action, resource, r),
          );
        }
      },
    };
    try {
      if (operation.action !== null) {
        ctx.authorize(
          operation.action ?? `${service.signingName}:${name}`,
          operation.resource?.(ctx, input) ?? '*',
        );
      }
      const output = await operation.handler(ctx, input);
      if (!operation.readOnly || name === 'AssumeRoot') this.recordCall(service, ctx, input, undefined);
      return { response: renderSuccess(service, name, output, requestId), ctx };
    } catch (e) {
      const err = e instanceof AwsError ? e : internal(e);
      if (!operation.readOnly || err.code.startsWith('AccessDenied'))
        this.recordCall(service, ctx, input, err);
      return { response: render(service, err, requestId, name), ctx };
    }
  }

  private recordCall(
    service: ServiceDefinition,
    ctx: CallContext,
    input: unknown,
    err: AwsError | undefined,
  ): void {
    const requestParameters =
      ctx.trail.requestParameters !== undefined
        ? ctx.trail.requestParameters
        : input instanceof QueryInput
          ? input.toRequestParameters()
          : lowerCamelKeys(input);
    const isGlobal = service.signingName === 'iam' || service.signingName === 'organizations';
    this.world.record({
      userIdentity: userIdentityOf(ctx.credential, ctx.operation === 'AssumeRoot' && err === undefined),
      eventTime: this.world
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      eventSource: service.eventSource,
      eventName: ctx.operation,
      awsRegion: isGlobal ? 'us-east-1' : ctx.region,
      sourceIPAddress: ctx.sourceIp,
      userAgent: ctx.userAgent,
      requestParameters,
      responseElements: err ? null : (ctx.trail.responseElements ?? null),
      ...(err ? { errorCode: err.code, errorMessage: err.message } : {}),
      requestID: ctx.requestId,
      readOnly: false,
      ...(ctx.trail.resources ? { resources: ctx.trail.resources } : {}),
      recipientAccountId: ctx.trail.recipientAccountId ?? ctx.accountId,
    });
  }
}

function lowerCamelKeys(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null) return null;
  const conv = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(conv)
      : typeof v === 'object' && v !== null && !Buffer.isBuffer(v)
        ? Object.fromEntries(
            Object.entries(v).map(([k, x]) => [k.length ? k[0]!.toLowerCase() + k.slice(1) : k, conv(x)]),
          )
        : v;
  const out = conv(value) as Record<string, unknown>;
  return Object.keys(out).length ? out : null;
}

function internal(e: unknown): AwsError {
  return new AwsError(
    'InternalFailure',
    `The emulator failed to process the request: ${e instanceof Error ? e.message : String(e)}`,
    500,
  );
}

function renderSuccess(
  service: ServiceDefinition,
  name: string,
  output: unknown,
  requestId: string,
): EmuResponse {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  switch (service.protocol) {
    case 'query':
      headers['content-type'] = 'text/xml';
      return {
        status: 200,
        headers,
        body: querySuccess(
          name,
          service.xmlNamespace!,
          output as Record<string, unknown> | undefined,
          requestId,
        ),
      };
    case 'json1_1':
    case 'json1_0':
      headers['content-type'] =
        service.protocol === 'json1_1' ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0';
      return { status: 200, headers, body: jsonSuccess(output) };
    case 'rest-xml': {
      // S3 handlers return a ready response body (string) or nothing (204).
      headers['x-amz-request-id'] = requestId;
      headers['x-amz-id-2'] = s3HostId(requestId);
      if (output === undefined) return { status: 204, headers, body: '' };
      const o = output as { status?: number; contentType?: string; body: string };
      headers['content-type'] = o.contentType ?? 'application/xml';
      return { status: o.status ?? 200, headers, body: o.body };
    }
    case 'rest-json':
      headers['content-type'] = 'application/json';
      return { status: 200, headers, body: JSON.stringify(output ?? {}) };
  }
}

function render(
  service: ServiceDefinition,
  err: AwsError,
  requestId: string,
  _operation: string,
): EmuResponse {
  const headers: Record<string, string> = { ...err.headers, 'x-amzn-requestid': requestId };
  const clientError = err.status >= 400 && err.status < 500 && err.status !== 429;
  if (service.clientErrorStatus !== undefined && clientError && err.status !== service.clientErrorStatus)
    err = new AwsError(err.code, err.message, service.clientErrorStatus, err.extra, err.fault);
  switch (service.protocol) {
    case 'query':
      headers['content-type'] = 'text/xml';
      // An AWS query compatible service (SQS) names its errors by their query codes in this protocol.
      return {
        status: err.status,
        headers,
        body: queryError(
          err.extra.queryError === undefined
            ? err
            : new AwsError(err.extra.queryError, err.message, err.status),
          service.xmlNamespace!,
          requestId,
        ),
      };
    case 'json1_1':
      headers['content-type'] = 'application/x-amz-json-1.1';
      headers['x-amzn-errortype'] = err.code;
      return { status: err.status, headers, body: jsonError(err) };
    case 'json1_0':
      headers['content-type'] = 'application/x-amz-json-1.0';
      headers['x-amzn-query-error'] = `${err.extra.queryError ?? err.code};${err.fault}`;
      return {
        status: err.status,
        headers,
        body: jsonError(new AwsError(err.code, err.message, err.status, {}), {
          typePrefix: 'com.amazonaws.sqs#',
          messageKey: 'message',
        }),
      };
    case 'rest-xml':
      headers['content-type'] = 'application/xml';
      headers['x-amz-request-id'] = requestId;
      headers['x-amz-id-2'] = s3HostId(requestId);
      return { status: err.status, headers, body: restXmlError(err, requestId, headers['x-amz-id-2']) };
    case 'rest-json':
      headers['content-type'] = 'application/json';
      headers['x-amzn-errortype'] = err.code;
      return { status: err.status, headers, body: JSON.stringify({ Code: err.code, Message: err.message }) };
  }
}

/** An awsQuery request: a form-encoded body, or (GET, presigned) `Action` in the query string. */
function speaksQuery(req: EmuRequest): boolean {
  return (
    (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ||
    req.query.has('Action')
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
