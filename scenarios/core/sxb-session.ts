import { randomBytes } from 'node:crypto';
import { Address6 } from 'ip-address';
import { answerRouterSolicitations, SXB_U_RULES } from '../../harness/drivers/pgw-c/index.ts';
import { receivePortFor } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { UeIpv6Host } from '../../harness/drivers/ue/index.ts';
import { CAUSE, causeName, findIe, findIes, type PfcpMessage } from '../../harness/protocol/pfcp/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { gtpuPeer, pgwCSxb } from '../../harness/runner/fixtures.ts';
import { GRANTS_IPV6 } from './session-checks.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * The same IPv6 checks over Sxb (TS 29.244; MNO-CORE with a split PGW): the harness plays the
 * PGW-C. A session request before any association is refused (§6.2.6.1, cause 72); after
 * Association Setup and Heartbeat, Session Establishment with the UE's /64 as UE IP Address (V6)
 * and an F-TEID to choose (CH) is accepted with the chosen F-TEID in the Created PDR; the UE on
 * that tunnel gets an RA with its /64 — from the PGW-U itself, or from us as the PGW-C through it,
 * its Router Solicitation forwarded to us over Sxb-u as the session's rules say (TS 23.214
 * §5.6.1) — and an echo answered; a Modification moves the downlink;
 * after Deletion the session is gone (cause 65, §7.2.2.4.2).
 */
function cause(o: { kind: string; message?: PfcpMessage }): string {
  if (o.kind !== 'response' || !o.message) return 'no response';
  const c = findIe(o.message, 'cause')?.value;
  return c === undefined ? 'no Cause IE' : `${c} ${causeName(c)}`;
}

