import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { externalEndpoint, hssData } from '../external/external-lab.ts';
import { radiusSecret, type StandinElement, type Target } from '../target.ts';
import type { AaaPeer } from './aaa-peer.ts';
import type { Core5gPeer } from './core5g-peer.ts';
import { servedDnns } from '../inproc/inproc-lab.ts';
import {
  ElementNotInTarget,
  LabError,
  type ElementControl,
  type ElementEndpoint,
  type Lab,
  type LabSession,
  type OpenOptions,
} from '../types.ts';
import {
  alive,
  dockerAvailable,
  imageExists,
  labLabels,
  removeAbandonedLabObjects,
  removeLabObjects,
  runAbandoned,
  runLock,
  runPlain,
} from './lab-objects.ts';
import { connectTo, containerAddresses, createLabNetwork, disconnectFrom, removeNetwork } from './docker-api.ts';
import { copyOut, exitOf, limitCpus, logsOf, pause, shellIn, signal, startAgain, unpause } from './container-ops.ts';
import { startElementContainer } from './element-container.ts';
import { sweepAfterExit } from './sweep-after-exit.ts';
import { coreNetwork, internetHosts, NO_DAD, networkName, sgiNetwork } from './topology.ts';
import { allowForwardingWithin, removeAbandonedRules } from './bridge-forward.ts';
import { becomesReachable, probeFor, probeName } from './health.ts';
import { sctpBecomesReachable } from './sctp-probe.ts';
import { amfDeclaration } from '../amf-declaration.ts';
import { GatewayCentre } from './real-container.ts';
import { wirePlat } from './plat.ts';
import { hostAddressReady } from './bridge-address.ts';
import { routePgwIpv4, type SgiIpv4Host } from './sgi-ipv4.ts';
import { acquireHostLock, lockPath, type HeldLock } from './host-lock.ts';
import { Open5gsCore, open5gsDependencies } from './open5gs-core.ts';
import { isOpen5gs } from './real/open5gs.ts';
import type { GxRecord } from '../../protocol/diameter/index.ts';

/**
 * The `docker` provider: each stand-in of a scenario runs in its own container of the lab image
 * (containers/build-images.sh), on the internal IPv6 core network of topology.ts (the one
 * description of the lab's networks, from which `v6harness lab compose` writes docker-compose.yml). The harness runs
 * on the host, which holds the bridge's first address, so drivers reach the containers' IPv6
 * addresses directly (no port mapping, no NAT: what the drivers measure is the element). Each
 * container is started by testcontainers (its wait strategy on the stand-in's ready line), then
 * checked with a GTP Echo from the host; a container that exits during a scenario ends it with
 * an error naming the element. Containers go with their scenario; the network with the run;
 * leftovers of a crashed run (label v6harness.lab=1) are removed when the next run starts.
 */
export const LAB_IMAGE = process.env.V6HARNESS_LAB_IMAGE ?? 'v6harness/lab:latest';
const CORE = coreNetwork();
const SUBNET = CORE.ipv6 ?? '';
const CAPTURE = '/tmp/v6harness.pcap';
/** Where a stand-in container that keeps records (the PCRF's Gx) appends them, one JSON per line. */
const RECORDS = '/tmp/v6harness-records.jsonl';
// testcontainers' reaper image cannot be pulled without a registry: the lab cleans up itself.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

/**
 * `manual`: a lab an engineer brings up by hand (`v6harness lab up`): its objects carry the label
 * v6harness.manual=1 instead of v6harness.lab=1, so runs never remove them, only `lab down` does;
 * nothing watches its containers.
 */
export interface DockerLabOptions {
  manual?: boolean;
}

export class DockerLab implements Lab {
  readonly provider = 'docker' as const;
  private readonly run = randomBytes(3).toString('hex');
  private network?: string;
  private readonly kindLabel: string;

  constructor(
    private readonly target: Target,
    private readonly log: (line: string) => void = () => {},
    private readonly options: DockerLabOptions = {},
  ) {
    this.kindLabel = options.manual ? 'v6harness.manual' : 'v6harness.lab';
  }

  private labels(): Record<string, string> {
    return labLabels(this.kindLabel, this.run);
  }

  private ready = false;

