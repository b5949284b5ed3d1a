import { Pgw, PGW_FAULTS, isPgwFault } from '../../elements/pgw/index.ts';
import { GTPV2C_PORT } from '../../protocol/gtpv2c/index.ts';
import { GTPU_PORT } from '../../protocol/gtpu/index.ts';
import { Ggsn, GGSN_FAULTS, isGgsnFault } from '../../elements/ggsn/index.ts';
import { Sgw, SGW_FAULTS, isSgwFault } from '../../elements/sgw/index.ts';
import { PgwU, PGW_U_FAULTS, isPgwUFault } from '../../elements/pgw-u/index.ts';
import { Upf, UPF_FAULTS, isUpfFault } from '../../elements/upf/index.ts';
import { PFCP_PORT } from '../../protocol/pfcp/index.ts';
import { Dns64, DNS64_FAULTS, isDns64Fault } from '../../elements/dns64/index.ts';
import { DNS_PORT } from '../../protocol/dns/index.ts';
import { Hss, HSS_FAULTS, isHssFault } from '../../elements/hss/index.ts';
import { DIAMETER_PORT } from '../../protocol/diameter/index.ts';
import { radiusSecret, type StandinElement, type Target } from '../target.ts';
import { AaaStandin, AAA_FAULTS, isAaaFault } from '../../elements/aaa/index.ts';
import type { AccountingRecord } from '../../protocol/radius/index.ts';
import { RADIUS_ACCT_PORT } from '../../protocol/radius/index.ts';
import { Pcrf, PCRF_FAULTS, isPcrfFault, type GxRecord } from '../../elements/pcrf/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { Amf, AMF_FAULTS, isAmfFault, type SmStatusNotification } from '../../elements/amf/index.ts';
import { amfStandinOptions } from './amf-options.ts';
import { sourceAddressFor } from '../../net/transactions/source-address.ts';
import { Smf, SMF_FAULTS, isSmfFault, type N16Record } from '../../elements/smf/index.ts';

/** The SBI's http port (TS 29.500 §5.2: "http" URIs without a port mean 80). */
const SBI_HTTP_PORT = 80;

/**
 * The stand-ins the in-process lab can run, by name. Each entry knows its fault list (validated
 * before the run starts) and how to start one instance on a loopback address.
 */