export default defineScenario({
  id: 'core/sxb-session',
  title:
    'Sxb (PFCP): association, heartbeat, IPv6 session with UE IP Address V6, RA and echo through the PGW-U, modify, delete',
  covers: ['MNO-CORE'],
  tags: ['pfcp', 'sxb', 'cups', 'user-plane'],
  needs: ['pgw-u'],
  // The SGW-U side (S5/S8-U) and ours as the PGW-C (Sxb-u) share one GTP-U end, told apart by TEID.
  fixtures: { cp: pgwCSxb(), sgwU: gtpuPeer('pgw-u') },
  async run(ctx, { cp, sgwU }) {
    const up = ctx.element('pgw-u');
    const { name: apnName, policy: apn } = ctx.apn(up, GRANTS_IPV6);
    // A real PGW-U sends both to port 2152 (TS 29.281 §4.4.2.3).
    const local = { address: cp.localAddress! };
    await sgwU.open(local.address, receivePortFor(up));
    const sxbU = { teid: 0x0c0c0001, address: local.address };
    // A /64 of the APN's pool, as the PGW-C would allocate it (TS 23.401 §5.3.1.2.2).
    const pool = new Address6(apn.ipv6Pool);
    const b = Buffer.from(pool.startAddress().toByteArray().slice(-16).map(Number));
    randomBytes(2).copy(b, 6);
    const prefix = Address6.fromByteArray([...b.subarray(0, 8), 0, 0, 0, 0, 0, 0, 0, 0]).correctForm();
    const downlink = { teid: 0x0d0d0001, address: local.address };
    const early = await cp.establish({ uePrefix: prefix, networkInstance: apnName, downlink }, ctx.signal);
    ctx.check('a session request before Association Setup is refused', {
      expected: `${CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION} ${causeName(CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION)}`,
      observed: cause(early.outcome),
      clause: 'TS 29.244 §6.2.6.1, §8.2.1',
      element: 'pgw-u',
    });
    const assoc = await cp.associate(ctx.signal);
    ctx.expect('Association Setup accepted', {
      expected: `1 ${causeName(1)}`,
      observed: cause(assoc),
      clause: 'TS 29.244 §7.4.4.2',
      element: 'pgw-u',
    });
    const a = assoc.kind === 'response' ? assoc.message : undefined;
    ctx.check('Association Setup Response carries Node ID and Recovery Time Stamp', {
      expected: ['node-id', 'recovery-time-stamp'],
      observed: ['node-id', 'recovery-time-stamp'].filter((n) => a?.ies.some((ie) => ie.ie === n)),
      clause: 'TS 29.244 §7.4.4.2 Table 7.4.4.2-1',
      element: 'pgw-u',
    });
    const hb1 = await cp.heartbeat(ctx.signal);
    const hb2 = await cp.heartbeat(ctx.signal);
    const ts = [hb1, hb2].map((h) =>
      h.kind === 'response' ? findIe(h.message, 'recovery-time-stamp')?.seconds : undefined,
    );
    ctx.check('Heartbeat Recovery Time Stamp present and stable', {
      expected: 'the same time stamp twice',
      observed: ts.join(', '),
      ok: ts[0] !== undefined && ts[0] === ts[1],
      clause: 'TS 29.244 §6.2.2, §19A',
      element: 'pgw-u',
    });
    const est = await cp.establish(
      { uePrefix: prefix, networkInstance: apnName, downlink, controlPlaneUserPlane: sxbU },
      ctx.signal,
    );
    ctx.expect('Session Establishment accepted', {
      expected: `1 ${causeName(1)}`,
      observed: cause(est.outcome),
      clause: 'TS 29.244 §7.5.3',
      element: 'pgw-u',
    });
    const res = (est.outcome as { message: PfcpMessage }).message;
    ctx.check('response is addressed to our CP F-SEID', {
      expected: String(est.cpSeid),
      observed: String(res.seid),
      clause: 'TS 29.244 §7.2.2.4.2',
      element: 'pgw-u',
    });
    const upSeid = findIe(res, 'f-seid')?.seid;
    const created = findIes(res, 'created-pdr')
      .map((c) => findIe(c, 'f-teid'))
      .find((f) => f?.teid !== undefined);
    ctx.expect('Created PDR carries the F-TEID the PGW-U chose (CH)', {
      expected: 'an F-TEID with a TEID and an address',
      observed: created
        ? `TEID ${created.teid}, ${created.ipv6 !== undefined ? ipv6Text(created.ipv6) : created.ipv4}`
        : 'no F-TEID in any Created PDR',
      ok: created?.teid !== undefined && (created.ipv6 ?? created.ipv4) !== undefined,
      clause: 'TS 29.244 §7.5.3.2, §5.5.3',
      element: 'pgw-u',
    });
    const bearer = sgwU.bearer(downlink.teid, created!.teid!, {
      address: (created!.ipv6 ?? created!.ipv4)!,
      port: up.userPlanePort ?? 2152,
    });
    // What the PGW-U sends us on Sxb-u (the UE's RS) is answered through the F-TEID it chose for CHOOSE ID 2.
    const raPath = findIes(res, 'created-pdr').find((c) => findIe(c, 'pdr-id')?.ruleId === SXB_U_RULES.raPdr);
    const raFteid = raPath && findIe(raPath, 'f-teid');
    const cpAnswers =
      raFteid?.teid !== undefined && (raFteid.ipv6 ?? raFteid.ipv4) !== undefined
        ? answerRouterSolicitations(
            sgwU.bearer(sxbU.teid, 0, { address: local.address, port: 0 }),
            sgwU.bearer(sxbU.teid + 1, raFteid.teid, {
              address: (raFteid.ipv6 ?? raFteid.ipv4)!,
              port: up.userPlanePort ?? 2152,
            }),
            { prefix, mtu: apn.mtu },
          )
        : undefined;
    const ue = new UeIpv6Host(
      bearer,
      `::${randomBytes(8)
        .toString('hex')
        .replace(/(.{4})(?=.)/g, '$1:')}`,
      ctx.recorder,
    );
    const ra = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    const pio = ra?.ra.options.find((o) => o.type === 'prefix-information');
    ctx.log(
      `the RA came ${cpAnswers?.answered() ? `from us as the PGW-C over Sxb-u (${cpAnswers.answered()} RS forwarded to us)` : 'from the PGW-U itself'}`,
    );
    ctx.check('RA through the PGW-U advertises the UE IP Address /64', {
      expected: `${prefix}/64`,
      observed:
        pio && pio.type === 'prefix-information'
          ? `${pio.prefix}/${pio.prefixLength}`
          : ra
            ? 'RA without PIO'
            : 'no RA',
      clause: 'TS 29.061 §11.2.1.3.2a, TS 29.244 §8.2.62',
      element: 'pgw-u',
    });
    if (apn.probeIpv6) {
      const echo = await ue.ping(apn.probeIpv6, 0x5b, 1, 2000, ctx.signal);
      ctx.check('echo from the UE global address answered through the PGW-U', {
        expected: 'echo reply',
        observed: echo ? 'echo reply' : 'no reply',
        ok: echo !== undefined,
        clause: 'TS 29.244 §5.2.1 (PDR/FAR forwarding)',
        element: 'pgw-u',
      });
    }
    const mod = await cp.modifyDownlink(upSeid ?? 0n, { teid: downlink.teid, address: local.address }, ctx.signal);
    ctx.check('Session Modification (downlink FAR) accepted', {
      expected: `1 ${causeName(1)}`,
      observed: cause(mod),
      clause: 'TS 29.244 §7.5.5',
      element: 'pgw-u',
    });
    const del = await cp.delete(upSeid ?? 0n, ctx.signal);
    ctx.check('Session Deletion accepted', {
      expected: `1 ${causeName(1)}`,
      observed: cause(del),
      clause: 'TS 29.244 §7.5.7',
      element: 'pgw-u',
    });
    const after = await cp.modifyDownlink(upSeid ?? 0n, downlink, ctx.signal);
    ctx.check('the deleted session is gone: Session context not found', {
      expected: `65 ${causeName(65)}`,
      observed: cause(after),
      clause: 'TS 29.244 §7.2.2.4.2',
      element: 'pgw-u',
    });
  },
});
