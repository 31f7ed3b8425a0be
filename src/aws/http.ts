/**
 * rootctl's own HTTP handler for every SDK client: a connect timeout and a whole-request timeout
 * that fail the request (the SDK's `requestTimeout` alone only logs a warning and waits forever on an
 * endpoint that accepts the connection and never answers), and failures that name the endpoint.
 *
 * Faults of the configured endpoint itself are not retried by the SDK: a refused connection (nothing
 * listens there), TLS spoken to a plain-HTTP port, and a request timeout (the caller's own retry loop
 * and deadline decide whether to try again; the SDK's 4-10 attempts with backoff multiplied by the
 * caller's retries made a refused connection take 47 s to report and a hung endpoint hang for minutes).
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';
import { RootctlError } from '../core/errors.js';
import { DEFAULT_RETRY_DEADLINE_MS } from './http-retry.js';
import { EndpointFaultError, type EndpointFault } from './http-fault.js';

export {
  EndpointFaultError,
  isEndpointFault,
  isPersistentEndpointFault,
  type EndpointFault,
} from './http-fault.js';

/** Default connect timeout (TCP + TLS handshake), in ms. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Default time one request may take from sending to the last byte of the answer, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface HttpTimeouts {
  /** Connect timeout in ms (ROOTCTL_CONNECT_TIMEOUT in seconds; default 10 s). */
  connectTimeoutMs?: number | undefined;
  /** Per-request timeout in ms (ROOTCTL_REQUEST_TIMEOUT in seconds; default 30 s). */
  requestTimeoutMs?: number | undefined;
  /** Bound on one operation's SDK retries, in ms (ROOTCTL_RETRY_DEADLINE in seconds; default 30 s). */
  retryDeadlineMs?: number | undefined;
}

export interface ResolvedTimeouts {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  retryDeadlineMs: number;
}

/** Seconds from an option or environment variable, as ms; `what` names it in the error. */
export function parseTimeoutSeconds(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) {
    throw new RootctlError(
      'InvalidInput',
      `${what} '${value}' must be a number of seconds from 0.1 to 3600.`,
    );
  }
  return Math.round(seconds * 1000);
}

/** The timeouts from ROOTCTL_CONNECT_TIMEOUT / ROOTCTL_REQUEST_TIMEOUT (seconds), explicit values first. */
export function resolveTimeouts(explicit: HttpTimeouts = {}, env = process.env): ResolvedTimeouts {
  return {
    connectTimeoutMs:
      explicit.connectTimeoutMs ??
      parseTimeoutSeconds(env.ROOTCTL_CONNECT_TIMEOUT, 'ROOTCTL_CONNECT_TIMEOUT') ??
      DEFAULT_CONNECT_TIMEOUT_MS,
    requestTimeoutMs:
      explicit.requestTimeoutMs ??
      parseTimeoutSeconds(env.ROOTCTL_REQUEST_TIMEOUT, 'ROOTCTL_REQUEST_TIMEOUT') ??
      DEFAULT_REQUEST_TIMEOUT_MS,
    retryDeadlineMs:
      explicit.retryDeadlineMs ??
      parseTimeoutSeconds(env.ROOTCTL_RETRY_DEADLINE, 'ROOTCTL_RETRY_DEADLINE') ??
      DEFAULT_RETRY_DEADLINE_MS,
  };
}

function endpointOf(request: HttpRequest): string {
  const port = request.port === undefined ? '' : `:${request.port}`;
  return `${request.protocol}//${request.hostname}${port}`;
}

const TLS_CODE = /^(EPROTO|ERR_SSL_)/;
const seconds = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;

/** The endpoint fault `e` is, or undefined when it is something else (left to the SDK as it was). */
export function endpointFault(e: unknown, endpoint: string, timeouts: ResolvedTimeouts) {
  const err = (typeof e === 'object' && e !== null ? e : {}) as {
    code?: string;
    name?: string;
    message?: string;
  };
  const make = (fault: EndpointFault, message: string) => new EndpointFaultError(fault, endpoint, message, e);
  if (err.code === 'ECONNREFUSED')
    return make('refused', `connection refused by ${endpoint} (nothing listens there)`);
  if (err.code !== undefined && TLS_CODE.test(err.code) && endpoint.startsWith('https:')) {
    return make(
      'tls',
      `${endpoint} did not answer TLS (a plain-HTTP port?): use http:// for a plain-HTTP endpoint such as the emulator`,
    );
  }
  if (err.name === 'TimeoutError' && /did not establish a connection/.test(err.message ?? '')) {
    return make(
      'connect-timeout',
      `no connection to ${endpoint} within ${seconds(timeouts.connectTimeoutMs)}`,
    );
  }
  if (err.name === 'TimeoutError') {
    return make('timeout', `no answer from ${endpoint} within ${seconds(timeouts.requestTimeoutMs)}`);
  }
  return undefined;
}

/** A NodeHttpHandler whose timeouts fail the request and whose endpoint faults name the endpoint. */
export class RootctlHttpHandler extends NodeHttpHandler {
  constructor(
    readonly timeouts: ResolvedTimeouts,
    maxSockets: number,
  ) {
    super({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
      connectionTimeout: timeouts.connectTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    });
  }

  override async handle(
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }> {
    try {
      return await super.handle(request, options);
    } catch (e) {
      throw endpointFault(e, endpointOf(request), this.timeouts) ?? e;
    }
  }
}

export function createHttpHandler(timeouts: HttpTimeouts, maxSockets: number): RootctlHttpHandler {
  return new RootctlHttpHandler(resolveTimeouts(timeouts), maxSockets);
}
