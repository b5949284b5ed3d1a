import { randomInt } from 'node:crypto';
import { sourceAddressFor } from '../../harness/drivers/common/source-address.ts';
import { RawIpv6Listener, sendRawIpv6, type RawArrival } from '../../harness/drivers/ipv6-host/index.ts';
import {
  encodeIpPacket,
  type ExtensionHeader,
  type Ipv6Packet,
  type Ipv6Payload,
} from '../../harness/protocol/ip/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * The probe of the core-conformance scenarios (IPv6 Ready Logo Phase-2 core, in spirit): sends
 * hand-built IPv6 packets to the node under test (target element `ipv6-node`, any address) from
 * the harness host and collects the ICMPv6 that comes back.
 */
export interface Probe {
  node: string;
  src: string;
  identifier: number;
  packet(
    payload: Ipv6Payload,
    opts?: { hopLimit?: number; dst?: string; extensionHeaders?: ExtensionHeader[] },
  ): Ipv6Packet;
  send(packets: Buffer[], dst?: string): Promise<void>;
  /** ICMPv6 from the node (or `from`) of `type`, waiting up to `ms` for at least `atLeast`. */
  collect(
    type: number,
    ms: number,
    opts?: { atLeast?: number; from?: string; test?: (a: RawArrival) => boolean },
  ): Promise<RawArrival[]>;
  close(): void;
}

export async function openProbe(ctx: ScenarioContext): Promise<Probe> {
  const node = ipv6Text(ctx.element('ipv6-node').address);
  const src = await sourceAddressFor(node);
  const listener = new RawIpv6Listener('icmpv6');
  const identifier = randomInt(1, 0x10000);
  return {
    node,
    src,
    identifier,
    packet: (payload, opts = {}) => ({
      version: 6,
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: opts.hopLimit ?? 64,
      src,
      dst: opts.dst ?? node,
      extensionHeaders: opts.extensionHeaders ?? [],
      payload,
    }),
    send: (packets, dst = node) => sendRawIpv6(packets, dst, ctx.recorder),
    async collect(type, ms, opts = {}) {
      const from = ipv6Text(opts.from ?? node);
      const pick = () =>
        listener.matching((a) => a.message[0] === type && ipv6Text(a.from) === from && (opts.test?.(a) ?? true));
      const until = performance.now() + ms;
      while (performance.now() < until && pick().length < (opts.atLeast ?? 1))
        await new Promise((r) => setTimeout(r, 20));
      return pick();
    },
    close: () => listener.close(),
  };
}

/** An ICMPv6 Echo Request as raw bytes (RFC 4443 §4.1), checksum filled in by our encoder. */
export function echoBytes(
  probe: Probe,
  sequence: number,
  data: Buffer,
  opts: { hopLimit?: number; dst?: string } = {},
): Buffer {
  return encodeIpPacket(
    probe.packet(
      { type: 'icmpv6', message: { type: 'echo-request', identifier: probe.identifier, sequence, data } },
      opts,
    ),
  );
}

/** Echo Replies (type 129) to this probe with `sequence`, and whether their data equal `data`. */
export const isReplyTo = (probe: Probe, sequence: number) => (a: RawArrival) =>
  a.message.length >= 8 && a.message.readUInt16BE(4) === probe.identifier && a.message.readUInt16BE(6) === sequence;

export const pattern = (n: number) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
};
