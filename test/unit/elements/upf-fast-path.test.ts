import { setTimeout as sleep } from 'node:timers/promises';
import test, { type ExecutionContext } from 'ava';
import {
  FastPathReader,
  FastPathWriter,
  newFastPathEntry,
  newFastPathTable,
} from '../../../harness/elements/common/forwarding/fast-path-table.ts';
import {
  echoHosts,
  udpEchoAnswerLength,
  udpEchoQualifies,
  writeUdpEchoAnswer,
} from '../../../harness/elements/common/forwarding/udp-echo-fast-path.ts';
import { InternetStandin } from '../../../harness/elements/internet/index.ts';
import { Upf } from '../../../harness/elements/upf/index.ts';
import { parseFlowDescription } from '../../../harness/elements/upf/flow-description.ts';
import { N3FastPath } from '../../../harness/elements/upf/n3-fast-path.ts';
import type { Far, Pdr } from '../../../harness/elements/upf/rules.ts';
import { type N4Session, N4Sessions } from '../../../harness/elements/upf/sessions.ts';
import { addressBytes } from '../../../harness/protocol/common/ip-bytes.ts';
import type { UpfFault } from '../../../harness/elements/upf/faults.ts';
import { SmfN4Driver } from '../../../harness/drivers/smf-n4/index.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';
import { BatchUdpSocket, loadNative, nativeLoadError, RX_STRIDE } from '../../../harness/net/udp-socket/index.ts';
import * as gtpu from '../../../harness/protocol/gtpu/index.ts';
import { findIe, INTERFACE } from '../../../harness/protocol/pfcp/index.ts';
import { decodeIpPacket } from '../../../harness/protocol/ip/index.ts';
import { flowTemplate, writeStreamPacket } from '../../../harness/traffic/gtpu-stream.ts';
import { FORWARDING_HOSTS, metaFrom } from '../../helpers/forwarding.ts';
import { needPrecondition } from '../../helpers/precondition.ts';
import { dissect, field, fieldAll, udp, writePcap } from '../../helpers/tshark.ts';

/**
 * The UPF's N3 on the forwarding thread (elements/upf/n3-fast-path.ts): G-PDUs with a PDU Session
 * Container (TS 38.415 §5.5.2) are answered in the worker exactly as the main thread answers them
 * (the QER's QFI down, the PDR's QFI required up), the URRs count what the worker forwarded,
 * anything else (another QFI, a closed gate, a deleted session, fault no-n6) is the main thread's.
 */
const hosts = FORWARDING_HOSTS;
const UE = '2001:db8:5601:2::5';
const PEER = { address: '::1', port: 40124 };
const UP_TEID = 0x50000003;
const GNB_TEID = 0x7000abcd;
const QFI = 9;

/** TS 29.281 §7.2.1 Echo Request: a marker the main thread answers after what it was handed before. */
const echoRequest = (sequence: number) =>
  gtpu.encode({ type: 'echo-request', teid: 0, sequence, extensionHeaders: [], ies: [] });

function gpdu(o: { teid?: number; qfi?: number; seq?: number; src?: string } = {}): Buffer {
  const t = flowTemplate(
    { teid: o.teid ?? UP_TEID, src: o.src ?? UE, dst: hosts.ipv6Only, srcPort: 40001, dstPort: 7, qfi: o.qfi },
    64,
  );
  const b = Buffer.alloc(t.packet.length);
  writeStreamPacket(b, 0, t, 0, o.seq ?? 42, 1234.5);
  return b;
}

