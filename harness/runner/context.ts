import { isDeepStrictEqual } from 'node:util';
import { apnForRole, missingRole } from '../lab/apn-roles.ts';
import type { ApnPolicy, ApnRole, ElementEndpoint, GatewayPolicy, InternetHosts } from '../lab/index.ts';
import type { PacketRecorder } from '../net/pcap/index.ts';
import { ScenarioAbort, ScenarioSkip } from './errors.ts';
import { describeTemplate, match, type Template } from './match.ts';
import type {
  CheckResult,
  HistogramResult,
  Level,
  MetricMerge,
  MetricResult,
  SeriesResult,
} from '../report/results.ts';
import type { Params } from './scenario.ts';

/**
 * What a scenario's `run(ctx)` works with. `check` records and goes on (k6); `expect` records and,
 * when it fails, ends the scenario. Both take the spec clause and its requirement level.
 */
export interface CheckSpec {
  expected: unknown;
  observed: unknown;
  /** Defaults to deep equality of expected and observed. */
  ok?: boolean;
  level?: Level;
  clause?: string;
  element?: string;
}

export interface MatchSpec {
  level?: Level;
  clause?: string;
  element?: string;
}

export interface ScenarioContext<P extends Params = Params> {
  readonly id: string;
  readonly params: P;
  /** Aborted on timeout or Ctrl-C; pass it to every driver call. */
  readonly signal: AbortSignal;
  /** Every packet the drivers send and receive, written to the report's pcap/ folder. */
  readonly recorder: PacketRecorder;
  element(name: string): ElementEndpoint;
  /**
   * The APN of `element` that plays `role` (the first of several that any APN plays), by the
   * element's `roles:` or inferred from its APNs (docs/targets.md). None: the scenario is skipped
   * naming the role and what to declare.
   */
  apn(element: ElementEndpoint, role: ApnRole | readonly ApnRole[]): { name: string; policy: ApnPolicy };
  /**
   * A value the target must declare for this scenario (a probe address, a secret …): returned when
   * present; absent, the scenario is skipped naming `key` (e.g. `elements.pgw.apns.internet.probeIpv6`).
   */
  declared<T>(value: T | undefined, key: string, why?: string): T;
  /** The hosts behind the gateways' SGi/Gi, as the target declares them (`internet:`); skipped when it declares none. */
  internet(): InternetHosts;
  /** The operator's declared gateway-centre policy (`gateway:`: Pref64, the names to ask, AAAA filter). */
  gateway(): GatewayPolicy;
  check(name: string, spec: CheckSpec): boolean;
  /** TTCN-3 style receive-template match; the failure lists every differing field. */
  checkMatch(name: string, template: Template, observed: unknown, spec?: MatchSpec): boolean;
  expect(name: string, spec: CheckSpec): void;
  expectMatch(name: string, template: Template, observed: unknown, spec?: MatchSpec): void;
  /** `merge`: how load segments' values combine (results.ts MetricMerge). */
  metric(name: string, value: number, unit: string, merge?: MetricMerge): void;
  /** A histogram behind percentile metrics (HDR compressed base64), kept so segments can be merged. */
  histogram(name: string, unit: string, hdr: string): void;
  /**
   * A named outcome that is not a number (e.g. "PDN types held": "ipv6 + ipv4"): scenarios of one
   * definition that record facts are shown as one matrix in the HTML report.
   */
  fact(name: string, value: string): void;
  /**
   * A metric over time: [seconds, value] points, drawn as a chart in the HTML report, with the
   * budget its values are judged against (if any) as a line.
   */
  series(name: string, unit: string, points: [number, number][], opts?: { budget?: number }): void;
  log(line: string): void;
  /** Ends the scenario as `skipped` with `reason`: the target cannot run it (not a failure of the element). */
  skip(reason: string): never;
}

