import { randomInt } from 'node:crypto';
import { sourceAddressFor } from '../../harness/drivers/common/source-address.ts';
import { radiusTransaction } from '../../harness/drivers/nas/index.ts';
import type { RadiusAttribute } from '../../harness/protocol/radius/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { recordsOnce } from '../mvno/accounting-checks.ts';
import { aaaSecret, normPrefix } from './radius-kit.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

type Params = {
  /** How long the AAA may take to answer one Accounting-Request. */
  timeoutMs?: number;
  /** How long its records may take to show a request it answered. */
  settleMs?: number;
};

/**
 * The AAA with the IPv6 attributes a PGW sends (MNO-BACKEND "AAA/RADIUS behaviour ... with IPv6
 * attributes"; TS 29.061 §16.4): the harness, as a NAS, sends an Accounting-Request Start carrying
 * NAS-IPv6-Address, Framed-IPv6-Prefix, Framed-Interface-Id (RFC 3162 §2), Delegated-IPv6-Prefix
 * (RFC 4818), Framed-IPv6-Address and DNS-Server-IPv6-Address (RFC 6911). The AAA must answer
 * Accounting-Response with a valid Response Authenticator (RFC 2866 §3, §4.2); where the lab can
 * read its records, the record must hold the IPv6 values as sent. The same request signed with
 * another secret must be silently discarded (RFC 2866 §3) — an AAA that accounts it takes
 * records from anyone who can reach it.
 */
export default defineScenario<Params>({
  id: 'backend/radius-ipv6-attributes',
  title:
    'AAA takes Accounting-Request with the IPv6 attributes, drops a wrongly signed one (RFC 2866, RFC 3162, RFC 4818)',
  covers: ['MNO-BACKEND', 'MVNO-L2'],
  tags: ['radius', 'aaa', 'rfc3162'],
  needs: ['aaa'],
  timeout: 30,
  async run(ctx) {
    const p = { timeoutMs: 2000, settleMs: 3000, ...ctx.params };
    const aaa = ctx.element('aaa');
    const secret = aaaSecret(ctx, aaa);
    const local = await sourceAddressFor(aaa.address);
    const n = randomInt(0x1000, 0xffff).toString(16);
    const sent = {
      sessionId: `v6h-${n}-1`,
      nas: local.includes(':') ? local : '2001:db8::1',
      framed: `2001:db8:3d:${n}::/64`,
      delegated: `2001:db8:3e:${n.slice(0, 2)}00::/56`,
    };
    const attributes = (sessionId: string): RadiusAttribute[] => [
      ['Acct-Status-Type', 'Start'],
      ['Acct-Session-Id', sessionId],
      ['User-Name', 'v6harness-nas-check'],
      ['Called-Station-Id', 'internet'],
      ['NAS-IPv6-Address', sent.nas],
      ['Framed-IPv6-Prefix', sent.framed],
      ['Framed-Interface-Id', '::1'],
      ['Delegated-IPv6-Prefix', sent.delegated],
      ['Framed-IPv6-Address', `2001:db8:3d:${n}::1`],
      ['DNS-Server-IPv6-Address', '2001:db8:53::1'],
    ];
    const server = { address: aaa.address, port: aaa.port };
    const good = await radiusTransaction({
      server,
      localAddress: local,
      secret,
      code: 'Accounting-Request',
      attributes: attributes(sent.sessionId),
      timeoutMs: p.timeoutMs,
      recorder: ctx.recorder,
      signal: ctx.signal,
    });
    ctx.expect('Accounting-Request Start with the IPv6 attributes is answered', {
      expected: `Accounting-Response within ${p.timeoutMs} ms`,
      observed:
        good.kind === 'answered'
          ? `${good.response.code} after ${good.rttMs.toFixed(1)} ms`
          : good.kind === 'no-answer'
            ? 'no answer'
            : `undecodable answer: ${good.reason}`,
      ok: good.kind === 'answered' && good.response.code === 'Accounting-Response',
      clause: 'RFC 2866 §2, §4.2',
      element: 'aaa',
    });
    if (good.kind !== 'answered') return;
    ctx.metric('radius_rtt', Number(good.rttMs.toFixed(3)), 'ms');
    ctx.check('Accounting-Response carries a valid Response Authenticator', {
      expected: 'MD5 over the response, the request authenticator and the secret',
      observed: good.authenticatorValid ? 'valid' : 'invalid',
      ok: good.authenticatorValid,
      clause: 'RFC 2866 §3',
      element: 'aaa',
    });

    const forged = `v6h-${n}-forged`;
    const bad = await radiusTransaction({
      server,
      localAddress: local,
      secret: `${secret}-not`,
      checkSecret: secret,
      code: 'Accounting-Request',
      attributes: attributes(forged),
      timeoutMs: p.timeoutMs,
      recorder: ctx.recorder,
      signal: ctx.signal,
    });
    ctx.check('an Accounting-Request signed with another secret is silently discarded', {
      expected: 'no answer',
      observed:
        bad.kind === 'answered'
          ? `${bad.response.code} after ${bad.rttMs.toFixed(1)} ms`
          : bad.kind === 'no-answer'
            ? 'no answer'
            : `an undecodable answer (${bad.reason})`,
      ok: bad.kind === 'no-answer',
      clause: 'RFC 2866 §3',
      element: 'aaa',
    });

    if (!aaa.accountingRecords) {
      ctx.log(
        `the lab cannot read the records of this AAA: look in its accounting log for Acct-Session-Id ${sent.sessionId} with Framed-IPv6-Prefix ${sent.framed}`,
      );
      return;
    }
    const records = await recordsOnce(
      ctx,
      aaa.accountingRecords,
      (all) => all.some((r) => r.sessionId === sent.sessionId),
      p.settleMs,
    );
    const rec = records.find((r) => r.sessionId === sent.sessionId);
    ctx.expect(`the AAA keeps a record for Acct-Session-Id ${sent.sessionId}`, {
      expected: 'one record',
      observed: rec ? 'found' : `not among its ${records.length} record(s)`,
      ok: rec !== undefined,
      clause: 'RFC 2866 §5.5',
      element: 'aaa',
    });
    if (!rec) return;
    ctx.check('the record holds Framed-IPv6-Prefix as sent', {
      expected: sent.framed,
      observed: normPrefix(rec.framedIpv6Prefix) ?? 'absent',
      ok: normPrefix(rec.framedIpv6Prefix) === normPrefix(sent.framed),
      clause: 'RFC 3162 §2.3',
      element: 'aaa',
    });
    ctx.check('the record holds Delegated-IPv6-Prefix as sent', {
      expected: sent.delegated,
      observed: normPrefix(rec.delegatedIpv6Prefix) ?? 'absent',
      ok: normPrefix(rec.delegatedIpv6Prefix) === normPrefix(sent.delegated),
      clause: 'RFC 4818 §3',
      element: 'aaa',
    });
    ctx.check('the record holds NAS-IPv6-Address as sent', {
      expected: ipv6Text(sent.nas),
      observed: rec.nasAddress !== undefined ? ipv6Text(rec.nasAddress) : 'absent',
      ok: rec.nasAddress !== undefined && ipv6Text(rec.nasAddress) === ipv6Text(sent.nas),
      clause: 'RFC 3162 §2.1',
      element: 'aaa',
    });
    ctx.check('no record for the wrongly signed request', {
      expected: 'none',
      observed: records.some((r) => r.sessionId === forged) ? `a record for ${forged}` : 'none',
      ok: !records.some((r) => r.sessionId === forged),
      clause: 'RFC 2866 §3',
      element: 'aaa',
    });
  },
});
