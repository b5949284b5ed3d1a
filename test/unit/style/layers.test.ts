import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The layers of docs/architecture.md, checked on TypeScript's own reading of every import (static
 * and dynamic) in harness/ and scenarios/: an import may only point to a lower rank. Equal ranks
 * are siblings that never import each other (elements and drivers above all: a bug shared by a
 * stand-in and the peer testing it would pass unseen).
 */
const RANK: Record<string, number> = {
  protocol: 0, // pure codecs: no sockets, no files
  net: 1, // I/O: batched UDP, raw sockets, SCTP, pcap
  elements: 2, // stand-ins
  drivers: 2, // emulated peers
  lab: 3, // lab providers (run stand-ins)
  traffic: 3, // generation and measurement (its session load drives drivers)
  report: 4, // reporters of the results model
  runner: 5, // scenario model, loading, execution
  fuzz: 5, // fuzz campaigns (drivers against a lab)
  scenarios: 6, // scenario modules (runner's model, drivers, lab, traffic)
  cli: 7, // commands
};

const root = fileURLToPath(new URL('../../..', import.meta.url));

function layerOf(file: string): string | undefined {
  const [top, second] = relative(root, file).split('/');
  if (top === 'scenarios') return 'scenarios';
  return top === 'harness' ? second : undefined;
}

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

interface Edge {
  from: string;
  to: string;
}

/** Every relative import between two files of harness/ and scenarios/. */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of [...sources(join(root, 'harness')), ...sources(join(root, 'scenarios'))]) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const i of info.importedFiles)
      if (i.fileName.startsWith('.')) out.push({ from: file, to: resolve(dirname(file), i.fileName) });
  }
  return out;
}

/** The imports that point up or sideways, as "from → to (layer → layer)". */
function violations(all: readonly Edge[]): string[] {
  const bad: string[] = [];
  for (const { from, to } of all) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!a || !b || a === b) continue;
    const ra = RANK[a];
    const rb = RANK[b];
    if (ra === undefined || rb === undefined)
      bad.push(`${relative(root, from)}: layer ${ra === undefined ? a : b} has no rank`);
    else if (rb >= ra) bad.push(`${relative(root, from)} → ${relative(root, to)} (${a} → ${b})`);
  }
  return bad;
}

/**
 * Known upward imports, to be moved (issue 19): the PCRF stand-in (open5gs branch) takes the types of
 * its Gx policy from the target schema; they belong in elements/pcrf with lab/target.ts checking its
 * zod schema against them. Type-only, so no code runs upward; listed so nothing else joins them.
 */
const KNOWN = [
  'harness/elements/pcrf/pcrf.ts → harness/lab/target.ts (elements → lab)',
  'harness/elements/pcrf/policy.ts → harness/lab/target.ts (elements → lab)',
];

test('every import in harness/ and scenarios/ points down a layer; elements and drivers never import each other', (t) => {
  const all = edges();
  t.true(all.length > 1000, `read ${all.length} imports`);
  t.deepEqual(
    violations(all).filter((v) => !KNOWN.includes(v)),
    [],
  );
});

test('the check fails on an upward import, a sideways one, and a folder with no rank', (t) => {
  const at = (p: string) => join(root, p);
  t.deepEqual(
    violations([
      { from: at('harness/protocol/gtpv2c/message.ts'), to: at('harness/net/udp-socket/index.ts') },
      { from: at('harness/drivers/sgw/sgw.ts'), to: at('harness/elements/pgw/pgw.ts') },
      { from: at('harness/newlayer/x.ts'), to: at('harness/protocol/ip/index.ts') },
      { from: at('harness/drivers/sgw/sgw.ts'), to: at('harness/protocol/gtpv2c/index.ts') },
    ]),
    [
      'harness/protocol/gtpv2c/message.ts → harness/net/udp-socket/index.ts (protocol → net)',
      'harness/drivers/sgw/sgw.ts → harness/elements/pgw/pgw.ts (drivers → elements)',
      'harness/newlayer/x.ts: layer newlayer has no rank',
    ],
  );
});
