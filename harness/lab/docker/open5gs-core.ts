import { randomBytes } from 'node:crypto';
import type { StartedTestContainer } from 'testcontainers';
import type { RealElement, Target } from '../target.ts';
import type { InterfaceName } from '../target.ts';
import { LabError, type ElementEndpoint } from '../types.ts';
import { startElementContainer } from './element-container.ts';
import { imageExists } from './lab-objects.ts';
import { becomesReachable } from './health.ts';
import { addressesOn, type Labels } from './real-container.ts';
import { open5gsConfig, supervisorScript, type CoreAddresses, type Open5gsPeers } from './real/index.ts';
import { isOpen5gs } from './real/open5gs.ts';
import { NO_DAD } from './topology.ts';
import { PCRF_DEFAULT_REALM } from '../../elements/pcrf/index.ts';

/**
 * open5gs on the docker lab's core network (containers/open5gs, built from source by
 * containers/open5gs/build-image.sh): each element of the target whose software is open5gs-* runs
 * in its own container of the open5gs image, configured from the target and from the addresses of
 * the peers it names, which the lab starts first (a SGW-C's SGW-U, an SMF's UPF and PCRF). A
 * container learns its own addresses when it starts (the config holds placeholders the supervisor
 * fills in), serves GTP on both families and reports ready only once associated with its user
 * plane (and, for the SMF, once its Gx peer is open); the lab then checks it from the host with a
 * GTP Echo or a PFCP Heartbeat.
 */
export const OPEN5GS_IMAGE = process.env.V6HARNESS_OPEN5GS_IMAGE ?? 'v6harness/open5gs:latest';

const OWN_IPV6 = '@OWN_IPV6@';
const OWN_IPV4 = '@OWN_IPV4@';

/** Where elements of the target depend on others: started before them, in the same scenario. */
export function open5gsDependencies(target: Target, name: string): string[] {
  const el = target.elements[name];
  if (el?.kind !== 'real' || !isOpen5gs(el.software)) return [];
  return [el.userPlane, el.pcrf].filter((n): n is string => Boolean(n));
}

export class Open5gsCore {
  private imageChecked = false;

  constructor(
    private readonly target: Target,
    private readonly labels: Labels,
  ) {}

  private async ensureImage(name: string): Promise<void> {
    if (this.imageChecked) return;
    if (!(await imageExists(OPEN5GS_IMAGE)))
      throw new LabError(
        name,
        `image ${OPEN5GS_IMAGE} is missing: build it from an open5gs source archive with containers/open5gs/build-image.sh ARCHIVE (containers/build-images.sh does when OPEN5GS_ARCHIVE names one)`,
      );
    this.imageChecked = true;
  }

  /**
   * Starts one open5gs element on `network`; `peers`: the endpoints already started in this
   * scenario (its user plane, its PCRF).
   */
  async open(
    name: string,
    el: RealElement,
    network: string,
    peers: ReadonlyMap<string, ElementEndpoint>,
  ): Promise<{ container: StartedTestContainer; endpoint: ElementEndpoint; stop: () => Promise<void> }> {
    await this.ensureImage(name);
    const cfg = open5gsConfig(el, { ipv6: OWN_IPV6, ipv4: OWN_IPV4 }, this.peersOf(name, el, peers));
    const container = await this.start(name, cfg, network);
    const stop = () =>
      container.stop({ timeout: 2_000 }).then(
        () => undefined,
        () => undefined,
      );
    try {
      const own = await addressesOn(container.getId(), network);
      const v4 = (el.transport ?? 'ipv6') === 'ipv4';
      const address = v4 && own.ipv4 ? own.ipv4 : own.ipv6;
      // A user plane (SGW-U, UPF) answers no PFCP Heartbeat before an association (TS 29.244 §6.2.2.1
      // says it should): its control plane's association, or the Sxb scenario's own, is its check.
      const pfcp = el.software === 'open5gs-upf' || el.software === 'open5gs-sgwu';
      if (!pfcp && !(await becomesReachable(address, cfg.port, 2, 20_000)))
        throw new LabError(name, `${el.software} started but does not answer a GTP Echo at [${address}]:${cfg.port}`);
      return {
        container,
        stop,
        endpoint: {
          name,
          kind: 'real',
          address,
          ...(own.ipv4 ? { ipv4Address: own.ipv4 } : {}),
          port: cfg.port,
          userPlanePort: 2152,
          family: address.includes(':') ? 6 : 4,
          // A UPF's own APNs are what a PGW-C driver asks of it (sxb scenarios); else its SMFs'.
          apns: el.software === 'open5gs-upf' && !el.apns ? this.smfApns(name) : (el.apns ?? {}),
          // A UPF's DNNs: what the core5g N4 scenarios (the harness as SMF) ask of it.
          ...(el.dnns ? { dnns: el.dnns } : {}),
          interfaces: declared(el),
        },
      };
    } catch (e) {
      await stop();
      throw e;
    }
  }

