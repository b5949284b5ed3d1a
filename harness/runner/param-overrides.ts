import { UsageError } from './errors.ts';
import type { ParamValue, ScenarioInstance } from './scenario.ts';
import type { Suite } from './suite.ts';

/**
 * `--param [SCENARIO:]KEY=VALUE`: a suite parameter set from the command line, over what the suite
 * file says. Without SCENARIO it applies to every selected scenario (a scenario ignores a key it
 * does not read); with it, to that scenario id only. A matrix parameter (one instance per value,
 * e.g. innerLength of core/s5u-throughput) cannot be overridden: the instance is chosen with --grep.
 */
export interface ParamOverride {
  scenario?: string;
  key: string;
  value: ParamValue;
}

const SPEC = /^(?:([a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9.-]*)+):)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export function parseParamOverride(spec: string): ParamOverride {
  const m = SPEC.exec(spec);
  if (!m)
    throw new UsageError(
      `--param must be KEY=VALUE or SCENARIO:KEY=VALUE (e.g. budgetMs=40 or iot/control-loop:budgetMs=40), got "${spec}"`,
    );
  return { ...(m[1] ? { scenario: m[1] } : {}), key: m[2], value: paramValue(m[3]) };
}

/** `40` and `0.5` are numbers, `true`/`false` booleans, anything else a string (`30s`, `ipv6`). */
export function paramValue(text: string): ParamValue {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

/** The suite with the overrides merged into its `params:` for the selected scenarios. */
export function applyParamOverrides(
  suite: Suite,
  selected: readonly ScenarioInstance[],
  specs: readonly string[],
): Suite {
  if (specs.length === 0) return suite;
  const definitions = new Map(selected.map((s) => [s.definition.id, s.definition]));
  const params: Suite['params'] = Object.fromEntries(Object.entries(suite.params).map(([k, v]) => [k, { ...v }]));
  for (const spec of specs) {
    const o = parseParamOverride(spec);
    if (o.scenario && !definitions.has(o.scenario))
      throw new UsageError(
        `--param ${spec}: scenario ${o.scenario} is not selected${selected.some((s) => s.id === o.scenario) ? ` (name the scenario, not the instance: ${selected.find((s) => s.id === o.scenario)!.definition.id})` : ''}`,
      );
    const ids = o.scenario ? [o.scenario] : [...definitions.keys()];
    for (const id of ids) {
      const matrix = definitions.get(id)!.params;
      if (matrix && o.key in matrix)
        throw new UsageError(
          `--param ${spec}: ${o.key} is a matrix parameter of ${id} (one instance per value: ${matrix[o.key].join(', ')}); select an instance with --grep instead`,
        );
      params[id] = { ...(params[id] ?? {}), [o.key]: o.value };
    }
  }
  return { ...suite, params };
}
