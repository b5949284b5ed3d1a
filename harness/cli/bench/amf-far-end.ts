import { Amf } from '../../elements/amf/index.ts';
import { serveFarEnd } from './far-end-process.ts';

/**
 * `bench n2`'s far end: the AMF stand-in alone in a child process (raw-socket, which our SCTP
 * loads, cannot be loaded by a second thread of one process), N2 over SCTP over UDP on ::1,
 * with a block of subscribers (TS 35.208 test set 1 keys) and one dual-stack DNN it answers
 * PDU sessions for itself.
 */
const K = Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex');
const OPC = Buffer.from('cd63cb71954a9f4e48a5994e37a02baf', 'hex');
const amf = new Amf({
  address: '::1',
  port: 38412,
  transport: 'udp',
  udpPort: 0,
  plmn: { mcc: '001', mnc: '01' },
  tacs: [1],
  slices: [{ sst: 1 }],
  subscribers: { '001010100000000': { k: K, opc: OPC, count: 99_999_999 } },
  dnns: {
    internet: {
      pdnTypes: 'ipv4v6',
      singleAddressBearersOnly: false,
      prefer: 'ipv6',
      ipv6Pool: '2001:db8:100::/40',
      ipv4Pool: '10.0.0.0/8',
      dnsIpv6: ['2001:db8:53::1'],
      dnsIpv4: [],
      mtu: 1400,
    },
  },
});
await amf.start();
serveFarEnd({ port: amf.endpoint.port, udpPort: amf.udpPort }, async () => {
  const ues = amf.ues.size;
  await amf.stop();
  return { ues };
});
