import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { ZodType, ZodTypeAny, ZodTypeDef } from 'zod';
import { closest } from './did-you-mean.ts';
import { keysAt } from './schema-keys.ts';
import { ConfigError } from './errors.ts';

/**
 * Loads a YAML file and validates it against a zod schema. Syntax errors and schema errors both
 * become a ConfigError naming the file, the line of the offending key and the field path (e.g.
 * `elements.pgw.port`); an unknown key comes with the closest known one ("did you mean address?").
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
  const data: unknown = doc.toJS();
  const parsed = schema.safeParse(data);
  if (parsed.success) {
    const problems = extra?.(parsed.data) ?? [];
    if (problems.length === 0) return parsed.data;
    throw new ConfigError(
      shown,
      problems.map((p) => ({ line: lineOf(doc, lineCounter, p.path), field: p.path.join('.'), message: p.message })),
    );
  }
  throw new ConfigError(
    shown,
    parsed.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') {
        // One problem per unknown key, on the key's own line, with the closest known key.
        const known = keysAt(schema as unknown as ZodTypeAny, issue.path, data);
        return issue.keys.map((key) => {
          const near = closest(key, known);
          return {
            line: lineOf(doc, lineCounter, [...issue.path, key]),
            field: [...issue.path, key].join('.'),
            message: `unknown key "${key}"${near ? ` — did you mean ${near}?` : ''}${known.length ? ` (known here: ${known.join(', ')})` : ''}`,
          };
        });
      }
      let message = issue.message;
      if (issue.code === 'invalid_enum_value' || issue.code === 'invalid_union_discriminator') {
        const received = issue.code === 'invalid_enum_value' ? String(issue.received) : String(getIn(data, issue.path));
        const near = closest(received, issue.options.map(String));
        if (near) message += ` — did you mean ${near}?`;
      }
      return [{ line: lineOf(doc, lineCounter, issue.path), field: issue.path.join('.'), message }];
    }),
  );
}

function getIn(data: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((d, k) => (d as Record<string | number, unknown> | undefined)?.[k], data);
}

/**
 * The line of the key at `path` (e.g. `elements.pgw.port` → the line of `port:`); where the path
 * goes past what the document holds (a required key left out), the line of the deepest key there
 * is (`pgw:`), which is where the missing one belongs.
 */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let line = isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (isNode(pair.key) && pair.key.range) line = lineCounter.linePos(pair.key.range[0]).line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (!isNode(item) || !item.range) break;
      line = lineCounter.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}
