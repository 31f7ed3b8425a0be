/**
 * The endpoint faults src/aws/http.ts raises, without the SDK: src/aws/errors.ts is loaded when the
 * CLI starts, and the CLI starts without the SDK (test/cli-startup.test.ts).
 */
export type EndpointFault = 'refused' | 'tls' | 'timeout' | 'connect-timeout';

/**
 * A fault of the endpoint, not of AWS: its name and lack of a Node error `code` keep the SDK from
 * retrying it (its classifier retries ECONNREFUSED, EPROTO-like and TimeoutError).
 */
export class EndpointFaultError extends Error {
  override readonly name = 'EndpointFault';
  constructor(
    readonly fault: EndpointFault,
    readonly endpoint: string,
    message: string,
    readonly original: unknown,
  ) {
    super(message);
  }
}

export function isEndpointFault(e: unknown, ...faults: EndpointFault[]): e is EndpointFaultError {
  if (!(e instanceof EndpointFaultError)) return false;
  return faults.length === 0 || faults.includes(e.fault);
}

/**
 * Nothing listens at the endpoint, or it does not speak TLS, anywhere in `e`'s cause chain: a fault
 * of the configured endpoint that no retry can change (unlike a timeout, which may be a blip).
 */
export function isPersistentEndpointFault(e: unknown): boolean {
  for (let cur = e, depth = 0; typeof cur === 'object' && cur !== null && depth < 8; depth++) {
    if (isEndpointFault(cur, 'refused', 'tls')) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
