import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gnb } from '../../harness/drivers/gnb/index.ts';
import { Amf, type AmfOptions } from '../../harness/elements/amf/index.ts';
import { PcapRecorder } from '../../harness/net/pcap/index.ts';
import { tempDir } from './temp-dir.ts';
import { dissect, type Frame } from './tshark.ts';

/**
 * A gNB of the driver and the AMF stand-in on ::1 over our SCTP (raw or RFC 6951 UDP), with the
 * N2 capture for tshark: what the gNB/AMF tests and the N2 oracle share.
 */
export const PLMN = { mcc: '001', mnc: '01' };
export const K = Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex');
export const OPC = Buffer.from('cd63cb71954a9f4e48a5994e37a02baf', 'hex');
export const KEY_A = Buffer.alloc(32, 0x42);
export const KEY_B = Buffer.from('f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda', 'hex');
let port = 38500 + (process.pid % 500) * 2;

export function amfOptions(transport: 'raw' | 'udp', more: Partial<AmfOptions> = {}): AmfOptions {
  return {
    address: '::1',
    port: port++,
    transport,
    udpPort: 0,
    plmn: PLMN,
    tacs: [1],
    slices: [{ sst: 1 }],
    subscribers: { '001010000000001': { k: K, opc: OPC, count: 100 } },
    homeNetworkKeys: [
      { id: 1, profile: 'A', privateKey: KEY_A },
      { id: 2, profile: 'B', privateKey: KEY_B },
    ],
    ...more,
  };
}

export async function withLab(
  transport: 'raw' | 'udp',
  more: Partial<AmfOptions>,
  body: (gnb: Gnb, amf: Amf) => Promise<void>,
): Promise<{ recorder: PcapRecorder; udpPort?: number }> {
  const amf = new Amf(amfOptions(transport, more));
  await amf.start();
  const udpPort = amf.udpPort;
  const recorder = new PcapRecorder();
  const gnb = new Gnb({
    amf: { address: '::1', port: amf.endpoint.port, transport, udpPort: amf.udpPort },
    plmn: PLMN,
    tac: 1,
    gnbId: 0x1234,
    slices: [{ sst: 1 }],
    n3Address: '::1',
    n3Port: 0,
    recorder,
    transcripts: true,
  });
  try {
    await body(gnb, amf);
  } finally {
    await gnb.close();
    await amf.stop();
  }
  return { recorder, udpPort };
}

export const colonHex = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
export const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

/** tshark's reading of the N2 capture, NAS deciphered with NEA0, SCTP over UDP on the AMF's port. */
export async function frames(recorder: PcapRecorder, udpPort: number | undefined, name: string): Promise<Frame[]> {
  const path = join(tempDir('gnb-amf'), `${name}.pcap`);
  writeFileSync(path, recorder.pcap.toBuffer());
  return dissect(path, {
    extraArgs: [
      '-o',
      'sctp.checksum:CRC 32c',
      '-o',
      'nas-5gs.null_decipher:TRUE',
      ...(udpPort ? ['-d', `udp.port==${udpPort},sctp`] : []),
    ],
  });
}
