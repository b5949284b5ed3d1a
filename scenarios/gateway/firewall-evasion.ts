import { randomInt } from 'node:crypto';
import { RawIpv6Listener, sendRawIpv6 } from '../../harness/drivers/ipv6-host/index.ts';
import { addressBytes } from '../../harness/protocol/common/ip-bytes.ts';
import {
  encodeIpPacket,
  ipv6Packet,
  tcpSegment,
  TCP_FLAGS,
  type ExtensionHeader,
  type Ipv6Payload,
} from '../../harness/protocol/ip/index.ts';
import { firewallFarSide } from './firewall-far-side.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * Evasion attempts against a blocked service (MNO-INTERNET, LOGO security): a TCP SYN to the
 * blocked port, hidden behind long Hop-by-Hop/Destination Options headers, cut so the first
 * fragment lacks the TCP header (RFC 7112), in overlapping fragments (RFC 5722), or source-routed
 * through the firewall with a type 0 Routing header (RFC 5095). None may reach the server: a
 * SYN-ACK from it means the firewall was evaded. A SYN to an allowed port, plain and behind the
 * same headers, shows the server answers what gets through.
 */
const padN = (octets: number) => Buffer.concat([Buffer.from([1, octets - 2]), Buffer.alloc(octets - 2)]); // RFC 8200 §4.2
/**
 * 254 octets of options in one header: an experimental option (type 0x1E, RFC 4727 §2; "skip"
 * action, RFC 8200 §4.2) rather than padding, which RFC 8504 §5.3 bounds to 7 octets.
 */
const LONG_OPTIONS = Buffer.concat([Buffer.from([0x1e, 252]), Buffer.alloc(252)]);

