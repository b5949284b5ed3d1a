import { DecodeError } from '../../common/decode-error.ts';
import {
  type CipheringAlgorithm,
  type IntegrityAlgorithm,
  type NasSecurityContext,
  nasKeys,
  verifyParts,
} from '../../crypto5g/index.ts';
import type { SecurityProtected } from '../common/security-protected.ts';
import { decode, encode, type NasMessage } from '../message.ts';
import { protect5gs } from './security.ts';

/**
 * A 5G NAS security context in use (TS 33.501 §6.7, TS 24.501 §4.4) on one side of N1: KNASint
 * and KNASenc of the selected 5G-IA and 5G-EA (derived from KAMF, A.8; kept as one 32-character
 * one-byte string, see `keys`), and the NAS COUNTs: the one this side sends with next, and the one it expects next
 * (§4.4.3.1: overflow counter and 8-bit sequence number). The UE sends uplink (DIRECTION 0) and
 * receives downlink; the AMF the other way round. Pure computation: no I/O, no clock.
 */
export class NasSecurity5g {
  /** NAS COUNT of the next message this side sends. */
  sendCount = 0;
  /** NAS COUNT this side expects next from its peer. */
  receiveCount = 0;
  /**
   * KNASint then KNASenc, one character per octet (latin1). A context lives as long as its UE (tens
   * of thousands held at once): a string of 32 one-byte characters takes ~48 octets of heap, a
   * Buffer of its own ~350 (Buffer, ArrayBuffer and backing store), and a slice of Node's shared
   * 8 KiB pool keeps the whole slab alive. Each message gets the keys back as a transient Buffer.
   */
  private readonly keys: string;

  constructor(
    kamf: Uint8Array,
    readonly integrity: IntegrityAlgorithm,
    readonly ciphering: CipheringAlgorithm,
    readonly side: 'ue' | 'network',
  ) {
    const k = nasKeys(kamf, integrity, ciphering);
    this.keys = Buffer.concat([k.kNasInt, k.kNasEnc]).toString('latin1');
  }

  private context(direction: 0 | 1): NasSecurityContext {
    const keys = Buffer.from(this.keys, 'latin1');
    return {
      kNasInt: keys.subarray(0, 16),
      kNasEnc: keys.subarray(16, 32),
      integrity: this.integrity,
      ciphering: this.ciphering,
      direction,
    };
  }

  /** The message protected with the next send COUNT (header type 2, integrity and ciphering, by default). */
  protect(m: NasMessage, securityHeaderType: 1 | 2 | 3 | 4 = 2): Buffer {
    return encode(protect5gs(m, securityHeaderType, this.sendCount++, this.context(this.side === 'ue' ? 0 : 1)));
  }

  /**
   * Checks and deciphers a received message with the estimated COUNT (§4.4.3.1: the overflow
   * counter goes up when the sequence number wrapped); a valid MAC moves the receive COUNT on.
   * An inner message that does not decode is reported with the MAC verdict.
   */
  open(p: SecurityProtected): { message?: NasMessage; macValid: boolean; count: number; error?: string } {
    const estimate = p.sequenceNumber < (this.receiveCount & 0xff) ? this.receiveCount + 0x100 : this.receiveCount;
    const v = verifyParts(p, estimate, this.context(this.side === 'ue' ? 1 : 0));
    if (v.macValid) this.receiveCount = v.count + 1;
    try {
      return { message: decode(v.plain), macValid: v.macValid, count: v.count };
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return { macValid: v.macValid, count: v.count, error: e.message };
    }
  }
}
