import test, { type ExecutionContext } from 'ava';
import { PcapBuffer } from '../../harness/net/pcap/index.ts';
import { TcpStreamCapture } from '../../harness/protocol/ip/index.ts';
import {
  capabilitiesExchange,
  deviceWatchdog,
  disconnectPeer,
  encodeDiameter,
  creditControlAnswer,
  creditControlRequest,
  updateLocationAnswer,
  updateLocationRequest,
  type Avp,
  type DiameterMessage,
} from '../../harness/protocol/diameter/index.ts';
import { dissect, field, fieldAll, type Frame } from '../helpers/tshark.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Wireshark's Diameter dissector (with its 3GPP dictionary) must read every message we encode
 * over IPv6/TCP to port 3868 with no malformed packet and no expert error, with the same AVP codes,
 * lengths and Vendor-IDs in tree order, and the values we meant (command, flags, identifiers,
 * Session-Id, User-Name, Visited-PLMN-Id, PDN-Type, Service-Selection, Context-Identifier, results).
 */
const peer = {
  originHost: 'mme.epc.example',
  originRealm: 'epc.example',
  hostIpAddresses: ['2001:db8:1::1'],
  productName: 'v6harness',
  originStateId: 7,
};
const hss = {
  originHost: 'hss.epc.example',
  originRealm: 'epc.example',
  hostIpAddresses: ['2001:db8:2::1'],
  productName: 'v6harness-hss',
};
const ulr = updateLocationRequest(
  {
    sessionId: 'mme.epc.example;1;42',
    originHost: peer.originHost,
    originRealm: peer.originRealm,
    destinationRealm: 'epc.example',
    imsi: '001010000005001',
    visitedPlmn: { mcc: '001', mnc: '02' },
  },
  { hopByHop: 2, endToEnd: 0x2000 },
);
const subscription = {
  msisdn: '8190000001',
  apns: [
    { contextId: 1, apn: 'internet', pdnType: 'ipv4' as const },
    { contextId: 2, apn: 'ims', pdnType: 'ipv6' as const },
    { contextId: 3, apn: 'dual', pdnType: 'ipv4v6' as const },
    { contextId: 4, apn: 'either', pdnType: 'ipv4-or-ipv6' as const },
  ],
};

/** [fromClient, message] in stream order. */
const FLOW: [boolean, DiameterMessage][] = [
  [true, capabilitiesExchange(peer, { hopByHop: 1, endToEnd: 0x1000 })],
  [false, capabilitiesExchange(hss, { hopByHop: 1, endToEnd: 0x1000 }, 2001)],
  [true, ulr],
  [false, updateLocationAnswer(ulr, hss, { kind: 'success', subscription })],
  [
    true,
    updateLocationRequest(
      {
        sessionId: 'mme.epc.example;1;43',
        originHost: peer.originHost,
        originRealm: peer.originRealm,
        destinationRealm: 'epc.example',
        imsi: '001010000005002',
        visitedPlmn: { mcc: '001', mnc: '123' },
      },
      { hopByHop: 3, endToEnd: 0x2001 },
    ),
  ],
  [false, updateLocationAnswer(ulr, hss, { kind: 'experimental', code: 5004 })],
  [false, updateLocationAnswer(ulr, hss, { kind: 'experimental', code: 5001 })],
  [false, deviceWatchdog(hss, { hopByHop: 9, endToEnd: 0x9000 })],
  [true, deviceWatchdog(peer, { hopByHop: 9, endToEnd: 0x9000 }, 2001)],
  [true, disconnectPeer(peer, { hopByHop: 4, endToEnd: 0x4000 })],
  [false, disconnectPeer(hss, { hopByHop: 4, endToEnd: 0x4000 }, { resultCode: 2001 })],
];

function preorder(avps: readonly Avp[], out: Avp[] = []): Avp[] {
  for (const a of avps) {
    out.push(a);
    if (a.type === 'grouped') preorder(a.value, out);
  }
  return out;
}

const avpLen = (a: Avp): number =>
  (a.vendorId === undefined ? 8 : 12) +
  (a.type === 'grouped'
    ? a.value.reduce((n, m) => n + ((avpLen(m) + 3) & ~3), 0)
    : a.type === 'utf8'
      ? Buffer.byteLength(a.value)
      : a.type === 'octets'
        ? a.value.length
        : a.type === 'address'
          ? a.value.includes(':')
            ? 18
            : 6
          : a.type === 'u64'
            ? 8
            : 4);

