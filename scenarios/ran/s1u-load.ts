import { receivePortFor } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { type MmeS11Driver, s11Session } from '../../harness/drivers/mme/index.ts';
import { BatchUdpSocket, type RawBatchHandler } from '../../harness/net/udp-socket/index.ts';
import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { GTPU_PORT } from '../../harness/protocol/gtpu/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { GtpuFlow } from '../../harness/traffic/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { GRANTS_IPV6 } from '../core/session-checks.ts';
import { expectBatchedUdp, type UserPlaneLoad } from '../core/user-plane-load.ts';

/** Requests in flight at a time, as a loaded MME sends them. */
const IN_FLIGHT = 50;
/** The eNodeB's downlink TEIDs of the load (TS 29.281 §5.1), apart from the attach scenarios' 0x0e000000. */
const FIRST_ENB_TEID = 0x0e100000;

interface S11LoadSession {
  sgwS11Teid: number;
  s1u: { teid: number; ipv4?: string; ipv6?: string };
  paaIpv6: string;
}

/** Runs `each` over `items`, IN_FLIGHT at a time. */
async function batched<T, R>(items: readonly T[], each: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += IN_FLIGHT)
    out.push(...(await Promise.all(items.slice(i, i + IN_FLIGHT).map((x, k) => each(x, i + k)))));
  return out;
}

const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/**
 * Load on the user plane behind S1-U, as eNodeBs offer it: `ues` IPv6 attaches over S11 (TS 23.401
 * §5.3.2.1: Create Session through the SGW to the PGW, then Modify Bearer with the eNodeB's S1-U
 * F-TEID, TS 29.274 §7.2.1, §7.2.7), then one flow per UE — G-PDUs on the SGW's S1-U F-TEID (TS
 * 29.281 §5.1) carrying UDP from the UE's address to the echo service (RFC 862) of the IPv6-only
 * internet host. The SGW relays them on S5/S8-U to the PGW and out of SGi; the echo comes back down
 * both tunnels to the eNodeB's F-TEID, which is the load's own batched socket: it both offers the
 * load and counts the round trip. `close` detaches every UE (Delete Session over S11).
 */
export async function openS1uLoad(
  ctx: ScenarioContext,
  mme: MmeS11Driver,
  ues: number,
  imsiBase: string,
): Promise<UserPlaneLoad> {
  expectBatchedUdp(ctx);
  const sgw = ctx.element('sgw');
  const pgw = ctx.element('pgw');
  const hosts = ctx.internet();
  const apn = ctx.apn(pgw, GRANTS_IPV6).name;
  const attached: S11LoadSession[] = [];
  let socket: BatchUdpSocket | undefined;
  const close = async () => {
    await socket?.close();
    const deleted = await batched(attached, async (s) => {
      const o = await mme.deleteSession(s.sgwS11Teid, 5, ctx.signal);
      return o.kind === 'response' && findIe(o.message, 'cause')?.value === 16;
    });
    ctx.log(`${deleted.filter(Boolean).length} of ${attached.length} UEs detached (Delete Session over S11 accepted)`);
  };
  try {
    const causes = new Map<string, number>();
    const imsis = Array.from({ length: ues }, (_, i) => `${imsiBase}${String(i).padStart(15 - imsiBase.length, '0')}`);
    await batched(imsis, async (imsi) => {
      const { outcome } = await mme.createSession(
        { imsi, apn, pdnType: 'ipv6', daf: true, pgwAddress: pgw.address },
        ctx.signal,
      );
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      count(causes, res ? gtpv2cCause(findIe(res, 'cause')?.value) : describeOutcome(outcome));
      const s = res && s11Session(res);
      if (s?.cause === 16 && s.sgwS11Teid !== undefined && s.s1uSgw && s.paa?.ipv6)
        attached.push({ sgwS11Teid: s.sgwS11Teid, s1u: s.s1uSgw, paaIpv6: s.paa.ipv6 });
    });
    ctx.expect(`${ues} IPv6 PDN connections set up over S11 for the load`, {
      expected: { [gtpv2cCause(16)]: ues },
      observed: Object.fromEntries(causes),
      ok: attached.length === ues,
      clause: 'TS 29.274 §7.2.2, Table 7.2.2-2 (S1-U SGW F-TEID)',
      element: 'sgw',
    });
    // The eNodeB's S1-U is of the family of the SGW's first S1-U F-TEID (GTP over IPv4 or IPv6):
    // our S11 address where it is of that family, else loopback (an in-process lab).
    const local = mme.localAddress ?? '::1';
    const v6 = attached[0].s1u.ipv6 !== undefined;
    const enbAddress = v6 === local.includes(':') ? local : v6 ? '::1' : '127.0.0.1';
    const s1uAddress = (v6 ? attached[0].s1u.ipv6 : attached[0].s1u.ipv4)!;
    const holder: { receiver: RawBatchHandler } = { receiver: () => {} };
    // Downlink comes to the eNodeB's F-TEID: on 2152 from a real SGW (TS 29.281 §4.4.2.3).
    socket = BatchUdpSocket.bindRaw(
      { address: enbAddress, port: receivePortFor(sgw), recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 },
      (rx, meta, n) => holder.receiver(rx, meta, n),
    );
    const modified = new Map<string, number>();
    const flows: GtpuFlow[] = [];
    await batched(attached, async (s, i) => {
      const o = await mme.modifyBearer(s.sgwS11Teid, 5, { teid: FIRST_ENB_TEID + i, address: enbAddress }, ctx.signal);
      count(modified, o.kind === 'response' ? gtpv2cCause(findIe(o.message, 'cause')?.value) : describeOutcome(o));
      // One S1-U address for the load's generator: a UE on another SGW-U is not part of it.
      if ((v6 ? s.s1u.ipv6 : s.s1u.ipv4) === s1uAddress)
        flows[i] = {
          teid: s.s1u.teid,
          src: s.paaIpv6,
          dst: hosts.ipv6Only,
          srcPort: 40000 + (i % 20000),
          dstPort: hosts.udpEchoPort,
        };
    });
    ctx.expect(`the eNodeB's S1-U F-TEID accepted for all ${ues} (Modify Bearer), on one S1-U address`, {
      expected: { [gtpv2cCause(16)]: ues, [`on [${s1uAddress}]`]: ues },
      observed: { ...Object.fromEntries(modified), [`on [${s1uAddress}]`]: flows.filter(Boolean).length },
      clause: 'TS 29.274 §7.2.8, TS 23.401 §5.3.2.1 step 23',
      element: 'sgw',
    });
    ctx.log(`${ues} UEs attached over S11, the eNodeB at [${enbAddress}], S1-U to the SGW at [${s1uAddress}]`);
    return Object.assign(holder, {
      flows,
      to: { address: s1uAddress, port: sgw.userPlanePort ?? GTPU_PORT },
      socket,
      ...(sgw.userPlaneLimit ? { ceilingPps: sgw.userPlaneLimit.perSecond } : {}),
      close,
    });
  } catch (e) {
    await close();
    throw e;
  }
}
