import { randomBytes } from 'node:crypto';
import { Address6 } from 'ip-address';
import { execa } from 'execa';
import type { StartedTestContainer } from 'testcontainers';
import { radiusSecret, type RealElement, type Target } from '../target.ts';
import { LabError, type ElementEndpoint, type FarHost } from '../types.ts';
import { cableFirewall, plumbFirewall } from './firewall-plumbing.ts';
import { firewallAddresses } from './real/firewall-addresses.ts';
import { connectTo, containerAddresses, createLabNetwork, removeNetwork } from './docker-api.ts';
import { execIn, shellIn } from './container-ops.ts';
import { startElementContainer } from './element-container.ts';
import { removeContainer, runPlain } from './lab-objects.ts';
import { firewallServer, gatewayNetwork, ipv4HostCommand, ipv4Network, networkName } from './topology.ts';
import { acquireHostLock, type HeldLock } from './host-lock.ts';
import { answersDns } from './health.ts';
import {
  authoritative,
  DETAIL_GLOB,
  parseDetail,
  realConfig,
  supervisorScript,
  type RealConfig,
} from './real/index.ts';
import { zoneOrigin } from './real/zone.ts';
import { WELL_KNOWN_PREFIX } from '../../protocol/dns/index.ts';

/**
 * The gateway centre of the docker lab: real elements from Debian packages (unbound, bind9,
 * tayga) in containers of the lab image, configured from the target's `gateway:` policy. They sit
 * on the internal gateway network of topology.ts (fd00:6:2::/64; the host holds ::1 and sends from there), next to
 * one authoritative bind9 for the scenarios' names, so nothing a resolver asks leaves the
 * machine. A NAT64 also joins an internal IPv4 network where the target's IPv4-only host answers
 * UDP and TCP echo; the host routes Pref64::/n to the translator while the NAT64 runs.
 */
const GATEWAY = gatewayNetwork();
const SUBNET = GATEWAY.ipv6 ?? '';

export interface Labels {
  /** Part of every container and network name. */
  name: string;
  labels: Record<string, string>;
  image: string;
  capture: string;
}

interface Addresses {
  ipv6: string;
  ipv4: string;
}

export class GatewayCentre {
  private network?: string;
  private auth?: Addresses;
  private ipv4Net?: { network: string; translator: string };
  private release?: HeldLock;

  constructor(
    private readonly target: Target,
    private readonly labels: Labels,
  ) {}

  /** The gateway network's host lock, while held (handed to a clean-up that outlives us). */
  lock(): HeldLock | undefined {
    return this.release;
  }

  private async ensureNetwork(): Promise<string> {
    if (this.network) return this.network;
    const name = networkName(this.labels.name, 'gw');
    this.release ??= await acquireHostLock('gateway');
    await createLabNetwork(name, GATEWAY, this.labels.labels);
    this.network = name;
    return name;
  }

  /** The lab's authoritative bind9 for the target's names (one per run). */
  private async authoritative(): Promise<string> {
    if (this.auth) return this.auth.ipv6;
    const network = await this.ensureNetwork();
    const c = await this.start('authoritative', authoritative(this.target.gateway), network);
    this.auth = await addressesOn(c.getId(), network);
    if (!(await answersDns(this.auth.ipv6, 53, zoneOrigin(this.target.gateway))))
      throw new LabError('authoritative', `the lab's authoritative bind9 does not answer at [${this.auth.ipv6}]:53`);
    return this.auth.ipv6;
  }

  /**
   * The internal IPv4 network behind a NAT64, on the /24 of the target's IPv4-only host: the host
   * container answers UDP and TCP echo (RFC 862) and runs an iperf3 server. It has no route to the NAT64's pool: answers go
   * to the translator's own address on this network, which its NAT44 maps back.
   */
  private async ipv4Internet(): Promise<{ network: string; translator: string }> {
    if (this.ipv4Net) return this.ipv4Net;
    const hosts = this.target.internet;
    if (!hosts) throw new LabError('nat64', "a NAT64 needs the target's internet: hosts (its IPv4-only host)");
    const net = ipv4Network(hosts, this.target.gateway.nat64Ipv4Mtu);
    const { translator } = net;
    const network = networkName(this.labels.name, 'ipv4');
    await createLabNetwork(network, net, this.labels.labels, 'nat64');
    const port = hosts.udpEchoPort;
    await runPlain({
      name: `v6h-${this.labels.name}-ipv4-host`,
      image: this.labels.image,
      labels: this.labels.labels,
      network,
      ipv4: hosts.ipv4Only,
      command: ipv4HostCommand(port),
    });
    this.ipv4Net = { network, translator };
    return this.ipv4Net;
  }

