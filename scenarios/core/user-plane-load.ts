import { gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import {
  BatchUdpSocket,
  loadNative,
  nativeLoadError,
  type RawBatchHandler,
} from '../../harness/net/udp-socket/index.ts';
import type { GtpuFlow } from '../../harness/traffic/index.ts';
import { receivePortFor } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { GTPU_PORT } from '../../harness/protocol/gtpu/index.ts';
import { closeIpv6Sessions, openIpv6Sessions, type Ipv6Session } from './ipv6-sessions.ts';
import { GRANTS_IPV6 } from './session-checks.ts';

/**
 * Load on the PGW's user plane: `ues` IPv6 PDN connections set up over S5/S8 (TS 29.274 §7.2.1),
 * then one flow per connection — G-PDUs on the PGW's S5/S8-U F-TEID (TS 29.281 §5.1) carrying
 * UDP from the UE's address to the echo service (RFC 862) of the IPv6-only internet host. The
 * host's echo comes back down each tunnel to the socket that sent it (the PGW answers the port its
 * peer sends from), so one batched socket both offers the load and counts the round trip.
 * `receiver` is whoever counts now (a GtpuSink, a control loop); the socket hands it every batch.
 */
export interface UserPlaneLoad {
  flows: GtpuFlow[];
  to: { address: string; port: number };
  socket: BatchUdpSocket;
  receiver: RawBatchHandler;
  /** The element's user-plane ceiling (target `limits:`), packets/s, if any. */
  ceilingPps?: number;
  close(): Promise<void>;
}

/** Load generation needs the batched UDP addon: without it the scenario ends naming the harness. */
export function expectBatchedUdp(ctx: ScenarioContext): void {
  ctx.expect('the batched UDP addon is loaded (load generation needs it)', {
    expected: 'loaded',
    observed: loadNative() ? 'loaded' : `not loaded: ${nativeLoadError()}`,
    element: 'harness',
  });
}

export async function openUserPlaneLoad(ctx: ScenarioContext, ues: number, imsiBase: string): Promise<UserPlaneLoad> {
  expectBatchedUdp(ctx);
  const pgw = ctx.element('pgw');
  const hosts = ctx.internet();
  // The load's own socket receives the downlink (on 2152 toward a real PGW, TS 29.281 §4.4.2.3).
  const sgw = new SgwS5Driver({ pgw, recorder: ctx.recorder, receivePort: 0 });
  const local = await sgw.open();
  const made: { pgwTeid: number; flow: GtpuFlow; address: string }[] = [];
  let opened: Ipv6Session[] = [];
  let socket: BatchUdpSocket | undefined;
  const close = async () => {
    await socket?.close();
    await closeIpv6Sessions(sgw, opened, ctx.signal);
    await sgw.close();
  };
  try {
    const { sessions, causes } = await openIpv6Sessions(sgw, ctx.apn(pgw, GRANTS_IPV6).name, ues, imsiBase, ctx.signal);
    opened = sessions;
    for (const s of sessions) {
      const address = local.address.includes(':') ? s.pgwU.ipv6 : s.pgwU.ipv4;
      if (address)
        made.push({
          pgwTeid: s.pgwTeid,
          address,
          flow: {
            teid: s.pgwU.teid,
            src: s.paaIpv6,
            dst: hosts.ipv6Only,
            srcPort: 40000 + (made.length % 20000),
            dstPort: hosts.udpEchoPort,
          },
        });
    }
    ctx.expect(`${ues} IPv6 sessions set up for the load`, {
      expected: { [gtpv2cCause(16)]: ues },
      observed: Object.fromEntries(causes),
      ok: made.length === ues,
      clause: 'TS 29.274 §7.2.2',
      element: 'pgw',
    });
    const holder: { receiver: RawBatchHandler } = { receiver: () => {} };
    socket = BatchUdpSocket.bindRaw(
      { address: local.address, port: receivePortFor(pgw), recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 },
      (rx, meta, count) => holder.receiver(rx, meta, count),
    );
    const load: UserPlaneLoad = Object.assign(holder, {
      flows: made.map((m) => m.flow),
      to: { address: made[0].address, port: pgw.userPlanePort ?? GTPU_PORT },
      socket,
      ...(pgw.userPlaneLimit ? { ceilingPps: pgw.userPlaneLimit.perSecond } : {}),
      close,
    });
    return load;
  } catch (e) {
    await close();
    throw e;
  }
}