/** Every frame: no malformed packet or expert error, the header fields and every AVP's code, length, Vendor-ID and M flag in tree order. */
function checkStructure(t: ExecutionContext, frames: Frame[], messages: readonly DiameterMessage[]): void {
  t.is(frames.length, messages.length);
  frames.forEach((f, i) => {
    const m = messages[i];
    const what = `frame ${f.number} (message ${i})`;
    t.false(f.malformed, what);
    t.deepEqual(f.errors, [], what);
    t.is(field(f, 'diameter.cmd.code'), String(m.commandCode), what);
    t.is(field(f, 'diameter.flags.request'), m.request ? '1' : '0', what);
    t.is(field(f, 'diameter.flags.proxyable'), m.proxiable ? '1' : '0', what);
    t.is(field(f, 'diameter.applicationId'), String(m.applicationId), what);
    t.is(Number(field(f, 'diameter.hopbyhopid')), m.hopByHop, what);
    t.is(Number(field(f, 'diameter.endtoendid')), m.endToEnd, what);
    const all = preorder(m.avps);
    t.deepEqual(
      fieldAll(f, 'diameter.avp.code'),
      all.map((a) => String(a.code)),
      `${what}: AVP codes in tree order`,
    );
    t.deepEqual(
      fieldAll(f, 'diameter.avp.len'),
      all.map((a) => String(avpLen(a))),
      `${what}: AVP lengths`,
    );
    t.deepEqual(
      fieldAll(f, 'diameter.avp.vendorId'),
      all.filter((a) => a.vendorId !== undefined).map((a) => String(a.vendorId)),
      `${what}: Vendor-IDs`,
    );
    t.deepEqual(
      fieldAll(f, 'diameter.flags.mandatory'),
      all.map((a) => (a.mandatory ? '1' : '0')),
      `${what}: M flags`,
    );
  });
}

/** Frames our messages over IPv6/TCP to 3868 (client first), dissected by tshark. */
async function dissectFlow(flow: readonly [boolean, DiameterMessage][], name: string): Promise<Frame[]> {
  const pcap = new PcapBuffer();
  const cap = new TcpStreamCapture(
    { address: '2001:db8:1::1', port: 40000 },
    { address: '2001:db8:2::1', port: 3868 },
    (p) => pcap.add(p),
  );
  cap.open();
  for (const [fromClient, m] of flow) cap.data(fromClient, encodeDiameter(m));
  cap.close();
  const path = join(tempDir('diameter'), `${name}.pcap`);
  writeFileSync(path, pcap.toBuffer());
  return (await dissect(path, { extraArgs: ['-o', 'tcp.check_checksum:TRUE'] })).filter((f) =>
    f.protocols.includes('diameter'),
  );
}

test('tshark dissects every S6a and base message over IPv6/TCP with the values we encoded', async (t) => {
  const frames = await dissectFlow(FLOW, 'diameter');
  checkStructure(
    t,
    frames,
    FLOW.map(([, m]) => m),
  );
  // Values, message by message.
  t.is(field(frames[0], 'diameter.Origin-Host'), 'mme.epc.example');
  t.is(field(frames[0], 'diameter.Product-Name'), 'v6harness');
  t.is(field(frames[0], 'diameter.Host-IP-Address.addr_family'), '2');
  t.is(field(frames[1], 'diameter.Result-Code'), '2001');
  t.is(field(frames[2], 'diameter.Session-Id'), 'mme.epc.example;1;42');
  t.is(field(frames[2], 'diameter.User-Name'), '001010000005001');
  t.is(field(frames[2], 'diameter.Visited-PLMN-Id'), '00:f1:20');
  t.is(field(frames[2], 'diameter.RAT-Type'), '1004');
  t.is(field(frames[2], 'diameter.ULR-Flags'), '34');
  t.deepEqual(fieldAll(frames[3], 'diameter.Service-Selection'), ['internet', 'ims', 'dual', 'either']);
  t.deepEqual(fieldAll(frames[3], 'diameter.PDN-Type'), ['0', '1', '2', '3']);
  t.deepEqual(fieldAll(frames[3], 'diameter.Context-Identifier'), ['1', '1', '2', '3', '4']);
  t.is(field(frames[3], 'e164.msisdn'), '8190000001');
  t.is(field(frames[4], 'diameter.Visited-PLMN-Id'), '00:31:21');
  t.is(field(frames[5], 'diameter.Experimental-Result-Code'), '5004');
  t.is(field(frames[5], 'diameter.Vendor-Id'), '10415');
  t.is(field(frames[6], 'diameter.Experimental-Result-Code'), '5001');
  t.is(field(frames[9], 'diameter.Disconnect-Cause'), '2');
});

