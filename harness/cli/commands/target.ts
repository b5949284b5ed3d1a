import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { apnForRole, APN_ROLES, type ApnRole } from '../../lab/index.ts';
import { elementKind } from '../../lab/element-kinds.ts';
import { UsageError } from '../../runner/errors.ts';
import { formatVerdicts, preflight } from '../../runner/preflight/preflight.ts';
import { loadTarget } from '../../runner/target-file.ts';
import { TEMPLATE_ELEMENTS, targetTemplate, type TemplateElement } from '../target-template.ts';

/**
 * `target init --elements pgw,sgw,... [--out FILE] [--name NAME]`: a commented target template
 * (to stdout, or a new file: an existing one is never overwritten). `target check --target FILE`:
 * validates the file, names the APN each role resolves to, and probes every external element
 * once; exit 0 when all answer, 2 when one does not (the run could not be made).
 */
export async function targetCommand(
  action: string | undefined,
  args: { target?: string; elements?: string; out?: string; name?: string },
): Promise<number> {
  switch (action) {
    case 'init':
      return init(args);
    case 'check':
      return check(args.target);
    default:
      throw new UsageError(`target needs init or check (got ${action ?? 'nothing'})`);
  }
}

function init(args: { elements?: string; out?: string; name?: string }): number {
  if (!args.elements)
    throw new UsageError(`target init needs --elements, a comma-separated list of: ${TEMPLATE_ELEMENTS.join(', ')}`);
  const elements = args.elements.split(',').map((e) => e.trim());
  const unknown = elements.filter((e) => !(TEMPLATE_ELEMENTS as readonly string[]).includes(e));
  if (unknown.length)
    throw new UsageError(
      `target init: unknown element(s) ${unknown.join(', ')} (known: ${TEMPLATE_ELEMENTS.join(', ')})`,
    );
  const text = targetTemplate(elements as TemplateElement[], args.name);
  if (!args.out) {
    process.stdout.write(text);
    return 0;
  }
  const file = resolve(args.out);
  if (existsSync(file))
    throw new UsageError(`target init: ${args.out} exists; it is left as it is (choose another --out)`);
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    throw new UsageError(`target init: cannot write ${args.out} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  process.stdout.write(
    `wrote ${relative(process.cwd(), file) || file}: fill in the addresses marked FILL IN, then v6harness target check --target ${args.out}\n`,
  );
  return 0;
}

async function check(file: string | undefined): Promise<number> {
  if (!file) throw new UsageError('target check needs --target FILE');
  const { target } = loadTarget(file);
  const out = (l: string) => process.stdout.write(`${l}\n`);
  const entries = Object.entries(target.elements);
  out(`${file}: target "${target.name}", ${entries.length} element(s), provider ${target.provider}`);
  for (const [name, el] of entries) {
    if (el.kind === 'real' || Object.keys(el.apns).length === 0) continue;
    // The roles scenarios ask this kind of element for: Gn and Sxb use the general ones only.
    const asked: readonly ApnRole[] = ['gtpv1', 'pfcp'].includes(elementKind(name) ?? '')
      ? ['dualStack', 'ipv6Only']
      : (Object.keys(APN_ROLES) as ApnRole[]);
    const roles = asked.map((r) => [r, apnForRole(el.apns, el.roles, r)?.name] as const);
    const found = roles.filter(([, n]) => n).map(([r, n]) => `${r}=${n}`);
    const missing = roles.filter(([, n]) => !n).map(([r]) => r);
    out(
      `  ${name}: APN roles ${found.join(' ') || 'none'}${missing.length ? ` (none for ${missing.join(', ')}: their scenarios are skipped)` : ''}`,
    );
  }
  const others = entries.filter(([, el]) => el.kind !== 'external').map(([n, el]) => `${n} (${el.kind})`);
  if (others.length) out(`  not probed, the lab starts them: ${others.join(', ')}`);
  const verdicts = await preflight(target);
  for (const l of formatVerdicts(verdicts)) out(l);
  const failed = verdicts.filter((v) => !v.ok);
  if (failed.length) {
    process.stderr.write(`v6harness: ${failed.length} of ${verdicts.length} external element(s) did not answer\n`);
    return 2;
  }
  out(`${verdicts.length} external element(s) answer`);
  return 0;
}
