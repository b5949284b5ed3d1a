import { findIe, gtpv1cCause } from '../../harness/protocol/gtpv1c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { expectPdpAccepted } from './gn-accepted.ts';
import { pickGnApn } from './gn-apn.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';

/**
 * Duplicate detection on Gn answers the *same* request again (TS 29.060 §7.6), not any request
 * that reuses a sequence number: the 16-bit space wraps within a minute at 1,100 requests a second,
 * well inside the time a GGSN keeps its answers. The SGSN sends a Create PDP Context Request, then a
 * Delete PDP Context Request with the same sequence number: the GGSN must process the Delete and
 * answer it, not resend the Create's answer.
 */
export default defineScenario({
  id: 'core/gn-sequence-reuse',
  title: 'Gn: a new request that reuses a sequence number is answered afresh, not from the response cache',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv1c', 'gn', 'reliability'],
  needs: ['ggsn'],
  fixtures: { sgsn: sgsnGn() },
  timeout: 20,
  async run(ctx, { sgsn }) {
    const ggsn = ctx.element('ggsn');
    const [apnName] = pickGnApn(ctx, ggsn, 'ipv6');
    const { outcome, context } = await sgsn.createPdpContext(
      { imsi: '001010000000970', apn: apnName, pdpType: 'ipv6' },
      ctx.signal,
    );
    expectPdpAccepted(ctx, outcome);
    const sequence = outcome.sequence;
    const del = await sgsn.deletePdpContext(context!, ctx.signal, sequence);
    const res = del.kind === 'response' ? del.message : undefined;
    ctx.check(
      `Delete PDP Context Request with the Create's sequence number ${sequence}: a Delete PDP Context Response, cause 128`,
      {
        expected: `delete-pdp-context-response, ${gtpv1cCause(128)}`,
        observed: res ? `${res.type}, ${gtpv1cCause(findIe(res, 'cause')?.value)}` : describeOutcome(del),
        clause: 'TS 29.060 §7.6, §7.3.6',
        element: 'ggsn',
      },
    );
    if (res?.type !== 'delete-pdp-context-response') await sgsn.deletePdpContext(context!, ctx.signal);
  },
});
