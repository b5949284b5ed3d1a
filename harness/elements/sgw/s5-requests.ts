import { encode, type Gtpv2cMessage } from '../../protocol/gtpv2c/index.ts';
import type { UdpServer } from '../common/udp-server.ts';

/**
 * The SGW's requests toward PGWs on S5/S8 (TS 29.274 §7.6): a sequence number per request, the
 * same octets retransmitted after T3-RESPONSE up to N3-REQUESTS times, the response matched by
 * sequence number. Unanswered requests resolve to undefined so the SGW can tell the MME
 * "Remote peer not responding" (cause 100, Table 8.4-1).
 */
export interface Timers {
  t3ResponseMs: number;
  n3Requests: number;
}

interface Pending {
  resolve: (m: Gtpv2cMessage | undefined) => void;
  timer?: NodeJS.Timeout;
}

export class S5Requests {
  private nextSequence = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    /** The S5/S8 socket to reach a PGW at this address from (one per address family). */
    private readonly socketFor: (pgwAddress: string) => UdpServer,
    private readonly timers: Timers,
  ) {}

  request(
    msg: Omit<Gtpv2cMessage, 'sequence'>,
    to: { address: string; port: number },
  ): Promise<Gtpv2cMessage | undefined> {
    const sequence = this.nextSequence;
    this.nextSequence = this.nextSequence >= 0xffffff ? 1 : this.nextSequence + 1;
    const bytes = encode({ ...msg, sequence } as Gtpv2cMessage);
    return new Promise((resolve) => {
      const pending: Pending = { resolve };
      let attempts = 0;
      const attempt = () => {
        if (attempts++ > this.timers.n3Requests) {
          this.pending.delete(sequence);
          resolve(undefined);
          return;
        }
        this.socketFor(to.address).send(bytes, to);
        pending.timer = setTimeout(attempt, this.timers.t3ResponseMs);
      };
      this.pending.set(sequence, pending);
      attempt();
    });
  }

  /** A response from a PGW: settles the request with the same sequence number, if any. */
  response(m: Gtpv2cMessage): void {
    const p = this.pending.get(m.sequence);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(m.sequence);
    p.resolve(m);
  }

  /** Stops every retransmission; outstanding requests resolve as unanswered. */
  clear(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve(undefined);
    }
    this.pending.clear();
  }
}
