import { UsageError } from '../runner/errors.ts';
import type { VerificationItem } from '../runner/verification.ts';
import { ConsoleReporter } from '../report/console-reporter.ts';
import { HtmlReporter } from '../report/html-reporter.ts';
import { JsonReporter } from '../report/json-reporter.ts';
import { JunitReporter } from '../report/junit-reporter.ts';
import { ProtobufReporter } from '../report/protobuf-reporter.ts';
import type { Reporter } from '../report/reporter.ts';

export const REPORTERS = ['list', 'json', 'junit', 'html', 'pb'] as const;
export const DEFAULT_REPORTERS = 'list,json,junit,html,pb';

/**
 * The console summary is printed whatever reporters are chosen: without `list`, a console
 * reporter that prints only the end-of-run summary is added.
 */
export function withSummary(reporters: Reporter[]): Reporter[] {
  return reporters.some((r) => r instanceof ConsoleReporter)
    ? reporters
    : [...reporters, new ConsoleReporter(process.stdout, { summaryOnly: true })];
}

export function createReporters(names: string, items: VerificationItem[]): Reporter[] {
  return names
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => {
      switch (n) {
        case 'list':
          return new ConsoleReporter();
        case 'json':
          return new JsonReporter();
        case 'junit':
          return new JunitReporter();
        case 'html':
          return new HtmlReporter(items);
        case 'pb':
          return new ProtobufReporter();
        default:
          throw new UsageError(`unknown reporter "${n}" (known: ${REPORTERS.join(', ')})`);
      }
    });
}