  private peersOf(name: string, el: RealElement, peers: ReadonlyMap<string, ElementEndpoint>): Open5gsPeers {
    const need = (peer: string | undefined, what: string): ElementEndpoint => {
      const p = peer ? peers.get(peer) : undefined;
      if (!p)
        throw new LabError(
          name,
          `${el.software} needs its ${what}: name an element of the target in ${what === 'PCRF' ? 'pcrf:' : 'userPlane:'}`,
        );
      return p;
    };
    const out: Open5gsPeers = {};
    if (el.software === 'open5gs-sgwc' || el.software === 'open5gs-smf') {
      const up = need(el.userPlane, el.software === 'open5gs-sgwc' ? 'SGW-U' : 'UPF');
      out.userPlane = coreAddresses(up);
    }
    if (el.software === 'open5gs-smf') {
      const pcrf = need(el.pcrf, 'PCRF');
      const realm = pcrf.diameterRealm ?? PCRF_DEFAULT_REALM;
      out.pcrf = { address: pcrf.address, port: pcrf.port, originHost: `pcrf.${realm}`, realm };
    }
    if (el.software === 'open5gs-upf') out.apns = this.smfApns(name);
    return out;
  }

  /** The APNs of every SMF of the target that names this UPF as its user plane (their pools go on its TUN). */
  private smfApns(name: string): Record<string, NonNullable<RealElement['apns']>[string]> {
    const out: Record<string, NonNullable<RealElement['apns']>[string]> = {};
    for (const e of Object.values(this.target.elements))
      if (e.kind === 'real' && e.software === 'open5gs-smf' && e.userPlane === name) Object.assign(out, e.apns ?? {});
    return out;
  }

  private start(name: string, cfg: ReturnType<typeof open5gsConfig>, network: string): Promise<StartedTestContainer> {
    const files = cfg.files.map((f) => f.path);
    // The container's own addresses on the core network go into its config before it starts.
    const fill = [
      `v6=$(ip -6 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -n1)`,
      `v4=$(ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -n1)`,
      'test -n "$v6"',
      `sed -i "s/${OWN_IPV6}/$v6/g; s/${OWN_IPV4}/$v4/g" ${files.join(' ')}`,
      ...(cfg.setup ? [cfg.setup] : []),
    ].join(' && ');
    return startElementContainer({
      element: name,
      kind: 'open5gs',
      image: OPEN5GS_IMAGE,
      name: `v6h-${this.labels.name}-${name}-${randomBytes(2).toString('hex')}`,
      network,
      labels: this.labels.labels,
      files: cfg.files.map((f) => ({ content: f.content, target: f.path })),
      entrypoint: ['sh', '-c', supervisorScript({ ...cfg, setup: fill }, this.labels.capture)],
      kernel: cfg.kernel?.tun === true,
      // No duplicate address detection (the addresses are docker's, unique): open5gs binds at once.
      sysctls: { ...(cfg.sysctls ?? {}), ...NO_DAD },
      startupTimeoutMs: ((cfg.readyWithinS ?? 10) + 20) * 1000,
      keepLines: 8,
    });
  }
}

function coreAddresses(e: ElementEndpoint): CoreAddresses {
  const ipv6 = e.address.includes(':') ? e.address : undefined;
  const ipv4 = e.ipv4Address ?? (e.address.includes(':') ? undefined : e.address);
  if (!ipv6) return { ipv6: ipv4 ?? e.address, ipv4 };
  return { ipv6, ...(ipv4 ? { ipv4 } : {}) };
}

function declared(el: RealElement): Partial<Record<InterfaceName, 'ipv4' | 'ipv6'>> {
  const out: Partial<Record<InterfaceName, 'ipv4' | 'ipv6'>> = {};
  for (const i of ['s11', 's1u', 's5', 'gn', 'sxb'] as const) out[i] = el.interfaces?.[i] ?? el.transport ?? 'ipv6';
  return out;
}
