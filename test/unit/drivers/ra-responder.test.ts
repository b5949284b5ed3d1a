import test from 'ava';
import { GtpuEndpoint } from '../../../harness/drivers/common/gtpu-endpoint.ts';
import { answerRouterSolicitations, PGW_LINK_LOCAL } from '../../../harness/drivers/pgw-c/index.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import {
  ALL_NODES,
  decodeIpv6Packet,
  echoRequest,
  encodeIpPacket,
  routerSolicitation,
} from '../../../harness/protocol/ip/index.ts';

/**
 * The PGW-C's RS/RA over Sxb-u (TS 23.214 §5.6.1): a Router Solicitation the UP function forwards
 * to us on one GTP-U tunnel is answered on the other (toward the F-TEID the UP function chose) with
 * an RA of the session's /64 (A=1, L=0, TS 29.061 §11.2.1.3.4) and the MTU; to the soliciting
 * host, or all-nodes for an unspecified source (RFC 4861 §6.2.6). Anything else is left alone.
 * Real GTP-U sockets on loopback: `up` plays the UP function.
 */
test('a forwarded RS is answered through the UP function with the /64, A=1 L=0, and the MTU; other packets are not', async (t) => {
  const cp = new GtpuEndpoint(noRecorder);
  const up = new GtpuEndpoint(noRecorder);
  const c = await cp.open('::1', 0);
  const u = await up.open('::1', 0);
  try {
    const got: Buffer[] = [];
    const arrived = new Promise<void>((resolve) =>
      up.bearer(0x200, 0, c).onPacket((p) => {
        got.push(p);
        if (got.length === 2) resolve();
      }),
    );
    const answers = answerRouterSolicitations(cp.bearer(0x100, 0, u), cp.bearer(0x101, 0x200, u), {
      prefix: '2001:db8:100:7::',
      mtu: 1400,
    });
    const toCp = up.bearer(0x201, 0x100, c);
    toCp.send(encodeIpPacket(echoRequest('2001:db8:100:7::1', '2001:db8:f000::6', 1, 1, Buffer.alloc(8))));
    toCp.send(encodeIpPacket(routerSolicitation('fe80::5')));
    toCp.send(encodeIpPacket(routerSolicitation('::')));
    await arrived;
    t.is(answers.answered(), 2);
    const [first, second] = got.map((p) => decodeIpv6Packet(p));
    t.is(first.src, PGW_LINK_LOCAL);
    t.is(first.dst, 'fe80::5');
    t.is(second.dst, ALL_NODES);
    const ra = first.payload.type === 'icmpv6' ? first.payload.message : undefined;
    if (ra?.type !== 'router-advertisement') return t.fail(`expected an RA, got ${ra?.type}`);
    const pio = ra.options.find((o) => o.type === 'prefix-information');
    t.like(pio, { prefixLength: 64, onLink: false, autonomous: true, prefix: '2001:db8:100:7::' });
    t.like(
      ra.options.find((o) => o.type === 'mtu'),
      { mtu: 1400 },
    );
  } finally {
    await Promise.all([cp.close(), up.close()]);
  }
});
