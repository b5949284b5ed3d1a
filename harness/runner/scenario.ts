import type { ScenarioContext } from './context.ts';
import type { FixtureSet, FixtureValues } from './fixture.ts';

/**
 * The scenario model (ARCHITECTURE.md, "Words"): metadata plus a `run(ctx)` function. A parameter
 * matrix expands into one instance per combination, each with its own stable id.
 */
export type ParamValue = string | number | boolean;
export type ParamMatrix = Record<string, readonly ParamValue[]>;
export type Params = Record<string, ParamValue>;

// biome-ignore lint/complexity/noBannedTypes: no fixtures declared is the empty set
export interface ScenarioDefinition<P extends Params = Params, F extends FixtureSet = {}> {
  /** Stable id, lowercase, slash-separated by area: `core/s5-echo`. */
  id: string;
  title: string;
  /** Verification item ids (seeds/verification-list.yaml). */
  covers: string[];
  tags?: string[];
  /**
   * Elements the scenario needs from the lab: the lab starts them before and stops them after. A
   * function gives them per instance, from its parameters (e.g. `access: eps|5gs` of the terminal
   * scenarios: the PGW and SGW, or the AMF and UPF).
   */
  needs?: string[] | ((params: Params) => string[]);
  /**
   * Elements the scenario works with through a needed one, where the target has them (e.g. the
   * PLAT behind a PGW, `nat64`): the docker lab runs and wires them; a target without them still
   * runs the scenario (in-process, the PGW stand-in's own NAT64 is the PLAT).
   */
  uses?: string[];
  /** Parameter matrix: every combination becomes a scenario instance. */
  params?: { [K in keyof P]: readonly P[K][] };
  /**
   * Parameter values left out of instance ids and titles: a parameter added to a scenario later
   * keeps the ids of its existing instances (results, baselines and expected-results files name
   * them), e.g. `{ access: 'eps' }`; the instances of its other values get the usual segment.
   */
  idOmits?: { [K in keyof P]?: P[K] };
  /**
   * Combinations of the matrix that are no scenario instance at all (e.g. a 5GS-only case under
   * `access: eps`): left out of the run, the listing and the coverage, instead of being skipped.
   */
  excludes?: (params: P) => boolean;
  /** Default per-scenario timeout in seconds (the suite or --timeout may override). */
  timeout?: number;
  /**
   * Drivers and peers the scenario works with (fixture.ts; the catalogue is fixtures.ts): opened in
   * this order before `run`, closed in reverse order after it, whatever the outcome. `run` receives
   * them, typed from this declaration, as its second argument.
   */
  fixtures?: F;
  run(ctx: ScenarioContext<P>, fixtures: FixtureValues<F>): Promise<void>;
}

export interface ScenarioInstance {
  id: string;
  title: string;
  covers: string[];
  tags: string[];
  needs: string[];
  uses: string[];
  params: Params;
  timeout?: number;
  definition: ScenarioDefinition<Params, FixtureSet>;
}

const ID = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9.-]*)+$/;

/** P and F are inferred from `params` and `fixtures` (give neither explicitly when declaring fixtures). */
// biome-ignore lint/complexity/noBannedTypes: no fixtures declared is the empty set
export function defineScenario<const P extends Params = Params, F extends FixtureSet = {}>(
  def: ScenarioDefinition<P, F>,
): ScenarioDefinition<P, F> {
  if (!ID.test(def.id))
    throw new Error(
      `scenario id ${JSON.stringify(def.id)} must be lowercase and slash-separated by area (e.g. core/s5-echo)`,
    );
  if (def.covers.length === 0) throw new Error(`scenario ${def.id} covers no verification item`);
  return def;
}

/** One instance per combination of the matrix; ids get `/name-value` segments in key order. */
export function expand(def: ScenarioDefinition<Params, FixtureSet>): ScenarioInstance[] {
  const keys = Object.keys(def.params ?? {});
  let combos: Params[] = [{}];
  for (const k of keys) {
    const values = def.params![k];
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [k]: v })));
  }
  if (def.excludes) combos = combos.filter((c) => !def.excludes!(c));
  return combos.map((params) => {
    const named = keys.filter((k) => !(def.idOmits && k in def.idOmits && def.idOmits[k] === params[k]));
    const suffix = named.map((k) => `${k}-${String(params[k])}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')).join('/');
    const label = named.map((k) => `${k}=${String(params[k])}`).join(', ');
    return {
      id: suffix ? `${def.id}/${suffix}` : def.id,
      title: label ? `${def.title} (${label})` : def.title,
      covers: def.covers,
      tags: def.tags ?? [],
      needs: typeof def.needs === 'function' ? def.needs(params) : (def.needs ?? []),
      uses: def.uses ?? [],
      params,
      timeout: def.timeout,
      definition: def,
    };
  });
}
