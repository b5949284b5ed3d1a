import test from 'ava';
import { TcpEchoService } from '../../../harness/elements/internet/tcp-echo.ts';
import {
  decodeIpPacket,
  encodeIpPacket,
  ipPacket,
  tcpSegment,
  TCP_FLAGS,
  type TcpSegment,
} from '../../../harness/protocol/ip/index.ts';
import { dissect, writePcap } from '../../helpers/tshark.ts';

/** The internet stand-in's TCP echo (RFC 9293 state machine, RFC 862) answering hand-made segments over IPv6 and IPv4. */
const { SYN, ACK, RST, PSH, FIN } = TCP_FLAGS;
const ADDRESSES = {
  6: { UE: '2001:db8:100::1', HOST: '2001:db8:f000::6' },
  4: { UE: '198.51.100.1', HOST: '192.0.2.4' },
} as const;
let UE: string = ADDRESSES[6].UE;
let HOST: string = ADDRESSES[6].HOST;

function segment(
  f: { srcPort?: number; dstPort: number; seq: number; ack?: number; flags: number; data?: Buffer },
  corrupt = false,
) {
  const raw = encodeIpPacket(ipPacket(UE, HOST, tcpSegment({ srcPort: 50000, ...f })));
  if (corrupt) raw[raw.length - 1] ^= 0xff;
  return { raw };
}
/** The service's answer to the segment as it arrives (decoded from its octets), encoded as sent. */
function answer(svc: TcpEchoService, s: ReturnType<typeof segment>) {
  const reply = svc.answer(decodeIpPacket(s.raw));
  if (!reply) return undefined;
  const raw = encodeIpPacket(reply);
  const p = decodeIpPacket(raw);
  const tcp = p.payload as TcpSegment;
  return { raw, dst: p.dst, tcp, checksumValid: tcp.checksumValid };
}

for (const family of [6, 4] as const)
  test.serial(
    `a whole echo exchange over IPv${family}: SYN-ACK, data echoed and acknowledged, FIN answered, connection forgotten`,
    async (t) => {
      ({ UE, HOST } = ADDRESSES[family]);
      const svc = new TcpEchoService(7);
      const synAck = answer(svc, segment({ dstPort: 7, seq: 1000, flags: SYN }))!;
      t.is(synAck.dst, UE);
      t.is(synAck.tcp.flags, SYN | ACK);
      t.is(synAck.tcp.ack, 1001);
      const isn = synAck.tcp.seq;
      t.is(answer(svc, segment({ dstPort: 7, seq: 1001, ack: isn + 1, flags: ACK })), undefined);
      const echo = answer(
        svc,
        segment({ dstPort: 7, seq: 1001, ack: isn + 1, flags: PSH | ACK, data: Buffer.from('hello') }),
      )!;
      t.deepEqual(
        [echo.tcp.flags, echo.tcp.seq, echo.tcp.ack, echo.tcp.data.toString()],
        [PSH | ACK, isn + 1, 1006, 'hello'],
      );
      const fin = answer(svc, segment({ dstPort: 7, seq: 1006, ack: isn + 6, flags: FIN | ACK }))!;
      t.deepEqual([fin.tcp.flags, fin.tcp.seq, fin.tcp.ack], [FIN | ACK, isn + 6, 1007]);
      t.is(answer(svc, segment({ dstPort: 7, seq: 1007, ack: isn + 7, flags: ACK })), undefined);
      // Closed now: the next ACK on that 4-tuple gets RST with SEQ=SEG.ACK (RFC 9293 §3.10.7.1).
      const rst = answer(svc, segment({ dstPort: 7, seq: 1007, ack: isn + 7, flags: ACK }))!;
      t.deepEqual([rst.tcp.flags, rst.tcp.seq], [RST, isn + 7]);
      t.is(svc.counters.echoedOctets, 5);
      // tshark, the independent dissector, reads our segments with good checksums and the flags we meant.
      t.deepEqual(
        [synAck, echo, fin, rst].map((a) => a.checksumValid),
        [true, true, true, true],
      );
      const frames = await dissect(writePcap([synAck.raw, echo.raw, fin.raw, rst.raw], `tcp-echo-ipv${family}`), {
        extraArgs: ['-o', 'tcp.check_checksum:TRUE'],
      });
      t.deepEqual(
        frames.map((f) => f.fields.get('tcp.flags')?.[0]),
        ['0x0012', '0x0018', '0x0011', '0x0004'],
      );
      // tcp.checksum.status 1 = good (0 = bad, 2 = unverified).
      t.deepEqual(
        frames.map((f) => f.fields.get('tcp.checksum.status')?.[0]),
        ['1', '1', '1', '1'],
      );
      t.deepEqual(
        frames.filter((f) => f.malformed),
        [],
      );
    },
  );

test.serial('a SYN to a closed port is refused: RST,ACK with SEQ=0 and ACK=SEG.SEQ+1', (t) => {
  ({ UE, HOST } = ADDRESSES[6]);
  const rst = answer(new TcpEchoService(7), segment({ dstPort: 9, seq: 77, flags: SYN }))!;
  t.deepEqual([rst.tcp.flags, rst.tcp.seq, rst.tcp.ack], [RST | ACK, 0, 78]);
});

test.serial(
  'a segment with a bad checksum is dropped and counted; out-of-order data gets an ACK for what is expected',
  (t) => {
    ({ UE, HOST } = ADDRESSES[4]);
    const svc = new TcpEchoService(7);
    t.is(answer(svc, segment({ dstPort: 7, seq: 5, flags: SYN }, true)), undefined);
    t.is(svc.counters.badChecksum, 1);
    const isn = answer(svc, segment({ dstPort: 7, seq: 5, flags: SYN }))!.tcp.seq;
    answer(svc, segment({ dstPort: 7, seq: 6, ack: isn + 1, flags: ACK }));
    const dup = answer(
      svc,
      segment({ dstPort: 7, seq: 50, ack: isn + 1, flags: PSH | ACK, data: Buffer.from('later') }),
    )!;
    t.deepEqual([dup.tcp.flags, dup.tcp.ack, dup.tcp.data.length], [ACK, 6, 0]);
  },
);