export interface RunningStandin {
  /** Which stand-in this is (pgw, sgw, ggsn ...), whatever the element is called in the target. */
  role: string;
  /** An AAA's RADIUS secret and its records (what a PGW configured with `aaa:` needs, and scenarios read). */
  aaa?: { secret: string; records(): readonly AccountingRecord[] };
  /** A PCRF's Gx records (what the PCEF sent in each CCR) and its Diameter identity. */
  gx?: { originHost: string; records(): readonly GxRecord[] };
  address: string;
  port: number;
  userPlanePort?: number;
  /** An AMF's N2 SCTP transport and, over UDP (RFC 6951), the encapsulation port. */
  sctp?: { transport: 'raw' | 'udp'; udpPort?: number };
  /** An element's SBI API root (http://host:port): the SMF's N11. */
  sbi?: string;
  /** An AMF's received SmContextStatusNotify (TS 29.502 §5.2.2.5). */
  smContextStatus?: () => readonly SmStatusNotification[];
  /** An SMF's N16 records (home-routed roaming, elements/smf/n16-log.ts). */
  n16?: () => readonly N16Record[];
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StandinHost {
  ipv6: string;
  ipv4: string;
  /**
   * Where a stand-in records what it says to other stand-ins: legs no driver sees (SGW to PGW
   * over S5/S8, a gateway's RADIUS accounting to the AAA). In-process, the scenario's pcap
   * (bounded, so a load does not grow it with the rate); in a container, nothing (tcpdump there
   * captures every leg).
   */
  recorder?: PacketRecorder;
  /** In a container: where a stand-in that keeps records (the PCRF's Gx) appends them, one JSON per line. */
  onRecord?: (record: unknown) => void;
}

/** Where Wireshark looks for a stand-in's protocol: its registered port, and the dissector's name for "Decode As". */
export interface StandinWire {
  transport: 'udp' | 'tcp';
  port: number;
  dissector: string;
}

export interface StandinFactory {
  faults: readonly string[];
  /** Its control interface on the wire (and GTP-U where it has a user plane). */
  wire: StandinWire;
  /** `peers`: the stand-ins of the same scenario by element name, filled as they start. */
  /**
   * `host`: the addresses this stand-in binds and puts in its F-TEIDs. In-process: ::1 and its
   * own 127.0.0.x (Linux answers all of 127/8 on lo), so elements of the same role are told apart
   * by address as F-TEIDs name them; in a container: the container's addresses.
   */
  start(
    el: StandinElement,
    log: (line: string) => void,
    peers: ReadonlyMap<string, RunningStandin>,
    target: Target,
    host: StandinHost,
  ): Promise<RunningStandin>;
}

export const STANDINS: Record<string, StandinFactory> = {
  // The AMF (N2 NGAP over our SCTP, TS 38.413), with the AUSF/UDM folded in: the target's
  // subscribers with K/OPc; PDU sessions relayed over N11 to the SMF its `smf:` names.
  amf: {
    wire: { transport: 'udp', port: 9899, dissector: 'sctp' },
    faults: AMF_FAULTS,
    async start(el, log, peers, _target, host) {
      const smf = el.smf ? peers.get(el.smf) : undefined;
      const address = hostAddress(el, host);
      // The SMF calls back (TS 29.518 §5.2.2.3) where it can reach us: our route's source address
      // toward it (loopback for an in-process SMF, the host's interface for one elsewhere).
      const namfAddress = smf?.sbi ? await sourceAddressFor(smf.address) : undefined;
      const make = (udpPort: number) =>
        new Amf({
          ...amfStandinOptions(el),
          address,
          ...(namfAddress ? { namfAddress } : {}),
          // Raw SCTP sees every SCTP packet of the host: a port of its own keeps parallel runs apart.
          port: el.sctp === 'raw' ? 30000 + Math.floor(Math.random() * 8000) : 38412,
          transport: el.sctp,
          udpPort,
          // Without an SMF the AMF answers PDU sessions of its declared DNNs itself (a temporary limit).
          ...(smf?.sbi ? { smf: smf.sbi } : { dnns: el.dnns }),
          faults: el.faults.filter(isAmfFault),
          onError: logError(log, 'amf'),
        });
      const amf = el.sctp === 'udp' ? await onStandardPortIfFree(9899, make) : make(0);
      if (el.sctp === 'raw') await amf.start();
      return {
        ...amf.endpoint,
        role: 'amf',
        sctp: { transport: el.sctp, ...(amf.udpPort !== undefined ? { udpPort: amf.udpPort } : {}) },
        smContextStatus: () => amf.statusNotifications,
        restart: async () => {
          throw new Error('the AMF stand-in does not restart');
        },
        stop: () => amf.stop(),
      };
    },
  },
  // The SMF (Nsmf_PDUSession on N11 over HTTP/2, TS 29.502; N4 to the UPF its `upf:` names, which
  // starts first). Its DNNs are the ones the AMF that names it serves.
  smf: {
    wire: { transport: 'tcp', port: SBI_HTTP_PORT, dissector: 'http2' },
    faults: SMF_FAULTS,
    async start(el, log, peers, _target, host) {
      const upf = el.upf ? peers.get(el.upf) : undefined;
      if (!upf)
        throw new Error(
          el.upf
            ? `the SMF's UPF "${el.upf}" is not running (it starts before the SMF)`
            : 'the SMF declares no UPF (upf:)',
        );
      const hsmf = el.hsmf ? peers.get(el.hsmf) : undefined;
      if (el.smfRole === 'v-smf' && !hsmf?.sbi)
        throw new Error(
          el.hsmf
            ? `the V-SMF's H-SMF "${el.hsmf}" is not running (it starts before the V-SMF)`
            : 'the V-SMF declares no H-SMF (hsmf:)',
        );
      // N11 on http's port 80 where free (TS 29.500 §5.2: h2c on the default port), else one chosen at run time.
      const smf = await onStandardPortIfFree(
        SBI_HTTP_PORT,
        (sbiPort) =>
          new Smf({
            address: hostAddress(el, host),
            sbiPort,
            upf: {
              address: upf.address,
              port: upf.port,
              ...(upf.userPlanePort !== undefined ? { userPlanePort: upf.userPlanePort } : {}),
            },
            dnns: el.dnns,
            role: el.smfRole,
            ...(hsmf?.sbi ? { hSmf: hsmf.sbi } : {}),
            faults: el.faults.filter(isSmfFault),
            ...(host.recorder ? { recorder: host.recorder } : {}),
            onError: logError(log, 'smf'),
          }),
      );
      return {
        ...smf.endpoint,
        role: 'smf',
        sbi: smf.apiRoot,
        ...(el.smfRole === 'v-smf' || el.smfRole === 'h-smf' ? { n16: () => smf.n16.records } : {}),
        restart: async () => {
          throw new Error('the SMF stand-in does not restart');
        },
        stop: () => smf.stop(),
      };
    },
  },
  pgw: {
    wire: { transport: 'udp', port: GTPV2C_PORT, dissector: 'gtpv2' },
    faults: PGW_FAULTS,
    async start(el, log, peers, target, host) {
      // RADIUS accounting (TS 29.061 §16) to the AAA the target names, when this scenario runs it too.
      const aaa = el.aaa ? peers.get(el.aaa) : undefined;
      const pgw = await onStandardPortIfFree(
        GTPV2C_PORT,
        (port) =>
          new Pgw({
            address: (el.interfaces.s5 ?? el.transport) === 'ipv6' ? host.ipv6 : host.ipv4,
            port,
            userPlanePort: port === 0 ? 0 : GTPU_PORT,
            restartCounter: el.restartCounter,
            faults: el.faults.filter(isPgwFault),
            apns: el.apns,
            internet: target.internet,
            sgiTun: el.sgi === 'tun',
            ...(aaa?.aaa
              ? {
                  accounting: { address: aaa.address, port: aaa.port, secret: aaa.aaa.secret, recorder: host.recorder },
                }
              : {}),
            onError: logError(log, 'pgw'),
          }),
      );
      return {
        ...pgw.endpoint,
        role: 'pgw',
        userPlanePort: pgw.userPlane.endpoint.port,
        restart: () => pgw.restart(),
        stop: () => pgw.stop(),
      };
    },
  },
  sgw: {
    wire: { transport: 'udp', port: GTPV2C_PORT, dissector: 'gtpv2' },
    faults: SGW_FAULTS,
    async start(el, log, peers, _target, host) {
      // The MME names the PGW by address; in-process every element shares loopback, so the SGW
      // finds the PGW stand-in's run-time ports among this scenario's stand-ins.
      const pgwPorts = (address: string) => {
        for (const p of peers.values()) {
          if (p.address === address && p.userPlanePort !== undefined && p.role === 'pgw')
            return { control: p.port, userPlane: p.userPlanePort };
        }
        return undefined;
      };
      const on = (i: 's11' | 's1u' | 's5') => ((el.interfaces[i] ?? el.transport) === 'ipv6' ? host.ipv6 : host.ipv4);
      // On 2123/2152 where free (its own container); in-process the PGW usually holds them.
      const sgw = await onStandardPortIfFree(
        GTPV2C_PORT,
        (port) =>
          new Sgw({
            // Dual-stack toward PGWs: S5/S8 of the declared family, and the other for PGWs only reachable over it.
            addresses: {
              s11: on('s11'),
              s1u: on('s1u'),
              s5: on('s5'),
              s5Alt: on('s5') === host.ipv6 ? host.ipv4 : host.ipv6,
            },
            port,
            userPlanePort: port === 0 ? 0 : GTPU_PORT,
            restartCounter: el.restartCounter,
            faults: el.faults.filter(isSgwFault),
            pgwPorts,
            recorder: host.recorder,
            onError: logError(log, 'sgw'),
          }),
      );
      return {
        ...sgw.endpoint,
        role: 'sgw',
        userPlanePort: sgw.userPlane.endpoint.port,
        restart: async () => {
          throw new Error('the SGW stand-in does not restart yet');
        },
        stop: () => sgw.stop(),
      };
    },
  },
  'pgw-u': {
    wire: { transport: 'udp', port: PFCP_PORT, dissector: 'pfcp' },
    faults: PGW_U_FAULTS,
    async start(el, log, _peers, _target, host) {
      // PFCP on 8805 and GTP-U on 2152 where free (its own container); else run-time ports.
      const up = await onStandardPortIfFree(
        PFCP_PORT,
        (port) =>
          new PgwU({
            address: (el.interfaces.sxb ?? el.transport) === 'ipv6' ? host.ipv6 : host.ipv4,
            port,
            userPlanePort: port === 0 ? 0 : GTPU_PORT,
            faults: el.faults.filter(isPgwUFault),
            apns: el.apns,
            onError: logError(log, 'pgw-u'),
          }),
      );
      return {
        ...up.endpoint,
        role: 'pgw-u',
        userPlanePort: up.userPlane.endpoint.port,
        restart: async () => {
          throw new Error('the PGW-U stand-in does not restart yet');
        },
        stop: () => up.stop(),
      };
    },
  },
  // 5GS: the UPF on N4 (PFCP, TS 29.244 in the 5G role) and N3/N6 (TS 23.501 §6.2.3), the SMF played by the harness.
  upf: {
    wire: { transport: 'udp', port: PFCP_PORT, dissector: 'pfcp' },
    faults: UPF_FAULTS,
    async start(el, log, peers, target, host) {
      const upf = await onStandardPortIfFree(
        PFCP_PORT,
        (port) =>
          new Upf({
            // N9 (home-routed roaming): another UPF of the scenario, on its own address.
            n9Port: (address) =>
              [...peers.values()].find((p) => p.role === 'upf' && p.address === address)?.userPlanePort,
            address: hostAddress(el, host),
            port,
            userPlanePort: port === 0 ? 0 : GTPU_PORT,
            faults: el.faults.filter(isUpfFault),
            dnns: el.dnns,
            internet: target.internet,
            platPrefixes: platPrefixesOfUpf(el, target),
            ...(host.recorder ? { recorder: host.recorder } : {}),
            onError: logError(log, 'upf'),
          }),
      );
      return {
        ...upf.endpoint,
        role: 'upf',
        userPlanePort: upf.userPlane.endpoint.port,
        restart: () => upf.restart(),
        stop: () => upf.stop(),
      };
    },
  },
  ggsn: {
    wire: { transport: 'udp', port: GTPV2C_PORT, dissector: 'gtp' },
    faults: GGSN_FAULTS,
    async start(el, log, peers, target, host) {
      // RADIUS accounting (TS 29.061 §16) to the AAA the target names, when this scenario runs it too.
      const aaa = el.aaa ? peers.get(el.aaa) : undefined;
      // 2123/2152 where free (its own container); else ports chosen at run time, which the SGSN
      // driver learns from the lab.
      const ggsn = await onStandardPortIfFree(
        GTPV2C_PORT,
        (port) =>
          new Ggsn({
            address: hostAddress(el, host),
            port,
            userPlanePort: port === 0 ? 0 : GTPU_PORT,
            restartCounter: el.restartCounter,
            faults: el.faults.filter(isGgsnFault),
            apns: el.apns,
            internet: target.internet,
            echoIntervalS: el.echoInterval,
            ...(aaa?.aaa
              ? {
                  accounting: { address: aaa.address, port: aaa.port, secret: aaa.aaa.secret, recorder: host.recorder },
                }
              : {}),
            onError: logError(log, 'ggsn'),
          }),
      );
      return {
        ...ggsn.endpoint,
        role: 'ggsn',
        userPlanePort: ggsn.userPlane.endpoint.port,
        restart: () => ggsn.restart(),
        stop: () => ggsn.stop(),
      };
    },
  },
  // The DNS64 of the gateway centre (RFC 6147), answering the target's gateway names itself.
  dns64: {
    wire: { transport: 'udp', port: DNS_PORT, dissector: 'dns' },
    faults: DNS64_FAULTS,
    async start(el, log, _peers, target, host) {
      const dns64 = await onStandardPortIfFree(
        DNS_PORT,
        (port) =>
          new Dns64({
            address: host.ipv6,
            port,
            prefix: el.nat64Prefix ?? target.gateway.nat64Prefix,
            names: target.gateway.names,
            faults: el.faults.filter(isDns64Fault),
            onError: (err) => log(`dns64: ${err instanceof Error ? err.message : String(err)}`),
          }),
      );
      return { ...dns64.endpoint, role: 'dns64', restart: async () => {}, stop: () => dns64.stop() };
    },
  },
  // The HSS (S6a Diameter over TCP, TS 29.272), serving the subscribers the target declares.
  aaa: {
    wire: { transport: 'udp', port: RADIUS_ACCT_PORT, dissector: 'radius' },
    faults: AAA_FAULTS,
    async start(el, log, _peers, _target, host) {
      const secret = radiusSecret(el);
      const aaa = await onStandardPortIfFree(
        RADIUS_ACCT_PORT,
        (port) =>
          new AaaStandin({
            address: hostAddress(el, host),
            port,
            secret,
            faults: el.faults.filter(isAaaFault),
            onError: logError(log, 'aaa'),
          }),
      );
      return {
        ...aaa.endpoint,
        role: 'aaa',
        aaa: { secret, records: () => aaa.records },
        restart: async () => {
          throw new Error('the AAA stand-in does not restart');
        },
        stop: () => aaa.stop(),
      };
    },
  },
  // The PCRF (Gx Diameter over TCP, TS 29.212), authorizing IP-CAN sessions by the declared policy.
  pcrf: {
    wire: { transport: 'tcp', port: DIAMETER_PORT, dissector: 'diameter' },
    faults: PCRF_FAULTS,
    async start(el, log, _peers, _target, host) {
      const pcrf = await onStandardPortIfFree(
        DIAMETER_PORT,
        (port) =>
          new Pcrf({
            address: hostAddress(el, host),
            port,
            realm: el.diameterRealm,
            policy: el.policy,
            faults: el.faults.filter(isPcrfFault),
            onRecord: host.onRecord,
            onError: logError(log, 'pcrf'),
          }),
      );
      return {
        ...pcrf.endpoint,
        role: 'pcrf',
        gx: { originHost: pcrf.originHost, records: () => pcrf.records },
        restart: async () => {
          throw new Error('the PCRF stand-in does not restart');
        },
        stop: () => pcrf.stop(),
      };
    },
  },
  hss: {
    wire: { transport: 'tcp', port: DIAMETER_PORT, dissector: 'diameter' },
    faults: HSS_FAULTS,
    async start(el, log, _peers, _target, host) {
      const hss = await onStandardPortIfFree(
        DIAMETER_PORT,
        (port) =>
          new Hss({
            address: hostAddress(el, host),
            port,
            realm: el.diameterRealm,
            homePlmn: el.homePlmn,
            subscribers: el.subscribers ?? {},
            faults: el.faults.filter(isHssFault),
            onError: logError(log, 'hss'),
          }),
      );
      return {
        ...hss.endpoint,
        role: 'hss',
        restart: async () => {
          throw new Error('the HSS stand-in does not restart yet');
        },
        stop: () => hss.stop(),
      };
    },
  },
};

/**
 * Starts an element on its interface's registered port when that port is free on loopback (so
 * the scenario's pcap dissects in Wireshark without "decode as"), else on a port chosen by the
 * kernel (parallel runs, or a real element already listening there).
 */
async function onStandardPortIfFree<T extends { start(): Promise<void> }>(
  port: number,
  make: (port: number) => T,
): Promise<T> {
  const preferred = make(port);
  try {
    await preferred.start();
    return preferred;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
  }
  const fallback = make(0);
  await fallback.start();
  return fallback;
}

/** A stand-in's onError: one log line naming the element and the error. */
function logError(log: (line: string) => void, element: string): (err: unknown) => void {
  return (err) => log(`${element}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
}

/** The host address of the element's declared transport. */
function hostAddress(el: { transport?: string }, host: { ipv6: string; ipv4: string }): string {
  return el.transport === 'ipv6' ? host.ipv6 : host.ipv4;
}

/**
 * The Pref64s whose PLAT sits behind a UPF's N6 in-process (RFC 6877 §2, 464XLAT over 5GS): those
 * of its own DNNs and of the DNNs of every SMF whose `upf:` names it, unless the DNN names another
 * element as its PLAT (`plat:`).
 */
function platPrefixesOfUpf(el: StandinElement, target: Target): string[] {
  const name = Object.entries(target.elements).find(([, e]) => e === el)?.[0];
  const dnns = [
    ...Object.values(el.dnns ?? {}),
    ...Object.values(target.elements).flatMap((e) =>
      e.kind === 'standin' && name !== undefined && e.upf === name ? Object.values(e.dnns ?? {}) : [],
    ),
  ];
  return [...new Set(dnns.flatMap((d) => (d.pref64 && !d.plat ? [d.pref64] : [])))];
}
