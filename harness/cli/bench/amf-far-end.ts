import { performance } from 'node:perf_hooks';
import { Amf } from '../../elements/amf/index.ts';

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
const started = performance.eventLoopUtilization();
const cpuFrom = process.cpuUsage();
process.send!({ ready: { port: amf.endpoint.port, udpPort: amf.udpPort } });
process.on('message', async (m) => {
  if (m !== 'stop') return;
  // How busy this process's event loop was: near 1 means the AMF side is the bottleneck.
  const cpu = process.cpuUsage(cpuFrom);
  process.send!({
    utilization: performance.eventLoopUtilization(started).utilization,
    report: { cpuMicros: cpu.user + cpu.system, ues: amf.ues.size },
  });
  await amf.stop();
  process.disconnect();
});
// The bench ended without stopping us (killed, Ctrl-C): go too.
process.on('disconnect', () => process.exit(0));
