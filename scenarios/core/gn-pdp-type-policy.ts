import { findIe, gtpv1cCause, PDP_TYPE, type EndUserAddressIe } from '../../harness/protocol/gtpv1c/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { singleFamilyGnApns } from './gn-apn.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';

/**
 * The GGSN enforces each APN's declared PDP type (TS 23.060 §9.2.1, §9.2.1.1; TS 29.060 §7.3.2,
 * §7.7.1, §7.7.27): on every APN the target declares for one family, an SGSN asks for IPv6 and for
 * IPv4v6 (with the Dual Address Bearer Flag, §7.7.48). An End User Address carrying a family the
 * APN does not declare fails (MUST), whatever the cause. A single family the APN does not offer is
 * rejected; IPv4v6 gets cause 129 "New PDP type due to network preference" with the declared
 * family, or a rejection — never a plain 128 with one family silently dropped, nor both families.
 * This catches a GGSN whose APN is set IPv4-only but still has an IPv6 pool (osmo-ggsn 1.9).
 */
type Family = 'ipv4' | 'ipv6';

const EUA_FAMILIES: Record<number, Family[]> = {
  [PDP_TYPE.IPV4]: ['ipv4'],
  [PDP_TYPE.IPV6]: ['ipv6'],
  [PDP_TYPE.IPV4V6]: ['ipv4', 'ipv6'],
};

/** The families an EUA says it carries: by its PDP type number and by the addresses in it. */
function euaFamilies(eua: EndUserAddressIe): Family[] {
  const f = new Set<Family>(eua.pdpTypeOrganization === 1 ? (EUA_FAMILIES[eua.pdpType] ?? []) : []);
  if (eua.ipv4) f.add('ipv4');
  if (eua.ipv6) f.add('ipv6');
  return [...f].sort();
}

function describeEua(eua: EndUserAddressIe | undefined): string {
  if (!eua) return 'no End User Address';
  const type = `PDP type 0x${eua.pdpType.toString(16).padStart(2, '0')}`;
  const addresses = [eua.ipv4, eua.ipv6].filter(Boolean).join(', ');
  return `${type}${addresses ? ` (${addresses})` : ''}`;
}

export default defineScenario({
  id: 'core/gn-pdp-type-policy',
  title: 'Gn PDP type policy: IPv6 and IPv4v6 asked on every single-family APN (cause 129 or a rejection)',
  covers: ['MNO-CORE', 'MVNO-L2', 'MNO-TERM'],
  tags: ['gtpv1c', 'gn', 'session', 'pdn-type'],
  needs: ['ggsn'],
  fixtures: { sgsn: sgsnGn() },
  params: { request: ['ipv6', 'ipv4v6'] },
  timeout: 30,
  async run(ctx, { sgsn }) {
    const ggsn = ctx.element('ggsn');
    const apns = singleFamilyGnApns(ctx, ggsn.apns);
    const request = ctx.params.request;
    for (const [i, [name, apn]] of apns.entries()) {
      const declared = apn.pdnTypes;
      const { outcome, context } = await sgsn.createPdpContext(
        { imsi: `0010100000093${request === 'ipv6' ? 1 : 2}${i}`.slice(0, 15), apn: name, pdpType: request },
        ctx.signal,
      );
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      const cause = res ? findIe(res, 'cause')?.value : undefined;
      const eua = res ? findIe(res, 'end-user-address') : undefined;
      const granted = eua ? euaFamilies(eua) : [];
      const what = `${request} on APN ${name} (declared ${declared})`;
      ctx.fact(`${what}`, res ? `${gtpv1cCause(cause)}, ${describeEua(eua)}` : describeOutcome(outcome));
      const rejected = cause !== undefined && cause >= 192;
      // TS 23.060 §9.2.1: the APN's own family is granted; another single family is refused; IPv4v6 is
      // narrowed to the declared family with cause 129, or refused.
      const want =
        request === declared
          ? { text: gtpv1cCause(128), ok: cause === 128 }
          : request === 'ipv4v6'
            ? { text: `${gtpv1cCause(129)}, or a rejection (192-255)`, ok: cause === 129 || rejected }
            : { text: 'a rejection (192-255), e.g. 220 (0xDC) Unknown PDP address or PDP type', ok: rejected };
      ctx.check(`${what}: cause`, {
        expected: want.text,
        observed: res ? gtpv1cCause(cause) : describeOutcome(outcome),
        ok: res !== undefined && want.ok,
        clause: 'TS 23.060 §9.2.1, TS 29.060 §7.3.2, §7.7.1',
        element: 'ggsn',
      });
      ctx.check(`${what}: the End User Address carries only the declared family`, {
        expected: rejected || !res ? 'no End User Address (rejected)' : `PDP type ${declared} only`,
        observed: describeEua(eua),
        ok: granted.every((f) => f === declared) && (rejected || !res || granted.length > 0),
        clause: 'TS 29.060 §7.7.27, TS 23.060 §9.2.1',
        element: 'ggsn',
      });
      if (context) await sgsn.deletePdpContext(context, ctx.signal);
    }
  },
});
