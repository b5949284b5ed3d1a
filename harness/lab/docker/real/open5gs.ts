import { Address4, Address6 } from 'ip-address';
import { stringify } from 'yaml';
import type { ApnPolicy, RealElement } from '../../target.ts';
import type { RealConfig } from './types.ts';

/**
 * open5gs (containers/open5gs: built from source, run as DUTs) as the docker lab configures it
 * from the target: SGW-C (S11, S5/S8-C, Sxa), SGW-U (S1-U, S5/S8-U), the SMF as PGW-C (S5/S8-C,
 * Sxb, Gx to the target's PCRF) and the UPF (Sxb, S5/S8-U, SGi on a TUN device holding the APNs'
 * pools). GTP-C and GTP-U are served on both the container's IPv6 and IPv4 addresses (its F-TEIDs
 * carry both, TS 29.274 §8.22), PFCP on the declared transport's. No NRF, no MongoDB: the SMF
 * runs without an `sbi:` section, as an EPC PGW-C.
 */
export const OPEN5GS_SOFTWARE = ['open5gs-sgwc', 'open5gs-sgwu', 'open5gs-smf', 'open5gs-upf'] as const;
export type Open5gsSoftware = (typeof OPEN5GS_SOFTWARE)[number];

export function isOpen5gs(software: string): software is Open5gsSoftware {
  return (OPEN5GS_SOFTWARE as readonly string[]).includes(software);
}

/** Misconfigurations an operator could make (target `faults:`), to show the suites catch them on a real core. */
export const OPEN5GS_FAULTS: Record<Open5gsSoftware, readonly string[]> = {
  'open5gs-sgwc': [],
  'open5gs-sgwu': [],
  /** The SMF's session pools lack the APNs' IPv6 prefixes (an IPv4-only core configuration). */
  'open5gs-smf': ['no-ipv6-pool'],
  'open5gs-upf': [],
};

/** A container's addresses on the lab's core network. */
export interface CoreAddresses {
  ipv6: string;
  ipv4?: string;
}

/** What one open5gs element needs to know of its peers in the target. */
export interface Open5gsPeers {
  /** SGW-C: its SGW-U; SMF: its UPF. */
  userPlane?: CoreAddresses;
  /** SMF: the PCRF's Diameter identity and address (Gx, TS 29.212). */
  pcrf?: { address: string; port: number; originHost: string; realm: string };
  /** UPF: the APNs of the SMFs that use it (their pools must be on its TUN, besides its own). */
  apns?: Readonly<Record<string, ApnPolicy>>;
}

const CONF = '/etc/v6harness/open5gs';
const BIN = '/opt/open5gs/bin';
const FDX = '/opt/open5gs/lib/freeDiameter';

/** GTP servers on every address of the container, the declared transport's first. */
function servers(el: RealElement, own: CoreAddresses): { address: string }[] {
  const v6first = (el.transport ?? 'ipv6') === 'ipv6';
  const list = v6first ? [own.ipv6, own.ipv4] : [own.ipv4, own.ipv6];
  return list.filter((a): a is string => Boolean(a)).map((address) => ({ address }));
}

/** PFCP on the declared transport's address (its Node ID, TS 29.244 §8.2.38). */
function pfcpAddress(el: RealElement, own: CoreAddresses): string {
  return (el.interfaces?.sxb ?? el.transport ?? 'ipv6') === 'ipv4' && own.ipv4 ? own.ipv4 : own.ipv6;
}

function peerAddress(el: RealElement, peer: CoreAddresses | undefined, what: string): string {
  if (!peer) throw new Error(`open5gs ${el.software} needs its ${what}`);
  return (el.interfaces?.sxb ?? el.transport ?? 'ipv6') === 'ipv4' && peer.ipv4 ? peer.ipv4 : peer.ipv6;
}

/**
 * The session pools of `apns` as open5gs lists them (`session:` subnets per DNN, the first address
 * the gateway): only the families each APN grants, so an IPv6-only APN has no IPv4 pool.
 */
