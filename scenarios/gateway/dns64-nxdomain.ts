import { defineScenario } from '../../harness/runner/scenario.ts';
import { ask } from './dns-ask.ts';

/** A name that does not exist stays NXDOMAIN through the DNS64 (RFC 6147 §5.1.2): nothing is synthesized. */
export default defineScenario({
  id: 'gateway/dns64-nxdomain',
  title: 'DNS64 passes NXDOMAIN through without synthesis',
  covers: ['MNO-GATEWAY'],
  tags: ['dns64', 'rfc6147'],
  needs: ['dns64'],
  async run(ctx) {
    const name = ctx.gateway().names.nxdomain;
    const aaaa = await ask(ctx, 'dns64', name, 'AAAA');
    ctx.check(`AAAA ${name} is NXDOMAIN with no answer`, {
      expected: { rcode: 'NXDOMAIN', answers: [] },
      observed: { rcode: aaaa.rcode, answers: aaaa.records.map((r) => r.data) },
      clause: 'RFC 6147 §5.1.2',
      element: 'dns64',
    });
  },
});