export class Recorder<P extends Params> implements ScenarioContext<P> {
  readonly checks: CheckResult[] = [];
  readonly metrics: MetricResult[] = [];
  readonly logs: string[] = [];
  readonly facts: Record<string, string> = {};
  readonly timeSeries: SeriesResult[] = [];
  readonly histograms: HistogramResult[] = [];

  constructor(
    readonly id: string,
    readonly params: P,
    readonly signal: AbortSignal,
    readonly recorder: PacketRecorder,
    private readonly elements: ReadonlyMap<string, ElementEndpoint>,
    private readonly internetHosts?: InternetHosts,
    private readonly gatewayPolicy?: GatewayPolicy,
  ) {}

  gateway(): GatewayPolicy {
    if (!this.gatewayPolicy)
      throw new Error(`scenario ${this.id} needs the target's gateway policy, but the lab gave none`);
    return this.gatewayPolicy;
  }

  internet(): InternetHosts {
    if (!this.internetHosts)
      this.skip(
        'the target declares no "internet:" (hosts behind SGi/Gi that answer ping and UDP/TCP echo: ipv6Only, ipv4Only, dualStack, brokenIpv6; docs/targets.md)',
      );
    return this.internetHosts;
  }

  apn(element: ElementEndpoint, role: ApnRole | readonly ApnRole[]): { name: string; policy: ApnPolicy } {
    const roles: readonly ApnRole[] = typeof role === 'string' ? [role] : role;
    for (const r of roles) {
      const found = apnForRole(element.apns, element.apnRoles, r);
      if (found) return found;
    }
    return this.skip(missingRole(element.name, element.apns, roles));
  }

  declared<T>(value: T | undefined, key: string, why?: string): T {
    if (value === undefined) this.skip(`the target declares no ${key}${why ? ` (${why})` : ''} (docs/targets.md)`);
    return value;
  }

  element(name: string): ElementEndpoint {
    const e = this.elements.get(name);
    if (!e) throw new Error(`scenario ${this.id} uses element "${name}" but does not list it in needs`);
    return e;
  }

  check(name: string, spec: CheckSpec): boolean {
    const ok = spec.ok ?? isDeepStrictEqual(spec.expected, spec.observed);
    this.checks.push({
      name,
      ok,
      level: spec.level ?? 'MUST',
      expected: spec.expected,
      observed: spec.observed,
      ...(spec.clause ? { clause: spec.clause } : {}),
      ...(spec.element ? { element: spec.element } : {}),
    });
    return ok;
  }

  checkMatch(name: string, template: Template, observed: unknown, spec: MatchSpec = {}): boolean {
    const diff = match(template, observed);
    this.checks.push({
      name,
      ok: diff.length === 0,
      level: spec.level ?? 'MUST',
      expected: describeTemplate(template),
      observed,
      ...(spec.clause ? { clause: spec.clause } : {}),
      ...(spec.element ? { element: spec.element } : {}),
      ...(diff.length ? { diff } : {}),
    });
    return diff.length === 0;
  }

  expect(name: string, spec: CheckSpec): void {
    if (!this.check(name, spec)) throw new ScenarioAbort(name);
  }

  expectMatch(name: string, template: Template, observed: unknown, spec?: MatchSpec): void {
    if (!this.checkMatch(name, template, observed, spec)) throw new ScenarioAbort(name);
  }

  metric(name: string, value: number, unit: string, merge?: MetricMerge): void {
    this.metrics.push({ name, value, unit, ...(merge ? { merge } : {}) });
  }

  histogram(name: string, unit: string, hdr: string): void {
    this.histograms.push({ name, unit, hdr });
  }

  fact(name: string, value: string): void {
    this.facts[name] = value;
  }

  series(name: string, unit: string, points: [number, number][], opts: { budget?: number } = {}): void {
    this.timeSeries.push({ name, unit, points, ...(opts.budget !== undefined ? { budget: opts.budget } : {}) });
  }

  log(line: string): void {
    this.logs.push(line);
  }

  skip(reason: string): never {
    throw new ScenarioSkip(reason);
  }
}
