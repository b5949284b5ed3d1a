import test from 'ava';
import { BoundedRecorder, PcapRecorder, readCapture } from '../../../../harness/net/pcap/index.ts';
import { datagramOf, decodeIpPacket } from '../../../../harness/protocol/ip/index.ts';

/** The recorder the in-process lab gives stand-ins for their own legs: the first N packets, then a count. */
test('passes on the first packets in order and counts the rest', (t) => {
  const pcap = new PcapRecorder();
  const r = new BoundedRecorder(pcap, 3);
  const a = { address: '::1', port: 2123 };
  const b = { address: '::1', port: 40000 };
  for (let i = 0; i < 5; i++) r.udp(a, b, Buffer.from([i]));
  const kept = readCapture(pcap.pcap.toBuffer()).map((p) => datagramOf(decodeIpPacket(p.data))!);
  t.deepEqual(
    kept.map((u) => u.data[0]),
    [0, 1, 2],
  );
  t.deepEqual(kept[0].src, a);
  t.is(r.skipped, 2);
});
