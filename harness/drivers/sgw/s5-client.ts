import { findIe, type Gtpv2cMessage } from '../../protocol/gtpv2c/index.ts';
import type { PacketRecorder } from '../../protocol/pcap/index.ts';
import { Gtpv2cTransactions, DEFAULT_TIMERS, type Outcome, type ReliabilityTimers } from '../common/gtpv2c-transactions.ts';
import type { Endpoint } from '../common/udp-peer.ts';

/**
 * The SGW side of S5/S8 (TS 29.274), driving a PGW. Path management first: Echo Request with the
 * SGW's own Recovery IE (§7.1.1), so the PGW learns the SGW's restart counter.
 */
export interface SgwDriverOptions {
  pgw: Endpoint;
  pgwName?: string;
  recorder: PacketRecorder;
  restartCounter?: number;
  timers?: ReliabilityTimers;
}

export class SgwS5Driver {
  private readonly tx: Gtpv2cTransactions;
  readonly restartCounter: number;

  constructor(opts: SgwDriverOptions) {
    this.tx = new Gtpv2cTransactions(opts.pgw, opts.recorder, opts.pgwName ?? 'pgw', opts.timers ?? DEFAULT_TIMERS);
    this.restartCounter = opts.restartCounter ?? 1;
  }

  open(): Promise<Endpoint> {
    return this.tx.open();
  }

  close(): Promise<void> {
    return this.tx.close();
  }

  /** TS 29.274 §7.1.1 Echo Request: no TEID (T=0), Recovery IE mandatory. */
  echo(signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request({ type: 'echo-request', ies: [{ ie: 'recovery', instance: 0, restartCounter: this.restartCounter }] }, signal);
  }
}

/** The restart counter a peer reported in a message's Recovery IE (TS 29.274 §8.5). */
export function recoveryOf(m: Gtpv2cMessage): number | undefined {
  return findIe(m, 'recovery')?.restartCounter;
}