export default defineScenario({
  id: 'gateway/firewall-evasion',
  title: 'A blocked service stays blocked behind extension headers, fragments and RH0',
  covers: ['MNO-INTERNET', 'LOGO'],
  tags: ['firewall', 'security', 'evasion'],
  needs: ['firewall'],
  timeout: 60,
  async run(ctx) {
    firewallFarSide(ctx);
    const p = ctx.gateway().firewall;
    const blocked = p.blocked.find((s) => s.protocol === 'tcp');
    const allowed = p.allowed.find((s) => s.protocol === 'tcp');
    ctx.expect('the policy names a blocked and an allowed TCP service', {
      expected: 'both',
      observed: `${blocked ? 'blocked' : 'no blocked'}, ${allowed ? 'allowed' : 'no allowed'}`,
      ok: !!blocked && !!allowed,
    });
    const server = ipv6Text(p.serverIpv6);
    const src = p.ueIpv6;
    const listener = new RawIpv6Listener('tcp');
    const synSegment = (srcPort: number, dstPort: number) =>
      tcpSegment({ srcPort, dstPort, seq: randomInt(0, 2 ** 31), flags: TCP_FLAGS.SYN });
    const packet = (payload: Ipv6Payload, extensionHeaders: ExtensionHeader[] = [], dst = server) =>
      encodeIpPacket(ipv6Packet(src, dst, payload, { extensionHeaders }));
    const syn = (srcPort: number, dstPort: number, ext: ExtensionHeader[] = []) =>
      packet(synSegment(srcPort, dstPort), ext);
    /** What follows the IPv6 header of a whole packet: the octets to cut into fragments. */
    const afterHeader = (payload: Ipv6Payload, ext: ExtensionHeader[] = []) => packet(payload, ext).subarray(40);
    /** Did the server answer SYN-ACK from `port` to `srcPort` within 800 ms? */
    const answered = async (port: number, srcPort: number) => {
      for (let i = 0; i < 16; i++) {
        await new Promise((r) => setTimeout(r, 50));
        if (
          listener.matching(
            (a) =>
              ipv6Text(a.from) === server &&
              a.message.length >= 14 &&
              a.message.readUInt16BE(0) === port &&
              a.message.readUInt16BE(2) === srcPort &&
              (a.message[13] & 0x12) === 0x12,
          ).length
        )
          return true;
      }
      return false;
    };
    const chain: ExtensionHeader[] = [
      { type: 'hop-by-hop', options: LONG_OPTIONS },
      { type: 'destination-options', options: LONG_OPTIONS },
    ];
    try {
      // Controls: what passes is answered, plain and behind the long header chain.
      let sp = randomInt(40000, 60000);
      await sendRawIpv6([syn(sp, allowed!.port)], server, ctx.recorder);
      ctx.expect(`a plain SYN to allowed port ${allowed!.port} is answered (the control)`, {
        expected: 'SYN-ACK',
        observed: (await answered(allowed!.port, sp)) ? 'SYN-ACK' : 'nothing',
        element: 'firewall',
      });
      sp++;
      await sendRawIpv6([syn(sp, allowed!.port, chain)], server, ctx.recorder);
      const chainControl = await answered(allowed!.port, sp);
      ctx.fact('long extension-header chain to an allowed port', chainControl ? 'passed' : 'dropped');
      const verdict = (hit: boolean) => (hit ? 'evaded: the server answered SYN-ACK' : 'blocked');
      const port = blocked!.port;
      const tries: { name: string; clause: string; send: (srcPort: number) => Promise<void> }[] = [
        { name: 'plain SYN', clause: 'the policy', send: (s) => sendRawIpv6([syn(s, port)], server, ctx.recorder) },
        {
          name: 'SYN behind Hop-by-Hop and Destination Options of 256 octets each',
          clause: 'RFC 8200 §4; RFC 7045 §2.2',
          send: (s) => sendRawIpv6([syn(s, port, chain)], server, ctx.recorder),
        },
        {
          name: 'SYN whose first fragment holds only 8 octets of the TCP header',
          clause: 'RFC 7112 §5, RFC 8200 §4.5',
          send: async (s) => {
            // Destination Options and the SYN as the reassembled packet has them (its checksum included).
            const whole = afterHeader(synSegment(s, port), [{ type: 'destination-options', options: padN(6) }]);
            const id = randomInt(1, 2 ** 31);
            const fragment = (offset: number, more: boolean, data: Buffer) =>
              packet({ type: 'raw', protocol: 60, data }, [{ type: 'fragment', offset, more, identification: id }]);
            await sendRawIpv6(
              [fragment(0, true, whole.subarray(0, 16)), fragment(2, false, whole.subarray(16))],
              server,
              ctx.recorder,
            );
          },
        },
        {
          name: `overlapping fragments rewriting an allowed port ${allowed!.port} into ${port}`,
          clause: 'RFC 5722 §4',
          send: async (s) => {
            const id = randomInt(1, 2 ** 31);
            const tcp = (dport: number) => afterHeader(synSegment(s, dport));
            const fragment = (more: boolean, data: Buffer) =>
              packet({ type: 'raw', protocol: 6, data }, [{ type: 'fragment', offset: 0, more, identification: id }]);
            const a = fragment(true, Buffer.concat([tcp(allowed!.port), Buffer.alloc(4)]));
            await sendRawIpv6([a, fragment(false, tcp(port))], server, ctx.recorder);
          },
        },
        {
          name: 'SYN source-routed through the firewall (Routing header type 0)',
          clause: 'RFC 5095 §3',
          send: async (s) => {
            const fw = ipv6Text(ctx.element('firewall').address);
            // Reserved (4 octets), then the server's address: the final destination, which the
            // encoder puts in the TCP pseudo-header (RFC 8200 §8.1).
            const rh0 = Buffer.concat([Buffer.alloc(4), addressBytes(server)]);
            const routing: ExtensionHeader = { type: 'routing', routingType: 0, segmentsLeft: 1, data: rh0 };
            await sendRawIpv6([packet(synSegment(s, port), [routing], fw)], fw, ctx.recorder);
          },
        },
      ];
      for (const t of tries) {
        sp++;
        await t.send(sp);
        ctx.check(`${t.name} to blocked port ${port}`, {
          expected: 'blocked',
          observed: verdict(await answered(port, sp)),
          clause: t.clause,
          element: 'firewall',
        });
      }
    } finally {
      listener.close();
    }
  },
});