  /** Docker answers, the image exists, and what crashed runs left is gone (once per lab). */
  private async ensureReady(): Promise<void> {
    if (this.ready) return;
    const problem = await dockerAvailable();
    if (problem)
      throw new LabError('lab', `docker is not available (${problem}); start dockerd (containers/install-deps.sh)`);
    if (!(await imageExists(LAB_IMAGE)))
      throw new LabError('lab', `image ${LAB_IMAGE} is missing: run containers/build-images.sh`);
    // This run's lock, held while the harness lives: how other labs tell its objects from a dead run's.
    this.runLock ??= await acquireHostLock(runLock(this.run));
    await removeAbandonedLabObjects(this.run);
    await removeAbandonedRules(runAbandoned, alive);
    if (this.options.manual) await removeLabObjects('v6harness.manual=1');
    this.ready = true;
  }

  /** The core network, made when the first stand-in needs it (a gateway-only run never does). */
  private async ensureNetwork(signal?: AbortSignal): Promise<string> {
    if (this.network) return this.network;
    await this.ensureReady();
    this.releaseCore ??= await acquireHostLock('core', signal ? { signal } : {});
    const name = networkName(this.options.manual ? 'manual' : this.run, 'core');
    // IPv6 (ULA) and IPv4 (topology.ts); the host is the bridge's gateway.
    await createLabNetwork(name, CORE, this.labels());
    this.network = name;
    return name;
  }

  /**
   * One scenario's elements at a time: a scenario given up during its set-up (its bound, Ctrl-C)
   * may still be starting containers when the next one opens, and two openers would both make the
   * lab's networks ("network already exists", "Pool overlaps").
   */
  async open(needs: readonly string[], opts: OpenOptions): Promise<LabSession> {
    const turn = this.queue.then(() => this.openNow(needs, opts));
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.queue = settled;
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return turn;
  }

  private queue: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  /** Counted up by close(): an open of an earlier generation stops at its next step and removes what it started. */
  private generation = 0;
  private runLock?: HeldLock;