test('an N3 G-PDU with the PDR QFI qualifies and its answer carries the QER QFI, as the main thread writes it', async (t) => {
  const sab = newFastPathTable();
  const writer = new FastPathWriter(sab);
  const reader = new FastPathReader(sab);
  writer.install(UP_TEID, '2001:db8:5601:2::', GNB_TEID, PEER, { ul: QFI, dl: 5 });
  const internet = new InternetStandin(hosts, '2001:db8:6::1');
  const e = internet.udpEcho();
  const echo = echoHosts(e.hosts, e.port, e.hopLimit);
  const entry = newFastPathEntry();
  const q = (pdu: Buffer) => udpEchoQualifies(pdu, 0, pdu.length, metaFrom(PEER, pdu.length), 0, reader, echo, entry);
  t.false(q(gpdu({ qfi: QFI + 1 })), 'another QFI: the PDR does not match');
  t.false(q(gpdu()), 'no container: the PDR with a QFI does not match');
  const pdu = gpdu({ qfi: QFI });
  t.true(q(pdu));
  t.is(entry.header, 16);
  const len = udpEchoAnswerLength(pdu.length, entry);
  t.is(len, pdu.length);
  const out = Buffer.alloc(len + 4, 0xee);
  t.is(writeUdpEchoAnswer(pdu, 0, pdu.length, out, 2, entry, echo.hopLimit), len);
  const inner = pdu.subarray(16);
  const answer = internet.deliver(decodeIpPacket(inner), inner)!;
  const expected = Buffer.alloc(16 + answer.length);
  answer.copy(expected, 16);
  gtpu.writeGpduHeaderWithQfi(expected, 16, GNB_TEID, answer.length, 0, 5);
  t.deepEqual(out.subarray(2, 2 + len), expected);
  t.is(out[1], 0xee, 'nothing written before');
  t.is(out[2 + len], 0xee, 'nothing written after');
  const [f] = await dissect(writePcap([udp(out.subarray(2, 2 + len), { ...PEER, port: 2152 }, PEER)]));
  t.is(field(f, 'gtp.teid'), `0x${GNB_TEID.toString(16)}`);
  t.is(field(f, 'gtp.ext_hdr.pdu_ses_con.qos_flow_id'), '5');
  t.is(field(f, 'gtp.ext_hdr.pdu_ses_con.pdu_type'), '0');
  t.deepEqual(fieldAll(f, 'udp.checksum.status'), ['1', '1'], 'both UDP checksums good');
  t.false(f.malformed);
  t.deepEqual(f.errors, []);
  // The PGW's entries (no QFI): the header stays 8 octets each way, a container up is ignored.
  writer.install(UP_TEID, '2001:db8:5601:2::', GNB_TEID, PEER);
  t.true(q(gpdu({ qfi: 3 })));
  t.is(udpEchoAnswerLength(pdu.length, entry), pdu.length - 8);
});

