import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask, sorted } from './dns-ask.ts';
import { embeddingPrefix } from './rfc6052-prefix.ts';

/**
 * DNS64 and DNSSEC (RFC 6147 §5.5): a client that sets DO (wants DNSSEC data) still gets the
 * synthesized AAAA (step 2: SHOULD), but a validating client that sets CD and DO synthesizes
 * itself: the DNS64 MUST NOT synthesize and returns the answer as a plain resolver would (step 3),
 * here the A-only name's empty AAAA set.
 */
export default defineScenario({
  id: 'gateway/dns64-dnssec-cd',
  title: 'DNS64 does not synthesize for a validating client (CD and DO set)',
  covers: ['MNO-GATEWAY', 'TRANSITION'],
  tags: ['dns64', 'rfc6147', 'dnssec'],
  needs: ['dns64'],
  async run(ctx) {
    const { names } = ctx.gateway();
    const { name, ipv4 } = names.aOnly;
    const synthesizedIn = (records: { data: string }[]) =>
      records.filter((r) => embeddingPrefix(r.data, ipv4)).map((r) => r.data);
    const doOnly = await ask(ctx, 'dns64', name, 'AAAA', { dnssecOk: true });
    ctx.check(`AAAA ${name} with DO: synthesized`, {
      expected: 'a synthesized AAAA',
      observed: synthesizedIn(doOnly.records).length
        ? sorted(synthesizedIn(doOnly.records))
        : `${doOnly.rcode}, no synthesized AAAA`,
      ok: synthesizedIn(doOnly.records).length > 0,
      level: 'SHOULD',
      clause: 'RFC 6147 §5.5 (2)',
      element: 'dns64',
    });
    const cdDo = await ask(ctx, 'dns64', name, 'AAAA', { dnssecOk: true, checkingDisabled: true });
    ctx.check(`AAAA ${name} with CD and DO: not synthesized`, {
      expected: [],
      observed: synthesizedIn(cdDo.records),
      clause: 'RFC 6147 §5.5 (3)',
      element: 'dns64',
    });
  },
});