  private async openNow(needs: readonly string[], opts: OpenOptions): Promise<LabSession> {
    const generation = this.generation;
    const givenUp = () => {
      if (generation !== this.generation || opts.signal.aborted)
        throw new LabError('lab', 'the lab was closed or the scenario given up while its elements were starting');
    };
    givenUp();
    await this.ensureReady();
    const started: Started[] = [];
    const elements = new Map<string, ElementEndpoint>();
    // The N11 API roots of the SMFs started so far (an AMF's `smf:` relays PDU sessions there).
    const sbis = new Map<string, string>();
    const since = new Date();
    let closing = false;
    this.currentFail = opts.fail;
    const close = async () => {
      closing = true;
      this.currentFail = undefined;
      // Run-long elements (an open5gs core and its PCRF) stay for the next scenario.
      await Promise.allSettled(
        started.filter((s) => !s.runLong).map((s) => (s.stop ? s.stop() : s.container.stop({ timeout: 2_000 }))),
      );
    };
    // Containers a scenario stopped on purpose (ElementControl.kill) are not failures.
    const downOnPurpose = new Set<string>();
    const watch = (name: string, container: StartedTestContainer) => {
      // A container that exits while the scenario runs ends it, naming the element.
      if (!this.options.manual)
        void exitOf(container.getId()).then(
          (code) => {
            if (closing || downOnPurpose.has(name) || generation !== this.generation) return;
            this.keepExitLog(name, container, code);
            opts.fail?.(
              new LabError(name, `container ${container.getName()} exited (code ${code}) during the scenario`),
            );
          },
          () => undefined,
        );
    };
    // What the scenario uses beside its needs, where the target has it (a PGW's PLAT).
    const uses = (opts.uses ?? []).filter((n) => this.target.elements[n] && !needs.includes(n));
    try {
      for (const name of this.withDependencies([...needs, ...uses])) {
        givenUp();
        const el = this.target.elements[name];
        if (!el) throw new ElementNotInTarget(name, this.target.name);
        const kept = this.runLong.get(name);
        if (kept) {
          started.push(kept.started);
          elements.set(name, kept.endpoint);
          continue;
        }
        if (el.kind === 'external') {
          elements.set(name, externalEndpoint(name, el, this.target.limits));
          continue;
        }
        if (el.kind === 'real' && isOpen5gs(el.software)) {
          const network = await this.ensureNetwork(opts.signal);
          this.open5gs ??= new Open5gsCore(this.target, {
            name: this.options.manual ? 'manual' : this.run,
            labels: this.labels(),
            image: LAB_IMAGE,
            capture: CAPTURE,
          });
          const real = await this.open5gs.open(name, el, network, elements);
          const entry: Started = { name, container: real.container, stop: real.stop, runLong: true };
          started.push(entry);
          this.runLong.set(name, { started: entry, endpoint: real.endpoint });
          // The UPF's SGi (N6): the internet hosts' network, routed as for a PGW with a kernel SGi.
          if (el.software === 'open5gs-upf' && this.target.internet) {
            const sgi = await this.ensureSgi();
            await connectTo(sgi.network, real.container.getId(), { ipv6: sgi.router });
            await routePgwIpv4(real.container.getId(), sgi.router, sgi.ipv4Hosts, 'ogstun', name);
          }
          this.log(`${name}: ${el.software} in container ${real.container.getName()} at [${real.endpoint.address}]`);
          this.watchRunLong(name, real.container);
          elements.set(name, real.endpoint);
          continue;
        }
        if (el.kind === 'real') {
          this.gateway ??= new GatewayCentre(this.target, {
            name: this.options.manual ? 'manual' : this.run,
            labels: this.labels(),
            image: LAB_IMAGE,
            capture: CAPTURE,
          });
          const real = await this.gateway.open(name, el, async () => ({
            network: await this.ensureNetwork(opts.signal),
            subnet: SUBNET,
          }));
          started.push({ name, container: real.container, stop: real.stop });
          this.log(`${name}: ${el.software} in container ${real.container.getName()} at [${real.endpoint.address}]`);
          // Stopped when this scenario closes: its watcher is this scenario's (a run-long watcher
          // blamed the next scenario when the stopped container's exit arrived after it began).
          watch(name, real.container);
          elements.set(name, real.endpoint);
          continue;
        }
        // Raw SCTP would need the harness's raw socket to see the containers' packets on the bridge;
        // between the host and a container N2 runs over UDP (RFC 6951), which our SCTP speaks both ways.
        if ((el.standin ?? name) === 'amf' && el.sctp !== 'udp')
          throw new LabError(name, `the docker lab runs an AMF's N2 over SCTP over UDP (RFC 6951): set sctp: udp`);
        const network = await this.ensureNetwork(opts.signal);
        const container = await this.startStandin(
          name,
          el,
          network,
          this.aaaOf(el, elements),
          core5gPeers(el, elements, sbis),
        );
        // A stand-in an open5gs element depends on (its PCRF) lives as long as that element.
        const runLong = this.runLongNames().has(name);
        const entry: Started = { name, container, ...(runLong ? { runLong } : {}) };
        started.push(entry);
        if (el.sgi === 'tun') {
          const sgi = await this.ensureSgi();
          await connectTo(sgi.network, container.getId(), { ipv6: sgi.router });
          await routePgwIpv4(container.getId(), sgi.router, sgi.ipv4Hosts);
        }
        const ready = await readyLine(container, name);
        if (ready.sbi) sbis.set(name, ready.sbi);
        const probe = probeFor(el.standin ?? name);
        // An AMF answers an SCTP INIT over its UDP encapsulation (sctp-probe.ts); the others a GTP/PFCP Echo or TCP.
        const reachable = (withinMs?: number) =>
          ready.sctp
            ? sctpBecomesReachable(ready.address, ready.port, ready.sctp.udpPort, withinMs)
            : becomesReachable(ready.address, ready.port, probe, withinMs);
        if (!(await reachable()))
          throw new LabError(
            name,
            `container ${container.getName()} started but does not answer ${ready.sctp ? 'an SCTP INIT' : probeName(probe)} at [${ready.address}]:${ready.port}`,
          );
        this.log(`${name}: container ${container.getName()} at [${ready.address}]:${ready.port}`);
        if (runLong) this.watchRunLong(name, container);
        else watch(name, container);
        const control = elementControl(
          container.getId(),
          network,
          ready.address,
          async () => {
            if (!(await reachable(20_000)))
              throw new LabError(
                name,
                `container ${container.getName()} was started again but does not answer at [${ready.address}]:${ready.port}`,
              );
          },
          {
            down: () => downOnPurpose.add(name),
            up: () => {
              downOnPurpose.delete(name);
              watch(name, container);
            },
          },
        );
        const endpoint: ElementEndpoint = {
          name,
          kind: 'standin',
          address: ready.address,
          port: ready.port,
          userPlanePort: ready.userPlanePort,
          family: 6,
          apns: el.apns,
          dnns: servedDnns(el, this.target),
          // An AMF's N2 (SCTP over UDP from the harness) and what it serves (5GS, amf-declaration.ts);
          // 5GSM answered by the SMF container it relays to, when it names one.
          ...(ready.sctp
            ? {
                sctp: ready.sctp,
                amf: {
                  ...amfDeclaration(el),
                  ...(el.smf && (sbis.has(el.smf) || elements.get(el.smf)?.kind === 'external')
                    ? { sessionManagement: el.smf }
                    : {}),
                },
              }
            : {}),
          ...(el.roles ? { apnRoles: el.roles } : {}),
          ...(el.echoInterval ? { echoInterval: el.echoInterval } : {}),
          ...hssData(el),
          interfaces: declared(el),
          control,
          ...((el.standin ?? name) === 'pcrf' ? { gxRecords: () => gxRecordsOf(container.getId()) } : {}),
        };
        elements.set(name, endpoint);
        if (runLong) this.runLong.set(name, { started: entry, endpoint });
      }
      givenUp();
      await this.wirePlats(started);
      // The host's address on the core network, once a container is on it, finishes DAD before the
      // scenario sends from it (freeradius admits clients by subnet). Every scenario: the bridge
      // loses its carrier when the last container leaves, and DAD runs again when one joins.
      if (this.network && started.length > 0) await hostAddressReady(this.network);
    } catch (err) {
      await close();
      throw err instanceof LabError ? err : new LabError('lab', err instanceof Error ? err.message : String(err));
    }
    return {
      elements,
      internet: this.target.internet,
      gateway: this.target.gateway,
      close,
      collectArtifacts: async (reportDir, base, failed, mask = (s) => s) => {
        const files: string[] = [];
        for (const s of started) {
          const id = s.container.getId();
          // The stand-in stops its tcpdump on SIGUSR2; a container that died leaves what it had written.
          const closedBefore = await logCount(id, 'v6harness-capture-closed');
          if (
            await signal(id, 'SIGUSR2').then(
              () => true,
              () => false,
            )
          )
            await closedCapture(id, closedBefore);
          const pcap = join(reportDir, 'pcap', `${base}-${s.name}.pcap`);
          mkdirSync(join(reportDir, 'pcap'), { recursive: true });
          if (
            await copyOut(id, CAPTURE, pcap).then(
              () => true,
              () => false,
            )
          )
            files.push(pcap);
          // A run-long element captures the next scenario afresh (SIGUSR1 restarts its tcpdump).
          if (s.runLong) await reopenedCapture(id);
          // A container that died: its whole log (kept when it exited), whatever the checks say.
          const exited = this.exitLogs.get(id);
          if (!failed && !exited) continue;
          const dir = join(reportDir, 'logs', base);
          mkdirSync(dir, { recursive: true });
          // A run-long element's log from this scenario's start only.
          const text = exited
            ? await this.takeExitLog(id)
            : await logsOf(id, s.runLong ? since : undefined).catch((e: Error) => `(no logs: ${e.message})`);
          const file = join(dir, `${s.name}.log`);
          writeFileSync(file, mask(text));
          files.push(file);
        }
        // A run-long element that died between scenarios (no scenario of its own to report it).
        files.push(...(await this.writeExitLogs(join(reportDir, 'logs', base), mask)));
        return files;
      },
    };
  }

