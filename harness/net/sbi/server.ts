import http2, { type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import {
  type BinaryPart,
  decodeSbiBody,
  encodeSbiBody,
  MEDIA_TYPE,
  problem,
  type SbiBody,
} from '../../protocol/sbi/index.ts';

/**
 * An SBI server (TS 29.500 §5.2: HTTP/2, RFC 9113) without TLS (h2c with prior knowledge, as
 * lab networks run it; TS 29.500 §5.2.2 leaves TLS to the deployment). Bodies are decoded before
 * the handler sees them: a malformed body is answered 400 INVALID_MSG_FORMAT and an oversized
 * one 413, so a stand-in's handler only ever sees well-formed requests.
 */
export interface SbiRequest {
  method: string;
  /** The :path, query included. */
  path: string;
  headers: http2.IncomingHttpHeaders;
  body: SbiBody;
}

export interface SbiResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** application/json unless said (application/problem+json for a bare ProblemDetails). */
  jsonType?: string;
  parts?: BinaryPart[];
}

/** A handler returns the response, or `undefined` to leave the request unanswered (a silent element). */
export type SbiHandler = (req: SbiRequest) => Promise<SbiResponse | undefined> | SbiResponse | undefined;

const MAX_BODY = 1 << 20;

export class SbiServer {
  private readonly server: http2.Http2Server;
  private readonly sessions = new Set<Http2Session>();
  private bound?: { address: string; port: number };

  constructor(
    private readonly handler: SbiHandler,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.server = http2.createServer();
    this.server.on('session', (s) => {
      this.sessions.add(s);
      s.on('close', () => this.sessions.delete(s));
      s.on('error', () => {});
    });
    this.server.on('request', (req, res) => this.receive(req, res));
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('SBI server is not started');
    return this.bound;
  }

  /** http://host:port of this server, the API root its resources hang off (TS 29.501 §4.4.1). */
  get apiRoot(): string {
    const { address, port } = this.endpoint;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  listen(address: string, port = 0): Promise<{ address: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => {
        this.server.off('error', reject);
        const a = this.server.address();
        if (!a || typeof a === 'string') return reject(new Error('SBI server has no address'));
        this.bound = { address: a.address, port: a.port };
        resolve(this.bound);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(req: Http2ServerRequest, res: Http2ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (size > MAX_BODY) return send(res, { status: 413, json: { status: 413, title: 'Content Too Large' } });
      let body: SbiBody;
      try {
        body = decodeSbiBody(req.headers['content-type'], Buffer.concat(chunks));
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
        return send(res, {
          status: 400,
          json: problem('INVALID_MSG_FORMAT', err.message),
          jsonType: MEDIA_TYPE.PROBLEM_JSON,
        });
      }
      const request: SbiRequest = { method: req.method, path: req.url, headers: req.headers, body };
      Promise.resolve()
        .then(() => this.handler(request))
        .then(
          (r) => r && send(res, r),
          (err) => {
            this.onError(err);
            send(res, { status: 500, json: problem('SYSTEM_FAILURE', String(err)), jsonType: MEDIA_TYPE.PROBLEM_JSON });
          },
        );
    });
  }
}

function send(res: Http2ServerResponse, r: SbiResponse): void {
  if (res.closed || res.destroyed) return;
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let body: Buffer | undefined;
  if (r.json !== undefined) {
    const e = encodeSbiBody(r.json, r.parts ?? [], r.jsonType);
    headers['content-type'] = e.contentType;
    body = e.body;
  }
  try {
    res.writeHead(r.status, headers);
    if (body) res.end(body);
    else res.end();
  } catch {
    // The peer reset the stream.
  }
}
