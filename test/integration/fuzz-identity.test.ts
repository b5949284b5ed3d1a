import test from 'ava';
import { collectSeeds } from '../../harness/fuzz/seeds.ts';
import { mulberry32, mutate } from '../../harness/fuzz/mutate.ts';
import { createLab } from '../../harness/lab/index.ts';
import { noRecorder } from '../../harness/net/pcap/index.ts';
import { DecodeError } from '../../harness/protocol/common/decode-error.ts';
import * as gtpv2c from '../../harness/protocol/gtpv2c/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';

/**
 * decode → encode is the identity on the fuzz corpus (issue 17 item 9): the GTPv2-C datagrams
 * `v6harness fuzz` starts from (what our S5 and S11 drivers send to the stand-ins) and the
 * mutations it makes of them, with the campaign's own mutator; every one that decodes re-encodes
 * to the octets received.
 */
test('every GTPv2-C datagram of the fuzz corpus that decodes re-encodes byte-exact', async (t) => {
  const { target } = loadTarget();
  const lab = createLab(target, () => {});
  const controller = new AbortController();
  const session = await lab.open(['pgw', 'sgw'], { signal: controller.signal, recorder: noRecorder });
  let seeds: Buffer[];
  try {
    seeds = (await collectSeeds(session.elements))
      .filter((s) => s.element === 'pgw' || s.element === 'sgw')
      .map((s) => s.bytes)
      .filter((b) => b[0] >> 5 === 2);
  } finally {
    await session.close();
    await lab.close();
  }
  t.true(seeds.length >= 6, `${seeds.length} GTPv2-C seeds`);
  const rnd = mulberry32(9);
  let decoded = 0;
  const failures: string[] = [];
  for (let i = 0; i < 50_000; i++) {
    const input = i < seeds.length ? seeds[i] : mutate(seeds[i % seeds.length], rnd);
    let m: gtpv2c.Gtpv2cMessage;
    try {
      m = gtpv2c.decode(input);
    } catch (e) {
      if (e instanceof DecodeError) continue;
      throw e;
    }
    decoded++;
    const again = Buffer.from(gtpv2c.encode(m));
    if (!again.equals(input) && failures.length < 5)
      failures.push(`${input.toString('hex')} → ${again.toString('hex')}`);
  }
  t.deepEqual(failures, []);
  t.log(`${seeds.length} seeds, 50,000 datagrams, ${decoded} decoded, all re-encoded byte-exact`);
  t.true(decoded > 5_000);
});
