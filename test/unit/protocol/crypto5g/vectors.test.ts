import test from 'ava';
import { createHmac } from 'node:crypto';
import {
  aesCmac,
  conceal,
  deconceal,
  homeNetworkPublicKey,
  homeVector,
  kamf,
  kdf,
  kgnb,
  milenage,
  nasKeys,
  nea2,
  nia2,
  opc,
  protectNas,
  servingNetworkName,
  ueAuthenticate,
  unprotectNas,
} from '../../../../harness/protocol/crypto5g/index.ts';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const hex = (b: Buffer) => b.toString('hex');

/** TS 35.207 §4 / TS 35.208 §4: MILENAGE test sets 1 and 2 (K, RAND, SQN, AMF, OP → OPc, f1..f5*). */
const MILENAGE_SETS = [
  {
    set: 1,
    k: '465b5ce8b199b49faa5f0a2ee238a6bc',
    rand: '23553cbe9637a89d218ae64dae47bf35',
    sqn: 'ff9bb4d0b607',
    amf: 'b9b9',
    op: 'cdc202d5123e20f62b6d676ac72cb318',
    opc: 'cd63cb71954a9f4e48a5994e37a02baf',
    f1: '4a9ffac354dfafb3',
    f1s: '01cfaf9ec4e871e9',
    f2: 'a54211d5e3ba50bf',
    f5: 'aa689c648370',
    f3: 'b40ba9a3c58b2a05bbf0d987b21bf8cb',
    f4: 'f769bcd751044604127672711c6d3441',
    f5s: '451e8beca43b',
  },
  {
    set: 2,
    k: '0396eb317b6d1c36f19c1c84cd6ffd16',
    rand: 'c00d603103dcee52c4478119494202e8',
    sqn: 'fd8eef40df7d',
    amf: 'af17',
    op: 'ff53bade17df5d4e793073ce9d7579fa',
    opc: '53c15671c60a4b731c55b4a441c0bde2',
    f1: '5df5b31807e258b0',
    f1s: 'a8c016e51ef4a343',
    f2: 'd3a628ed988620f0',
    f5: 'c47783995f72',
    f3: '58c433ff7a7082acd424220f2b67c556',
    f4: '21a8c1f929702adb3e738488b9f5c5da',
    f5s: '30f1197061c1',
  },
];

test('MILENAGE f1, f1*, f2, f3, f4, f5, f5* and OPc: TS 35.208 test sets 1 and 2', (t) => {
  for (const v of MILENAGE_SETS) {
    const o = opc(h(v.k), h(v.op));
    t.is(hex(o), v.opc, `set ${v.set} OPc`);
    const m = milenage(h(v.k), o, h(v.rand), h(v.sqn), h(v.amf));
    t.deepEqual(
      [m.macA, m.macS, m.res, m.ck, m.ik, m.ak, m.akStar].map(hex),
      [v.f1, v.f1s, v.f2, v.f3, v.f4, v.f5, v.f5s],
      `set ${v.set}`,
    );
  }
});

/** RFC 4493 §4 AES-CMAC examples (key 2b7e1516...). */
test('AES-CMAC: RFC 4493 examples 1-4 (0, 16, 40, 64 octets)', (t) => {
  const key = h('2b7e151628aed2a6abf7158809cf4f3c');
  const m = h(
    '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710',
  );
  t.is(hex(aesCmac(key, m.subarray(0, 0))), 'bb1d6929e95937287fa37d129b756746');
  t.is(hex(aesCmac(key, m.subarray(0, 16))), '070a16b46b4d4144f79bdd9dd04a287c');
  t.is(hex(aesCmac(key, m.subarray(0, 40))), 'dfa66747de9ae63030ca32611497c827');
  t.is(hex(aesCmac(key, m)), '51f0bebf7e3b9d92fc49741779363cfe');
});

