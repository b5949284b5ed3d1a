import { echoRequest, encodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { pgwUserPlaneAddress } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

type Params = {
  /** G-PDUs for unknown TEIDs sent in the burst at 2000/s (capped by the target's user-plane ceiling for a real element). */
  burst?: number;
  /** The operator's ceiling on Error Indications per second toward one peer. */
  maxErrorIndicationsPerSecond?: number;
};

/**
 * No reflection (CLOUD-HARM: an element must not impair other operators' equipment): a burst of
 * G-PDUs for unknown TEIDs — what a spoofed flood through an interconnect looks like — must not
 * come back as as many Error Indications. TS 29.281 §7.3.1 asks for an Error Indication per
 * unknown TEID but sets no rate; the ceiling is the operator's (as RFC 4443 §2.4(f) does for
 * ICMPv6 errors). Still, at least one Error Indication must come (§7.3.1), and the octets
 * answered must not exceed the octets received (no amplification).
 */
const fixtures = { sgw: sgwS5() };

export default defineScenario<Params, typeof fixtures>({
  id: 'core/s5u-error-indication-flood',
  title: 'S5/S8-U: a flood of G-PDUs for unknown TEIDs is not reflected as a flood of Error Indications',
  covers: ['CLOUD-HARM', 'MNO-CORE'],
  tags: ['gtpu', 's5', 'security'],
  needs: ['pgw'],
  fixtures,
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const ceiling = ctx.params.maxErrorIndicationsPerSecond ?? 200;
    const burst = Math.min(ctx.params.burst ?? 1000, pgw.userPlaneLimit?.perSecond ?? Infinity);
    const inner = encodeIpPacket(echoRequest('2001:db8:100:1::5', '2001:db8:ffff::1', 1, 1, Buffer.alloc(32)));
    // The PGW's user plane (its S5/S8-U F-TEID), which need not be at its GTP-C address.
    const userPlane = await pgwUserPlaneAddress(ctx, sgw, '001010000000062');
    const address = userPlane.includes(':') ? { ipv6: userPlane } : { ipv4: userPlane };
    const t0 = performance.now();
    // Paced at 2000/s (ten times the usual ceiling) in 50-packet steps: sent at once, the burst
    // overflowed socket buffers on the way and a reflector saw a third of it.
    for (let i = 0; i < burst; i++) {
      sgw.bearer(0x4000 + i, { teid: 0x0bad0000 + i, ...address }).send(inner);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 25));
      if (ctx.signal.aborted) return;
    }
    // A burst offered slower than twice the ceiling cannot tell a limiter from a reflector: that is
    // the harness's limit (a busy machine), never the element's pass.
    const offered = burst / ((performance.now() - t0) / 1000);
    if (burst > ceiling && offered < 2 * ceiling)
      throw new Error(
        `the burst went out at ${Math.round(offered)} G-PDUs/s, under twice the ceiling of ${ceiling}/s: too slow to tell a limit from none (a busy harness host)`,
      );
    // Answers still on their way after the burst are counted too.
    await new Promise((r) => setTimeout(r, 1000));
    const seconds = (performance.now() - t0) / 1000;
    const eis = sgw.userPlane.signalling.filter((m) => m.type === 'error-indication');
    const allowed = Math.ceil(ceiling * seconds);
    ctx.check('an Error Indication still comes for an unknown TEID', {
      expected: '≥ 1',
      observed: eis.length,
      ok: eis.length >= 1,
      clause: 'TS 29.281 §7.3.1',
      element: 'pgw',
    });
    ctx.check(`Error Indications for a burst of ${burst} bogus G-PDUs within ${ceiling}/s`, {
      expected: `≤ ${allowed} in ${seconds.toFixed(2)} s`,
      observed: eis.length,
      ok: eis.length <= allowed,
      clause: 'CLOUD-HARM, RFC 4443 §2.4(f) by analogy',
      element: 'pgw',
    });
    // G-PDU: 8 (GTP-U) + the inner packet; Error Indication: 8 + 4 (UDP Port ext.) + TEID Data I + Peer Address.
    const sentOctets = burst * (8 + inner.length);
    const answeredOctets = eis.length * (12 + 5 + (userPlane.includes(':') ? 19 : 7));
    ctx.check('octets answered do not exceed octets received (no amplification)', {
      expected: `≤ ${sentOctets}`,
      observed: answeredOctets,
      ok: answeredOctets <= sentOctets,
      clause: 'CLOUD-HARM',
      element: 'pgw',
    });
    ctx.metric('error_indications', eis.length, 'messages');
    ctx.metric('reflection_ratio', eis.length / Math.max(1, burst), 'ratio');
  },
});
