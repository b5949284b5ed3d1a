import { randomBytes } from 'node:crypto';
import { Address4, Address6 } from 'ip-address';
import { type Bearer, GtpuEndpoint } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { GTPU_PORT } from '../../harness/protocol/gtpu/index.ts';
import type { PfcpOutcome } from '../../harness/drivers/common/pfcp-cp.ts';
import { answerRouterSolicitations, PDR, SmfN4Driver } from '../../harness/drivers/smf-n4/index.ts';
import type { ApnPolicy, ElementEndpoint } from '../../harness/lab/index.ts';
import { causeName, findIe, findIes, type PfcpIe, type PfcpMessage } from '../../harness/protocol/pfcp/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { fixture, type Fixture } from '../../harness/runner/fixture.ts';
import type { Endpoint } from '../../harness/net/transactions/udp-peer.ts';

/**
 * What the N4 scenarios (the harness as SMF and gNB, a UPF under test) share: the DNN the target
 * declares for the UPF (skipped, naming the key, where it declares none), the Cause of an outcome
 * as "value name", a /64 and an IPv4 address from the DNN's pools as the SMF allocates them
 * (TS 23.501 §5.8.2.2), and a bearer that several UE hosts share and that records the QFI of
 * every downlink G-PDU (TS 38.415 §5.5.2).
 */
export function dnnOf(ctx: ScenarioContext, upf: ElementEndpoint, dnn: string): ApnPolicy {
  const policy = upf.dnns?.[dnn];
  if (!policy)
    ctx.skip(
      `the target declares no DNN "${dnn}" for the UPF "${upf.name}" (add elements.${upf.name}.dnns.${dnn} with its PDU session types and pools)`,
    );
  return policy;
}

export function causeOf(o: PfcpOutcome): string {
  if (o.kind !== 'response') return 'no response';
  const c = findIe(o.message, 'cause')?.value;
  return c === undefined ? 'no Cause IE' : `${c} ${causeName(c)}`;
}

export function accepted(): string {
  return `1 ${causeName(1)}`;
}

export function messageOf(o: PfcpOutcome): PfcpMessage | undefined {
  return o.kind === 'response' ? o.message : undefined;
}

/** A random /64 of the pool (prefix::), as the SMF allocates one per PDU session. */
export function prefixFrom(pool: string): string {
  const b = Buffer.from(new Address6(pool).startAddress().toByteArray().slice(-16).map(Number));
  const len = Number(pool.split('/')[1]);
  const r = randomBytes(8);
  for (let bit = len; bit < 64; bit++) {
    const i = bit >> 3;
    const m = 0x80 >> (bit & 7);
    b[i] = (b[i] & ~m) | (r[i] & m);
  }
  return Address6.fromByteArray([...b.subarray(0, 8), 0, 0, 0, 0, 0, 0, 0, 0]).correctForm();
}

/** A random host address of the IPv4 pool, none of `taken` (the other sessions of the same scenario). */
export function ipv4From(pool: string, taken: ReadonlySet<string> = new Set()): string {
  const a = new Address4(pool);
  const start = a.startAddress().bigInt();
  const size = 1n << BigInt(32 - a.subnetMask);
  for (;;) {
    const offset = size > 2n ? 1n + (BigInt(randomBytes(4).readUInt32BE()) % (size - 2n)) : 0n;
    const address = Address4.fromBigInt(start + offset).correctForm();
    if (!taken.has(address) || taken.size >= Number(size)) return address;
  }
}

/** A random interface identifier as ::a:b:c:d. */
export function randomInterfaceId(): string {
  return `::${randomBytes(8)
    .toString('hex')
    .replace(/(.{4})(?=.)/g, '$1:')}`;
}

/** The F-TEIDs the UPF chose, by the PDR ID of the Created PDR that carries them. */
export function createdFteids(res: PfcpMessage | undefined): Map<number, { teid: number; address: string }> {
  const out = new Map<number, { teid: number; address: string }>();
  for (const c of res ? findIes(res, 'created-pdr') : []) {
    const id = findIe(c, 'pdr-id')?.ruleId;
    const f = findIe(c, 'f-teid');
    const address = f?.ipv6 ?? f?.ipv4;
    if (id !== undefined && f?.teid !== undefined && address) out.set(id, { teid: f.teid, address });
  }
  return out;
}

/** The UE IP Address the UPF chose (CHV6/CHV4), from any Created PDR. */
export function createdUeIp(res: PfcpMessage | undefined): Extract<PfcpIe, { ie: 'ue-ip-address' }> | undefined {
  for (const c of res ? findIes(res, 'created-pdr') : []) {
    const u = findIe(c, 'ue-ip-address');
    if (u) return u;
  }
  return undefined;
}

/** A bearer several hosts listen on (an IPv4v6 PDU session), recording the QFIs it received. */
export interface SharedBearer extends Bearer {
  readonly qfis: Set<number>;
}

export function sharedBearer(b: Bearer): SharedBearer {
  const listeners: ((p: Buffer, qfi: number) => void)[] = [];
  const qfis = new Set<number>();
  b.onPacket((p, qfi) => {
    qfis.add(qfi);
    for (const l of listeners) l(p, qfi);
  });
  return { send: (p) => b.send(p), onPacket: (l) => void listeners.push(l), qfis };
}

