import { sctpListen } from '../../net/sctp/index.ts';
import { serveFarEnd } from './far-end-process.ts';

/**
 * `bench n2`'s baseline far end: an SCTP-over-UDP echo server on ::1 in a child process, where
 * the AMF stand-in runs in the measurement (raw-socket, which our SCTP loads, cannot be loaded by
 * a second thread of one process).
 */
const server = await sctpListen({ transport: 'udp', address: '::1', port: 38413, udpPort: 0 });
server.on('association', (s) => s.on('message', (m) => s.send(m.streamId, m.ppid, m.payload)));
serveFarEnd({ port: 38413, udpPort: server.udpPort }, async () => {
  await server.close();
  return undefined;
});
