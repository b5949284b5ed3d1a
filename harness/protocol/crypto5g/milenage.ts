import { aes128Block, aes128Blocks, xor } from './aes.ts';

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
  // The five E_K inputs (§4.1) depend on TEMP alone: built one after the other and encrypted in
  // one ECB pass (aes128Blocks), then each XOR-ed with OPc.
  //   OUT1 = E_K(TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1) ⊕ OPc, IN1 = SQN || AMF || SQN || AMF
  //   OUTi = E_K(rot(TEMP ⊕ OPc, ri) ⊕ ci) ⊕ OPc for i = 2..5
  const inputs = Buffer.allocUnsafe(80);
  const in1 = Buffer.concat([sqn, amf, sqn, amf]);
  for (let j = 0; j < 16; j++) {
    // r1 = 64: octet j of rot(x, 64) is octet (j + 8) mod 16 of x; c1 is zero.
    const at = (j + 8) & 15;
    inputs[j] = temp[j] ^ in1[at] ^ opcValue[at];
  }
  const rotations = [0, 4, 8, 12]; // r2..r5 = 0, 32, 64, 96 bits, in octets
  for (let i = 0; i < 4; i++) {
    const base = 16 * (i + 1);
    for (let j = 0; j < 16; j++) {
      const at = (j + rotations[i]) & 15;
      inputs[base + j] = temp[at] ^ opcValue[at] ^ C[i + 1][j];
    }
  }
  const outs = aes128Blocks(k, inputs);
  for (let j = 0; j < 80; j++) outs[j] ^= opcValue[j & 15];
  const out1 = outs.subarray(0, 16);
  const out2 = outs.subarray(16, 32);
  const out3 = outs.subarray(32, 48);
  const out4 = outs.subarray(48, 64);
  const out5 = outs.subarray(64, 80);
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