export function sessionPools(
  apns: Readonly<Record<string, ApnPolicy>>,
  opts: { dev?: string; withoutIpv6?: boolean } = {},
): { subnet: string; gateway: string; dnn: string; dev?: string }[] {
  const out: { subnet: string; gateway: string; dnn: string; dev?: string }[] = [];
  for (const [dnn, a] of Object.entries(apns)) {
    if (a.pdnTypes !== 'ipv4' && !opts.withoutIpv6)
      out.push({ subnet: a.ipv6Pool, gateway: firstIpv6(a.ipv6Pool), dnn, ...(opts.dev ? { dev: opts.dev } : {}) });
    if (a.pdnTypes !== 'ipv6')
      out.push({ subnet: a.ipv4Pool, gateway: firstIpv4(a.ipv4Pool), dnn, ...(opts.dev ? { dev: opts.dev } : {}) });
  }
  // One subnet once (two APNs may share a pool); open5gs refuses a duplicate.
  return out.filter((p, i) => out.findIndex((q) => q.subnet === p.subnet && q.dnn === p.dnn) === i);
}

function firstIpv6(prefix: string): string {
  return Address6.fromBigInt(new Address6(prefix).startAddress().bigInt() + 1n).correctForm();
}

function firstIpv4(prefix: string): string {
  return Address4.fromBigInt(new Address4(prefix).startAddress().bigInt() + 1n).correctForm();
}

const base = { global: { max: { ue: 4096 } } };

function daemon(software: Open5gsSoftware): string {
  return { 'open5gs-sgwc': 'sgwcd', 'open5gs-sgwu': 'sgwud', 'open5gs-smf': 'smfd', 'open5gs-upf': 'upfd' }[software];
}

/**
 * The container's files and start command for one open5gs element. `ready`: the log lines that
 * say it serves (the SGW-C and SMF only once associated with their user plane over PFCP, the SMF
 * also once its Gx peer is open).
 */
