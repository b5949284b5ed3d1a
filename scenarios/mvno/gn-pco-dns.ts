import { findIe } from '../../harness/protocol/gtpv1c/index.ts';
import { PCO_CONTAINER } from '../../harness/protocol/gtpv2c/index.ts';
import { SgsnGnDriver } from '../../harness/drivers/sgsn/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { expectPdpAccepted } from '../core/gn-accepted.ts';
import { pickGnApn } from '../core/gn-apn.ts';
import { pcoAddresses } from '../core/pco-values.ts';

/**
 * PCO DNS over Gn (TS 29.061 §11.2.1.5; TS 24.008 §10.5.6.3): the MS asks for IPv6 (0x0003) and,
 * on a dual-stack PDP context, IPv4 (0x000D) DNS servers; the MVNO's GGSN answers in the Create
 * PDP Context Response's PCO (TS 29.060 §7.3.2) with the servers the target declares for the APN.
 */
export default defineScenario<{ pdp: 'ipv6' | 'ipv4v6' }>({
  id: 'mvno/gn-pco-dns',
  title: 'Gn PCO: the declared IPv6 (and IPv4) DNS servers in the Create PDP Context Response',
  covers: ['MVNO-L2', 'MNO-CORE'],
  tags: ['gtpv1c', 'gn', 'pco', 'dns'],
  needs: ['ggsn'],
  params: { pdp: ['ipv6', 'ipv4v6'] },
  timeout: 30,
  async run(ctx) {
    const ggsn = ctx.element('ggsn');
    const [apnName, apn] = pickGnApn(ctx, ggsn, ctx.params.pdp);
    const sgsn = new SgsnGnDriver({ ggsn, recorder: ctx.recorder });
    await sgsn.open();
    try {
      const dual = ctx.params.pdp === 'ipv4v6';
      const { outcome, context } = await sgsn.createPdpContext(
        {
          imsi: '001010000000921',
          apn: apnName,
          pdpType: ctx.params.pdp,
          pco: dual ? ['dns-ipv6', 'dns-ipv4'] : ['dns-ipv6'],
        },
        ctx.signal,
      );
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      expectPdpAccepted(ctx, outcome);
      const pco = findIe(res!, 'pco');
      ctx.check('IPv6 DNS servers (container 0x0003)', {
        expected: apn.dnsIpv6,
        observed: pco ? pcoAddresses(pco, PCO_CONTAINER.DNS_SERVER_IPV6) : 'no PCO in the response',
        clause: 'TS 29.061 §11.2.1.5, TS 24.008 §10.5.6.3',
        element: 'ggsn',
      });
      if (dual)
        ctx.check('IPv4 DNS servers (container 0x000D)', {
          expected: apn.dnsIpv4,
          observed: pco ? pcoAddresses(pco, PCO_CONTAINER.DNS_SERVER_IPV4) : 'no PCO in the response',
          clause: 'TS 29.061 §11.2.1.5, TS 24.008 §10.5.6.3',
          element: 'ggsn',
        });
      if (context) await sgsn.deletePdpContext(context, ctx.signal);
    } finally {
      await sgsn.close();
    }
  },
});