  /**
   * Starts one real element for a scenario; `stop` removes it and any host route it needed. `core`:
   * the lab's core network, where an AAA must sit to hear the gateways (they are not on this
   * centre's network).
   */
  async open(
    name: string,
    el: RealElement,
    core?: () => Promise<{ network: string; subnet: string }>,
  ): Promise<{ container: StartedTestContainer; endpoint: ElementEndpoint; stop: () => Promise<void> }> {
    if (el.software === 'nftables') return this.openFirewall(name, el);
    if (el.software === 'freeradius') {
      if (!core) throw new LabError(name, 'freeradius needs the core network of the docker lab');
      return this.openAaa(name, el, await core());
    }
    const network = await this.ensureNetwork();
    const auth = el.software === 'unbound' ? await this.authoritative() : '';
    const cfg = realConfig(el, this.target.gateway, auth, hostAddress(SUBNET));
    const container = await this.start(name, cfg, network);
    const cleanups: (() => Promise<unknown>)[] = [() => container.stop({ timeout: 2_000 })];
    const stop = async () => {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    };
    try {
      const own = await addressesOn(container.getId(), network);
      let ipv4Address = own.ipv4 || undefined;
      if (el.software === 'tayga') {
        const v4 = await this.ipv4Internet();
        await connectTo(v4.network, container.getId(), { ipv4: v4.translator });
        // Its address on the IPv4 side: where IPv4 hosts (and the harness, for inbound tests) send.
        ipv4Address = v4.translator;
        // The declared Pref64 and the well-known one (RFC 6052 §2.1) both lead to the translator, as
        // in an operator network where both reach the NAT64: the NAT64 scenarios probe both and
        // name the one it translates (scenarios/gateway/nat64-path.ts).
        const prefixes = [...new Set([el.nat64Prefix ?? this.target.gateway.nat64Prefix, WELL_KNOWN_PREFIX])];
        // From the host's address on the lab network: the only one the translator can answer.
        const src = hostAddress(SUBNET);
        for (const prefix of prefixes) {
          await ip(['-6', 'route', 'replace', prefix, 'via', own.ipv6, 'src', src], name);
          cleanups.push(() => ip(['-6', 'route', 'del', prefix, 'via', own.ipv6], name));
        }
      } else if (!(await answersDns(own.ipv6, cfg.port, zoneOrigin(this.target.gateway)))) {
        throw new LabError(name, `${el.software} started but does not answer DNS at [${own.ipv6}]:${cfg.port}`);
      }
      return {
        container,
        stop,
        endpoint: { name, kind: 'real', address: own.ipv6, ipv4Address, port: cfg.port, family: 6, apns: {} },
      };
    } catch (e) {
      await stop();
      throw e;
    }
  }

  /**
   * freeradius as the AAA on the core network, taking accounting from the lab's subnet (the PGW
   * containers) with the target's secret. The scenario reads what it accepted — and so found
   * with a valid Request Authenticator (RFC 2866 §3) — from its detail files.
   */
  private async openAaa(
    name: string,
    el: RealElement,
    core: { network: string; subnet: string },
  ): Promise<{ container: StartedTestContainer; endpoint: ElementEndpoint; stop: () => Promise<void> }> {
    const cfg = realConfig(el, this.target.gateway, '', '::1', [core.subnet]);
    const container = await this.start(name, cfg, core.network);
    const stop = () =>
      container.stop({ timeout: 2_000 }).then(
        () => undefined,
        () => undefined,
      );
    try {
      const own = await addressesOn(container.getId(), core.network);
      const id = container.getId();
      const accountingRecords = async () => parseDetail(await shellIn(id, `cat ${DETAIL_GLOB} 2>/dev/null || true`));
      return {
        container,
        stop,
        endpoint: {
          name,
          kind: 'real',
          address: own.ipv6,
          ...(own.ipv4 ? { ipv4Address: own.ipv4 } : {}),
          port: cfg.port,
          family: 6,
          apns: {},
          accountingRecords,
          radiusSecret: radiusSecret(el),
        },
      };
    } catch (e) {
      await stop();
      throw e;
    }
  }

