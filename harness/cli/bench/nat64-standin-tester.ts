import { Nat64Standin, type Nat64Fault } from '../../elements/nat64/index.ts';
import { synthesize } from '../../protocol/dns/rfc6052.ts';
import { ipv6Text } from '../../protocol/common/ipv6-text.ts';
import * as ip from '../../protocol/ip/index.ts';
import { pacedRequests } from '../../traffic/paced-requests.ts';
import { tupleAt, type PhaseResult, type StatefulNatTester } from '../../traffic/stateful-natxy.ts';

/**
 * The RFC 9693 Tester wrapped around the in-process NAT64 stand-in: the Initiator is one IPv6
 * host whose UDP frames to the Responder's Pref64 address take their ports from the RFC 9693
 * §4.2 ranges; the Responder is the IPv4 network behind the stand-in, learning each translated
 * 4-tuple (the NAT64's address and port) and, in phase 2, answering to it. Each frame carries the
 * index of its 4-tuple, so the Initiator knows which source port an answer must come back to.
 */
export const INITIATOR = '2001:db8:6400::1';
export const RESPONDER = '198.51.100.10';
const SRC_PORTS = { first: 1024, last: 65535 };
/**
 * One destination port: the stand-in maps endpoint-independently (RFC 6146 §3.5.1), one binding
 * per (address, source port) whatever the destination, so here a connection is a source port.
 */
const DST_PORTS = { first: 7, last: 7 };

interface Learned {
  natAddress: string;
  natPort: number;
  dstPort: number;
  k: number;
}

export class Nat64StandinTester implements StatefulNatTester {
  readonly nat: Nat64Standin;
  private learned: Learned[] = [];
  private readonly target: string;
  /** Phase 1's tuples start here; each phase takes fresh ones, so leftovers of a step never answer for the next. */
  private base = 0;
  private readonly payload = Buffer.alloc(4);

  constructor(prefix = '2001:db8:64::/96', faults: ReadonlySet<Nat64Fault> = new Set()) {
    this.target = ipv6Text(synthesize(prefix, RESPONDER));
    this.nat = new Nat64Standin(prefix, '203.0.113.64', (packet) => this.respond(packet), new Set(faults));
  }

  /** The IPv4 side: whatever arrives is a translated phase-1 frame; keep its 4-tuple. */
  private respond(raw: Buffer): undefined {
    const p = ip.decodeIpv4Packet(raw);
    if (p.payload.type === 'udp' && p.dst === RESPONDER && p.payload.data.length === 4)
      this.learned.push({
        natAddress: p.src,
        natPort: p.payload.srcPort,
        dstPort: p.payload.dstPort,
        k: p.payload.data.readUInt32BE(0),
      });
    return undefined;
  }

  async establish(connections: number, ratePps: number, signal?: AbortSignal): Promise<PhaseResult> {
    this.learned = [];
    const base = this.base;
    this.base += connections;
    let k = 0;
    const out = await pacedRequests({
      ratePps,
      durationMs: (connections * 1000) / ratePps,
      timeoutMs: 0,
      maxPerStep: Math.max(1, Math.ceil(ratePps / 100)),
      outstanding: () => 0,
      ...(signal ? { signal } : {}),
      send: () => {
        const { srcPort, dstPort } = tupleAt(base + k, SRC_PORTS, DST_PORTS);
        this.payload.writeUInt32BE(base + k, 0);
        k++;
        this.nat.deliver(ip.ipv6Packet(INITIATOR, this.target, ip.udpDatagram(srcPort, dstPort, this.payload)));
      },
    });
    return { sent: out.offered, received: this.learned.length, offeredPps: out.offeredPps };
  }

  async validate(ratePps: number, signal?: AbortSignal): Promise<PhaseResult> {
    let i = 0;
    let received = 0;
    const payload = Buffer.alloc(4);
    const todo = this.learned;
    if (todo.length === 0) return { sent: 0, received: 0 };
    const out = await pacedRequests({
      ratePps,
      durationMs: (todo.length * 1000) / ratePps,
      timeoutMs: 0,
      maxPerStep: Math.max(1, Math.ceil(ratePps / 100)),
      outstanding: () => 0,
      ...(signal ? { signal } : {}),
      send: () => {
        const l = todo[i++];
        payload.writeUInt32BE(l.k, 0);
        const raw = ip.encodeIpPacket(
          ip.ipv4Packet(RESPONDER, l.natAddress, ip.udpDatagram(l.dstPort, l.natPort, payload)),
        );
        const back = this.nat.fromIpv4(raw);
        // It counts only where it must arrive: the Initiator, at the source port of that 4-tuple.
        const want = tupleAt(l.k, SRC_PORTS, DST_PORTS);
        if (back?.dst === INITIATOR && back.payload.type === 'udp' && back.payload.dstPort === want.srcPort) received++;
      },
    });
    return { sent: out.offered, received, offeredPps: out.offeredPps };
  }

  async clear(): Promise<void> {
    this.nat.clear();
  }
}
