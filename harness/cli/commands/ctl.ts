import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../runner/errors.ts';

/**
 * `v6harness ctl status|metrics|rate N|pause|resume [--url URL | --report-dir DIR]`: talks to the
 * control endpoint of a running load (harness/traffic/control/hub.ts). Without --url it reads the
 * URL the run wrote to DIR/control.json (reports/latest by default). Exit 0 when the endpoint did
 * what was asked, 1 when it refused (no load running, a bad rate), 2 when it cannot be reached.
 */
export async function ctlCommand(
  positionals: string[],
  args: { url?: string; 'report-dir'?: string },
): Promise<number> {
  const [verb, value, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`ctl: unexpected ${extra.join(' ')}`);
  const url = args.url ?? urlFromReportDir(resolve(args['report-dir'] ?? join('reports', 'latest')));
  let path: string;
  let init: RequestInit = {};
  switch (verb) {
    case 'status':
    case 'metrics':
      path = `/${verb}`;
      break;
    case 'pause':
    case 'resume':
      path = `/${verb}`;
      init = { method: 'POST' };
      break;
    case 'rate': {
      const rate = Number(value);
      if (value === undefined || !Number.isFinite(rate) || rate < 0)
        throw new UsageError(
          `ctl rate needs a number of sessions/s ≥ 0, e.g. "ctl rate 2000" (got ${value ?? 'nothing'})`,
        );
      path = '/rate';
      init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rate }) };
      break;
    }
    default:
      throw new UsageError(`ctl needs one of status, metrics, rate N, pause, resume (got ${verb ?? 'nothing'})`);
  }
  if (verb !== 'rate' && value !== undefined) throw new UsageError(`ctl ${verb}: unexpected ${value}`);
  let res: Response;
  try {
    res = await fetch(new URL(path, url), { ...init, signal: AbortSignal.timeout(5000) });
  } catch (e) {
    process.stderr.write(
      `v6harness: cannot reach the control endpoint ${url}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  const body = await res.text();
  (res.ok ? process.stdout : process.stderr).write(body.endsWith('\n') ? body : `${body}\n`);
  return res.ok ? 0 : 1;
}

function urlFromReportDir(dir: string): string {
  const file = join(dir, 'control.json');
  if (!existsSync(file))
    throw new UsageError(`no running load: ${file} does not exist (pass --url, or --report-dir of the running run)`);
  try {
    const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown };
    if (typeof url !== 'string') throw new Error('no "url"');
    return url;
  } catch (e) {
    throw new UsageError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