  /**
   * The firewall between the harness (UE side) and a server container (internet side) on
   * hand-made links (firewall-plumbing.ts). The server echoes on every declared service's port,
   * for both families, and connects toward the UE side when a scenario asks (FarHost).
   */
  private async openFirewall(
    name: string,
    el: RealElement,
  ): Promise<{ container: StartedTestContainer; endpoint: ElementEndpoint; stop: () => Promise<void> }> {
    const p = this.target.gateway.firewall;
    const container = await this.start(name, realConfig(el, this.target.gateway, ''), 'none');
    const server = `v6h-${this.labels.name}-${name}-server-${randomBytes(2).toString('hex')}`;
    const cleanups: (() => Promise<unknown>)[] = [() => container.stop({ timeout: 2_000 })];
    const stop = async () => {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    };
    try {
      if (this.labels.name === 'manual') {
        // Brought up by hand: cabled to this host for a target that reaches it as external (no server of ours).
        await cableFirewall(container.getId(), p, name);
        const a = firewallAddresses(p);
        return {
          container,
          stop,
          endpoint: {
            name,
            kind: 'real',
            address: a.firewallUeIpv6,
            ipv4Address: a.firewallUeIpv4,
            port: 0,
            family: 6,
            apns: {},
          },
        };
      }
      const serverId = await runPlain({
        name: server,
        image: this.labels.image,
        labels: { ...this.labels.labels, 'v6harness.element': `${name}-server` },
        network: 'none',
        ...firewallServer(p),
      });
      cleanups.push(() => removeContainer(serverId));
      cleanups.push(await plumbFirewall(container.getId(), serverId, p, name));
      const a = firewallAddresses(p);
      const farHost: FarHost = {
        async connect(protocol, address, port, timeoutMs) {
          const v6 = address.includes(':');
          const target = v6 ? `[${address}]` : address;
          if (protocol === 'udp') {
            await shellIn(
              serverId,
              `echo v6harness-from-the-internet | socat -u - UDP${v6 ? 6 : 4}-SENDTO:${target}:${port}`,
            );
            return 'sent';
          }
          const r = await execIn(
            serverId,
            ['socat', '-u', 'OPEN:/dev/null', `TCP${v6 ? 6 : 4}:${target}:${port},connect-timeout=${timeoutMs / 1000}`],
            timeoutMs + 5000,
          );
          if (r.exitCode === 0) return 'connected';
          return /refused/i.test(r.stderr) ? 'refused' : 'timeout';
        },
        async discarded() {
          return Number(await shellIn(serverId, 'cat /tmp/discard.log 2>/dev/null | wc -c'));
        },
      };
      return {
        container,
        stop,
        endpoint: {
          name,
          kind: 'real',
          address: a.firewallUeIpv6,
          ipv4Address: a.firewallUeIpv4,
          port: 0,
          family: 6,
          apns: {},
          farHost,
        },
      };
    } catch (e) {
      await stop();
      throw e;
    }
  }

  private start(name: string, cfg: RealConfig, network: string): Promise<StartedTestContainer> {
    return startElementContainer({
      element: name,
      image: this.labels.image,
      name: `v6h-${this.labels.name}-${name}-${randomBytes(2).toString('hex')}`,
      network,
      labels: this.labels.labels,
      files: cfg.files.map((f) => ({ content: f.content, target: f.path })),
      entrypoint: ['sh', '-c', supervisorScript(cfg, this.labels.capture)],
      ...(cfg.sysctls ? { sysctls: cfg.sysctls } : {}),
      kernel: cfg.kernel?.tun === true,
    });
  }

  async close(): Promise<void> {
    for (const n of [this.network, this.ipv4Net?.network]) if (n) await removeNetwork(n).catch(() => undefined);
    this.network = undefined;
    this.auth = undefined;
    this.ipv4Net = undefined;
    this.release?.();
    this.release = undefined;
  }
}

/** Docker gives the bridge (the host) the subnet's first address. */
function hostAddress(subnet: string): string {
  return Address6.fromBigInt(new Address6(subnet).startAddress().bigInt() + 1n).correctForm();
}

export async function addressesOn(id: string, network: string): Promise<Addresses> {
  const a = await containerAddresses(id, network);
  if (!a.ipv6) throw new LabError('lab', `container ${id.slice(0, 12)} has no IPv6 address on ${network}`);
  return a;
}

/** The host's routing table (the lab runs as root, as containers/install-deps.sh does). */
async function ip(args: string[], element: string): Promise<void> {
  let r = await execa('ip', args, { reject: false });
  // A new bridge's own address stays tentative during duplicate address detection (RFC 4862
  // §5.4): the kernel refuses it as a route's source until then.
  for (let i = 0; i < 40 && r.exitCode !== 0 && r.stderr.includes('Invalid source address'); i++) {
    await new Promise((res) => setTimeout(res, 100));
    r = await execa('ip', args, { reject: false });
  }
  if (r.exitCode !== 0)
    throw new LabError(
      element,
      `ip ${args.join(' ')}: ${r.stderr.trim()} (the docker lab routes Pref64::/n to the NAT64 container and needs root)`,
    );
}
