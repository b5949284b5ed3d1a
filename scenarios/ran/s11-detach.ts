import * as gtpu from '../../harness/protocol/gtpu/index.ts';
import { echoRequest, encodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { Enb } from '../../harness/drivers/mme/index.ts';
import { attachFixtures, attachIpv6 } from './attach.ts';

/**
 * Detach frees resources end to end (TS 23.401 §5.3.8.2.1, §5.4.4.1): after Delete Session over
 * S11 the SGW has relayed the deletion to the PGW, so both tunnels are gone: a G-PDU to the SGW's
 * old S1-U TEID and one to the PGW's old S5/S8-U TEID each get an Error Indication naming that
 * TEID (TS 29.281 §7.3.1), and a second Delete Session gets Context Not Found (cause 64).
 */
export default defineScenario({
  id: 'ran/s11-detach',
  title: 'Detach: Delete Session relayed to the PGW; both old tunnels answer with Error Indication',
  covers: ['MNO-RAN', 'MNO-CORE'],
  tags: ['gtpv2c', 'gtpu', 's11', 's1u', 's5'],
  needs: ['pgw', 'sgw'],
  fixtures: attachFixtures(),
  async run(ctx, fx) {
    const a = await attachIpv6(ctx, fx, '001010000001004');
    const del = await a.mme.deleteSession(a.sgwS11Teid, 5, ctx.signal);
    const res = del.kind === 'response' ? del.message : undefined;
    ctx.expect('Delete Session Response cause Request accepted', {
      expected: gtpv2cCause(16),
      observed: res ? gtpv2cCause(findIe(res, 'cause')?.value) : describeOutcome(del),
      clause: 'TS 29.274 §7.2.10',
      element: 'sgw',
    });
    // Probes go to each F-TEID's own address, from a GTP-U endpoint of the same family.
    const endpoints: Enb[] = [];
    const from = async (address: string) => {
      if (address.includes(':') === a.enb.gtpu.endpoint.address.includes(':')) return a.enb;
      const e = new Enb(ctx.recorder, 0x0d000000);
      await e.open(address.includes(':') ? '::1' : '127.0.0.1');
      endpoints.push(e);
      return e;
    };
    // Each probe's Error Indication comes back to the endpoint that sent it: one probe at a time,
    // each waiting for its answer as an event (up to 2 s) before the next.
    const probe = async (teid: number, to: { address: string; port: number }) => {
      // A well-formed packet from the UE's old address: only the tunnel's state decides.
      const inner = encodeIpPacket(echoRequest(a.ueAddress, a.probe, 3, 1, Buffer.from('detached')));
      const buf = Buffer.alloc(12 + inner.length);
      inner.copy(buf, 12);
      const e = await from(to.address);
      const answer = e.gtpu.waitForSignalling('error-indication', e.gtpu.signalling.length, 2000, ctx.signal);
      e.gtpu.sendRaw(buf.subarray(gtpu.writeGpduHeader(buf, 12, teid, inner.length)), to);
      await answer;
    };
    const fteidAddress = (f: { ipv4?: string; ipv6?: string }) => (f.ipv6 ?? f.ipv4)!;
    let signalling: gtpu.GtpuMessage[] = [];
    try {
      await probe(a.s1uSgw.teid, { address: fteidAddress(a.s1uSgw), port: a.sgw.userPlanePort ?? gtpu.GTPU_PORT });
      if (a.s5uPgw)
        await probe(a.s5uPgw.teid, { address: fteidAddress(a.s5uPgw), port: a.pgw.userPlanePort ?? gtpu.GTPU_PORT });
      signalling = [a.enb, ...endpoints].flatMap((e) => e.gtpu.signalling);
    } finally {
      // Probe endpoints of the other family are opened here, on demand: closed here too.
      await Promise.all(endpoints.map((e) => e.close()));
    }
    const named = signalling
      .filter((m) => m.type === 'error-indication')
      .map((m) => m.ies.find((i) => i.ie === 'teid-data-i'))
      .map((i) => (i && i.ie === 'teid-data-i' ? i.teid : undefined));
    ctx.check('SGW: Error Indication for the old S1-U TEID', {
      expected: 'Error Indication',
      observed: named.includes(a.s1uSgw.teid) ? 'Error Indication' : 'none (the S1-U tunnel is still up)',
      ok: named.includes(a.s1uSgw.teid),
      clause: 'TS 29.281 §7.3.1, TS 23.401 §5.3.8.2.1',
      element: 'sgw',
    });
    ctx.check('PGW: Error Indication for the old S5/S8-U TEID (the SGW relayed the deletion)', {
      expected: 'Error Indication',
      observed: named.includes(a.s5uPgw?.teid)
        ? 'Error Indication'
        : 'none (the PDN connection is still up at the PGW)',
      ok: named.includes(a.s5uPgw?.teid),
      clause: 'TS 23.401 §5.4.4.1, TS 29.274 §7.2.9',
      element: 'sgw',
    });
    const again = await a.mme.deleteSession(a.sgwS11Teid, 5, ctx.signal);
    const againRes = again.kind === 'response' ? again.message : undefined;
    ctx.check('a second Delete Session: Context Not Found', {
      expected: gtpv2cCause(64),
      observed: againRes ? gtpv2cCause(findIe(againRes, 'cause')?.value) : describeOutcome(again),
      clause: 'TS 29.274 §7.2.10, Table 8.4-1',
      element: 'sgw',
    });
  },
});
