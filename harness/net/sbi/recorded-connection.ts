import { connect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TcpStreamCapture } from '../../protocol/ip/index.ts';
import type { PacketRecorder } from '../pcap/index.ts';

/**
 * An SBI connection whose bytes are also recorded: a Duplex in front of the kernel's TCP socket
 * that hands every chunk each way to a TcpStreamCapture (handshake at connect, data segments,
 * FINs at close), so an HTTP/2 leg between two stand-ins (N16) shows in the scenario's pcap as
 * the TCP conversation it was. node:http2 drives any Duplex (`createConnection`); the copy costs
 * one Buffer per chunk, which is why only the legs no driver sees are recorded this way.
 */
export function recordedConnection(host: string, port: number, recorder: PacketRecorder): Duplex {
  const socket: Socket = connect({ host, port });
  let capture: TcpStreamCapture | undefined;
  const duplex = new Duplex({
    write(chunk: Buffer, _enc, cb) {
      const go = () => {
        capture?.data(true, chunk);
        socket.write(chunk, cb);
      };
      if (socket.connecting) socket.once('connect', go);
      else go();
    },
    read() {
      socket.resume();
    },
    final(cb) {
      socket.end(cb);
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  socket.on('connect', () => {
    capture = new TcpStreamCapture(
      { address: socket.localAddress ?? host, port: socket.localPort ?? 0 },
      { address: socket.remoteAddress ?? host, port },
      (p) => recorder.ip(p),
    );
    capture.open();
  });
  socket.on('data', (d: Buffer) => {
    capture?.data(false, d);
    if (!duplex.push(d)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => {
    capture?.close();
    capture = undefined;
    duplex.destroy();
  });
  socket.on('error', (e) => duplex.destroy(e));
  return duplex;
}
