import type { SoaAnswer } from 'dns-packet';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask } from './dns-ask.ts';

/**
 * The TTL of a synthesized AAAA (RFC 6147 §5.1.7): the minimum of the A record's TTL and the
 * negative-caching TTL of the AAAA NODATA answer (the SOA's TTL and MINIMUM, RFC 2308 §5), so a
 * synthesized address is not cached longer than the knowledge that no AAAA exists.
 */
export default defineScenario({
  id: 'gateway/dns64-ttl',
  title: 'Synthesized AAAA live no longer than the A record and the negative answer',
  covers: ['MNO-GATEWAY'],
  tags: ['dns64', 'rfc6147'],
  needs: ['dns64'],
  async run(ctx) {
    const { names } = ctx.gateway();
    const name = names.aOnly.name;
    const zone = name.split('.').slice(1).join('.');
    const aaaa = await ask(ctx, 'dns64', name, 'AAAA');
    const a = await ask(ctx, 'dns64', name, 'A');
    const soa = await ask(ctx, 'dns64', zone, 'SOA');
    const soaRecord = (soa.message.answers ?? []).find((r) => r.type === 'SOA') as SoaAnswer | undefined;
    ctx.expect(`the zone ${zone} has an SOA`, {
      expected: 'an SOA record',
      observed: soaRecord ? 'present' : `${soa.rcode}, no SOA`,
      ok: !!soaRecord,
      element: 'dns64',
    });
    ctx.expect(`AAAA ${name} is synthesized`, {
      expected: '1 or more AAAA',
      observed: aaaa.records.length,
      ok: aaaa.records.length > 0,
      clause: 'RFC 6147 §5.1.6',
      element: 'dns64',
    });
    // The A was asked after the AAAA, so its remaining TTL is at most as large: 1 s of slack for the clock.
    const negative = Math.min(soaRecord!.ttl ?? Infinity, soaRecord!.data.minimum ?? Infinity);
    const aTtl = Math.max(...a.records.map((r) => r.ttl), 0);
    const limit = Math.min(aTtl + 1, negative);
    const ttl = Math.max(...aaaa.records.map((r) => r.ttl));
    ctx.check('synthesized TTL ≤ min(A TTL, negative-answer TTL)', {
      expected: `≤ ${limit} s (A ${aTtl} s, SOA negative ${negative} s)`,
      observed: `${ttl} s`,
      ok: ttl <= limit,
      level: 'SHOULD',
      clause: 'RFC 6147 §5.1.7, RFC 2308 §5',
      element: 'dns64',
    });
    ctx.metric('synthesized_ttl', ttl, 's');
  },
});