  /**
   * The SGi network of a `sgi: tun` PGW: internal, on the /64 of the target's internet hosts, with
   * the PGW at ::fe of it and one container per answering host (the kernel answers ICMP echo,
   * the echo service of RFC 862 is socat over TCP and the batched UDP echo, net/udp-echo.ts): the IPv6-only host, the dual-stack host,
   * and the broken-IPv6 host, which answers over IPv4 only (its declared IPv6 address is nobody's);
   * IPv4 as sgi-ipv4.ts says.
   */
  private async ensureSgi(): Promise<Sgi> {
    if (this.sgi) return this.sgi;
    const hosts = this.target.internet;
    if (!hosts) throw new LabError('pgw', "sgi: tun needs the target's internet: hosts");
    const sgiNet = sgiNetwork(hosts);
    const { router, plat } = sgiNet;
    const network = networkName(this.options.manual ? 'manual' : this.run, 'sgi');
    await createLabNetwork(network, sgiNet, this.labels(), 'pgw');
    this.removeForwarding = await allowForwardingWithin(network, this.run);
    const inet = internetHosts(this.target);
    const ipv4Hosts = inet.flatMap((h) => (h.ipv4 ? [h.ipv4] : []));
    for (const [i, host] of inet.entries())
      await runPlain({
        name: `v6h-${this.run}-inet-${i}`,
        image: LAB_IMAGE,
        labels: this.labels(),
        network,
        ipv6: host.ipv6,
        capAdd: ['NET_ADMIN'],
        sysctls: NO_DAD,
        command: host.command,
      });
    this.sgi = { network, router, plat, ipv4Hosts };
    return this.sgi;
  }

