import { randomInt } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import {
  capabilitiesExchange,
  COMMANDS,
  DiameterDeframer,
  decodeDiameter,
  deviceWatchdog,
  disconnectPeer,
  encodeDiameter,
  resultOf,
  type DiameterMessage,
  type PeerIdentity,
} from '../../protocol/diameter/index.ts';
import type { ProbeResult } from './verdict.ts';

/**
 * A Diameter peer (HSS, PCRF) is reachable when it accepts the transport connection (RFC 6733
 * §2.1), answers the Capabilities-Exchange with DIAMETER_SUCCESS (§5.3, Result-Code 2001) and a
 * Device-Watchdog (§5.5); the probe then leaves with Disconnect-Peer (§5.4), as a peer should.
 */
const SUCCESS = 2001;

export async function diameterCer(
  address: string,
  port: number,
  realm: string,
  timeoutMs = 3000,
): Promise<ProbeResult> {
  const started = performance.now();
  const socket = connect({ host: address, port });
  const deframer = new DiameterDeframer();
  const waiting: ((m: DiameterMessage) => void)[] = [];
  const arrived: DiameterMessage[] = [];
  socket.on('data', (chunk) => {
    try {
      for (const b of deframer.push(chunk)) {
        const m = decodeDiameter(b);
        const w = waiting.shift();
        if (w) w(m);
        else arrived.push(m);
      }
    } catch {
      socket.destroy(new Error('a message that does not decode'));
    }
  });
  const next = (): Promise<DiameterMessage> =>
    arrived.length ? Promise.resolve(arrived.shift()!) : new Promise((resolve) => waiting.push(resolve));
  const failed = new Promise<never>((_, reject) => {
    socket.once('error', (e: NodeJS.ErrnoException) => reject(e));
    socket.once('close', () => reject(new Error('the peer closed the connection')));
  });
  const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref());
  const step = <T>(p: Promise<T>) => Promise.race([p, failed, deadline]);
  try {
    await step(new Promise<void>((resolve) => socket.once('connect', () => resolve())));
    const me: PeerIdentity = {
      originHost: `v6harness-preflight.${realm}`,
      originRealm: realm,
      hostIpAddresses: [socket.localAddress ?? '::1'],
      productName: 'v6harness',
    };
    const ids = () => ({ hopByHop: randomInt(0, 2 ** 31), endToEnd: randomInt(0, 2 ** 31) });
    socket.write(encodeDiameter(capabilitiesExchange(me, ids())));
    const cea = await step(next());
    const result = resultOf(cea.avps);
    if (cea.commandCode !== COMMANDS['Capabilities-Exchange'] || cea.request)
      return { ok: false, detail: `answered the CER with command ${cea.commandCode}, not a CEA` };
    if (result.kind !== 'result-code' || result.code !== SUCCESS)
      return {
        ok: false,
        detail: `refused the capabilities exchange: CEA ${result.kind === 'none' ? 'without Result-Code' : `Result-Code ${result.code}`} (RFC 6733 §5.3.2)`,
      };
    socket.write(encodeDiameter(deviceWatchdog(me, ids())));
    const dwa = await step(next());
    const dwaResult = resultOf(dwa.avps);
    const dwaOk =
      dwa.commandCode === COMMANDS['Device-Watchdog'] && dwaResult.kind === 'result-code' && dwaResult.code === SUCCESS;
    socket.write(encodeDiameter(disconnectPeer(me, ids())));
    await step(next()).catch(() => undefined);
    const ms = (performance.now() - started).toFixed(0);
    return dwaOk
      ? { ok: true, detail: `Diameter CEA 2001 and DWA 2001 in ${ms} ms` }
      : { ok: false, detail: 'answered the CER but not the Device-Watchdog-Request with DWA 2001 (RFC 6733 §5.5.2)' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return { ok: false, detail: 'nothing listens there: TCP connection refused' };
    const what = e instanceof Error ? e.message : String(e);
    return { ok: false, detail: `no Diameter answer (${code ?? what}) within ${timeoutMs / 1000} s` };
  } finally {
    closeQuietly(socket);
  }
}

function closeQuietly(socket: Socket): void {
  socket.removeAllListeners('error');
  socket.on('error', () => undefined);
  socket.destroy();
}
