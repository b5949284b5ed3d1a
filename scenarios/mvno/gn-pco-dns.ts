import { findIe } from '../../harness/protocol/gtpv1c/index.ts';
import { PCO_CONTAINER } from '../../harness/protocol/common/pco.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { expectPdpAccepted } from '../core/gn-accepted.ts';
import { pickGnApn } from '../core/gn-apn.ts';
import { ipcpDns, pcoAddresses } from '../core/pco-values.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';

/**
 * PCO DNS over Gn (TS 29.061 §11.2.1.5; TS 24.008 §10.5.6.3): the MS asks for IPv6 (0x0003) and,
 * on a dual-stack PDP context, IPv4 (0x000D) DNS servers, the IPv4 ones a second time the PPP way
 * (an IPCP Configure-Request with RFC 1877 DNS options at 0.0.0.0, container 0x8021) and sends a
 * PAP Authenticate-Request (0xC023) as sgsnemu and many handsets do. The MVNO's GGSN accepts the
 * context, answers in the Create PDP Context Response's PCO (TS 29.060 §7.3.2) with the servers the
 * target declares for the APN, and its IPCP answer (a Configure-Nak with its servers, or an Ack of
 * values already right, RFC 1661 §5) leaves the MS with those servers.
 */
export default defineScenario({
  id: 'mvno/gn-pco-dns',
  title: 'Gn PCO: the declared IPv6 and IPv4 DNS servers, also over IPCP, in the Create PDP Context Response',
  covers: ['MVNO-L2', 'MNO-CORE'],
  tags: ['gtpv1c', 'gn', 'pco', 'dns'],
  needs: ['ggsn'],
  fixtures: { sgsn: sgsnGn() },
  params: { pdp: ['ipv6', 'ipv4v6'] },
  timeout: 30,
  async run(ctx, { sgsn }) {
    const ggsn = ctx.element('ggsn');
    const [apnName, apn] = pickGnApn(ctx, ggsn, ctx.params.pdp);
    const dual = ctx.params.pdp === 'ipv4v6';
    const { outcome, context } = await sgsn.createPdpContext(
      {
        imsi: '001010000000921',
        apn: apnName,
        pdpType: ctx.params.pdp,
        pco: dual ? ['dns-ipv6', 'dns-ipv4', 'ipcp-dns', 'pap'] : ['dns-ipv6'],
      },
      ctx.signal,
    );
    const res = outcome.kind === 'response' ? outcome.message : undefined;
    expectPdpAccepted(ctx, outcome);
    const pco = findIe(res!, 'pco');
    if (pco)
      ctx.check('PCO in the response is well-formed', {
        expected: 'well-formed',
        observed: pco.malformed?.reason ?? 'well-formed',
        clause: 'TS 24.008 §10.5.6.3',
        element: 'ggsn',
      });
    ctx.check('IPv6 DNS servers (container 0x0003)', {
      expected: apn.dnsIpv6,
      observed: pco ? pcoAddresses(pco, PCO_CONTAINER.DNS_SERVER_IPV6) : 'no PCO in the response',
      clause: 'TS 29.061 §11.2.1.5, TS 24.008 §10.5.6.3',
      element: 'ggsn',
    });
    if (dual) {
      ctx.check('IPv4 DNS servers (container 0x000D)', {
        expected: apn.dnsIpv4,
        observed: pco ? pcoAddresses(pco, PCO_CONTAINER.DNS_SERVER_IPV4) : 'no PCO in the response',
        clause: 'TS 29.061 §11.2.1.5, TS 24.008 §10.5.6.3',
        element: 'ggsn',
      });
      const ipcp = ipcpDns(pco);
      ctx.log(`IPCP answers: ${ipcp.answers.join('; ') || 'none'}`);
      // A GGSN without IPCP leaves the container out (TS 24.008 §10.5.6.3): a warning, not a failure.
      if (
        ctx.check('GGSN answers the IPCP Configure-Request (container 0x8021)', {
          expected: 'an IPCP Configure-Nak or Configure-Ack',
          observed: ipcp.answers.length ? ipcp.answers.join('; ') : 'no IPCP container in the PCO',
          ok: ipcp.answers.length > 0,
          level: 'SHOULD',
          clause: 'TS 24.008 §10.5.6.3, RFC 1661 §5',
          element: 'ggsn',
        })
      )
        ctx.check('IPCP leaves the MS with the declared IPv4 DNS servers', {
          expected: { primary: apn.dnsIpv4[0] ?? 'none', secondary: apn.dnsIpv4[1] ?? 'none' },
          observed: { primary: ipcp.primary, secondary: ipcp.secondary },
          clause: 'RFC 1877 §1.1, §1.3; RFC 1661 §5.3; TS 29.061 §11.2.1.5',
          element: 'ggsn',
        });
    }
    if (context) await sgsn.deletePdpContext(context, ctx.signal);
  },
});
