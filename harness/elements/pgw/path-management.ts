import type { Gtpv2cMessage } from '../../protocol/gtpv2c/index.ts';
import type { PgwFault } from './faults.ts';

/**
 * GTPv2-C path management on the PGW side: Echo Response to Echo Request (TS 29.274 §7.1.1,
 * §7.1.2) carrying the local restart counter in the Recovery IE (§8.5; TS 23.007 §18). Returns
 * the response to send, or undefined when the (faulty) element stays silent.
 */
export function answerEcho(
  req: Gtpv2cMessage,
  restartCounter: number,
  faults: ReadonlySet<PgwFault>,
): Gtpv2cMessage | undefined {
  if (faults.has('echo-silent')) return undefined;
  return {
    type: faults.has('echo-wrong-message-type') ? 'echo-request' : 'echo-response',
    // §7.6: the response copies the request's sequence number.
    sequence: faults.has('echo-wrong-sequence') ? (req.sequence + 1) & 0xffffff : req.sequence,
    ies: faults.has('echo-no-recovery') ? [] : [{ ie: 'recovery', instance: 0, restartCounter }],
  };
}
