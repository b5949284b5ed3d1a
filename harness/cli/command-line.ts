import { parseArgs } from 'node:util';
import { UsageError } from '../runner/errors.ts';
import { VERSION } from './version.ts';

/**
 * Every command's options, with the words `v6harness <command> --help` and docs/cli.md show
 * (test/unit/cli/help.test.ts checks that each option is explained in both). Parsing is Node's
 * util.parseArgs; this file only adds the descriptions and the help text.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in the help (`FILE`, `REGEX`). */
  value?: string;
  description: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  summary: string;
  /** The synopsis after `v6harness <name>`. */
  usage: string;
  /** Positional arguments, explained. */
  positionals?: { name: string; description: string }[];
  options: O;
  examples?: string[];
}

const SELECTION = {
  suite: {
    type: 'string',
    value: 'NAME|FILE',
    description:
      'The suite: a name from scenarios/suites/ (mno, core, gateway, iot, …; `list --suites` shows them) or a suite YAML file. Default: mno; with --last-failed, the previous run’s suite.',
  },
  grep: {
    type: 'string',
    multiple: true,
    value: 'REGEX',
    description:
      'Only scenarios whose id or title matches this regular expression (case-insensitive). Repeat for several: a scenario matching any of them is kept.',
  },
  'grep-invert': {
    type: 'string',
    multiple: true,
    value: 'REGEX',
    description: 'Leave out scenarios whose id or title matches this regular expression (case-insensitive).',
  },
  tag: {
    type: 'string',
    multiple: true,
    value: 'TAG',
    description: 'Only scenarios with this tag (`list --tags` shows them). Repeat for any of several.',
  },
  'last-failed': {
    type: 'boolean',
    description:
      'Only the scenarios that failed or errored in the previous run, read from the report folder’s results.json.',
  },
  shard: {
    type: 'string',
    value: 'i/n',
    description:
      'The i-th of n disjoint slices of the selection (every n-th scenario from the i-th), for n machines; `merge` joins their results.',
  },
} as const satisfies Record<string, OptionSpec>;

const REPORT_DIR = {
  type: 'string',
  value: 'DIR',
  description: 'Where results.json, junit.xml, report.html, results.pb and pcap/ go. Default: reports/latest.',
} as const satisfies OptionSpec;

const TARGET_FILE = {
  type: 'string',
  value: 'FILE',
  description:
    'The target file: per element, a stand-in or your own element (address, port, what it grants). Default: targets/standins.yaml (in-process stand-ins).',
} as const satisfies OptionSpec;

export const RUN = {
  name: 'run',
  summary: 'run a suite (or a selection of it) against a target and write the reports',
  usage: '[options]',
  options: {
    ...SELECTION,
    target: TARGET_FILE,
    param: {
      type: 'string',
      multiple: true,
      value: '[SCENARIO:]KEY=VALUE',
      description:
        'Set a suite parameter over the suite file’s value, for every selected scenario or for one scenario id (e.g. iot/control-loop:budgetMs=40). Numbers and true/false are typed.',
    },
    'report-dir': REPORT_DIR,
    reporter: {
      type: 'string',
      value: 'LIST',
      description:
        'Comma-separated reporters: list (console, live), json, junit, html, pb (results stream). Default: all. The console summary is printed whatever is chosen.',
    },
    repeat: { type: 'string', value: 'N', description: 'Run the selection N times in a row (flakiness hunting).' },
    timeout: {
      type: 'string',
      value: 'S',
      description:
        'Per-scenario timeout in seconds, over the suite’s and the scenario’s own. Default: the suite’s, else 60.',
    },
    'reveal-identities': {
      type: 'boolean',
      description: 'Show IMSI, MSISDN and IMEI as they are in reports and logs (default: masked).',
    },
    'pcap-snaplen': {
      type: 'string',
      value: 'OCTETS',
      description: 'Keep only the first OCTETS of every packet in the pcaps (at least 40).',
    },
    baseline: {
      type: 'string',
      value: 'FILE',
      description:
        'Compare every metric with this stored baseline; a regression beyond its tolerance fails the scenario.',
    },
    'save-baseline': {
      type: 'string',
      value: 'FILE',
      description: 'Store this run’s metrics as a baseline for later --baseline runs.',
    },
    expect: {
      type: 'string',
      value: 'FILE',
      description:
        'The DUT’s expected results (scenario id → status, reason, clause; e.g. reports/expected/open5gs.yaml): exit 0 when every scenario ends as listed (unlisted ones passed), 1 on any change either way; listed deviations show as “known deviation”.',
    },
    'control-port': {
      type: 'string',
      value: 'PORT',
      description:
        'Port of the control endpoint a load scenario serves while it runs (127.0.0.1/::1 only: OpenMetrics, rate changes; `ctl` talks to it). Default: 0, the kernel picks; the URL is written to DIR/control.json.',
    },
    'strict-skips': {
      type: 'boolean',
      description:
        'A skipped scenario (the target lacks what it needs: an element, an APN role, internet: hosts …) fails the run, exit 1. Without it a skip is reported with the missing key and does not fail the run.',
    },
    'skip-preflight': {
      type: 'boolean',
      description:
        'Run without probing the external elements first (by default each one gets one protocol probe, and one that does not answer stops the run with exit 2).',
    },
    segment: {
      type: 'string',
      value: 'i/n',
      description:
        'Run the i-th of n segments of every load scenario (k6 execution segments): every n-th arrival, its own IMSIs and its share of the rate, for n processes or pods; `merge` adds the segments’ counters and histograms.',
    },
  },
  examples: [
    'v6harness run --suite core --grep s5-echo',
    'v6harness run --grep "innerlength-(64|1500)$" --grep-invert 1500',
    'v6harness run --suite iot --param budgetMs=40 --reporter list,html',
    'v6harness run --last-failed',
  ],
} as const satisfies CommandSpec;

