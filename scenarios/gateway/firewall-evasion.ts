import { randomInt } from 'node:crypto';
import { RawIpv6Listener, sendRawIpv6 } from '../../harness/drivers/ipv6-host/index.ts';
import {
  encodeIpv6Packet,
  fillTcpChecksum,
  tcpHeader,
  TCP_FLAGS,
  type ExtensionHeader,
} from '../../harness/protocol/ipv6/index.ts';
import { upperLayerChecksum } from '../../harness/protocol/ipv6/packet.ts';
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
    const base = { version: 6 as const, trafficClass: 0, flowLabel: 0, hopLimit: 64, src, dst: server };
    const synBytes = (srcPort: number, dstPort: number) =>
      tcpHeader({ srcPort, dstPort, seq: randomInt(0, 2 ** 31), flags: TCP_FLAGS.SYN });
    const syn = (srcPort: number, dstPort: number, ext: ExtensionHeader[] = []) =>
      fillTcpChecksum(
        encodeIpv6Packet({
          ...base,
          extensionHeaders: ext,
          payload: { type: 'raw', nextHeader: 6, data: synBytes(srcPort, dstPort) },
        }),
      );
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
            const whole = Buffer.concat([Buffer.from([6, 0]), padN(6), synBytes(s, port)]);
            // Checksum over the reassembled segment: build it unfragmented first.
            const full = fillTcpChecksum(
              encodeIpv6Packet({
                ...base,
                extensionHeaders: [{ type: 'destination-options', options: padN(6) }],
                payload: { type: 'raw', nextHeader: 6, data: synBytes(s, port) },
              }),
            );
            full.copy(whole, 0, 40, 40 + whole.length);
            const id = randomInt(1, 2 ** 31);
            const f1 = encodeIpv6Packet({
              ...base,
              extensionHeaders: [{ type: 'fragment', offset: 0, more: true, identification: id }],
              payload: { type: 'raw', nextHeader: 60, data: whole.subarray(0, 16) },
            });
            const f2 = encodeIpv6Packet({
              ...base,
              extensionHeaders: [{ type: 'fragment', offset: 2, more: false, identification: id }],
              payload: { type: 'raw', nextHeader: 60, data: whole.subarray(16) },
            });
            await sendRawIpv6([f1, f2], server, ctx.recorder);
          },
        },
        {
          name: `overlapping fragments rewriting an allowed port ${allowed!.port} into ${port}`,
          clause: 'RFC 5722 §4',
          send: async (s) => {
            const id = randomInt(1, 2 ** 31);
            const tcp = (dport: number) =>
              fillTcpChecksum(
                encodeIpv6Packet({
                  ...base,
                  extensionHeaders: [],
                  payload: { type: 'raw', nextHeader: 6, data: synBytes(s, dport) },
                }),
              ).subarray(40);
            const a = encodeIpv6Packet({
              ...base,
              extensionHeaders: [{ type: 'fragment', offset: 0, more: true, identification: id }],
              payload: { type: 'raw', nextHeader: 6, data: Buffer.concat([tcp(allowed!.port), Buffer.alloc(4)]) },
            });
            const b = encodeIpv6Packet({
              ...base,
              extensionHeaders: [{ type: 'fragment', offset: 0, more: false, identification: id }],
              payload: { type: 'raw', nextHeader: 6, data: tcp(port) },
            });
            await sendRawIpv6([a, b], server, ctx.recorder);
          },
        },
        {
          name: 'SYN source-routed through the firewall (Routing header type 0)',
          clause: 'RFC 5095 §3',
          send: async (s) => {
            const fw = ipv6Text(ctx.element('firewall').address);
            const rh0 = Buffer.alloc(20);
            encodeIpv6Packet({
              ...base,
              extensionHeaders: [],
              payload: { type: 'raw', nextHeader: 59, data: Buffer.alloc(0) },
            }).copy(rh0, 4, 24, 40); // the server's address
            const pkt = encodeIpv6Packet({
              ...base,
              dst: fw,
              extensionHeaders: [{ type: 'routing', routingType: 0, segmentsLeft: 1, data: rh0 }],
              payload: { type: 'raw', nextHeader: 6, data: synBytes(s, port) },
            });
            // RFC 8200 §8.1: the pseudo-header names the final destination, the server.
            const upper = pkt.length - 20;
            const asDelivered = Buffer.from(pkt);
            rh0.copy(asDelivered, 24, 4, 20);
            pkt.writeUInt16BE(upperLayerChecksum(asDelivered, upper, 6), upper + 16);
            await sendRawIpv6([pkt], fw, ctx.recorder);
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