  /**
   * 464XLAT: each `sgi: tun` PGW of the scenario gets, behind its SGi, the PLATs its APNs name
   * (`plat:`) that the scenario runs too (plat.ts); a PLAT is a real tayga.
   */
  private async wirePlats(started: readonly { name: string; container: StartedTestContainer }[]): Promise<void> {
    for (const pgw of started) {
      const el = this.target.elements[pgw.name];
      if (el?.kind !== 'standin' || el.sgi !== 'tun') continue;
      for (const [plat, pref64s] of platsOf(el)) {
        const running = started.find((s) => s.name === plat);
        if (!running) continue;
        const platEl = this.target.elements[plat];
        if (platEl?.kind !== 'real' || platEl.software !== 'tayga')
          throw new LabError(
            plat,
            `an APN of ${pgw.name} names "${plat}" as its PLAT, but the target's ${plat} is ${platEl?.kind === 'real' ? platEl.software : platEl?.kind}: the docker lab's PLAT is a real tayga`,
          );
        const sgi = await this.ensureSgi();
        await wirePlat({
          name: plat,
          plat: running.container.getId(),
          pgw: pgw.container.getId(),
          sgi,
          address: sgi.plat,
          pref64s,
          pools: Object.values(el.apns).map((a) => a.ipv6Pool),
        });
        this.log(`${plat}: PLAT for ${pref64s.join(', ')} behind ${pgw.name}'s SGi at [${sgi.plat}]`);
      }
    }
  }

  /**
   * The elements to start for `names`, each after those it depends on (an open5gs SMF after its
   * UPF and PCRF, a SGW-C after its SGW-U), each once.
   */
  private withDependencies(names: readonly string[]): string[] {
    const out: string[] = [];
    const visit = (n: string, path: string[]) => {
      if (out.includes(n)) return;
      if (path.includes(n))
        throw new LabError(n, `the target's elements depend on each other in a cycle: ${[...path, n].join(' → ')}`);
      for (const d of [...open5gsDependencies(this.target, n), ...standinPeers(this.target, n)]) {
        if (!this.target.elements[d])
          throw new LabError(n, `${n} names "${d}", which the target "${this.target.name}" does not have`);
        visit(d, [...path, n]);
      }
      out.push(n);
    };
    for (const n of names) visit(n, []);
    return out;
  }

  /**
   * Elements that live for the whole run, not one scenario: an open5gs core and what it depends on
   * (its user planes and PCRF). A real core is a DUT that is configured once and keeps running, as
   * in an operator's lab; starting five containers per scenario would also cost minutes a scenario.
   * Each scenario still gets its own capture of them and their log lines from its start.
   */
  private readonly runLong = new Map<string, { started: Started; endpoint: ElementEndpoint }>();
  /** The running scenario's way to end itself with a lab error (a run-long element died). */
  private currentFail?: (err: LabError) => void;

