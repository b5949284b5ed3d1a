import { aes128Block, xor } from './aes.ts';

/**
 * MILENAGE (TS 35.206 §4.1) with the standard constants r1..r5 = 64, 0, 32, 64, 96 and
 * c1..c5 = 0, 1, 2, 4, 8: f1 (MAC-A), f1* (MAC-S), f2 (RES), f3 (CK), f4 (IK), f5 (AK) and f5*
 * (AK for resynchronisation). Checked against the TS 35.207/35.208 test sets.
 */
export interface MilenageOutput {
  /** f1, network authentication code (8 octets). */
  macA: Buffer;
  /** f1*, resynchronisation authentication code (8 octets). */
  macS: Buffer;
  /** f2 (8 octets). */
  res: Buffer;
  /** f3 (16 octets). */
  ck: Buffer;
  /** f4 (16 octets). */
  ik: Buffer;
  /** f5 (6 octets). */
  ak: Buffer;
  /** f5* (6 octets). */
  akStar: Buffer;
}

/** OPc = OP ⊕ E_K(OP) (TS 35.206 §4.1). */
export function opc(k: Uint8Array, op: Uint8Array): Buffer {
  return xor(aes128Block(k, op), op);
}

/** rot(x, r): cyclic left rotation by r bits (r a multiple of 8 here). */
function rot(x: Buffer, r: number): Buffer {
  const n = r / 8;
  return Buffer.concat([x.subarray(n), x.subarray(0, n)]);
}

function constant(last: number): Buffer {
  const c = Buffer.alloc(16);
  c[15] = last;
  return c;
}
const C = [constant(0), constant(1), constant(2), constant(4), constant(8)];

export function milenage(
  k: Uint8Array,
  opcValue: Uint8Array,
  rand: Uint8Array,
  sqn: Uint8Array,
  amf: Uint8Array,
): MilenageOutput {
  check(k, 16, 'K');
  check(opcValue, 16, 'OPc');
  check(rand, 16, 'RAND');
  check(sqn, 6, 'SQN');
  check(amf, 2, 'AMF');
  const temp = aes128Block(k, xor(rand, opcValue));
  const in1 = Buffer.concat([sqn, amf, sqn, amf]);
  const out = (x: Buffer, r: number, c: Buffer) => xor(aes128Block(k, xor(rot(x, r), c)), opcValue);
  // OUT1 = E_K(TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1) ⊕ OPc
  const out1 = xor(aes128Block(k, xor(temp, xor(rot(xor(in1, opcValue), 64), C[0]))), opcValue);
  const t = xor(temp, opcValue);
  const out2 = out(t, 0, C[1]);
  const out3 = out(t, 32, C[2]);
  const out4 = out(t, 64, C[3]);
  const out5 = out(t, 96, C[4]);
  return {
    macA: out1.subarray(0, 8),
    macS: out1.subarray(8, 16),
    res: out2.subarray(8, 16),
    ck: out3,
    ik: out4,
    ak: out2.subarray(0, 6),
    akStar: out5.subarray(0, 6),
  };
}

function check(b: Uint8Array, n: number, what: string): void {
  if (b.length !== n) throw new RangeError(`Milenage: ${what} must be ${n} octets, got ${b.length}`);
}