interface Lab {
  upf: Upf;
  smf: SmfN4Driver;
  socket: BatchUdpSocket;
  got: Buffer[];
  upSeid: bigint;
  ulTeid: number;
  send(b: Buffer): void;
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A UPF with one IPv6 PDU session set up by the SMF driver, its downlink toward our socket. */
async function lab(t: ExecutionContext, faults: UpfFault[] = []): Promise<Lab | undefined> {
  if (!loadNative()) {
    needPrecondition(t, `the batched UDP addon is not loaded: ${nativeLoadError()}`, 'the batched UDP addon');
    return undefined;
  }
  const upf = new Upf({
    address: '::1',
    faults,
    internet: hosts,
    dnns: {
      internet: {
        pdnTypes: 'ipv6',
        singleAddressBearersOnly: false,
        prefer: 'ipv6',
        ipv6Pool: '2001:db8:5600::/40',
        ipv4Pool: '198.51.100.0/24',
        dnsIpv6: [],
        dnsIpv4: [],
        mtu: 1400,
      },
    },
  });
  await upf.start();
  const smf = new SmfN4Driver({ upf: upf.endpoint, recorder: noRecorder });
  await smf.open();
  const got: Buffer[] = [];
  const socket = BatchUdpSocket.bindRaw({ address: '::1', port: 0, recvBufferSize: 1 << 20 }, (rx, meta, count) => {
    for (let i = 0; i < count; i++) {
      const at = meta[i * RX_STRIDE + 8];
      got.push(Buffer.from(rx.subarray(at, at + meta[i * RX_STRIDE])));
    }
  });
  const close = async () => {
    await socket.close();
    await smf.close();
    await upf.stop();
  };
  try {
    await smf.associate();
    const { outcome } = await smf.establish({
      dnn: 'internet',
      pduSessionType: 'ipv6',
      ueIpv6: '2001:db8:5601:2::',
      qfi: QFI,
      n3Family: 'ipv6',
    });
    if (outcome.kind !== 'response') throw new Error(`no establishment: ${outcome.kind}`);
    const upSeid = findIe(outcome.message, 'f-seid')?.seid;
    const created = findIe(outcome.message, 'created-pdr');
    const ulTeid = created && findIe(created, 'f-teid')?.teid;
    if (upSeid === undefined || ulTeid === undefined) throw new Error('no F-SEID or N3 F-TEID');
    const mod = await smf.modifyDownlink(upSeid, { teid: GNB_TEID, address: '::1' });
    if (mod.kind !== 'response') throw new Error(`no modification: ${mod.kind}`);
    const up = upf.userPlane.endpoint;
    return {
      upf,
      smf,
      socket,
      got,
      upSeid,
      ulTeid,
      send: (b) => socket.send(b, up.port, up.address),
      // Waits for events, up to a generous bound on a loaded machine.
      waitFor: async (n) => {
        for (let i = 0; i < 1000 && got.length < n; i++) await sleep(10);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

test('through a UPF: the forwarding thread answers N3 echoes as the main thread does, the URRs count them, a delete brings Error Indication', async (t) => {
  const l = await lab(t);
  if (!l) return;
  try {
    // The first packet goes through the main thread (and tells the worker); the rest need not.
    l.send(gpdu({ teid: l.ulTeid, qfi: QFI, seq: 0 }));
    await l.waitFor(1);
    const fromMain = l.got[0];
    t.truthy(fromMain, 'the main thread answered');
    // In bursts of 50: a loaded machine must not overrun this socket's receive buffer.
    for (let i = 1; i <= 200; i++) {
      l.send(gpdu({ teid: l.ulTeid, qfi: QFI, seq: i }));
      if (i % 50 === 0) await l.waitFor(i + 1);
    }
    t.is(l.got.length, 201, 'every echo came back');
    t.is(l.upf.userPlane.counters.forwardedInThread, 200, 'the main thread saw the first packet only');
    t.is(l.upf.userPlane.counters.uplink, 201);
    t.is(l.upf.userPlane.counters.downlink, 201);
    // The same packet again, now answered by the worker: byte for byte the main thread's answer.
    l.send(gpdu({ teid: l.ulTeid, qfi: QFI, seq: 0 }));
    await l.waitFor(202);
    t.deepEqual(l.got[201], fromMain);
    t.is(l.upf.userPlane.counters.forwardedInThread, 201);
    t.is(fromMain[0], 0x34, 'a PDU Session Container down');
    t.is(fromMain[14] & 0x3f, QFI, "the QER's QFI");
    t.deepEqual(l.upf.usage(l.upSeid), [{ ulPackets: 202, ulOctets: 202 * 64, dlPackets: 202, dlOctets: 202 * 64 }]);
    // Another QFI: no PDR matches (the main thread's unmatched), nothing comes back but the marker.
    l.send(gpdu({ teid: l.ulTeid, qfi: QFI + 1, seq: 300 }));
    l.send(echoRequest(9));
    await l.waitFor(203);
    t.is(l.got.length, 203);
    t.is(l.got[202]?.[1], 2, 'only the Echo Response');
    const del = await l.smf.delete(l.upSeid);
    t.is(del.kind, 'response');
    l.got.length = 0;
    l.send(gpdu({ teid: l.ulTeid, qfi: QFI, seq: 301 }));
    await l.waitFor(1);
    t.is(l.got.length, 1);
    t.is(l.got[0]?.[1], 26, 'Error Indication (TS 29.281 §7.3.1) for the deleted session, not an echo');
    t.is(l.upf.userPlane.counters.unmatched, 1, 'the other QFI');
  } finally {
    await l.close();
  }
});

test('through a UPF: after the SMF restarts and associates again, its old session gets an Error Indication, not an echo from the thread', async (t) => {
  const l = await lab(t);
  if (!l) return;
  try {
    for (let i = 0; i <= 20; i++) {
      l.send(gpdu({ teid: l.ulTeid, qfi: QFI, seq: i }));
      if (i === 0) await l.waitFor(1);
    }
    await l.waitFor(21);
    t.is(l.got.length, 21);
    t.true(l.upf.userPlane.counters.forwardedInThread > 0, 'the worker answered before');
    // TS 23.007 §19A, TS 29.244 §6.2.6.2.3: the UPF deletes the old association's sessions.
    l.smf.restart();
    const again = await l.smf.associate();
    t.is(again.kind, 'response');
    t.is(l.upf.sessionCount, 0);
    l.got.length = 0;
    l.send(gpdu({ teid: l.ulTeid, qfi: QFI, seq: 99 }));
    await l.waitFor(1);
    t.is(l.got.length, 1);
    t.is(l.got[0]?.[1], 26, 'Error Indication (TS 29.281 §7.3.1)');
  } finally {
    await l.close();
  }
});

test('through a UPF: a closed downlink gate stops the worker answering; wrong-qfi and no-n6 faults show as on the main thread', async (t) => {
  const gate = await lab(t);
  if (!gate) return;
  try {
    gate.send(gpdu({ teid: gate.ulTeid, qfi: QFI, seq: 0 }));
    await gate.waitFor(1);
    for (let i = 1; i <= 20; i++) gate.send(gpdu({ teid: gate.ulTeid, qfi: QFI, seq: i }));
    await gate.waitFor(21);
    t.is(gate.got.length, 21);
    t.true(gate.upf.userPlane.counters.forwardedInThread > 0, 'the worker answered before the gate closed');
    const mod = await gate.smf.modifyGates(gate.upSeid, { ul: 'open', dl: 'closed' });
    t.is(mod.kind, 'response');
    const dropped = gate.upf.userPlane.counters.dropped;
    for (let i = 0; i < 20; i++) gate.send(gpdu({ teid: gate.ulTeid, qfi: QFI, seq: 100 + i }));
    // A marker the gate does not stop: an Echo Request, answered after the 20 packets were handled.
    gate.send(echoRequest(7));
    await gate.waitFor(22);
    t.is(gate.got.length, 22);
    t.is(gate.got[21]?.[1], 2, 'only the Echo Response came back');
    t.is(gate.upf.userPlane.counters.dropped - dropped, 20, 'the main thread dropped all 20 at the closed gate');
  } finally {
    await gate.close();
  }
  const wrong = await lab(t, ['wrong-qfi']);
  if (!wrong) return;
  try {
    for (let i = 0; i <= 20; i++) {
      wrong.send(gpdu({ teid: wrong.ulTeid, qfi: QFI, seq: i }));
      if (i === 0) await wrong.waitFor(1);
    }
    await wrong.waitFor(21);
    t.is(wrong.got.length, 21);
    t.true(wrong.upf.userPlane.counters.forwardedInThread > 0);
    t.true(
      wrong.got.every((g) => g[0] === 0x34 && (g[14] & 0x3f) === QFI + 1),
      'QFI + 1 in every answer, the worker as the main thread',
    );
  } finally {
    await wrong.close();
  }
  const noN6 = await lab(t, ['no-n6']);
  if (!noN6) return;
  try {
    for (let i = 0; i < 20; i++) noN6.send(gpdu({ teid: noN6.ulTeid, qfi: QFI, seq: i }));
    noN6.send(echoRequest(8));
    await noN6.waitFor(1);
    t.is(noN6.got.length, 1);
    t.is(noN6.got[0]?.[1], 2, 'only the Echo Response: nothing out of N6');
    t.is(noN6.upf.userPlane.counters.forwardedInThread, 0);
    t.is(noN6.upf.userPlane.counters.dropped, 20);
  } finally {
    await noN6.close();
  }
});

/** One session as N4 leaves it after sessionRules + the downlink FAR toward the gNB. */
function session(o: { sdf?: boolean; gnbAddress?: string; ueLength?: number } = {}) {
  const ue = addressBytes('2001:db8:5601:2::');
  const up: Pdr = {
    id: 1,
    precedence: 255,
    source: INTERFACE.access,
    teid: UP_TEID,
    qfi: QFI,
    ueIpv6: ue,
    ueIpv6Length: o.ueLength ?? 64,
    sdf: o.sdf ? [parseFlowDescription('permit out 17 from any to assigned')!] : [],
    farId: 1,
    qerIds: [1],
    urrIds: [1],
  };
  const down: Pdr = {
    id: 2,
    precedence: 255,
    source: INTERFACE.core,
    ueIpv6: ue,
    ueIpv6Length: 64,
    sdf: [],
    farId: 2,
    qerIds: [1],
    urrIds: [1],
  };
  const toAccess: Far = {
    id: 2,
    action: 'forw',
    destination: INTERFACE.access,
    peer: { teid: GNB_TEID, address: o.gnbAddress ?? PEER.address },
  };
  const s: N4Session = {
    cpSeid: 1n,
    upSeid: 2n,
    cpAddress: '::1',
    pdrs: [up, down],
    fars: new Map([
      [1, { id: 1, action: 'forw', destination: INTERFACE.core }],
      [2, toAccess],
    ]),
    qers: new Map([[1, { id: 1, qfi: QFI, gateUlOpen: true, gateDlOpen: true }]]),
    urrs: new Map([[1, { id: 1, ulOctets: 0, dlOctets: 0, ulPackets: 0, dlPackets: 0 }]]),
    teids: new Set(),
  };
  return { s, up, down, toAccess };
}

test('a session is offered to the thread only where every UDP echo of its /64 takes the same path', (t) => {
  const offered = (o: Parameters<typeof session>[0], owner?: string) => {
    const sab = newFastPathTable();
    const sessions = new N4Sessions();
    const { s, up, down, toAccess } = session(o);
    sessions.add(s);
    if (owner) {
      const other = session().s;
      other.upSeid = 3n;
      other.pdrs = [{ ...other.pdrs[1], ueIpv6: addressBytes(owner) }];
      sessions.add(other);
    }
    const fast = new N3FastPath(new FastPathWriter(sab), sessions, [hosts.ipv6Only], 7);
    const pdu = gpdu({ teid: UP_TEID, qfi: QFI });
    fast.offer(UP_TEID, s, up, pdu.subarray(16), PEER, { s, pdr: down, far: toAccess, qfi: QFI });
    const entry = newFastPathEntry();
    return new FastPathReader(sab).lookup(UP_TEID, metaFrom(PEER, pdu.length), 0, entry);
  };
  t.true(offered({}), 'the session as the SMF driver sets it up');
  t.false(offered({ sdf: true }), 'an uplink PDR with an SDF filter');
  t.false(offered({ ueLength: 72 }), 'a UE address narrower than the /64 the entry covers');
  t.false(offered({ gnbAddress: '::2' }), 'a downlink toward another address than the uplink came from');
  t.false(offered({}, '2001:db8:f000::'), "a session owning the echo host's /64 (UE-to-UE wins)");
});