  private runLongNames(): Set<string> {
    const out = new Set<string>();
    const add = (n: string) => {
      if (out.has(n)) return;
      out.add(n);
      for (const d of open5gsDependencies(this.target, n)) add(d);
    };
    for (const [n, e] of Object.entries(this.target.elements)) if (e.kind === 'real' && isOpen5gs(e.software)) add(n);
    return out;
  }

  /** A run-long container that exits fails whichever scenario is running then, naming the element. */
  private watchRunLong(name: string, container: StartedTestContainer): void {
    if (this.options.manual) return;
    const generation = this.generation;
    void exitOf(container.getId()).then(
      (code) => {
        // Removed by the lab's close: not a death.
        if (generation !== this.generation) return;
        this.runLong.delete(name);
        this.keepExitLog(name, container, code);
        // Between scenarios nobody else hears of it.
        if (!this.currentFail)
          this.log(`${name}: container ${container.getName()} exited (code ${code}); its log is kept for the report`);
        this.currentFail?.(
          new LabError(name, `container ${container.getName()} exited (code ${code}) during the scenario`),
        );
      },
      () => undefined,
    );
  }

  /**
   * The logs of element containers that died, by container id, read the moment each exited (a
   * container goes when its scenario or the lab closes, and its log with it), until written into
   * a report folder.
   */
  private readonly exitLogs = new Map<string, { name: string; text: Promise<string> }>();

  private keepExitLog(name: string, container: StartedTestContainer, code: number): void {
    const id = container.getId();
    if (this.exitLogs.has(id)) return;
    const head = `# ${name}: container ${container.getName()} exited (code ${code}) at ${new Date().toISOString()}\n`;
    const text = logsOf(id).then(
      (t) => head + t,
      (e: Error) => `${head}(no logs: ${e.message})`,
    );
    this.exitLogs.set(id, { name, text });
  }

  private async takeExitLog(id: string): Promise<string> {
    const kept = this.exitLogs.get(id);
    this.exitLogs.delete(id);
    return (await kept?.text) ?? '';
  }

