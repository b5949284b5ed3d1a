import { PfcpCpNode } from '../drivers/common/pfcp-cp.ts';
import { PgwCSxDriver } from '../drivers/pgw-c/index.ts';
import { radiusTransaction } from '../drivers/nas/index.ts';
import { answersEcho } from '../lab/docker/health.ts';
import type { ElementEndpoint } from '../lab/index.ts';
import { noRecorder } from '../net/pcap/index.ts';
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
  const probe = role === 'ggsn' ? 1 : 2;
  return { alive: () => answersEcho(e.address, e.port, probe, timeoutMs).catch(() => false), close: async () => {} };
}
