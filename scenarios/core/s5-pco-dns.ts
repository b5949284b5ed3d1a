import { gtpv2cCause, findIe, PCO_CONTAINER } from '../../harness/protocol/gtpv2c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { pcoAddresses } from './pco-values.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * PCO answers (TS 24.008 §10.5.6.3, TS 29.061 §11.2.1.5): the UE asks for IPv6 and IPv4 DNS
 * servers and the IPv4 link MTU; the PGW answers with the servers and MTU the operator declared.
 */
export default defineScenario({
  id: 'core/s5-pco-dns',
  title: 'S5/S8 PCO: IPv6 and IPv4 DNS servers and IPv4 link MTU',
  covers: ['MNO-CORE', 'MVNO-L2', 'MNO-TERM'],
  tags: ['gtpv2c', 's5', 'pco', 'dns'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, 'dualStack');
    const { outcome } = await sgw.createSession(
      {
        imsi: '001010000000003',
        apn: apnName,
        pdnType: 'ipv4v6',
        daf: true,
        pco: ['dns-ipv6', 'dns-ipv4', 'ipv4-link-mtu'],
      },
      ctx.signal,
    );
    ctx.expect('PGW accepts the IPv4v6 session', {
      expected: `create-session-response, cause ${gtpv2cCause(16)}`,
      observed:
        outcome.kind === 'response'
          ? `${outcome.message.type}, cause ${gtpv2cCause(findIe(outcome.message, 'cause')?.value)}`
          : describeOutcome(outcome),
      ok: outcome.kind === 'response' && findIe(outcome.message, 'cause')?.value === 16,
      clause: 'TS 29.274 §7.2.2',
      element: 'pgw',
    });
    if (outcome.kind !== 'response') return;
    const pco = findIe(outcome.message, 'pco');
    const of = (id: number) => (pco?.containers ?? []).filter((c) => c.id === id);
    if (pco)
      ctx.check('PCO in the response is well-formed', {
        expected: 'well-formed',
        observed: pco.malformed?.reason ?? 'well-formed',
        clause: 'TS 24.008 §10.5.6.3',
        element: 'pgw',
      });
    ctx.check('IPv6 DNS servers (container 0x0003)', {
      expected: apn.dnsIpv6,
      observed: pcoAddresses(pco, PCO_CONTAINER.DNS_SERVER_IPV6),
      clause: 'TS 24.008 §10.5.6.3',
      element: 'pgw',
    });
    ctx.check('IPv4 DNS servers (container 0x000D)', {
      expected: apn.dnsIpv4,
      observed: pcoAddresses(pco, PCO_CONTAINER.DNS_SERVER_IPV4),
      clause: 'TS 24.008 §10.5.6.3',
      element: 'pgw',
    });
    ctx.check('IPv4 link MTU (container 0x0010)', {
      expected: [apn.mtu],
      observed: of(PCO_CONTAINER.IPV4_LINK_MTU).map((c) =>
        c.contents.length === 2 ? c.contents.readUInt16BE(0) : `0x${c.contents.toString('hex')}`,
      ),
      clause: 'TS 24.008 §10.5.6.3',
      level: 'SHOULD',
      element: 'pgw',
    });
    const pgwTeid = findIe(outcome.message, 'f-teid', 1)?.teid;
    if (pgwTeid !== undefined) await sgw.deleteSession(pgwTeid, 5, ctx.signal);
  },
});