const ccrI = creditControlRequest(
  {
    sessionId: 'smf.epc.example;1;7',
    originHost: 'smf.epc.example',
    originRealm: 'epc.example',
    destinationRealm: 'epc.example',
    requestType: 'initial',
    requestNumber: 0,
    imsi: '001010000000001',
    msisdn: '8190000001',
    framedIpAddress: '203.0.113.130',
    framedIpv6Prefix: { prefix: '2001:db8:100:5::', length: 64 },
    ipCanType: '3gpp-eps',
    ratType: 'eutran',
    calledStationId: 'internet',
    // TS 29.061 §16.4.7.2 type 130: TAI (001-01, TAC 1) and ECGI (001-01, ECI 0x101).
    userLocation: Buffer.from('8200f110000100f11000000101', 'hex'),
  },
  { hopByHop: 11, endToEnd: 0x1100 },
);
const pcrf = { originHost: 'pcrf.epc.example', originRealm: 'epc.example' };
const arp = { priorityLevel: 8, preemptionCapability: false, preemptionVulnerability: true };
const GX_FLOW: [boolean, DiameterMessage][] = [
  [
    true,
    capabilitiesExchange(
      { ...peer, originHost: 'smf.epc.example' },
      { hopByHop: 10, endToEnd: 0x1000 },
      undefined,
      [16777238],
    ),
  ],
  [
    false,
    capabilitiesExchange(
      { ...hss, originHost: 'pcrf.epc.example' },
      { hopByHop: 10, endToEnd: 0x1000 },
      2001,
      [16777238],
    ),
  ],
  [true, ccrI],
  [
    false,
    creditControlAnswer(ccrI, pcrf, {
      kind: 'success',
      policy: {
        defaultBearerQos: { qci: 9, arp },
        apnAmbr: { uplink: 50_000_000, downlink: 100_000_000 },
        chargingRules: [
          {
            name: 'web',
            precedence: 100,
            flows: [{ description: 'permit out ip from any to assigned', direction: 'bidirectional' }],
            qci: 9,
            arp,
            mbr: { uplink: 1_000_000, downlink: 2_000_000 },
          },
        ],
      },
    }),
  ],
  [false, creditControlAnswer(ccrI, pcrf, { kind: 'result-code', code: 5003 })],
  [false, creditControlAnswer(ccrI, pcrf, { kind: 'experimental', code: 5143 })],
  [
    true,
    creditControlRequest(
      {
        sessionId: 'smf.epc.example;1;7',
        originHost: 'smf.epc.example',
        originRealm: 'epc.example',
        destinationRealm: 'epc.example',
        requestType: 'termination',
        requestNumber: 1,
      },
      { hopByHop: 12, endToEnd: 0x1101 },
    ),
  ],
];

test('tshark dissects every Gx message (TS 29.212 CCR/CCA, RFC 4006) over IPv6/TCP with the values we encoded', async (t) => {
  const frames = await dissectFlow(GX_FLOW, 'gx');
  checkStructure(
    t,
    frames,
    GX_FLOW.map(([, m]) => m),
  );
  t.is(field(frames[0], 'diameter.Auth-Application-Id'), '16777238');
  const i = frames[2];
  t.is(field(i, 'diameter.cmd.code'), '272');
  t.is(field(i, 'diameter.CC-Request-Type'), '1');
  t.is(field(i, 'diameter.CC-Request-Number'), '0');
  t.deepEqual(fieldAll(i, 'diameter.Subscription-Id-Type'), ['1', '0']);
  t.deepEqual(fieldAll(i, 'diameter.Subscription-Id-Data'), ['001010000000001', '8190000001']);
  t.is(field(i, 'diameter.Framed-IP-Address.IPv4'), '203.0.113.130');
  t.is(field(i, 'diameter.framed_ipv6_prefix_length'), '64');
  t.is(field(i, 'diameter.framed_ipv6_prefix_ipv6'), '2001:db8:100:5::');
  t.is(field(i, 'diameter.IP-CAN-Type'), '5');
  t.is(field(i, 'diameter.RAT-Type'), '1004');
  t.is(field(i, 'diameter.Called-Station-Id'), 'internet');
  t.is(field(i, 'e212.tai.mcc'), '1');
  t.is(field(i, 'e212.ecgi.mcc'), '1');
  t.is(field(i, 'gtpv2.tai_tac'), '0x0001');
  t.is(field(i, 'gtpv2.glt'), '130');
  t.is(field(i, 'gtpv2.ecgi_eci'), '257');
  const a = frames[3];
  t.is(field(a, 'diameter.Result-Code'), '2001');
  t.is(field(a, 'diameter.CC-Request-Type'), '1');
  t.deepEqual(fieldAll(a, 'diameter.QoS-Class-Identifier'), ['9', '9']);
  t.deepEqual(fieldAll(a, 'diameter.Priority-Level'), ['8', '8']);
  t.deepEqual(fieldAll(a, 'diameter.Pre-emption-Capability'), ['1', '1']);
  t.deepEqual(fieldAll(a, 'diameter.Pre-emption-Vulnerability'), ['0', '0']);
  t.is(field(a, 'diameter.APN-Aggregate-Max-Bitrate-UL'), '50000000');
  t.is(field(a, 'diameter.APN-Aggregate-Max-Bitrate-DL'), '100000000');
  t.is(field(a, 'diameter.Charging-Rule-Name'), '77:65:62');
  t.is(field(a, 'diameter.Flow-Description'), 'permit out ip from any to assigned');
  t.is(field(a, 'diameter.Flow-Direction'), '3');
  t.is(field(a, 'diameter.Precedence'), '100');
  t.is(field(frames[4], 'diameter.Result-Code'), '5003');
  t.is(field(frames[5], 'diameter.Experimental-Result-Code'), '5143');
  t.is(field(frames[6], 'diameter.CC-Request-Type'), '3');
  t.is(field(frames[6], 'diameter.Termination-Cause'), '1');
});