export const LIST = {
  name: 'list',
  summary: 'preview a selection: the scenarios a run would take, the suites, the tags, or coverage',
  usage: '[options]',
  options: {
    ...SELECTION,
    'report-dir': { ...REPORT_DIR, description: 'The report folder whose results.json --last-failed reads.' },
    coverage: {
      type: 'boolean',
      description:
        'Every verification item with the selected scenarios that cover it, and "uncovered" where none does.',
    },
    suites: { type: 'boolean', description: 'The suites in scenarios/suites/ with their descriptions.' },
    tags: { type: 'boolean', description: 'The tags of the selected scenarios, with how many scenarios carry each.' },
  },
  examples: ['v6harness list --suite gateway --grep dns64', 'v6harness list --suites', 'v6harness list --tags'],
} as const satisfies CommandSpec;

export const REPORT = {
  name: 'report',
  summary: 're-render the reports of a stored run, or draw the history of many runs',
  usage: '--from FILE | --history DIR [options]',
  options: {
    from: {
      type: 'string',
      value: 'FILE',
      description: 'A results.pb written by run: its last run is rendered again (into its folder unless --report-dir).',
    },
    history: {
      type: 'string',
      value: 'DIR',
      description: 'A folder of runs (one results.json per subfolder): the trend of every metric into history.html.',
    },
    'report-dir': { ...REPORT_DIR, description: 'Where the rendered reports go.' },
    reporter: {
      type: 'string',
      value: 'LIST',
      description: 'With --from: comma-separated reporters to render (junit, html, json). Default: junit,html,json.',
    },
  },
  examples: ['v6harness report --from reports/latest/results.pb', 'v6harness report --history reports/nightly'],
} as const satisfies CommandSpec;

export const LAB = {
  name: 'lab',
  summary: 'bring the containerised topology of a target up by hand, list it, remove it',
  usage: 'up|status|down|compose [options]',
  positionals: [
    {
      name: 'up|status|down|compose',
      description:
        'start the lab and leave it running; list its containers; remove it; write docker-compose.yml from its topology',
    },
  ],
  options: {
    target: {
      ...TARGET_FILE,
      description: 'The target whose stand-ins become containers. Default: targets/docker.yaml.',
    },
    only: {
      type: 'string',
      value: 'LIST',
      description: 'Comma-separated elements to start (e.g. pgw,sgw). Default: every stand-in.',
    },
    out: {
      type: 'string',
      value: 'FILE',
      description: 'With compose: the file to write. Default: standard output.',
    },
  },
} as const satisfies CommandSpec;

export const MERGE = {
  name: 'merge',
  summary: 'join the results of shards (run --shard i/n) into one run and render it',
  usage: 'DIR... [options]',
  positionals: [{ name: 'DIR...', description: 'report folders (or results.pb files) of the shards' }],
  options: {
    'report-dir': { ...REPORT_DIR, description: 'Where the merged reports go. Default: reports/merged.' },
    reporter: {
      type: 'string',
      value: 'LIST',
      description: 'Comma-separated reporters for the merged run (list, json, junit, html, pb). Default: all.',
    },
  },
} as const satisfies CommandSpec;

export const BENCH = {
  name: 'bench',
  summary: 'measure the harness’s own speed as ratios against baselines measured in the same run',
  usage: '[NAME...]',
  positionals: [{ name: 'NAME...', description: 'benchmarks to run (default: all; an unknown name lists them)' }],
  options: {},
} as const satisfies CommandSpec;

export const FUZZ = {
  name: 'fuzz',
  summary: 'send mutated traffic at the target’s stand-ins and the real elements the lab runs; a pcap per finding',
  usage: '[options]',
  options: {
    minutes: { type: 'string', value: 'N', description: 'How long to fuzz. Default: 1.' },
    seed: {
      type: 'string',
      value: 'S',
      description: 'The random seed, to repeat a campaign. Default: from the clock.',
    },
    target: TARGET_FILE,
    'report-dir': { ...REPORT_DIR, description: 'Where findings (pcaps) go. Default: reports/fuzz.' },
  },
} as const satisfies CommandSpec;

