import type { z } from 'zod';
import { problem } from './application-errors.ts';
import type { InvalidParam, ProblemDetails } from './common-data.ts';

/**
 * A received JSON body checked against its schema: the value, or the ProblemDetails a server
 * answers with (TS 29.500 §5.2.7.2): MANDATORY_IE_MISSING when a mandatory attribute is absent,
 * MANDATORY_IE_INCORRECT / OPTIONAL_IE_INCORRECT when one is malformed, each with invalidParams
 * as JSON pointers (RFC 6901) to the attributes.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ProblemDetails };

export function parseSbi<S extends z.ZodTypeAny>(schema: S, json: unknown, what: string): Parsed<z.infer<S>> {
  if (json === undefined) return { ok: false, problem: problem('MANDATORY_IE_MISSING', `${what}: no body`) };
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const missing: InvalidParam[] = [];
  const incorrect: InvalidParam[] = [];
  let optionalOnly = true;
  for (const issue of r.error.issues) {
    const param = `/${issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
    if (issue.code === 'invalid_type' && issue.received === 'undefined') missing.push({ param, reason: 'missing' });
    else {
      incorrect.push({ param, reason: issue.message });
      if (!isOptional(schema, issue.path[0])) optionalOnly = false;
    }
  }
  if (missing.length) return { ok: false, problem: problem('MANDATORY_IE_MISSING', what, missing) };
  return {
    ok: false,
    problem: problem(optionalOnly ? 'OPTIONAL_IE_INCORRECT' : 'MANDATORY_IE_INCORRECT', what, incorrect),
  };
}

function isOptional(schema: z.ZodTypeAny, key: PropertyKey | undefined): boolean {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodTypeAny> }).shape;
  const field = typeof key === 'string' ? shape?.[key] : undefined;
  return field?.isOptional() ?? false;
}
