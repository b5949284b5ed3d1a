import { isIP } from 'node:net';
import { addressBytes } from '../../protocol/common/ip-bytes.ts';

/**
 * The IPFilterRule of an SDF filter's Flow Description (TS 29.244 §8.2.5 → TS 29.212 §5.4.2 →
 * RFC 6733 §4.3.2): "permit out <proto> from <src> [ports] to <dst> [ports]". "out" describes the
 * downlink direction: `from` is the remote side and `to` the UE ("assigned" = the UE's address),
 * and an uplink packet matches with the two swapped (TS 29.212 §5.4.2). Addresses and protocol
 * are matched; port lists are read and not matched (the stand-in's rules never need them).
 */
export interface FlowRule {
  /** IP protocol number, or undefined for "ip" (any). */
  protocol?: number;
  remote: AddressSpec;
  ue: AddressSpec;
}

export type AddressSpec =
  | { kind: 'any' }
  | { kind: 'assigned' }
  | { kind: 'prefix'; bytes: Buffer; length: number; family: 4 | 6 };

function addressSpec(token: string): AddressSpec | undefined {
  if (token === 'any') return { kind: 'any' };
  if (token === 'assigned') return { kind: 'assigned' };
  const [a, l] = token.split('/');
  const family = isIP(a);
  if (family === 0) return undefined;
  const length = l === undefined ? (family === 4 ? 32 : 128) : Number(l);
  if (!Number.isInteger(length) || length < 0 || length > (family === 4 ? 32 : 128)) return undefined;
  return { kind: 'prefix', bytes: addressBytes(a), length, family: family as 4 | 6 };
}

/** Parses a Flow Description; undefined when it is not a "permit out" rule this reads. */
export function parseFlowDescription(text: string): FlowRule | undefined {
  const t = text.trim().split(/\s+/);
  if (t[0] !== 'permit' || t[1] !== 'out') return undefined;
  const protocol = t[2] === 'ip' ? undefined : Number(t[2]);
  if (protocol !== undefined && !(Number.isInteger(protocol) && protocol >= 0 && protocol <= 255)) return undefined;
  const from = t.indexOf('from');
  const to = t.indexOf('to');
  if (from !== 3 || to < 5) return undefined;
  const remote = addressSpec(t[4]);
  const ue = addressSpec(t[to + 1] ?? '');
  if (!remote || !ue) return undefined;
  return { protocol, remote, ue };
}

/** Whether the first `length` bits of `a` (at `offset`) and `prefix` agree. */
export function prefixMatch(a: Buffer, offset: number, prefix: Buffer, length: number): boolean {
  const whole = length >> 3;
  for (let i = 0; i < whole; i++) if (a[offset + i] !== prefix[i]) return false;
  const rest = length & 7;
  return rest === 0 || ((a[offset + whole] ^ prefix[whole]) & (0xff << (8 - rest)) & 0xff) === 0;
}
