import { findIe, gtpv1cCause, type Gtpv1cMessage } from '../../harness/protocol/gtpv1c/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

/**
 * The precondition of every Gn scenario past set-up: the GGSN answered the Create PDP Context
 * Request with cause 128, Request accepted (TS 29.060 §7.3.2, §7.7.1); otherwise the scenario ends
 * here with the cause or the retransmission count, naming the GGSN.
 */
export function expectPdpAccepted(
  ctx: ScenarioContext,
  outcome: { kind: 'response'; message: Gtpv1cMessage } | { kind: 'no-response'; description: string },
  clause = 'TS 29.060 §7.3.2',
): void {
  ctx.expect('GGSN accepts the Create PDP Context Request (cause 128)', {
    expected: gtpv1cCause(128),
    observed: outcome.kind === 'response' ? gtpv1cCause(findIe(outcome.message, 'cause')?.value) : outcome.description,
    clause,
    element: 'ggsn',
  });
}
