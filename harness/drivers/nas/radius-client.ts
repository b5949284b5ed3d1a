import { createSocket } from 'node:dgram';
import {
  decodeRadius,
  encodeRadius,
  responseAuthenticatorValid,
  type RadiusAttribute,
  type RadiusPacket,
} from '../../protocol/radius/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';

export type RadiusOutcome =
  | { kind: 'answered'; response: RadiusPacket; rttMs: number; authenticatorValid: boolean }
  | { kind: 'no-answer' }
  | { kind: 'undecodable'; reason: string };

export interface RadiusSendOptions {
  server: { address: string; port: number };
  localAddress: string;
  /** The secret the request is signed with (a wrong one makes a request the AAA must discard). */
  secret: string;
  /** The secret the answer is checked with: the AAA's. */
  checkSecret?: string;
  code: 'Accounting-Request';
  attributes: RadiusAttribute[];
  timeoutMs: number;
  recorder?: PacketRecorder;
  signal?: AbortSignal;
}

/**
 * One RADIUS transaction as a NAS makes it (RFC 2865 §2.5, RFC 2866 §2): the request from a fresh
 * source port, the first answer with its Identifier, or none within `timeoutMs` (no retransmission:
 * a scenario asking whether the AAA answers wants one try). The answer's Response Authenticator
 * is checked against the request's (RFC 2866 §3).
 */
export async function radiusTransaction(o: RadiusSendOptions): Promise<RadiusOutcome> {
  const identifier = Math.floor(Math.random() * 256);
  const request = encodeRadius({ code: o.code, identifier, secret: o.secret, attributes: o.attributes });
  const socket = createSocket(o.server.address.includes(':') ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, o.localAddress, () => resolve());
    });
    const local = socket.address();
    const t0 = performance.now();
    const answer = new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), o.timeoutMs);
      const abort = () => {
        clearTimeout(timer);
        resolve(undefined);
      };
      o.signal?.addEventListener('abort', abort, { once: true });
      socket.on('message', (msg, from) => {
        if (msg.length < 2 || msg[1] !== identifier) return;
        o.recorder?.udp({ address: from.address, port: from.port }, { address: local.address, port: local.port }, msg);
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', abort);
        resolve(msg);
      });
    });
    o.recorder?.udp({ address: local.address, port: local.port }, o.server, request);
    socket.send(request, o.server.port, o.server.address);
    const msg = await answer;
    if (!msg) return { kind: 'no-answer' };
    const rttMs = performance.now() - t0;
    const secret = o.checkSecret ?? o.secret;
    try {
      const response = decodeRadius(msg, secret);
      return {
        kind: 'answered',
        response,
        rttMs,
        authenticatorValid: responseAuthenticatorValid(msg, request.subarray(4, 20), secret),
      };
    } catch (e) {
      return { kind: 'undecodable', reason: e instanceof Error ? e.message : String(e) };
    }
  } finally {
    socket.close();
  }
}
