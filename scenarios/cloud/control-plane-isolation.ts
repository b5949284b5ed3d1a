import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import * as gtpv2c from '../../harness/protocol/gtpv2c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, ipv6Session } from '../core/session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * The core's control plane is not reachable from the user plane (CLOUD-SECRECY, CLOUD-DEMARCATION):
 * a UE sends a GTPv2-C Echo Request (TS 29.274 §7.1.1) to the PGW's S5/S8 control address and
 * to its GTP-C port at the first-hop router address, through its own bearer. A PGW whose host
 * delivers such packets to its GTP-C socket (a kernel with a weak host model forwarding from SGi)
 * answers; it must not.
 */
export default defineScenario({
  id: 'cloud/control-plane-isolation',
  title: 'GTP-C of the PGW is unreachable from a UE through the user plane',
  covers: ['CLOUD-SECRECY', 'CLOUD-DEMARCATION'],
  tags: ['cloud', 'security', 'gtpv2c'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const session = await ipv6Session(ctx, sgw, '001010000000071', ctx.apn(pgw, GRANTS_IPV6).name);
    const ue = new UeIpv6Host(session.bearer, withInterfaceId('::', session.ueAddress), ctx.recorder);
    const ra = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    ctx.expect('the UE has its global address (RA received)', {
      expected: 'RA',
      observed: ra ? 'RA' : 'no RA',
      ok: !!ra,
      element: 'pgw',
    });
    const echo = gtpv2c.encode({
      type: 'echo-request',
      sequence: 0x7171,
      ies: [{ ie: 'recovery', instance: 0, restartCounter: 9 }],
    });
    const targets = [...new Set([pgw.address, ra!.packet.src])].filter((a) => a.includes(':'));
    for (const dst of targets) {
      const answer = await ue.udpRequest(dst, gtpv2c.GTPV2C_PORT, Buffer.from(echo), 1500, ctx.signal);
      ctx.check(`GTPv2-C Echo from the UE to [${dst}]:2123 goes unanswered`, {
        expected: 'no answer',
        observed: answer
          ? `answered (${answer.data.length} octets from ${answer.from}): the control plane is reachable from the user plane`
          : 'no answer',
        clause: 'CLOUD-SECRECY; TS 33.210 §4 (Gn/S5 control plane in the operator security domain)',
        element: 'pgw',
      });
    }
    await sgw.deleteSession(session.pgwTeid!, 5, ctx.signal);
  },
});
