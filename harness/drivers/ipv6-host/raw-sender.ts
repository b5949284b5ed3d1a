import raw from 'raw-socket';
import type { PacketRecorder } from '../../net/pcap/index.ts';

/** IPPROTO_RAW: on an IPv6 raw socket the caller writes the whole packet, header included (Linux raw(7)). */
const IPPROTO_RAW = 255;

/**
 * Sends whole IPv6 packets as built (header, extension headers, fragments): for conformance
 * probes the kernel's own stack would never send (overlapping fragments, an unknown next header,
 * a forged source). Each is recorded as sent. Needs root.
 */
export async function sendRawIpv6(packets: Buffer[], dst: string, recorder: PacketRecorder): Promise<void> {
  const socket = raw.createSocket({ protocol: IPPROTO_RAW, addressFamily: raw.AddressFamily.IPv6 });
  try {
    for (const packet of packets) {
      recorder.ip(packet);
      // Never wait forever on the native socket: a send that does not complete is an error.
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`raw IPv6 socket: a ${packet.length}-octet packet to ${dst} was not sent within 2 s`)),
          2000,
        );
        socket.send(packet, 0, packet.length, dst, (err) => {
          clearTimeout(t);
          if (err) reject(err);
          else resolve();
        });
      });
    }
  } finally {
    socket.close();
  }
}
