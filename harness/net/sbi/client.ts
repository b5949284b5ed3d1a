import http2, { type ClientHttp2Session } from 'node:http2';
import { type BinaryPart, decodeSbiBody, encodeSbiBody, type SbiBody } from '../../protocol/sbi/index.ts';
import type { PacketRecorder } from '../pcap/index.ts';
import { recordedConnection } from './recorded-connection.ts';

/**
 * An SBI client (TS 29.500 §5.2) over h2c with prior knowledge: one HTTP/2 connection per API
 * root, opened on first use and reopened after it closes; requests are streams on it. A request
 * that gets no answer within `timeoutMs` rejects with a TimeoutError naming the peer and path.
 */
export interface SbiReply {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: SbiBody;
}

export interface SbiRequestBody {
  json: unknown;
  parts?: readonly BinaryPart[];
  jsonType?: string;
}

export class SbiTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export class SbiClient {
  private session?: ClientHttp2Session;

  constructor(
    /** http://host:port (an IPv6 host in brackets). */
    readonly apiRoot: string,
    private readonly timeoutMs = 5000,
    /** Where the connection's TCP segments are recorded (a leg no driver sees, e.g. N16). */
    private readonly recorder?: PacketRecorder,
  ) {}

  private connect(): ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const recorder = this.recorder;
    const s = recorder
      ? http2.connect(this.apiRoot, {
          createConnection: (url: URL) =>
            recordedConnection(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80), recorder),
        })
      : http2.connect(this.apiRoot);
    s.on('error', () => {});
    s.on('close', () => {
      if (this.session === s) this.session = undefined;
    });
    this.session = s;
    return s;
  }

  request(method: string, path: string, body?: SbiRequestBody, signal?: AbortSignal): Promise<SbiReply> {
    return new Promise((resolve, reject) => {
      const headers: http2.OutgoingHttpHeaders = { ':method': method, ':path': path };
      let payload: Buffer | undefined;
      if (body) {
        const e = encodeSbiBody(body.json, body.parts ?? [], body.jsonType);
        headers['content-type'] = e.contentType;
        payload = e.body;
      }
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.connect().request(headers);
      } catch (err) {
        return reject(err);
      }
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new SbiTimeoutError(`no answer from ${this.apiRoot} to ${method} ${path} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const abort = () => {
        clearTimeout(timer);
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      };
      let responseHeaders: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => {
        responseHeaders = h;
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        done();
        try {
          resolve({
            status: Number(responseHeaders[':status']),
            headers: responseHeaders,
            body: decodeSbiBody(responseHeaders['content-type'], Buffer.concat(chunks)),
          });
        } catch (err) {
          reject(err);
        }
      });
      stream.on('error', (err) => {
        done();
        reject(err);
      });
      stream.end(payload);
    });
  }

  close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (!s || s.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        s.destroy();
        resolve();
      }, 500);
      s.close(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
