import { findIe } from '../../harness/protocol/gtpv1c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { expectPdpAccepted } from '../core/gn-accepted.ts';
import { pickGnApn } from '../core/gn-apn.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';

/**
 * Gn path management toward the MVNO's GGSN, from the MNO's SGSN (TS 29.060 §7.2): the GGSN
 * answers Echo Request with an Echo Response of the same sequence number (§7.6) carrying its
 * Recovery IE (§7.2.2, §7.7.11); the restart counter stays the same while it runs (TS 23.007 §18:
 * a changed counter tells the SGSN that every PDP context is gone), and the Recovery a Create PDP
 * Context Response may carry (§7.3.2) is that same counter.
 */
export default defineScenario({
  id: 'mvno/gn-echo-recovery',
  title: 'Gn Echo with a stable restart counter (Recovery), also in Create PDP Context Response',
  covers: ['MVNO-L2', 'MNO-CORE'],
  tags: ['gtpv1c', 'gn', 'path-management'],
  needs: ['ggsn'],
  fixtures: { sgsn: sgsnGn() },
  timeout: 30,
  async run(ctx, { sgsn }) {
    const ggsn = ctx.element('ggsn');
    const counters: number[] = [];
    for (const step of ['first', 'second']) {
      const out = await sgsn.echo(ctx.signal);
      const recovery = out.kind === 'response' ? findIe(out.message, 'recovery')?.restartCounter : undefined;
      ctx.expect(`${step} Echo Response with a Recovery IE`, {
        expected: 'echo-response with Recovery',
        observed:
          out.kind === 'response'
            ? `${out.message.type}${recovery === undefined ? ' without Recovery' : `, restart counter ${recovery}`}`
            : out.description,
        ok: out.kind === 'response' && out.message.type === 'echo-response' && recovery !== undefined,
        clause: 'TS 29.060 §7.2.2, §7.7.11',
        element: 'ggsn',
      });
      if (out.kind === 'response') ctx.metric('gn_echo_rtt', out.rttMs, 'ms');
      counters.push(recovery!);
    }
    ctx.check('restart counter unchanged without a restart', {
      expected: counters[0],
      observed: counters[1],
      clause: 'TS 23.007 §18',
      element: 'ggsn',
    });
    const [apnName] = pickGnApn(ctx, ggsn, 'ipv6');
    const { outcome, context } = await sgsn.createPdpContext(
      { imsi: '001010000000920', apn: apnName, pdpType: 'ipv6' },
      ctx.signal,
    );
    const res = outcome.kind === 'response' ? outcome.message : undefined;
    expectPdpAccepted(ctx, outcome);
    const inCreate = findIe(res!, 'recovery')?.restartCounter;
    if (inCreate !== undefined)
      ctx.check('Recovery in Create PDP Context Response is the Echo restart counter', {
        expected: counters[1],
        observed: inCreate,
        clause: 'TS 29.060 §7.7.11, TS 23.007 §18',
        element: 'ggsn',
      });
    else ctx.log('Create PDP Context Response without Recovery (optional there, TS 29.060 §7.3.2)');
    if (context) await sgsn.deletePdpContext(context, ctx.signal);
  },
});
