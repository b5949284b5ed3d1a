import type { InterfaceName, StandinElement, Target } from '../target.ts';
import {
  ElementNotInTarget,
  LabError,
  type ElementEndpoint,
  type Lab,
  type LabSession,
  type OpenOptions,
} from '../types.ts';
import { REAL_FAULTS } from '../docker/real/index.ts';
import { STANDINS, type RunningStandin } from './standins.ts';
import { hssData, openExternal } from '../external/external-lab.ts';
import { StandinSessionLog } from './session-log.ts';
import { BoundedRecorder } from '../../net/pcap/index.ts';
import { amfDeclaration } from '../amf-declaration.ts';
import { elementKind } from '../element-kinds.ts';

/** Packets between stand-ins (S5/S8 from the SGW, RADIUS accounting) kept per scenario. */
const STANDIN_LEG_PACKETS = 2000;

/**
 * The `inproc` provider: stand-ins run inside the harness process on loopback, on ports chosen at
 * run time, fresh for every scenario (no state leaks from one scenario into the next). Elements the
 * target marks external are used where they are.
 */
export class InprocLab implements Lab {
  readonly provider = 'inproc' as const;

  constructor(
    private readonly target: Target,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async open(needs: readonly string[], opts: OpenOptions): Promise<LabSession> {
    const running: RunningStandin[] = [];
    const byName = new Map<string, RunningStandin>();
    const elements = new Map<string, ElementEndpoint>();
    const said = new StandinSessionLog();
    // The legs between stand-ins go into the scenario's pcap: all of a functional scenario's, the first ones of a load's.
    const recorder = new BoundedRecorder(opts.recorder, STANDIN_LEG_PACKETS);
    const log = (line: string) => {
      said.log(line);
      this.log(line);
    };
    // External elements with parts of their own (a firewall's both sides), torn down with the stand-ins.
    const closers: (() => Promise<void>)[] = [];
    const close = async () => {
      await Promise.allSettled([...running.map((r) => r.stop()), ...closers.map((c) => c())]);
    };
    try {
      for (const name of withPeers(needs, this.target)) {
        const el = this.target.elements[name];
        if (!el) throw new ElementNotInTarget(name, this.target.name);
        if (el.kind === 'external') {
          const opened = await openExternal(name, el, this.target);
          elements.set(name, opened.endpoint);
          if (opened.close) closers.push(opened.close);
          // An external SMF: an AMF stand-in naming it (`smf:`) relays PDU sessions to its N11.
          if (elementKind(name) === 'sbi' || isSmfOfAnAmf(name, this.target))
            byName.set(name, externalSmf(opened.endpoint));
          continue;
        }
        if (el.kind === 'real')
          throw new LabError(
            name,
            `element "${name}" is ${el.software} from its Debian package: the docker lab runs it (provider: docker, e.g. targets/docker.yaml)`,
          );
        const factory = STANDINS[el.standin ?? name];
        if (!factory)
          throw new LabError(
            name,
            `no in-process stand-in "${el.standin ?? name}" (known: ${Object.keys(STANDINS).join(', ')})`,
          );
        const r = await factory.start(el, log, byName, this.target, {
          ipv6: '::1',
          ipv4: ipv4Loopback(Object.keys(this.target.elements).indexOf(name)),
          recorder,
        });
        running.push(r);
        byName.set(name, r);
        said.listening(name, factory.wire, r);
        elements.set(name, {
          name,
          kind: 'standin',
          address: r.address,
          port: r.port,
          userPlanePort: r.userPlanePort,
          family: r.address.includes(':') ? 6 : 4,
          apns: el.apns,
          dnns: servedDnns(el, this.target),
          ...(el.roles ? { apnRoles: el.roles } : {}),
          ...(el.echoInterval ? { echoInterval: el.echoInterval } : {}),
          ...hssData(el),
          interfaces: declaredInterfaces(el),
          restart: r.restart,
          ...(r.aaa ? { accountingRecords: async () => r.aaa!.records(), radiusSecret: r.aaa.secret } : {}),
          ...(r.sctp ? { sctp: r.sctp } : {}),
          ...(r.role === 'amf'
            ? {
                amf: {
                  ...amfDeclaration(el),
                  ...(el.smf && byName.get(el.smf)?.sbi ? { sessionManagement: el.smf } : {}),
                },
              }
            : {}),
          ...(r.gx ? { gxRecords: async () => r.gx!.records() } : {}),
          ...(r.smContextStatus ? { smContextStatus: async () => r.smContextStatus!() } : {}),
          ...(r.n16 ? { n16: async () => r.n16!() } : {}),
        });
      }
    } catch (err) {
      await close();
      throw err;
    }
    return {
      elements,
      internet: this.target.internet,
      gateway: this.target.gateway,
      close,
      collectArtifacts: async (reportDir, base, failed, mask) => {
        if (recorder.skipped > 0)
          said.note(
            `the pcap holds the first ${STANDIN_LEG_PACKETS} packets between stand-ins; ${recorder.skipped} more were not recorded`,
          );
        return said.save(reportDir, base, failed, mask);
      },
    };
  }

  async close(): Promise<void> {}
}

/**
 * The elements a scenario needs, each preceded by the stand-ins it talks to and that the lab
 * must start first: an AMF's SMF (`smf:`, a stand-in or an external SMF), an SMF's UPF (`upf:`),
 * a V-SMF's H-SMF (`hsmf:`).
 * A scenario that needs the AMF gets the whole 5G core its target declares.
 */
export function withPeers(needs: readonly string[], target: Target): string[] {
  const out: string[] = [];
  const add = (name: string, seen: ReadonlySet<string>) => {
    if (out.includes(name) || seen.has(name)) return;
    const el = target.elements[name];
    if (el?.kind === 'standin')
      for (const peer of [el.upf, el.smf, el.hsmf]) {
        const kind = peer ? target.elements[peer]?.kind : undefined;
        // An external SMF too: pre-flight probes it and the AMF stand-in relays to it.
        if (peer && (kind === 'standin' || (kind === 'external' && peer === el.smf)))
          add(peer, new Set([...seen, name]));
      }
    out.push(name);
  };
  for (const n of needs) add(n, new Set());
  return out;
}

/** The DNNs an element serves: its own, or for an AMF that declares none, its SMF's. */
export function servedDnns(el: StandinElement, target: Target): StandinElement['dnns'] {
  if (Object.keys(el.dnns).length || !el.smf) return el.dnns;
  const smf = target.elements[el.smf];
  return smf && smf.kind !== 'real' ? smf.dnns : el.dnns;
}

function isSmfOfAnAmf(name: string, target: Target): boolean {
  return Object.values(target.elements).some((e) => e.kind === 'standin' && e.smf === name);
}

/** An external SMF as the AMF stand-in's peer: its N11 API root (h2c, TS 29.500 §5.2). */
function externalSmf(e: ElementEndpoint): RunningStandin {
  const host = e.address.includes(':') ? `[${e.address}]` : e.address;
  return {
    role: 'smf',
    address: e.address,
    port: e.port,
    sbi: `http://${host}:${e.port}`,
    restart: async () => {
      throw new Error('an external SMF is not restarted by the harness');
    },
    stop: async () => {},
  };
}

/** Checks a target's stand-in names and fault names before anything runs. */
export function validateStandins(target: Target): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const [name, el] of Object.entries(target.elements)) {
    if (el.kind === 'real') {
      const known = REAL_FAULTS[el.software];
      el.faults.forEach((f, i) => {
        if (!known.includes(f))
          problems.push({
            path: ['elements', name, 'faults', i],
            message: `unknown ${el.software} misconfiguration "${f}" (known: ${known.join(', ')})`,
          });
      });
      continue;
    }
    if (el.kind !== 'standin') continue;
    const factory = STANDINS[el.standin ?? name];
    if (!factory) {
      problems.push({
        path: ['elements', name],
        message: `no stand-in "${el.standin ?? name}" (known: ${Object.keys(STANDINS).join(', ')})`,
      });
      continue;
    }
    el.faults.forEach((f, i) => {
      if (!factory.faults.includes(f))
        problems.push({
          path: ['elements', name, 'faults', i],
          message: `unknown fault "${f}" (known: ${factory.faults.join(', ')})`,
        });
    });
  }
  return problems;
}

/** Every interface the stand-in has, with its family: the per-interface choice or the element's transport. */
function declaredInterfaces(el: StandinElement): Partial<Record<InterfaceName, 'ipv4' | 'ipv6'>> {
  const out: Partial<Record<InterfaceName, 'ipv4' | 'ipv6'>> = {};
  for (const i of ['s11', 's1u', 's5', 'gn', 'sxb'] as const) out[i] = el.interfaces[i] ?? el.transport;
  return out;
}

/**
 * Each IPv4 stand-in's own loopback address, from 127.0.0.10 up: 127.0.0.1 stays free for
 * drivers and real elements that need the registered ports (2123, 2152) there.
 */
function ipv4Loopback(index: number): string {
  return `127.0.0.${10 + index}`;
}
