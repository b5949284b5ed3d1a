import test from 'ava';
import dnsPacket from 'dns-packet';
import {
  AaaaQueryTemplate,
  answeredQueryNumber,
  ipv6Octets,
  scanAaaaAnswer,
} from '../../../../harness/protocol/dns/index.ts';
import { decodeDns, encodeDns, type DnsPacket } from '../../../../harness/protocol/dns/index.ts';

/** The rate test's hand-made queries and answer scan, judged by dns-packet (RFC 1035 §4.1). */
test('each query is an AAAA IN question with RD for its own name, with the ID asked for', (t) => {
  const tpl = new AaaaQueryTemplate('any.v6lab.example');
  const buf = Buffer.alloc(tpl.length);
  for (const [id, n] of [
    [0, 0],
    [0xbeef, 0xabcdef123456],
    [0xffff, 2 ** 40 + 7],
  ] as const) {
    tpl.write(buf, id, n);
    const q = decodeDns(buf);
    t.is(q.id, id);
    t.is(q.flags! & dnsPacket.RECURSION_DESIRED, dnsPacket.RECURSION_DESIRED);
    t.deepEqual(q.questions, [{ name: `${AaaaQueryTemplate.label(n)}.any.v6lab.example`, type: 'AAAA', class: 'IN' }]);
    t.is(answeredQueryNumber(buf), n);
  }
});

const answer = (answers: DnsPacket['answers'], rcode = 0, name = '00000000002a.any.v6lab.example') =>
  encodeDns({
    type: 'response',
    id: 1,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: [{ type: 'AAAA', name }],
    answers,
  } as DnsPacket);

test('the scan tells the expected synthesis from no AAAA, another AAAA and errors', (t) => {
  const want = ipv6Octets('2001:db8:64::c000:205');
  const aaaa = (data: string) => ({ type: 'AAAA' as const, name: '00000000002a.any.v6lab.example', ttl: 60, data });
  t.is(scanAaaaAnswer(answer([aaaa('2001:db8:64::c000:205')]), want), 'synthesized');
  t.is(answeredQueryNumber(answer([])), 42);
  t.is(
    scanAaaaAnswer(
      answer([{ type: 'CNAME', name: 'x.example', ttl: 1, data: 'y.example' }, aaaa('2001:db8:64::c000:205')]),
      want,
    ),
    'synthesized',
  );
  t.is(scanAaaaAnswer(answer([]), want), 'no-aaaa');
  t.is(scanAaaaAnswer(answer([aaaa('64:ff9b::c000:205')]), want), 'other-aaaa');
  t.is(scanAaaaAnswer(answer([aaaa('2001:db8:64::c000:205'), aaaa('2001:db8::1')]), want), 'other-aaaa');
  t.is(scanAaaaAnswer(answer([], 2), want), 'rcode-2');
  t.is(scanAaaaAnswer(answer([aaaa('2001:db8:64::c000:205')]).subarray(0, 40), want), 'malformed');
  t.is(answeredQueryNumber(answer([], 0, 'other.example')), -1);
});
