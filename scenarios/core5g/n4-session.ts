import { randomBytes } from 'node:crypto';
import { answerRouterSolicitations, PDR } from '../../harness/drivers/smf-n4/index.ts';
import { UeIpv4Host, UeIpv6Host } from '../../harness/drivers/ue/index.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { CAUSE, causeName, findIe, hasFlag } from '../../harness/protocol/pfcp/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import {
  accepted,
  causeOf,
  createdFteids,
  createdUeIp,
  dnnOf,
  ipv4From,
  messageOf,
  prefixFrom,
  randomInterfaceId,
  sharedBearer,
  smfWithUserPlane,
} from './n4-kit.ts';

type PduSessionType = 'ipv6' | 'ipv4v6' | 'ipv4';
type UeAddress = 'smf' | 'upf';

/**
 * One PDU session's N4 life against a UPF (TS 23.502 §4.3.2.2.1 steps 10 and 16, TS 29.244
 * §7.5), the harness playing the SMF and the gNB, per PDU session type and per who allocates the
 * UE's address (the SMF from the DNN's pools, or the UPF by CHOOSE, §5.21.1): Establishment with
 * the session's PDRs/FARs/QER/URR and an N3 F-TEID the UPF chooses (§5.5.3); Modification moving
 * the downlink FAR from buffering to the gNB's F-TEID; then the UE on N3, with the QFI in the PDU
 * Session Container (TS 38.415 §5.5.2) — for IPv6, its Router Solicitation goes through the UPF to
 * the SMF over N4-u and the SMF's RA with the session's /64 comes back through the UPF (TS 23.501
 * §5.8.2.2.2); downlink G-PDUs carry the QFI; an echo to the internet host crosses N6; Deletion,
 * after which the session is gone (cause 65).
 */
