import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as gtpv1c from '../../protocol/gtpv1c/index.ts';
import * as gtpv2c from '../../protocol/gtpv2c/index.ts';
import * as pfcp from '../../protocol/pfcp/index.ts';
import { encodeDns } from '../../protocol/dns/index.ts';
import { sbiProbe } from '../../net/sbi/sm-context-probe.ts';
import { SCTP_PORT } from '../../protocol/sctp/index.ts';
import { answersSctpInit } from './sctp-probe.ts';

/**
 * How a stand-in container is seen to serve: GTPv1/GTPv2 Echo, PFCP Heartbeat, a TCP connection
 * (Diameter), an HTTP/2 request of its API (an SMF's N11), or an SCTP INIT over UDP (an AMF's N2,
 * RFC 6951; `port` is then the UDP port, the SCTP port NGAP's 38412).
 */
export type Probe = 1 | 2 | 'pfcp' | 'tcp' | 'sbi' | 'sctp';

/**
 * Health check of a stand-in container from the harness's side of the lab network: an Echo
 * Request (TS 29.274 §7.1.1, or TS 29.060 §7.2.1 for a GGSN) must be answered, so the element is
 * not only started but reachable where the drivers will send.
 */
/**
 * Polls until an Echo is answered or `withinMs` passes: a new bridge's own address is
 * "tentative" for a moment (IPv6 duplicate address detection, RFC 4862 §5.4), during which the
 * host cannot send from it.
 */
export async function becomesReachable(
  address: string,
  port: number,
  gtpVersion: Probe,
  withinMs = 8000,
): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const answered =
      gtpVersion === 'tcp'
        ? acceptsTcp(address, port, 300)
        : gtpVersion === 'sbi'
          ? sbiProbe(address, port, 1000).then((r) => r.ok)
          : gtpVersion === 'sctp'
            ? answersSctpInit(address, SCTP_PORT.NGAP, port, 300)
            : answersEcho(address, port, gtpVersion, 300);
    if (await answered.catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * The probe for a stand-in role: GTPv1 Echo (GGSN), PFCP Heartbeat (PGW-U, UPF), a TCP connection
 * (the HSS's and PCRF's Diameter, RFC 6733 §2.1), an h2c request of Nsmf_PDUSession (the SMF's N11,
 * TS 29.500 §5.2: a TCP connect alone says nothing of HTTP/2), an SCTP INIT (the AMF), else GTPv2 Echo.
 */
export function probeFor(role: string): Probe {
  return role === 'ggsn'
    ? 1
    : role === 'pgw-u' || role === 'upf'
      ? 'pfcp'
      : role === 'hss' || role === 'pcrf'
        ? 'tcp'
        : role === 'smf'
          ? 'sbi'
          : role === 'amf'
            ? 'sctp'
            : 2;
}

/** What the probe of probeFor sends, for errors. */
export function probeName(probe: Probe): string {
  return probe === 'tcp'
    ? 'a TCP connection'
    : probe === 'sbi'
      ? 'an HTTP/2 Retrieve SM Context (N11)'
      : probe === 'sctp'
        ? 'an SCTP INIT'
        : probe === 'pfcp'
          ? 'Heartbeat'
          : 'Echo';
}

/**
 * A Diameter node listens on TCP (RFC 6733 §2.1): it serves once it accepts a connection. The
 * capabilities exchange is left to the scenario's own client, which judges it.
 */
function acceptsTcp(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: address, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** `pfcp`: a PFCP Heartbeat (TS 29.244 §7.4.2) instead; its response is type 2 as well. */
export async function answersEcho(
  address: string,
  port: number,
  gtpVersion: 1 | 2 | 'pfcp',
  timeoutMs = 1000,
): Promise<boolean> {
  const v6 = address.includes(':');
  const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
  const req =
    gtpVersion === 'pfcp'
      ? pfcp.encode({ type: 'heartbeat-request', sequence: 1, ies: [pfcp.recoveryTimeStamp(new Date())] })
      : gtpVersion === 1
        ? gtpv1c.encode({ type: 'echo-request', teid: 0, sequence: 1, ies: [] })
        : gtpv2c.encode({
            type: 'echo-request',
            sequence: 1,
            ies: [{ ie: 'recovery', instance: 0, restartCounter: 0 }],
          });
  try {
    return await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      s.on('error', () => undefined);
      s.on('message', (m) => {
        if (m.length > 1 && m[1] === 2) {
          clearTimeout(t);
          resolve(true);
        }
      });
      s.send(req, port, address, (err) => {
        if (err) {
          clearTimeout(t);
          resolve(false);
        }
      });
    });
  } finally {
    s.close();
  }
}

/**
 * A resolver serves once it answers a query (any RCODE): the lab polls with an SOA query for
 * `zone` (RFC 1035 §4.1), for the same reason as becomesReachable.
 */
export async function answersDns(address: string, port: number, zone: string, withinMs = 8000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  const query = encodeDns({ type: 'query', id: 0x6c61, flags: 0, questions: [{ type: 'SOA', name: zone }] });
  while (Date.now() < deadline) {
    const v6 = address.includes(':');
    const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
    s.on('error', () => undefined);
    const ok = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 300);
      s.on('message', (m) => {
        if (m.length >= 12 && m.readUInt16BE(0) === 0x6c61) {
          clearTimeout(t);
          resolve(true);
        }
      });
      s.send(query, port, address, (err) => {
        if (err) {
          clearTimeout(t);
          resolve(false);
        }
      });
    });
    s.close();
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
