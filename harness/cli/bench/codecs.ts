import * as gtpv2c from '../../protocol/gtpv2c/index.ts';
import { writeGpduHeader, readGpduHeader, type GpduView } from '../../protocol/gtpu/index.ts';
import { line, opsPerSecond } from './measure.ts';

/**
 * `bench codecs`: Create Session Request encode+decode and G-PDU header encapsulation on one core,
 * each next to a baseline measured in the same process: V8's native JSON.stringify + JSON.parse
 * of the same message (structured data to octets and back, with no spec logic) for the first, a
 * bare 8-octet header write for the second. Targets from the codecs issue: 300,000/s and 2,000,000/s.
 */
export const CSR: gtpv2c.Gtpv2cMessage = {
  type: 'create-session-request',
  teid: 0,
  sequence: 1,
  ies: [
    { ie: 'imsi', instance: 0, digits: '001010123456789' },
    { ie: 'msisdn', instance: 0, digits: '819012345678' },
    { ie: 'uli', instance: 0, tai: { mcc: '001', mnc: '01', tac: 1 }, ecgi: { mcc: '001', mnc: '01', eci: 1 } },
    { ie: 'serving-network', instance: 0, mcc: '001', mnc: '01' },
    { ie: 'rat-type', instance: 0, ratType: 6 },
    gtpv2c.indication({ daf: true }),
    { ie: 'f-teid', instance: 0, interfaceType: 10, teid: 0x1234, ipv6: '2001:db8::1' },
    { ie: 'f-teid', instance: 1, interfaceType: 7, teid: 0, ipv6: '2001:db8::7' },
    { ie: 'apn', instance: 0, apn: 'internet' },
    { ie: 'selection-mode', instance: 0, mode: 0 },
    { ie: 'pdn-type', instance: 0, pdnType: 3 },
    { ie: 'paa', instance: 0, pdnType: 3, prefixLength: 0, ipv6: '::', ipv4: '0.0.0.0' },
    { ie: 'ambr', instance: 0, uplink: 1000, downlink: 1000 },
    {
      ie: 'pco',
      instance: 0,
      configurationProtocol: 0,
      containers: [
        { id: 3, contents: Buffer.alloc(0) },
        { id: 13, contents: Buffer.alloc(0) },
      ],
    },
    {
      ie: 'bearer-context',
      instance: 0,
      ies: [
        { ie: 'ebi', instance: 0, ebi: 5 },
        {
          ie: 'bearer-qos',
          instance: 0,
          pci: false,
          priorityLevel: 9,
          pvi: false,
          qci: 9,
          mbrUplink: 0,
          mbrDownlink: 0,
          gbrUplink: 0,
          gbrDownlink: 0,
        },
      ],
    },
  ],
};

export async function benchCodecs(): Promise<boolean> {
  process.stdout.write('codecs (one core)\n');
  const bytes = gtpv2c.encode(CSR);
  let sink = 0;
  const json = opsPerSecond((n) => {
    let local = 0;
    for (let i = 0; i < n; i++) local += (JSON.parse(JSON.stringify(CSR)) as gtpv2c.Gtpv2cMessage).ies.length;
    sink += local;
  });
  const csr = opsPerSecond((n) => {
    let local = 0;
    for (let i = 0; i < n; i++) local += gtpv2c.decode(gtpv2c.encode(CSR)).ies.length;
    sink += local;
  });
  const ok1 = line(`Create Session Request encode+decode (${bytes.length} B)`, csr, 'JSON round trip', json, 300_000);

  const buf = Buffer.alloc(2048);
  const view: GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: 0 };
  const bare = opsPerSecond((n) => {
    for (let i = 0; i < n; i++) {
      buf.writeUInt32BE(0x30ff0040, 4);
      buf.writeUInt32BE(i >>> 0, 8);
    }
  });
  const encap = opsPerSecond((n) => {
    for (let i = 0; i < n; i++) writeGpduHeader(buf, 12, i >>> 0, 64);
  });
  const ok2 = line('G-PDU header encapsulation (64 B inner)', encap, 'bare header write', bare, 2_000_000);
  const both = opsPerSecond((n) => {
    for (let i = 0; i < n; i++) {
      const at = writeGpduHeader(buf, 12, i >>> 0, 64);
      if (readGpduHeader(buf, at, 72, view)) sink += view.payloadLength;
    }
  });
  line('G-PDU encapsulate + parse (no allocation)', both, 'bare header write', bare);
  if (sink === -1) process.stdout.write('');
  return ok1 && ok2;
}