export const CTL = {
  name: 'ctl',
  summary: 'talk to the control endpoint of a running load: status, metrics, rate changes, pause, resume',
  usage: 'status|metrics|rate N|pause|resume [options]',
  positionals: [
    {
      name: 'status|metrics|rate N|pause|resume',
      description:
        'what the load is doing; its live OpenMetrics text; set the arrival rate to N sessions/s; pause; resume',
    },
  ],
  options: {
    url: {
      type: 'string',
      value: 'URL',
      description: 'The control endpoint’s URL (as the run printed it). Default: read from DIR/control.json.',
    },
    'report-dir': {
      ...REPORT_DIR,
      description:
        'The running load’s report folder, whose control.json holds the endpoint URL. Default: reports/latest.',
    },
  },
  examples: ['v6harness ctl status', 'v6harness ctl rate 2000', 'v6harness ctl metrics --report-dir out/load'],
} as const satisfies CommandSpec;

export const TARGET = {
  name: 'target',
  summary: 'write a commented target template for your elements; check a target and probe its elements',
  usage: 'init --elements LIST [options] | check --target FILE',
  positionals: [
    {
      name: 'init|check',
      description:
        'init: a target file with every key the suites may need, addresses to fill in; check: validate, show the APN roles, probe each external element once (exit 2 when one does not answer)',
    },
  ],
  options: {
    target: { ...TARGET_FILE, description: 'check: the target file to validate and probe.' },
    elements: {
      type: 'string',
      value: 'LIST',
      description:
        'init: comma-separated elements you have: pgw, sgw, ggsn, pgw-u, dns64, nat64, aaaa-filter, firewall, aaa, hss.',
    },
    out: {
      type: 'string',
      value: 'FILE',
      description:
        'init: write the template to this new file (an existing file is never overwritten). Default: stdout.',
    },
    name: {
      type: 'string',
      value: 'NAME',
      description: 'init: the target’s name in the template. Default: my-target.',
    },
  },
  examples: [
    'v6harness target init --elements pgw,ggsn,aaa --out targets/mine.yaml',
    'v6harness target check --target targets/mine.yaml',
  ],
} as const satisfies CommandSpec;

export const COMMANDS: readonly CommandSpec[] = [RUN, LIST, REPORT, LAB, TARGET, MERGE, BENCH, FUZZ, CTL];

const HELP_OPTION = { type: 'boolean', short: 'h', description: 'Show this help.' } as const satisfies OptionSpec;

/** Thrown when `--help` was asked: main prints nothing more and exits 0. */
export class HelpShown extends Error {}

/** Parses a command's arguments; `--help`/`-h` prints the command's help and throws HelpShown. */
export function parseCommand<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, args: string[]) {
  const options = { ...spec.options, help: HELP_OPTION };
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(commandHelp(spec));
    throw new HelpShown();
  }
  try {
    return parseArgs({ args, options, allowPositionals: spec.positionals !== undefined, strict: true });
  } catch (e) {
    throw new UsageError(
      `${e instanceof Error ? e.message : String(e)}\nRun "v6harness ${spec.name} --help" for its options.`,
    );
  }
}

export function commandHelp(spec: CommandSpec): string {
  const opts = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, o]: [string, OptionSpec]) => ({
    flag: `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`,
    text: `${o.description}${o.multiple ? ' (repeatable)' : ''}`,
  }));
  const width = Math.min(34, Math.max(...opts.map((o) => o.flag.length)) + 2);
  const lines = [`v6harness ${spec.name} — ${spec.summary}`, '', `Usage: v6harness ${spec.name} ${spec.usage}`];
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of spec.positionals) lines.push(...wrapRow(p.name, p.description, width));
  }
  lines.push('', 'Options:');
  for (const o of opts) lines.push(...wrapRow(o.flag, o.text, width));
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return `v6harness ${VERSION} — IPv6 test harness for mobile and IoT network elements

Usage: v6harness <command> [options]     (v6harness <command> --help explains every option)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}
  ${'help'.padEnd(width)}v6harness help <command> is v6harness <command> --help

Defaults: suite mno, target targets/standins.yaml (in-process stand-ins), report dir reports/latest.
Exit codes: 0 nothing failed and at least one scenario passed (a skip, the missing key named, is no failure
unless --strict-skips), 1 a check failed or a scenario errored, 2 the run could not be made (bad arguments or
YAML, an external element that does not answer the pre-flight, nothing ran), 130 interrupted.
The CLI reference is docs/cli.md.
`;
}

/** `  --flag VALUE    text…` with the text wrapped at 100 columns under its own column. */
function wrapRow(left: string, text: string, width: number): string[] {
  const max = 100 - 2 - width;
  const words = text.split(' ');
  const rows: string[] = [];
  let row = '';
  for (const w of words) {
    if (row && row.length + 1 + w.length > max) {
      rows.push(row);
      row = w;
    } else row = row ? `${row} ${w}` : w;
  }
  if (row) rows.push(row);
  const head = left.length + 2 > width ? [`  ${left}`] : [];
  const first = head.length ? 0 : 1;
  return [
    ...head,
    ...rows.map((r, i) => (i === 0 && first ? `  ${left.padEnd(width)}${r}` : `  ${' '.repeat(width)}${r}`)),
  ];
}
