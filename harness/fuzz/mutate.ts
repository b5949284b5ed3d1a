/**
 * Seeded (reproducible) mutations of valid encodings: bit flips, octet overwrites, truncations,
 * extensions, length-field corruption and random garbage. Used by the decoder fuzz tests and by
 * `v6harness fuzz`, which aims them at running stand-ins.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mutate(src: Buffer, rnd: () => number): Buffer {
  const pick = (n: number) => Math.floor(rnd() * n);
  const b = Buffer.from(src);
  switch (pick(6)) {
    case 0: {
      for (let i = 0, n = 1 + pick(4); i < n && b.length; i++) b[pick(b.length)] ^= 1 << pick(8);
      return b;
    }
    case 1: {
      for (let i = 0, n = 1 + pick(4); i < n && b.length; i++) b[pick(b.length)] = pick(256);
      return b;
    }
    case 2:
      return b.subarray(0, pick(b.length + 1));
    case 3:
      return Buffer.concat([b, Buffer.from(Array.from({ length: 1 + pick(32) }, () => pick(256)))]);
    case 4: {
      // Corrupt what is likely a length field: a 16-bit word set to a small, large or off-by-one value.
      if (b.length < 2) return b;
      const at = pick(b.length - 1);
      const v = [0, 1, 0xffff, b.readUInt16BE(at) + 1, b.readUInt16BE(at) - 1, pick(0x10000)][pick(6)] & 0xffff;
      b.writeUInt16BE(v, at);
      return b;
    }
    default:
      return Buffer.from(Array.from({ length: pick(64) }, () => pick(256)));
  }
}
