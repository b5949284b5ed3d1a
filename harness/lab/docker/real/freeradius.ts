import type { RealElement } from '../../target.ts';
import type { RealConfig } from './types.ts';

/**
 * freeradius (Debian package, 3.2) as the AAA of the docker lab: the package's own configuration
 * (the `default` site accounts into the `detail` module, listening on 1813 over IPv4 and IPv6),
 * with clients.conf replaced by one client per lab subnet and the target's shared secret. It runs
 * in debug mode (-X: foreground, one thread, every packet and every discarded one in its log), so
 * a request it drops — a wrong Request Authenticator (RFC 2866 §3) — is visible in logs/.
 * The scenario reads what it accepted from the detail files (DETAIL_GLOB).
 */
export const FREERADIUS_FAULTS = [
  /** The AAA is configured with another shared secret than its clients: it drops every request (RFC 2866 §3). */
  'wrong-secret',
] as const;

/** RFC 2866 §1.3 / IANA: RADIUS accounting. */
export const RADIUS_ACCOUNTING_PORT = 1813;
/** The detail module's files: ${radacctdir}/<client address>/detail-<date> (mods-enabled/detail). */
export const DETAIL_GLOB = '/var/log/freeradius/radacct/*/detail-*';

export function freeradius(el: RealElement, secret: string, clientSubnets: readonly string[]): RealConfig {
  const configured = el.faults.includes('wrong-secret') ? `${secret}-not` : secret;
  const clients = clientSubnets
    .map((subnet, i) =>
      [
        `client v6harness-${i} {`,
        `\tipaddr = ${subnet}`,
        `\tsecret = ${configured}`,
        `\tshortname = v6harness-${i}`,
        '}',
      ].join('\n'),
    )
    .join('\n');
  return {
    files: [{ path: '/etc/freeradius/3.0/clients.conf', content: `${clients}\n` }],
    start: 'freeradius -X',
    ready: 'Ready to process requests',
    port: RADIUS_ACCOUNTING_PORT,
  };
}
