import { randomBytes } from 'node:crypto';
import { Address4, Address6 } from 'ip-address';
import type { Bearer } from '../../harness/drivers/common/gtpu-endpoint.ts';
import type { PfcpOutcome } from '../../harness/drivers/common/pfcp-cp.ts';
import type { ApnPolicy, ElementEndpoint } from '../../harness/lab/index.ts';
import { causeName, findIe, findIes, type PfcpIe, type PfcpMessage } from '../../harness/protocol/pfcp/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

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

/** A random host address of the IPv4 pool. */
export function ipv4From(pool: string): string {
  const a = new Address4(pool);
  const start = a.startAddress().bigInt();
  const size = 1n << BigInt(32 - a.subnetMask);
  const offset = size > 2n ? 1n + (BigInt(randomBytes(4).readUInt32BE()) % (size - 2n)) : 0n;
  return Address4.fromBigInt(start + offset).correctForm();
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
