import { randomInt } from 'node:crypto';
import raw from 'raw-socket';
import { echoRequest, encodeIpPacket, icmpv6Packet } from '../../protocol/ip/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { sourceAddressFor } from '../common/source-address.ts';

/**
 * ICMPv6 Echo (RFC 4443 §4.1, §4.2) from the harness host over a raw ICMPv6 socket (raw-socket;
 * needs root or CAP_NET_RAW). The kernel fills in the checksum of a raw ICMPv6 socket (RFC 3542
 * §3.1). Both messages are recorded as the IPv6 packets that were on the wire.
 */
export type EchoOutcome =
  | { kind: 'reply'; from: string; rttMs: number; attempts: number; dataEqual: boolean }
  | { kind: 'timeout'; attempts: number }
  | { kind: 'error'; message: string };

export async function icmpv6Echo(
  dst: string,
  recorder: PacketRecorder,
  signal: AbortSignal,
  opts: { attempts?: number; timeoutMs?: number; size?: number } = {},
): Promise<EchoOutcome> {
  const src = await sourceAddressFor(dst);
  const identifier = randomInt(0, 0x10000);
  const data = Buffer.alloc(opts.size ?? 56, 0x76);
  let socket: raw.RawSocket;
  try {
    socket = raw.createSocket({ protocol: raw.Protocol.ICMPv6, addressFamily: raw.AddressFamily.IPv6 });
  } catch (e) {
    return {
      kind: 'error',
      message: `no raw ICMPv6 socket (${e instanceof Error ? e.message : String(e)}): run as root`,
    };
  }
  const attempts = opts.attempts ?? 3;
  try {
    return await new Promise<EchoOutcome>((resolve) => {
      let sent = 0;
      let sentAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const done = (o: EchoOutcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(o);
      };
      const onAbort = () => done({ kind: 'timeout', attempts: sent });
      signal.addEventListener('abort', onAbort, { once: true });
      socket.on('error', (e) => done({ kind: 'error', message: e.message }));
      socket.on('message', (msg, from) => {
        // RFC 4443 §4.2: type 129, the request's identifier; the raw socket hands over the ICMPv6 message only.
        if (msg.length < 8 || msg[0] !== 129 || msg.readUInt16BE(4) !== identifier) return;
        const echoed = msg.subarray(8);
        const reply = { identifier, sequence: msg.readUInt16BE(6), data: Buffer.from(echoed) };
        recorder.ip(encodeIpPacket(icmpv6Packet(from, src, { type: 'echo-reply', ...reply })));
        done({
          kind: 'reply',
          from,
          rttMs: performance.now() - sentAt,
          attempts: sent,
          dataEqual: echoed.equals(data),
        });
      });
      const send = () => {
        if (sent >= attempts) return done({ kind: 'timeout', attempts: sent });
        sent++;
        const packet = encodeIpPacket(echoRequest(src, dst, identifier, sent, data));
        recorder.ip(packet);
        sentAt = performance.now();
        // The socket takes the ICMPv6 message; the kernel writes the IPv6 header (40 octets here).
        socket.send(packet, 40, packet.length - 40, dst, (err) => {
          if (err) done({ kind: 'error', message: err.message });
        });
        timer = setTimeout(send, opts.timeoutMs ?? 1000);
      };
      send();
    });
  } finally {
    socket.close();
  }
}