export function open5gsConfig(el: RealElement, own: CoreAddresses, peers: Open5gsPeers): RealConfig {
  const software = el.software as Open5gsSoftware;
  const name = daemon(software);
  const files: { path: string; content: string }[] = [];
  let body: Record<string, unknown>;
  // A user plane serves once its PFCP server runs (open5gs answers no Heartbeat from a peer it has no
  // association with, against TS 29.244 §6.2.2.1: the lab cannot probe it over the network).
  let ready = ['UPF initialize...done'];
  let setup: string | undefined;
  let kernel: RealConfig['kernel'];
  let sysctls: RealConfig['sysctls'];
  switch (software) {
    case 'open5gs-sgwc':
      body = {
        sgwc: {
          gtpc: { server: servers(el, own) },
          pfcp: {
            server: [{ address: pfcpAddress(el, own) }],
            client: { sgwu: [{ address: peerAddress(el, peers.userPlane, 'SGW-U (userPlane:)') }] },
          },
        },
      };
      ready = ['PFCP associated'];
      break;
    case 'open5gs-sgwu':
      ready = ['SGW-U initialize...done'];
      body = {
        // One server entry with both addresses: open5gs makes one user plane IP resource of each
        // entry (lib/gtp/context.c) and answers a CHOOSE F-TEID with the first, so the S1-U F-TEID
        // offers both families only when one entry holds both (TS 29.274 §8.22: V4 and V6 may both be set).
        sgwu: {
          pfcp: { server: [{ address: pfcpAddress(el, own) }] },
          gtpu: { server: [{ address: servers(el, own).map((s) => s.address) }] },
        },
      };
      break;
    case 'open5gs-smf': {
      const apns = el.apns ?? {};
      const first = Object.values(apns)[0];
      const dns = [
        ...new Set(Object.values(apns).flatMap((a) => [...(a.pdnTypes !== 'ipv4' ? a.dnsIpv6 : []), ...a.dnsIpv4])),
      ];
      const pcrf = peers.pcrf;
      if (!pcrf) throw new Error('open5gs SMF needs its PCRF (pcrf:): it sends CCR-I for every session');
      const fdConf = `${CONF}/smf-freediameter.conf`;
      files.push({ path: fdConf, content: smfFreeDiameter(own, pcrf) });
      body = {
        smf: {
          pfcp: {
            server: [{ address: pfcpAddress(el, own) }],
            client: {
              upf: [{ address: peerAddress(el, peers.userPlane, 'UPF (userPlane:)'), dnn: Object.keys(apns) }],
            },
          },
          gtpc: { server: servers(el, own) },
          gtpu: { server: servers(el, own) },
          session: sessionPools(apns, { withoutIpv6: el.faults.includes('no-ipv6-pool') }),
          // open5gs holds at most two servers per family.
          dns: [...dns.filter((d) => d.includes(':')).slice(0, 2), ...dns.filter((d) => !d.includes(':')).slice(0, 2)],
          mtu: first?.mtu ?? 1400,
          ctf: { enabled: 'no' },
          freeDiameter: fdConf,
        },
      };
      ready = ['PFCP associated', 'CONNECTED TO'];
      break;
    }
    case 'open5gs-upf': {
      // Its SMFs' pools and its own (what a PGW-C driver asks of it), each subnet once.
      const pools = [
        ...sessionPools(peers.apns ?? {}, { dev: 'ogstun' }),
        ...sessionPools(el.apns ?? {}, { dev: 'ogstun' }),
        ...sessionPools(el.dnns ?? {}, { dev: 'ogstun' }),
      ];
      body = {
        upf: {
          pfcp: { server: [{ address: pfcpAddress(el, own) }] },
          gtpu: { server: servers(el, own) },
          session: pools.filter((p, i) => pools.findIndex((q) => q.subnet === p.subnet) === i),
        },
      };
      // open5gs opens ogstun but leaves its addresses to the host on Linux (src/upf/gtp-path.c):
      // the device is made here, up, with each pool's gateway address (routing the pool to it).
      const subnets = (body.upf as { session: { subnet: string; gateway: string }[] }).session;
      setup = [
        'ip tuntap add name ogstun mode tun',
        'ip link set ogstun up',
        ...subnets.map(
          (p) => `ip ${p.subnet.includes(':') ? '-6 ' : ''}addr add ${p.gateway}/${p.subnet.split('/')[1]} dev ogstun`,
        ),
      ].join(' && ');
      kernel = { tun: true };
      sysctls = {
        'net.ipv6.conf.all.forwarding': '1',
        'net.ipv4.ip_forward': '1',
        'net.ipv6.conf.all.disable_ipv6': '0',
        'net.ipv6.conf.default.disable_ipv6': '0',
      };
      break;
    }
  }
  files.push({ path: `${CONF}/${name}.yaml`, content: stringify({ logger: { level: 'info' }, ...base, ...body }) });
  return {
    files,
    setup,
    // Line-buffered, so the supervisor sees the ready lines as they are logged.
    start: `stdbuf -oL -eL ${BIN}/open5gs-${name} -c ${CONF}/${name}.yaml`,
    ready: ready[ready.length - 1],
    readyAll: ready,
    // PFCP association and the Gx connection follow start-up by a few seconds (more on a loaded machine).
    readyWithinS: 60,
    port: software === 'open5gs-upf' || software === 'open5gs-sgwu' ? 8805 : 2123,
    ...(kernel ? { kernel } : {}),
    ...(sysctls ? { sysctls } : {}),
  };
}

/**
 * The SMF's freeDiameter (Gx client, TS 29.212): TCP only (`No_SCTP`: the lab's kernel may lack
 * SCTP, and freeDiameter aborts without it), no TLS, the dictionaries Gx needs, one peer: the PCRF.
 * Tc 3 s: a PCRF that starts a moment later is connected soon.
 */
function smfFreeDiameter(own: CoreAddresses, pcrf: NonNullable<Open5gsPeers['pcrf']>): string {
  const load = (n: string) => `LoadExtension = "${FDX}/${n}.fdx";`;
  return [
    `Identity = "smf.${pcrf.realm}";`,
    `Realm = "${pcrf.realm}";`,
    `ListenOn = "${own.ipv6}";`,
    'Port = 3868;',
    'SecPort = 0;',
    'No_SCTP;',
    'NoRelay;',
    'TcTimer = 3;',
    load('dict_rfc5777'),
    load('dict_mip6i'),
    load('dict_nasreq'),
    load('dict_nas_mipv6'),
    load('dict_dcca'),
    load('dict_dcca_3gpp'),
    `ConnectPeer = "${pcrf.originHost}" { ConnectTo = "${pcrf.address}"; Port = ${pcrf.port}; No_TLS; No_SCTP; };`,
    '',
  ].join('\n');
}