  /** Writes the kept logs of dead containers no scenario has written yet into `dir` (NAME-exited-ID.log). */
  private async writeExitLogs(dir: string, mask: (text: string) => string): Promise<string[]> {
    const files: string[] = [];
    for (const [id, { name }] of [...this.exitLogs]) {
      const text = await this.takeExitLog(id);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}-exited-${id.slice(0, 12)}.log`);
      writeFileSync(file, mask(text));
      files.push(file);
    }
    return files;
  }

  /**
   * At the end of a failed run, before close(): the whole log of every element that lives for the
   * run (logs/lab/NAME.log), and of any that died and was not reported yet.
   */
  async saveLogs(reportDir: string, mask: (text: string) => string = (s) => s): Promise<string[]> {
    const dir = join(reportDir, 'logs', 'lab');
    const files: string[] = [];
    for (const [name, { started }] of this.runLong) {
      const text = await logsOf(started.container.getId()).catch((e: Error) => `(no logs: ${e.message})`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.log`);
      writeFileSync(file, mask(text));
      files.push(file);
    }
    files.push(...(await this.writeExitLogs(dir, mask)));
    return files;
  }

  private open5gs?: Open5gsCore;
  private sgi?: Sgi;
  private removeForwarding?: () => Promise<void>;
  private gateway?: GatewayCentre;
  private releaseCore?: HeldLock;

  /**
   * The AAA a PGW accounts to (its `aaa:`), when this scenario runs that element too: started
   * before it (the scenario lists it first), so its address is known (TS 29.061 §16).
   */
  private aaaOf(el: StandinElement, started: ReadonlyMap<string, ElementEndpoint>): AaaPeer | undefined {
    const aaa = el.aaa ? started.get(el.aaa) : undefined;
    if (!aaa || !el.aaa) return undefined;
    return { name: el.aaa, address: aaa.address, port: aaa.port, secret: radiusSecret(this.target.elements[el.aaa]) };
  }

  private startStandin(
    name: string,
    el: StandinElement,
    network: string,
    aaa?: AaaPeer,
    peers: readonly Core5gPeer[] = [],
  ): Promise<StartedTestContainer> {
    return startElementContainer({
      element: name,
      kind: 'stand-in',
      image: LAB_IMAGE,
      name: `v6h-${this.run}-${name}-${randomBytes(2).toString('hex')}`,
      network,
      labels: this.labels(),
      // V6H_CAPTURE: the element's own view of its networks, captured inside its container.
      environment: {
        V6H_CONFIG: JSON.stringify({
          name,
          target: this.target,
          ...(aaa ? { aaa } : {}),
          ...(peers.length ? { peers } : {}),
        }),
        V6H_CAPTURE: CAPTURE,
        V6H_SUBNET: SUBNET,
        V6H_RECORDS: RECORDS,
      },
      kernel: el.sgi === 'tun',
    });
  }

  async close(): Promise<void> {
    const pending = [...this.inFlight];
    if (!this.ready && pending.length === 0) return;
    this.generation++;
    this.ready = false;
    this.runLong.clear();
    const sweep = () => removeLabObjects(`v6harness.run=${this.run}`).catch(() => undefined);
    let settledAll = true;
    if (pending.length > 0) {
      // Closed while a scenario's elements were still starting (Ctrl-C, a set-up given up): that
      // start fails once its containers are gone; what it created meanwhile goes too. Within 1 s
      // (Ctrl-C must end the process within 2 s), or a detached sweeper holding our locks finishes
      // it after we exit.
      const settled = await Promise.race([
        sweep()
          .then(() => Promise.allSettled(pending))
          .then(sweep)
          .then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), 1000).unref()),
      ]);
      settledAll = settled;
      if (!settled)
        sweepAfterExit(
          this.run,
          [this.runLock, this.releaseCore, this.gateway?.lock()].flatMap((l) => (l ? [l.pipe] : [])),
        );
    } else await sweep();
    if (this.network) await removeNetwork(this.network).catch(() => undefined);
    if (this.sgi) await removeNetwork(this.sgi.network).catch(() => undefined);
    await this.removeForwarding?.();
    this.removeForwarding = undefined;
    await this.gateway?.close();
    this.gateway = undefined;
    this.network = undefined;
    this.releaseCore?.();
    this.releaseCore = undefined;
    this.sgi = undefined;
    if (this.runLock) {
      this.runLock();
      // Nobody waits for a run's lock (others only try it): its file can go with the run's objects.
      if (settledAll)
        for (const f of [lockPath(runLock(this.run)), `${lockPath(runLock(this.run))}.owner`])
          rmSync(f, { force: true });
    }
    this.runLock = undefined;
  }
}

/** ElementControl for a stand-in container (see types.ts), through Docker's API. */
function elementControl(
  id: string,
  network: string,
  address: string,
  answers: () => Promise<void>,
  watch: { down: () => void; up: () => void },
): ElementControl {
  return {
    async kill() {
      watch.down();
      await signal(id, 'SIGKILL');
    },
    async start() {
      await startAgain(id);
      const now = (await containerAddresses(id, network)).ipv6;
      if (now !== address)
        throw new LabError('lab', `container ${id.slice(0, 12)} came back at ${now || 'no address'}, not ${address}`);
      await answers();
      watch.up();
    },
    pause: () => pause(id),
    unpause: () => unpause(id),
    disconnect: () => disconnectFrom(network, id),
    async reconnect() {
      await connectTo(network, id, { ipv6: address });
      await answers();
    },
    limitCpu: (cpus) => limitCpus(id, cpus),
  };
}

/** A PCRF container's Gx records (standin-main.ts appends each CCR it answers to RECORDS). */
async function gxRecordsOf(id: string): Promise<GxRecord[]> {
  const text = await shellIn(id, `cat ${RECORDS} 2>/dev/null || true`);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GxRecord);
}

/** What one scenario started, or found running (`runLong`: an element that outlives it). */
interface Started {
  name: string;
  container: StartedTestContainer;
  stop?: () => Promise<void>;
  runLong?: boolean;
}

/** How often a container has logged `line` so far (the capture lines repeat in a run-long element). */
async function logCount(id: string, line: string): Promise<number> {
  return (await logsOf(id).catch(() => '')).split(line).length - 1;
}

