import { z, type ZodTypeAny } from 'zod';

/**
 * The keys a zod object schema allows at `path` of a document (for "did you mean" on an unknown
 * key): follows objects, records, arrays and discriminated unions (by the document's own
 * discriminator value), through defaults, optionals and refinements.
 */
function unwrap(s: ZodTypeAny): ZodTypeAny {
  for (;;) {
    if (s instanceof z.ZodDefault) s = s._def.innerType;
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodEffects) s = s.innerType();
    else return s;
  }
}

function pick(s: ZodTypeAny, data: unknown): ZodTypeAny | undefined {
  s = unwrap(s);
  if (s instanceof z.ZodDiscriminatedUnion) {
    const tag = (data as Record<string, unknown> | undefined)?.[s.discriminator];
    const option = s.optionsMap.get(tag as string);
    return option ? unwrap(option) : undefined;
  }
  return s;
}

export function keysAt(schema: ZodTypeAny, path: readonly (string | number)[], data: unknown): string[] {
  let s = pick(schema, data);
  let d = data;
  for (const seg of path) {
    if (!s) return [];
    d = (d as Record<string | number, unknown> | undefined)?.[seg];
    if (s instanceof z.ZodObject) s = pick((s.shape as Record<string, ZodTypeAny>)[seg as string] ?? z.never(), d);
    else if (s instanceof z.ZodRecord) s = pick(s._def.valueType, d);
    else if (s instanceof z.ZodArray) s = pick(s._def.type, d);
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape as object) : [];
}
