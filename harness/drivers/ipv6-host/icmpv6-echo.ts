import { randomInt } from 'node:crypto';
import raw from 'raw-socket';
import { echoRequest, encodeIpPacket, icmpv6Packet } from '../../protocol/ip/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { sourceAddressFor } from '../common/source-address.ts';
import { retransmit } from './retransmit.ts';

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
  try {
    const r = await retransmit<{ msg: Buffer; from: string }>({
      attempts: opts.attempts ?? 3,
      timeoutMs: opts.timeoutMs ?? 1000,
      signal,
      send(n, fail) {
        const packet = encodeIpPacket(echoRequest(src, dst, identifier, n, data));
        recorder.ip(packet);
        // The socket takes the ICMPv6 message; the kernel writes the IPv6 header (40 octets here).
        socket.send(packet, 40, packet.length - 40, dst, (err) => err && fail(err.message));
      },
      listen(answer, fail) {
        socket.on('error', (e) => fail(e.message));
        // RFC 4443 §4.2: type 129, the request's identifier; the raw socket hands over the ICMPv6 message only.
        socket.on('message', (msg, from) => {
          if (msg.length >= 8 && msg[0] === 129 && msg.readUInt16BE(4) === identifier) answer({ msg, from });
        });
      },
    });
    if (r.kind !== 'answer') return r;
    const { msg, from } = r.answer;
    const echoed = Buffer.from(msg.subarray(8));
    recorder.ip(
      encodeIpPacket(
        icmpv6Packet(from, src, { type: 'echo-reply', identifier, sequence: msg.readUInt16BE(6), data: echoed }),
      ),
    );
    return { kind: 'reply', from, rttMs: r.rttMs, attempts: r.attempts, dataEqual: echoed.equals(data) };
  } finally {
    socket.close();
  }
}
