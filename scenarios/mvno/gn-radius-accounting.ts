import { findIe, gtpv1cCause } from '../../harness/protocol/gtpv1c/index.ts';
import type { PdpContext } from '../../harness/drivers/sgsn/index.ts';
import { withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';
import { pickGnApn } from '../core/gn-apn.ts';
import {
  accountingReader,
  checkAccountingStart,
  checkAccountingStop,
  settledRecords,
  type AccountedSession,
} from './accounting-checks.ts';

/**
 * RADIUS accounting of IPv6 PDP contexts from the MVNO's GGSN, checked at its AAA (TS 29.061 §16,
 * RFC 2866): the harness, as the MNO's SGSN on Gn, creates an IPv6 and an IPv4v6 PDP context on
 * the APNs the target declares and deletes them; the AAA must have a Start with the context's /64
 * as Framed-IPv6-Prefix (RFC 3162 §2.3; the EUA's prefix, TS 29.061 §11.2.1.3.2a) and a Stop with
 * the same Acct-Session-Id. The same record checks as mvno/radius-accounting, naming the GGSN.
 */
const CONTEXTS = [
  { family: 'ipv6', imsi: '001010000000950', msisdn: '819012340950' },
  { family: 'ipv4v6', imsi: '001010000000951', msisdn: '819012340951' },
] as const;

export default defineScenario({
  id: 'mvno/gn-radius-accounting',
  title: 'Gn RADIUS accounting Start/Stop with Framed-IPv6-Prefix for IPv6 and IPv4v6 PDP contexts, checked at the AAA',
  covers: ['MVNO-L2', 'MNO-BACKEND'],
  tags: ['radius', 'gtpv1c', 'gn', 'accounting'],
  needs: ['aaa', 'ggsn'],
  fixtures: { sgsn: sgsnGn() },
  timeout: 30,
  async run(ctx, { sgsn }) {
    const aaa = ctx.element('aaa');
    const ggsn = ctx.element('ggsn');
    const read = accountingReader(ctx, aaa);
    const sessions: AccountedSession[] = [];
    const contexts: PdpContext[] = [];
    for (const c of CONTEXTS) {
      const [apnName, apn] = pickGnApn(ctx, ggsn, c.family);
      const { outcome, context } = await sgsn.createPdpContext(
        { imsi: c.imsi, msisdn: c.msisdn, apn: apnName, pdpType: c.family },
        ctx.signal,
      );
      const eua = outcome.kind === 'response' ? findIe(outcome.message, 'end-user-address') : undefined;
      ctx.expect(`${c.family} PDP context accepted with an IPv6 EUA`, {
        expected: `cause ${gtpv1cCause(128)}, EUA with IPv6`,
        observed:
          outcome.kind === 'response'
            ? `cause ${gtpv1cCause(findIe(outcome.message, 'cause')?.value)}, EUA ${eua?.ipv6 ?? 'without IPv6'}`
            : outcome.description,
        ok: context !== undefined && eua?.ipv6 !== undefined,
        clause: 'TS 29.060 §7.3.2, §7.7.27',
        element: 'ggsn',
      });
      contexts.push(context!);
      // The granted family is what the EUA holds (an IPv4v6 request on a single-family APN gets one).
      const family = eua?.ipv4 ? 'ipv4v6' : 'ipv6';
      sessions.push({
        family,
        imsi: c.imsi,
        msisdn: c.msisdn,
        apn: apnName,
        prefix: `${withInterfaceId(eua!.ipv6!, '::')}/64`,
        ...(eua?.ipv4 ? { ipv4: eua.ipv4 } : {}),
        teid: context!.ggsnTeidControl,
        ...(apn.prefixDelegation ? { delegatedLength: apn.prefixDelegation } : {}),
      });
    }
    for (const c of contexts) await sgsn.deletePdpContext(c, ctx.signal);
    const all = await settledRecords(ctx, read, sessions.length);
    ctx.log(
      `AAA ${aaa.kind === 'real' ? '(freeradius detail) ' : ''}received ${all.length} accounting record(s): ${all.map((r) => `${r.statusType} ${r.sessionId ?? '?'} ${r.framedIpv6Prefix ?? 'no IPv6 prefix'}`).join('; ')}`,
    );
    ctx.metric('accounting_records', all.length, 'records');
    for (const s of sessions) {
      const start = checkAccountingStart(ctx, s, all, 'ggsn');
      if (start) checkAccountingStop(ctx, s, start, all, 'ggsn');
    }
  },
});
