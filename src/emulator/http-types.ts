/** The emulator's own request/response types: handle() maps one to the other with no socket involved. */
export interface EmuRequest {
  method: string;
  /** Path without the query string, still percent-encoded as received. */
  path: string;
  query: URLSearchParams;
  /** The query string exactly as received (SigV4 canonicalizes it); absent: built from `query`. */
  rawQuery?: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
  remoteAddress: string;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Fault injection: close the connection without answering. */
  drop?: 'before' | 'after';
}

/** An error AWS would answer with; the protocol codec renders it in that service's format. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: 'Sender' | 'Receiver';
  readonly extra: Record<string, string>;
  /** Response headers the error carries (S3's 301 sends x-amz-bucket-region). */
  readonly headers: Record<string, string> = {};

  constructor(
    code: string,
    message: string,
    status = 400,
    extra: Record<string, string> = {},
    fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
    this.fault = fault;
    this.extra = extra;
  }
}