export default defineScenario({
  id: 'core5g/n4-session',
  title: 'N4 (PFCP) PDU session through a UPF: establish, RA via the UPF, QFI on N3, N6 echo, modify, delete',
  covers: ['MNO-CORE', 'CLOUD-CORE-FUNCTIONS'],
  tags: ['pfcp', 'n4', 'n3', '5gs', 'upf', 'user-plane'],
  needs: ['upf'],
  fixtures: { n4: smfWithUserPlane() },
  params: {
    pduSessionType: ['ipv6', 'ipv4v6', 'ipv4'] satisfies PduSessionType[],
    ueAddress: ['smf', 'upf'] satisfies UeAddress[],
  },
  async run(ctx, { n4 }) {
    const { smf, gtp, local } = n4;
    const { pduSessionType, ueAddress } = ctx.params;
    const upf = ctx.element('upf');
    const dnn = dnnOf(ctx, upf, 'internet');
    if (dnn.pdnTypes !== 'ipv4v6' && dnn.pdnTypes !== pduSessionType)
      ctx.skip(`the target's DNN "internet" of the UPF "${upf.name}" grants PDU session type ${dnn.pdnTypes} only`);
    const v6 = pduSessionType !== 'ipv4';
    const v4 = pduSessionType !== 'ipv6';
    const qfi = 1 + (randomBytes(1)[0] % 63);
    const gnb = { teid: 0x0e000000 | randomBytes(2).readUInt16BE(), address: local.address };
    const cpTunnel = { teid: 0x0c000000 | randomBytes(2).readUInt16BE(), address: local.address };
    const smfPrefix = v6 && ueAddress === 'smf' ? prefixFrom(dnn.ipv6Pool) : undefined;
    const smfIpv4 = v4 && ueAddress === 'smf' ? ipv4From(dnn.ipv4Pool) : undefined;
    const association = await smf.associate(ctx.signal);
    ctx.expect('Association Setup accepted', {
      expected: accepted(),
      observed: causeOf(association),
      clause: 'TS 29.244 §7.4.4.2',
      element: 'upf',
    });
    // UE IP address allocation by the UPF is an optional feature (UEIP, TS 29.244 §5.21.1, §8.2.25):
    // an SMF asks CHOOSE only of a UPF that advertises it in its Association Setup Response.
    const answer = messageOf(association);
    const features = answer && findIe(answer, 'up-function-features');
    if (ueAddress === 'upf' && !(features && hasFlag(features, 'ueip')))
      ctx.skip(
        `the UPF "${upf.name}" does not advertise UEIP in its UP Function Features (TS 29.244 §8.2.25): the SMF allocates UE addresses`,
      );
    const est = await smf.establish(
      {
        dnn: 'internet',
        pduSessionType,
        ...(v6 ? { ueIpv6: smfPrefix ?? 'choose' } : {}),
        ...(v4 ? { ueIpv4: smfIpv4 ?? 'choose' } : {}),
        qfi,
        n3Family: upf.family === 6 ? 'ipv6' : 'ipv4',
        ...(v6 ? { cpTunnel } : {}),
        ambrKbps: { ul: 100_000, dl: 200_000 },
      },
      ctx.signal,
    );
    ctx.expect('Session Establishment accepted', {
      expected: accepted(),
      observed: causeOf(est.outcome),
      clause: 'TS 29.244 §7.5.3',
      element: 'upf',
    });
    const res = messageOf(est.outcome);
    ctx.check('response is addressed to our CP F-SEID', {
      expected: String(est.cpSeid),
      observed: String(res?.seid),
      clause: 'TS 29.244 §7.2.2.4.2',
      element: 'upf',
    });
    const upSeid = res ? findIe(res, 'f-seid')?.seid : undefined;
    ctx.expect('the response carries the UPF F-SEID', {
      expected: 'an F-SEID',
      observed: upSeid === undefined ? 'none' : `SEID ${upSeid}`,
      ok: upSeid !== undefined,
      clause: 'TS 29.244 §7.5.3.1 Table 7.5.3.1-1',
      element: 'upf',
    });
    const fteids = createdFteids(res);
    const n3 = fteids.get(PDR.UPLINK);
    ctx.expect('Created PDR carries the N3 F-TEID the UPF chose (CH)', {
      expected: 'an F-TEID with a TEID and an address',
      observed: n3 ? `TEID ${n3.teid}, ${n3.address}` : 'no F-TEID in the Created PDR of the uplink PDR',
      ok: n3 !== undefined,
      clause: 'TS 29.244 §7.5.3.2, §5.5.3',
      element: 'upf',
    });
    let prefix = smfPrefix;
    let ipv4 = smfIpv4;
    if (ueAddress === 'upf') {
      const chosen = createdUeIp(res);
      prefix = v6 && chosen?.ipv6 ? ipv6Text(chosen.ipv6) : undefined;
      ipv4 = v4 ? chosen?.ipv4 : undefined;
      ctx.expect('Created PDR carries the UE IP address the UPF chose (CHV6/CHV4)', {
        expected: [v6 ? 'IPv6 prefix' : '', v4 ? 'IPv4 address' : ''].filter(Boolean).join(' + '),
        observed: chosen
          ? [prefix ? `${prefix}/${chosen.ipv6PrefixLength ?? 64}` : '', ipv4 ?? ''].filter(Boolean).join(' + ') ||
            'a UE IP Address without the family asked for'
          : 'no UE IP Address in any Created PDR',
        ok: (!v6 || prefix !== undefined) && (!v4 || ipv4 !== undefined),
        clause: 'TS 29.244 §5.21.1, §7.5.3.2, §8.2.62',
        element: 'upf',
      });
    }
    const mod = await smf.modifyDownlink(upSeid!, gnb, ctx.signal);
    ctx.expect('Session Modification (downlink FAR to the gNB F-TEID) accepted', {
      expected: accepted(),
      observed: causeOf(mod),
      clause: 'TS 29.244 §7.5.5, TS 23.502 §4.3.2.2.1 step 16',
      element: 'upf',
    });
    const n3Peer = { address: n3!.address, port: upf.userPlanePort ?? 2152 };
    const bearer = sharedBearer(gtp.bearer(gnb.teid, n3!.teid, n3Peer, { qfi }));
    const hosts = (() => {
      try {
        return ctx.internet();
      } catch {
        return undefined;
      }
    })();
    if (v6) {
      const fromCp = fteids.get(PDR.FROM_CP);
      ctx.expect('Created PDR carries the N4-u F-TEID the UPF chose for the SMF', {
        expected: 'an F-TEID with a TEID and an address',
        observed: fromCp ? `TEID ${fromCp.teid}, ${fromCp.address}` : 'none',
        ok: fromCp !== undefined,
        clause: 'TS 29.244 §5.5.3, TS 23.501 §5.8.2.2.2',
        element: 'upf',
      });
      const ra = answerRouterSolicitations(
        gtp.bearer(cpTunnel.teid, fromCp!.teid, { address: fromCp!.address, port: n3Peer.port }),
        { prefix: prefix!, mtu: dnn.mtu, dns: dnn.dnsIpv6 },
      );
      const ue = new UeIpv6Host(bearer, randomInterfaceId(), ctx.recorder);
      const got = await ue.solicitRouter({ intervalMs: 1500, maxSolicitations: 3 }, ctx.signal);
      ctx.check("the UPF forwards the UE's Router Solicitation to the SMF over N4-u", {
        expected: 'at least one RS',
        observed: `${ra.solicitations} RS`,
        ok: ra.solicitations > 0,
        clause: 'TS 23.501 §5.8.2.2.2, TS 29.244 §5.2.1 (SDF filter, FAR to CP function)',
        element: 'upf',
      });
      const pio = got?.ra.options.find((o) => o.type === 'prefix-information');
      ctx.check('RA from the SMF reaches the UE through the UPF with the /64', {
        expected: `${prefix}/64`,
        observed:
          pio?.type === 'prefix-information' ? `${pio.prefix}/${pio.prefixLength}` : got ? 'RA without PIO' : 'no RA',
        clause: 'TS 23.501 §5.8.2.2.2, TS 29.061 §11.2.1.3.2a',
        element: 'upf',
      });
      if (got) {
        ctx.check('downlink G-PDUs carry the QoS flow QFI in the PDU Session Container', {
          expected: String(qfi),
          observed: [...bearer.qfis].map((q) => (q < 0 ? 'no container' : String(q))).join(', '),
          ok: bearer.qfis.size === 1 && bearer.qfis.has(qfi),
          clause: 'TS 38.415 §5.5.2.1, TS 29.281 §5.2.2.7, TS 29.244 §5.2.3 (QER QFI)',
          element: 'upf',
        });
      }
      if (hosts && ue.global) {
        const echo = await ue.ping(hosts.ipv6Only, 0x5c, 1, 3000, ctx.signal);
        ctx.check('IPv6 echo to the internet host through N6 answered', {
          expected: 'echo reply',
          observed: echo ? 'echo reply' : 'no reply',
          ok: echo !== undefined,
          clause: 'TS 29.244 §5.2.1 (PDR/FAR forwarding), TS 23.501 §5.8.2',
          element: 'upf',
        });
        if (echo) {
          // §5.4.2: with the QER's UL gate closed what the UE sends goes no further; reopened, it does.
          const closed = await smf.modifyGates(upSeid!, { ul: 'closed', dl: 'open' }, ctx.signal);
          ctx.expect('Session Modification closing the uplink gate accepted', {
            expected: accepted(),
            observed: causeOf(closed),
            clause: 'TS 29.244 §7.5.5, §8.2.7',
            element: 'upf',
          });
          const gated = await ue.ping(hosts.ipv6Only, 0x5c, 2, 2000, ctx.signal);
          ctx.check('with the uplink gate closed the echo is not forwarded', {
            expected: 'no reply',
            observed: gated ? 'echo reply' : 'no reply',
            ok: gated === undefined,
            clause: 'TS 29.244 §5.4.2, §8.2.7 (Gate Status)',
            element: 'upf',
          });
          await smf.modifyGates(upSeid!, { ul: 'open', dl: 'open' }, ctx.signal);
        }
      }
    }
    if (v4 && ipv4) {
      const ue4 = new UeIpv4Host(bearer, ipv4, ctx.recorder);
      if (hosts) {
        const echo = await ue4.ping(hosts.ipv4Only, 0x5d, 1, 3000, ctx.signal);
        ctx.check('IPv4 echo to the internet host through N6 answered', {
          expected: 'echo reply',
          observed: echo ? 'echo reply' : 'no reply',
          ok: echo !== undefined,
          clause: 'TS 29.244 §5.2.1 (PDR/FAR forwarding), TS 23.501 §5.8.2',
          element: 'upf',
        });
        if (!v6)
          ctx.check('downlink G-PDUs carry the QoS flow QFI in the PDU Session Container', {
            expected: String(qfi),
            observed: [...bearer.qfis].map((q) => (q < 0 ? 'no container' : String(q))).join(', ') || 'no G-PDU',
            ok: bearer.qfis.size === 1 && bearer.qfis.has(qfi),
            clause: 'TS 38.415 §5.5.2.1, TS 29.281 §5.2.2.7, TS 29.244 §5.2.3 (QER QFI)',
            element: 'upf',
          });
      }
    }
    const del = await smf.delete(upSeid!, ctx.signal);
    ctx.check('Session Deletion accepted', {
      expected: accepted(),
      observed: causeOf(del),
      clause: 'TS 29.244 §7.5.7',
      element: 'upf',
    });
    const after = await smf.modifyDownlink(upSeid!, gnb, ctx.signal);
    ctx.check('the deleted session is gone: Session context not found', {
      expected: `${CAUSE.SESSION_CONTEXT_NOT_FOUND} ${causeName(CAUSE.SESSION_CONTEXT_NOT_FOUND)}`,
      observed: causeOf(after),
      clause: 'TS 29.244 §7.2.2.4.2',
      element: 'upf',
    });
  },
});