/** TS 33.401 Annex C.1 (128-EEA2 test sets 1, 2), reused for 128-NEA2 by TS 33.501 D.4.4. */
test('128-NEA2: TS 33.401 C.1 test sets 1 (253 bits) and 2 (798 bits)', (t) => {
  const s1 = { key: h('d3c5d592327fb11c4035c6680af8c6d1'), count: 0x398a59b4, bearer: 0x15, direction: 1 as const };
  t.is(
    hex(nea2(s1, h('981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc66b1f0'), 253)),
    'e9fed8a63d155304d71df20bf3e82214b20ed7dad2f233dc3c22d7bdeeed8e78',
  );
  const s2 = { key: h('2bd6459f82c440e0952c49104805ff48'), count: 0xc675a64b, bearer: 0x0c, direction: 1 as const };
  const pt2 = h(
    '7ec61272743bf1614726446a6c38ced166f6ca76eb5430044286346cef130f92922b03450d3a9975e5bd2ea0eb55ad8e1b199e3ec4316020e9a1b285e762795359b7bdfd39bef4b2484583d5afe082aee638bf5fd5a606193901a08f4ab41aab9b134880',
  );
  const ct2 =
    '5961605353c64bdca15b195e288553a910632506d6200aa790c4c806c99904cf2445cc50bb1cf168a49673734e081b57e324ce5259c0e78d4cd97b870976503c0943f2cb5ae8f052c7b7d392239587b8956086bcab18836042e2e6ce42432a17105c53d0';
  t.is(hex(nea2(s2, pt2, 798)), ct2);
  // Deciphering is the same operation.
  t.is(hex(nea2(s2, h(ct2), 798)), hex(pt2));
});

/** TS 33.401 Annex C.2 (128-EIA2 test sets 1, 2, 3, 5), reused for 128-NIA2 by TS 33.501 D.4.5. */
test('128-NIA2: TS 33.401 C.2 test sets 1 (58 bits), 2 (64), 3 (254), 5 (768)', (t) => {
  const mac = (key: string, count: number, bearer: number, direction: 0 | 1, msg: string, bits: number) =>
    hex(nia2({ key: h(key), count, bearer, direction }, h(msg), bits));
  t.is(mac('2bd6459f82c5b300952c49104881ff48', 0x38a6f056, 0x18, 0, '3332346263393840', 58), '118c6eb8');
  t.is(mac('d3c5d592327fb11c4035c6680af8c6d1', 0x398a59b4, 0x1a, 1, '484583d5afe082ae', 64), 'b93787e6');
  t.is(
    mac(
      '7e5e94431e11d73828d739cc6ced4573',
      0x36af6144,
      0x18,
      1,
      'b3d3c9170a4e1632f60f861013d22d84b726b6a278d802d1eeaf1321ba5929dc',
      254,
    ),
    '1f60b01d',
  );
  t.is(
    mac(
      '83fd23a244a74cf358da3019f1722635',
      0x36af6144,
      0x0f,
      1,
      '35c68716633c66fb750c266865d53c11ea05b1e9fa49c8398d48e1efa5909d3947902837f5ae96d5a05bc8d61ca8dbef1b13a4b4abfe4fb1006045b674bb54729304c382be53a5af05556176f6eaa2ef1d05e4b083181ee674cda5a485f74d7a',
      768,
    ),
    'e657e182',
  );
});

/** TS 33.501 Annex C.4.3.1 / C.4.4.1: ECIES profiles A and B for the IMSI-based SUPI 274012 001002086. */
test('SUCI: ECIES profile A and B scheme outputs equal TS 33.501 C.4.3.1 and C.4.4.1; the SIDF recovers the MSIN', (t) => {
  const input = h('00012080f6');
  const hnPrivA = h('c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d');
  const hnPubA = h('5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650');
  t.is(hex(homeNetworkPublicKey('A', hnPrivA)), hex(hnPubA));
  const outA = conceal('A', hnPubA, input, h('c80949f13ebe61af4ebdbd293ea4f942696b9e815d7e8f0096bbf6ed7de62256'));
  t.is(hex(outA), 'b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87');
  t.is(hex(deconceal('A', hnPrivA, outA)!), hex(input));

  const hnPrivB = h('f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda');
  const hnPubB = h('0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1');
  t.is(hex(homeNetworkPublicKey('B', hnPrivB)), hex(hnPubB));
  const outB = conceal('B', hnPubB, input, h('99798858a1dc6a2c68637149a4b1dbfd1fdff5addd62a2142f06699ed7602529'));
  t.is(hex(outB), '039aab8376597021e855679a9778ea0b67396e68c66df32c0f41e9acca2da9b9d146a33fc2716ac7dae96aa30a4d');
  t.is(hex(deconceal('B', hnPrivB, outB)!), hex(input));
  // A fresh ephemeral key each time; a flipped bit fails the MAC tag.
  const fresh = conceal('A', hnPubA, input);
  t.not(hex(fresh), hex(outA));
  t.is(hex(deconceal('A', hnPrivA, fresh)!), hex(input));
  fresh[fresh.length - 1] ^= 1;
  t.is(deconceal('A', hnPrivA, fresh), null);
});

