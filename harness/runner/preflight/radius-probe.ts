import { randomInt } from 'node:crypto';
import { encodeRadius, responseAuthenticatorValid } from '../../protocol/radius/index.ts';
import type { ProbeResult } from './verdict.ts';
import { describeSilence, udpProbe } from './udp-probe.ts';

/**
 * An AAA is reachable when it answers, with a Response Authenticator valid for the declared
 * secret: first a Status-Server (RFC 5997 §3, to the accounting port → Accounting-Response); a
 * server that does not do Status-Server gets an Accounting-Request Interim-Update for a test user
 * (RFC 2866 §4.1: it must answer what it records). Without the secret nothing authentic can be sent.
 */
const answers = (identifier: number, code: number) => (m: Buffer) =>
  m.length >= 20 && m[0] === code && m[1] === identifier;
const ACCOUNTING_RESPONSE = 5;

export async function radiusProbe(address: string, port: number, secret: string | undefined): Promise<ProbeResult> {
  if (!secret)
    return {
      ok: true,
      unchecked: true,
      detail: 'not probed: no shared secret declared (secret:), so nothing authentic can be sent',
    };
  const statusId = randomInt(0, 256);
  const status = encodeRadius({ code: 'Status-Server', identifier: statusId, secret, attributes: [] });
  const out = await udpProbe(address, port, status, answers(statusId, ACCOUNTING_RESPONSE), { tries: 2 });
  if (out.kind === 'answer')
    return valid(out.message, status, secret)
      ? { ok: true, detail: `Accounting-Response to Status-Server (RFC 5997) in ${out.rttMs.toFixed(1)} ms` }
      : { ok: false, detail: 'answered Status-Server with a Response Authenticator wrong for the declared secret' };
  if (out.kind !== 'silent') return { ok: false, detail: describeSilence(out, 'RADIUS Status-Server') };
  const id = randomInt(0, 256);
  const interim = encodeRadius({
    code: 'Accounting-Request',
    identifier: id,
    secret,
    attributes: [
      ['Acct-Status-Type', 'Interim-Update'],
      ['User-Name', 'v6harness-preflight'],
      ['Acct-Session-Id', 'v6harness-preflight'],
      ['NAS-Identifier', 'v6harness'],
    ],
  });
  const acct = await udpProbe(address, port, interim, answers(id, ACCOUNTING_RESPONSE), { tries: 2 });
  if (acct.kind !== 'answer')
    return { ok: false, detail: `${describeSilence(acct, 'RADIUS Accounting-Request')} (nor to Status-Server)` };
  return valid(acct.message, interim, secret)
    ? {
        ok: true,
        detail: `Accounting-Response to an Interim-Update of user v6harness-preflight in ${acct.rttMs.toFixed(1)} ms`,
      }
    : { ok: false, detail: 'answered with a Response Authenticator wrong for the declared secret (RFC 2866 §3)' };
}

function valid(response: Buffer, request: Buffer, secret: string): boolean {
  return responseAuthenticatorValid(response, request.subarray(4, 20), secret);
}
