import { findIe, type NasMessage } from '../../harness/protocol/nas/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';

/**
 * Checks on a NAS message the element sent that the decoder read leniently: the harness keeps
 * what real networks send (a DNN as plain text from OAI/Magma SMFs, a syntactically incorrect
 * optional IE treated as not present, TS 24.501 §7.6.3) and the check still reports it.
 */
export function checkNasWellFormed(ctx: ScenarioContext, m: NasMessage, element: string): boolean {
  const warnings = 'warnings' in m ? (m.warnings ?? []) : [];
  return ctx.check(`${m.type} is coded as TS 24.501/24.301 say`, {
    expected: 'no deviation',
    observed: warnings.length ? warnings.join('; ') : 'no deviation',
    ok: warnings.length === 0,
    clause: m.protocol === 'esm' ? 'TS 24.301 §8.3, §9.9' : 'TS 24.501 §8.3, §9.11',
    element,
  });
}

/** TS 24.501 §9.11.2.1B: the DNN is DNS labels (TS 23.003 §9.1), not plain text. */
export function checkDnnLabels(ctx: ScenarioContext, m: NasMessage, element: string): boolean | undefined {
  if (m.protocol !== '5gsm') return undefined;
  const dnn = findIe(m, 'dnn')?.value;
  if (dnn === undefined) return undefined;
  return ctx.check('DNN is coded as DNS labels', {
    expected: 'length-prefixed labels (TS 23.003 §9.1)',
    observed: typeof dnn === 'string' ? `labels "${dnn}"` : `plain text "${dnn.plainText}" without label lengths`,
    ok: typeof dnn === 'string',
    clause: 'TS 24.501 §9.11.2.1B, TS 23.003 §9.1',
    element,
  });
}
