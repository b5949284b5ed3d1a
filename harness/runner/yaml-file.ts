import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { ZodType, ZodTypeDef } from 'zod';
import { ConfigError } from './errors.ts';

/**
 * Loads a YAML file and validates it against a zod schema. Syntax errors and schema errors both
 * become a ConfigError naming the file, the line and the field path (e.g. `elements.pgw.port`).
 */
/** Problems found after schema validation (cross-field rules), located by path like zod issues. */
export type ExtraCheck<T> = (value: T) => { path: (string | number)[]; message: string }[];

export function loadYamlFile<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, extra?: ExtraCheck<T>): T {
  const shown = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(shown, [
      { field: '', message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` },
    ]);
  }
  return parseYaml(text, shown, schema, extra);
}

export function parseYaml<T>(
  text: string,
  shown: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
  extra?: ExtraCheck<T>,
): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      shown,
      doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        field: '',
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const parsed = schema.safeParse(doc.toJS());
  const issues = parsed.success ? (extra?.(parsed.data) ?? []) : parsed.error.issues;
  if (parsed.success && issues.length === 0) return parsed.data;
  throw new ConfigError(
    shown,
    issues.map((issue) => {
      // Point at the deepest node of the path that exists in the document.
      let line: number | undefined;
      for (let n = issue.path.length; n >= 0 && line === undefined; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(issue.path.slice(0, n), true);
        if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
      }
      return { line, field: issue.path.join('.'), message: issue.message };
    }),
  );
}
