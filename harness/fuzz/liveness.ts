import { createSocket } from 'node:dgram';
import { localAddressToward } from '../drivers/common/local-address.ts';
import { PfcpCpNode } from '../drivers/common/pfcp-cp.ts';
import { PgwCSxDriver } from '../drivers/pgw-c/index.ts';
import { radiusTransaction } from '../drivers/nas/index.ts';
import type { ElementEndpoint } from '../lab/index.ts';
import { noRecorder } from '../net/pcap/index.ts';
import * as gtpv1c from '../protocol/gtpv1c/index.ts';
import * as gtpv2c from '../protocol/gtpv2c/index.ts';
import type { RadiusAttribute } from '../protocol/radius/index.ts';
import type { FuzzRole } from './roles.ts';

/** Asks one element whether it still serves; `close` frees what the probe holds. */
export interface Liveness {
  alive(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Path management as the liveness probe: GTPv1-C Echo for a GGSN, GTPv2-C Echo for a PGW or SGW
 * (TS 29.060 §7.2.1, TS 29.274 §7.1.1), a correct Accounting-Request answered for an AAA (RFC 2866
 * §2), a PFCP Heartbeat for a UPF. A UPF answers a Heartbeat only from a CP function it is
 * associated with (open5gs's looks its peer up by address and port), so the UPF probe is one CP
 * node of our own, associated once (TS 29.244 §6.2.6) and then asking Heartbeats (§6.2.2) from the
 * same socket; the fuzzer's own Association Setup mutations come from another port. A real UPF
 * (open5gs) sends its responses and its own Heartbeats to port 8805 of the Node ID's address, so
 * its probe is the PGW-C driver on port 8805, which answers them.
 */
export async function liveness(e: ElementEndpoint, role: FuzzRole, timeoutMs: number): Promise<Liveness> {
  if (role === 'aaa' && e.radiusSecret !== undefined) {
    const secret = e.radiusSecret;
    const attributes: RadiusAttribute[] = [
      ['Acct-Status-Type', 'Interim-Update'],
      ['Acct-Session-Id', 'fuzz-alive'],
      ['NAS-IPv6-Address', '::1'],
    ];
    return {
      alive: () =>
        radiusTransaction({
          server: { address: e.address, port: e.port },
          localAddress: e.address.includes(':') ? '::1' : '127.0.0.1',
          secret,
          code: 'Accounting-Request',
          attributes,
          timeoutMs,
        }).then(
          (o) => o.kind === 'answered' && o.authenticatorValid,
          () => false,
        ),
      close: async () => {},
    };
  }
  if (role === 'upf' && e.kind === 'real') {
    // A real UP function answers at the Node ID's port 8805 and sends Heartbeats there, which go
    // answered (else it drops the association): the PGW-C driver does both.
    const cp = new PgwCSxDriver({ pgwU: e, recorder: noRecorder, timers: { t3ResponseMs: timeoutMs, n3Requests: 0 } });
    await cp.open();
    let associated = false;
    return {
      alive: async () => {
        if (associated && (await cp.heartbeat()).kind === 'response') return true;
        associated = (await cp.associate()).kind === 'response';
        return associated;
      },
      close: () => cp.close(),
    };
  }
  if (role === 'upf') {
    const cp = new PfcpCpNode({ address: e.address, port: e.port }, noRecorder, e.name, {
      t3ResponseMs: timeoutMs,
      n3Requests: 0,
    });
    await cp.open();
    let associated = false;
    return {
      alive: async () => {
        // Associated once; until then, or if a Heartbeat goes unanswered (the UPF may have let the
        // association go), an Association Setup is the probe.
        if (associated && (await cp.heartbeat()).kind === 'response') return true;
        associated = (await cp.associate()).kind === 'response';
        return associated;
      },
      close: () => cp.close(),
    };
  }
  return echoPeer(e, role === 'ggsn' ? 1 : 2, timeoutMs);
}

/**
 * GTP Echo from one socket for the whole campaign, as a peer keeps its path: open5gs's SGW-C and
 * SMF make a GTP-C peer of every source address and port they hear from and never free one, so a
 * fresh socket per probe would itself fill their peer pool (it did: about 64 peers, then "mempool
 * full, ignoring msg" for every new one).
 */
async function echoPeer(e: ElementEndpoint, version: 1 | 2, timeoutMs: number): Promise<Liveness> {
  const v6 = e.address.includes(':');
  const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
  const local = await localAddressToward(e.address);
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, local, () => {
      s.off('error', reject);
      s.on('error', () => undefined);
      resolve();
    });
  });
  let sequence = 0;
  let waiting: ((ok: boolean) => void) | undefined;
  // An Echo Response (type 2 in both versions) for the sequence number asked.
  s.on('message', (m) => {
    if (m.length < 2 || m[1] !== 2) return;
    const seq = version === 1 ? (m.length >= 10 ? m.readUInt16BE(8) : -1) : m.length >= 8 ? m.readUIntBE(4, 3) : -1;
    if (seq === sequence) waiting?.(true);
  });
  return {
    alive: () =>
      new Promise<boolean>((resolve) => {
        sequence = (sequence + 1) & (version === 1 ? 0xffff : 0x7fffff);
        const req =
          version === 1
            ? gtpv1c.encode({ type: 'echo-request', teid: 0, sequence, ies: [] })
            : gtpv2c.encode({
                type: 'echo-request',
                sequence,
                ies: [{ ie: 'recovery', instance: 0, restartCounter: 0 }],
              });
        const t = setTimeout(() => done(false), timeoutMs);
        const done = (ok: boolean) => {
          clearTimeout(t);
          waiting = undefined;
          resolve(ok);
        };
        waiting = done;
        s.send(req, e.port, e.address, (err) => {
          if (err) done(false);
        });
      }),
    close: async () => {
      s.close();
    },
  };
}