/** One PDU session set up over N4 with the UE on N3 (the harness as SMF and gNB), for scenarios that need several. */
export interface N4PduSession {
  upSeid: bigint;
  bearer: SharedBearer;
  prefix: string;
  ipv4: string;
}

/**
 * Establishes an IPv4v6 PDU session with SMF-allocated addresses and moves its downlink to the
 * gNB F-TEID; each step is an `expect` naming the UPF. The UE is not yet configured (no RA).
 */
export async function openN4Session(
  ctx: ScenarioContext,
  smf: SmfN4Driver,
  gtp: GtpuEndpoint,
  upf: ElementEndpoint,
  dnn: ApnPolicy,
  qfi: number,
  others: readonly N4PduSession[] = [],
): Promise<N4PduSession> {
  const local = smf.address;
  const prefix = prefixFrom(dnn.ipv6Pool);
  const ipv4 = ipv4From(dnn.ipv4Pool, new Set(others.map((o) => o.ipv4)));
  const cpTunnel = { teid: 0x0c000000 | randomBytes(2).readUInt16BE(), address: local };
  const est = await smf.establish(
    {
      dnn: 'internet',
      pduSessionType: 'ipv4v6',
      ueIpv6: prefix,
      ueIpv4: ipv4,
      qfi,
      n3Family: upf.family === 6 ? 'ipv6' : 'ipv4',
      cpTunnel,
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
  const upSeid = res ? findIe(res, 'f-seid')?.seid : undefined;
  const f = createdFteids(res);
  const n3 = f.get(PDR.UPLINK);
  const fromCp = f.get(PDR.FROM_CP);
  ctx.expect('Created PDRs carry the N3 and N4-u F-TEIDs the UPF chose, and the F-SEID', {
    expected: 'F-SEID, N3 F-TEID, N4-u F-TEID',
    observed: [upSeid !== undefined ? 'F-SEID' : '', n3 ? 'N3 F-TEID' : '', fromCp ? 'N4-u F-TEID' : '']
      .filter(Boolean)
      .join(', '),
    ok: upSeid !== undefined && n3 !== undefined && fromCp !== undefined,
    clause: 'TS 29.244 §7.5.3.1, §7.5.3.2, §5.5.3',
    element: 'upf',
  });
  const gnb = { teid: 0x0e000000 | randomBytes(2).readUInt16BE(), address: local };
  ctx.expect('Session Modification (downlink FAR to the gNB F-TEID) accepted', {
    expected: accepted(),
    observed: causeOf(await smf.modifyDownlink(upSeid!, gnb, ctx.signal)),
    clause: 'TS 29.244 §7.5.5',
    element: 'upf',
  });
  const port = upf.userPlanePort ?? 2152;
  answerRouterSolicitations(gtp.bearer(cpTunnel.teid, fromCp!.teid, { address: fromCp!.address, port }), {
    prefix,
    mtu: dnn.mtu,
    dns: dnn.dnsIpv6,
  });
  const bearer = sharedBearer(gtp.bearer(gnb.teid, n3!.teid, { address: n3!.address, port }, { qfi }));
  return { upSeid: upSeid!, bearer, prefix, ipv4 };
}

/**
 * The harness's GTP-U endpoint, playing the gNB on N3 and the SMF on N4-u: on 2152 toward a real or
 * external UPF, which sends G-PDUs there (TS 29.281 §4.4.2.3: an F-TEID names an address, not a
 * port); on any port toward a stand-in, which answers to the port we send from. Where 2152 is
 * taken on this host, another port, and the scenario says what that costs.
 */
async function openUserPlane(ctx: ScenarioContext, upf: ElementEndpoint, address: string): Promise<GtpuEndpoint> {
  if (upf.kind !== 'standin') {
    const gtp = new GtpuEndpoint(ctx.recorder, upf.userPlaneLimit);
    try {
      await gtp.open(address, GTPU_PORT);
      return gtp;
    } catch (e) {
      await gtp.close().catch(() => undefined);
      ctx.log(
        `${(e as Error).message}: N3 and N4-u are on another port, G-PDUs the UPF sends to ${GTPU_PORT} cannot reach them`,
      );
    }
  }
  const gtp = new GtpuEndpoint(ctx.recorder, upf.userPlaneLimit);
  await gtp.open(address, 0);
  return gtp;
}

/**
 * The harness as SMF on N4 toward the `upf` element, and one GTP-U endpoint on the same address
 * that plays the gNB on N3 and the SMF on N4-u (different TEIDs): opened before the scenario runs,
 * closed by the runner after it (runner/fixture.ts).
 */
export const smfWithUserPlane = (): Fixture<{ smf: SmfN4Driver; gtp: GtpuEndpoint; local: Endpoint }> =>
  fixture({
    title: 'SMF on N4 with its N3/N4-u end',
    element: 'upf',
    async open(ctx) {
      const upf = ctx.element('upf');
      const smf = new SmfN4Driver({ upf, recorder: ctx.recorder });
      const local = await smf.open();
      try {
        return { smf, gtp: await openUserPlane(ctx, upf, local.address), local };
      } catch (e) {
        await smf.close();
        throw e;
      }
    },
    close: ({ smf, gtp }) => Promise.all([smf.close(), gtp.close()]).then(() => undefined),
  });
