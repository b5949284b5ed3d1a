import { randomBytes } from 'node:crypto';
import { PDR } from '../../harness/drivers/smf-n4/index.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { echoRequest, encodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { findIe } from '../../harness/protocol/pfcp/index.ts';
import type { GtpuMessage } from '../../harness/protocol/gtpu/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { accepted, causeOf, createdFteids, dnnOf, messageOf, prefixFrom, smfWithUserPlane } from './n4-kit.ts';

/**
 * N3 Error Indication (TS 29.281 §7.3.1, TS 23.527 §5.3.3): a G-PDU the gNB sends to a TEID the
 * UPF has no session for is answered with an Error Indication carrying that TEID (TEID Data I,
 * §8.3) and the UPF's N3 address (GTP-U Peer Address, §8.4) — for a TEID it never allocated, and
 * for the N3 TEID of a PDU session after the SMF deleted it over N4 (TS 29.244 §7.5.6).
 */
export default defineScenario({
  id: 'core5g/n3-error-indication',
  title: 'N3 Error Indication from the UPF for an unknown TEID and for a deleted PDU session',
  covers: ['MNO-CORE'],
  tags: ['gtpu', 'n3', 'pfcp', 'n4', '5gs', 'upf'],
  needs: ['upf'],
  fixtures: { n4: smfWithUserPlane() },
  async run(ctx, { n4 }) {
    const { smf, gtp } = n4;
    const upf = ctx.element('upf');
    const dnn = dnnOf(ctx, upf, 'internet');
    ctx.expect('Association Setup accepted', {
      expected: accepted(),
      observed: causeOf(await smf.associate(ctx.signal)),
      clause: 'TS 29.244 §7.4.4.2',
      element: 'upf',
    });
    const prefix = prefixFrom(dnn.ipv6Pool);
    const qfi = 5;
    const est = await smf.establish(
      {
        dnn: 'internet',
        pduSessionType: 'ipv6',
        ueIpv6: prefix,
        qfi,
        n3Family: upf.family === 6 ? 'ipv6' : 'ipv4',
      },
      ctx.signal,
    );
    ctx.expect('Session Establishment accepted', {
      expected: accepted(),
      observed: causeOf(est.outcome),
      clause: 'TS 29.244 §7.5.3',
      element: 'upf',
    });
    const res = messageOf(est.outcome)!;
    const upSeid = findIe(res, 'f-seid')?.seid ?? 0n;
    const n3 = createdFteids(res).get(PDR.UPLINK);
    ctx.expect('Created PDR carries the N3 F-TEID the UPF chose (CH)', {
      expected: 'an F-TEID with a TEID and an address',
      observed: n3 ? `TEID ${n3.teid}, ${n3.address}` : 'none',
      ok: n3 !== undefined,
      clause: 'TS 29.244 §7.5.3.2, §5.5.3',
      element: 'upf',
    });
    const peer = { address: n3!.address, port: upf.userPlanePort ?? 2152 };
    const ping = encodeIpPacket(echoRequest(`${prefix}1`, '2001:db8:f000::6', 0x5e, 1));
    const expectError = async (name: string, teid: number, clause: string) => {
      const seen = gtp.signalling.length;
      gtp.bearer(0x0e0000ee, teid, peer, { qfi }).send(ping);
      const ei = await waitFor(
        () => gtp.signalling.slice(seen).find((m) => m.type === 'error-indication' && teidOf(m) === teid),
        3000,
        ctx.signal,
      );
      ctx.check(name, {
        expected: `Error Indication, TEID Data I ${teid}`,
        observed: ei ? `Error Indication, TEID Data I ${teidOf(ei)}` : 'no Error Indication',
        ok: ei !== undefined,
        clause,
        element: 'upf',
      });
      if (!ei) return;
      const address = ei.ies.find((ie) => ie.ie === 'peer-address');
      ctx.check(`${name}: GTP-U Peer Address is the UPF N3 address`, {
        expected: ipv6Text(n3!.address),
        observed: address?.ie === 'peer-address' ? ipv6Text(address.address) : 'none',
        clause: 'TS 29.281 §7.3.1, §8.4',
        element: 'upf',
      });
    };
    let unknown = (randomBytes(4).readUInt32BE() | 1) >>> 0;
    if (unknown === n3!.teid) unknown = (unknown ^ 0x00ff0000) >>> 0;
    await expectError('Error Indication for a G-PDU to a TEID the UPF never allocated', unknown, 'TS 29.281 §7.3.1');
    ctx.expect('Session Deletion accepted', {
      expected: accepted(),
      observed: causeOf(await smf.delete(upSeid, ctx.signal)),
      clause: 'TS 29.244 §7.5.7',
      element: 'upf',
    });
    await expectError(
      'Error Indication for a G-PDU to the N3 TEID of a deleted PDU session',
      n3!.teid,
      'TS 29.281 §7.3.1, TS 23.527 §5.3.3',
    );
  },
});

function teidOf(m: GtpuMessage): number | undefined {
  const ie = m.ies.find((i) => i.ie === 'teid-data-i');
  return ie?.ie === 'teid-data-i' ? ie.teid : undefined;
}

/** Polls `find` until it returns something, `timeoutMs` passes or the scenario is aborted. */
async function waitFor<T>(find: () => T | undefined, timeoutMs: number, signal: AbortSignal): Promise<T | undefined> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = find();
    if (v !== undefined || signal.aborted || performance.now() > until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}