/** Restarts a run-long element's capture after it was copied out, and waits until it listens again. */
async function reopenedCapture(id: string): Promise<void> {
  const before = await logCount(id, 'v6harness-capture-open');
  if (
    !(await signal(id, 'SIGUSR1').then(
      () => true,
      () => false,
    ))
  )
    return;
  for (let i = 0; i < 60 && (await logCount(id, 'v6harness-capture-open')) <= before; i++)
    await new Promise((r) => setTimeout(r, 50));
}

async function closedCapture(id: string, before: number): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await logCount(id, 'v6harness-capture-closed')) > before) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readyLine(c: StartedTestContainer, name: string): Promise<ReadyLine> {
  const logs = await logsOf(c.getId());
  const line = logs.split('\n').find((l) => l.startsWith('v6harness-ready '));
  if (!line) throw new LabError(name, `container ${c.getName()} printed no ready line`);
  return JSON.parse(line.slice('v6harness-ready '.length)) as ReadyLine;
}

/** What a stand-in container prints once it serves (standin-main.ts); `sctp`: an AMF's N2. */
interface ReadyLine {
  address: string;
  port: number;
  userPlanePort?: number;
  sctp?: { transport: 'raw' | 'udp'; udpPort?: number };
  /** An SMF's N11 API root. */
  sbi?: string;
}

/**
 * The 5G stand-ins a stand-in talks to and that start before it: an AMF's SMF (`smf:`), an SMF's
 * UPF (`upf:`), as in the in-process lab (inproc-lab.ts withPeers).
 */
function standinPeers(target: Target, name: string): string[] {
  const el = target.elements[name];
  if (el?.kind !== 'standin') return [];
  const kind = (p?: string) => (p ? target.elements[p]?.kind : undefined);
  return [
    ...(el.upf && kind(el.upf) === 'standin' ? [el.upf] : []),
    // An external SMF as well: the AMF container relays to its N11.
    ...(el.smf && (kind(el.smf) === 'standin' || kind(el.smf) === 'external') ? [el.smf] : []),
  ];
}

/** An external SMF's N11 API root (h2c, TS 29.500 §5.2). */
function apiRoot(e: ElementEndpoint): string {
  return `http://${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}`;
}

/** Where a container finds the peers of standinPeers, started before it in this scenario. */
function core5gPeers(
  el: StandinElement,
  started: ReadonlyMap<string, ElementEndpoint>,
  sbis: ReadonlyMap<string, string>,
): Core5gPeer[] {
  const out: Core5gPeer[] = [];
  const upf = el.upf ? started.get(el.upf) : undefined;
  if (el.upf && upf)
    out.push({
      name: el.upf,
      role: 'upf',
      address: upf.address,
      port: upf.port,
      ...(upf.userPlanePort !== undefined ? { userPlanePort: upf.userPlanePort } : {}),
    });
  const smf = el.smf ? started.get(el.smf) : undefined;
  const sbi = el.smf ? (sbis.get(el.smf) ?? (smf?.kind === 'external' ? apiRoot(smf) : undefined)) : undefined;
  if (el.smf && smf && sbi) out.push({ name: el.smf, role: 'smf', address: smf.address, port: smf.port, sbi });
  return out;
}

/** The PLATs a PGW's APNs name (`plat:`), each with the Pref64::/n it serves there. */
function platsOf(el: StandinElement): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of Object.values(el.apns))
    if (a.plat && a.pref64) out.set(a.plat, [...new Set([...(out.get(a.plat) ?? []), a.pref64])]);
  return out;
}

function declared(el: StandinElement): ElementEndpoint['interfaces'] {
  const out: Partial<Record<'s11' | 's1u' | 's5' | 'gn' | 'sxb', 'ipv4' | 'ipv6'>> = {};
  for (const i of ['s11', 's1u', 's5', 'gn', 'sxb'] as const) out[i] = el.interfaces[i] ?? el.transport;
  return out;
}

/** A `sgi: tun` PGW's SGi network: the PGW's address on it, a PLAT's, and the hosts that answer IPv4. */
interface Sgi {
  network: string;
  router: string;
  plat: string;
  ipv4Hosts: SgiIpv4Host[];
}