test('KDF (TS 33.220 B.2) is HMAC-SHA-256 over FC || P0 || L0 || P1 || L1', (t) => {
  const key = Buffer.alloc(32, 1);
  const s = Buffer.concat([h('6a'), Buffer.from('abc'), h('0003'), h('0102'), h('0002')]);
  t.deepEqual(kdf(key, 0x6a, Buffer.from('abc'), h('0102')), createHmac('sha256', key).update(s).digest());
  t.is(servingNetworkName({ mcc: '001', mnc: '01' }), '5G:mnc001.mcc001.3gppnetwork.org');
  t.is(servingNetworkName({ mcc: '208', mnc: '93' }), '5G:mnc093.mcc208.3gppnetwork.org');
});

test('5G AKA: the UE recomputes the home vector (RES* = XRES*, KAUSF, KSEAF), detects a bad MAC and answers a stale SQN with AUTS', (t) => {
  const v = MILENAGE_SETS[0];
  const sub = { k: h(v.k), opc: h(v.opc) };
  const plmn = { mcc: '001', mnc: '01' };
  const av = homeVector(sub, plmn, h(v.rand), h(v.sqn), h(v.amf));
  // AUTN = SQN ⊕ AK || AMF || MAC-A (TS 33.102 §6.3.2) from the test set's f1 and f5.
  t.is(hex(av.autn), `${hex(Buffer.from(h(v.sqn).map((x, i) => x ^ h(v.f5)[i])))}${v.amf}${v.f1}`);
  const ue = ueAuthenticate(sub, plmn, av.rand, av.autn);
  t.true(ue.ok);
  if (!ue.ok) return;
  t.deepEqual(ue.resStar, av.xresStar);
  t.deepEqual(ue.kausf, av.kausf);
  t.deepEqual(ue.kseaf, av.kseaf);
  t.deepEqual(ue.sqn, h(v.sqn));
  const bad = Buffer.from(av.autn);
  bad[15] ^= 1;
  t.like(ueAuthenticate(sub, plmn, av.rand, bad), { ok: false, cause: 'mac-failure' });
  const stale = ueAuthenticate(sub, plmn, av.rand, av.autn, h('ffffffffffff'));
  t.like(stale, { ok: false, cause: 'synch-failure' });
  if (!stale.ok && stale.cause === 'synch-failure') {
    // AUTS = SQN_MS ⊕ AK* || MAC-S: the network recovers SQN_MS with f5*.
    const akStar = milenage(sub.k, sub.opc, av.rand, h(v.sqn), h(v.amf)).akStar;
    t.is(hex(Buffer.from(stale.auts.subarray(0, 6).map((x, i) => x ^ akStar[i]))), 'ffffffffffff');
  }
  // Key hierarchy below KSEAF: KAMF (SUPI, ABBA), NAS keys (NIA2/NEA2), KgNB; each 256/128 bits and distinct.
  const ka = kamf(av.kseaf, 'imsi-001010000000001', h('0000'));
  const nk = nasKeys(ka, 2, 2);
  t.is(ka.length, 32);
  t.is(nk.kNasInt.length, 16);
  t.notDeepEqual(nk.kNasInt, nk.kNasEnc);
  t.is(kgnb(ka, 0).length, 32);
  t.notDeepEqual(kgnb(ka, 0), kgnb(ka, 1));
});

test('NAS security header: protect/unprotect round trip, MAC over SQN and the ciphered message, tampering detected', (t) => {
  const ctx = {
    kNasInt: Buffer.alloc(16, 3),
    kNasEnc: Buffer.alloc(16, 4),
    integrity: 2 as const,
    ciphering: 2 as const,
    direction: 0 as const,
  };
  const plain = h('7e005e7700093573806121856151f1');
  for (const sht of [1, 2, 3, 4] as const) {
    const pdu = protectNas(plain, sht, 0x0105, ctx);
    t.is(pdu[0], 0x7e);
    t.is(pdu[1], sht);
    t.is(pdu[6], 0x05);
    t.deepEqual(
      pdu.subarray(2, 6),
      nia2({ key: ctx.kNasInt, count: 0x0105, bearer: 0, direction: 0 }, pdu.subarray(6)),
    );
    if (sht === 2 || sht === 4) t.notDeepEqual(pdu.subarray(7), plain);
    else t.deepEqual(pdu.subarray(7), plain);
    const u = unprotectNas(pdu, 0x0100, ctx);
    t.true(u?.macValid);
    t.deepEqual(u?.plain, plain);
    pdu[pdu.length - 1] ^= 0x40;
    t.false(unprotectNas(pdu, 0x0100, ctx)?.macValid);
  }
});
