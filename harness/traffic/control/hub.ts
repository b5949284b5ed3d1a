import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exposition, type MetricFamily, OPENMETRICS_CONTENT_TYPE } from './openmetrics.ts';

/**
 * The local control endpoint of a run (ARCHITECTURE.md: "A load scenario serves a local control
 * endpoint while it runs (127.0.0.1/::1 only): live OpenMetrics text and rate changes"). A load
 * registers itself while it runs; the first registration starts an HTTP server on 127.0.0.1 and
 * ::1 (the port given by `run --control-port`, else one the kernel picks), printed once on stderr
 * and written to `<report dir>/control.json` for `v6harness ctl`. Routes:
 *
 *   GET  /metrics   OpenMetrics text: every running load's counters, gauges and latency quantiles
 *   GET  /status    the same as JSON
 *   POST /rate      body {"rate": N} or ?value=N: N sessions/s from now on (this process's share)
 *   POST /pause     no new arrivals until /resume
 *   POST /resume
 *
 * Loopback only: nothing here is reachable from another host. The server never keeps the process
 * alive (unref) and is closed when the run ends.
 */
export interface LoadStatus {
  scenario: string;
  element: string;
  /** Sessions/s requested now (0 while paused). */
  rate: number;
  paused: boolean;
  started: number;
  dropped: number;
  setups: number;
  completed: number;
  failed: number;
  inFlight: number;
  /** Setup latency so far in ms (HDR histograms of every thread, merged), when any session was set up. */
  latency?: { p50: number; p95: number; p99: number; max: number; mean: number; count: number };
  /** This process's part of a load split over processes (`run --segment i/n`). */
  segment?: string;
}

export interface LiveLoad {
  status(): LoadStatus;
  setRate(perSecond: number): void;
  pause(): void;
  resume(): void;
}

export interface HubOptions {
  /** 0: the kernel picks. */
  port?: number;
  /** Where control.json is written (the run's report folder). */
  reportDir?: string;
  /** Where the URL is announced (stderr by default). */
  announce?: (line: string) => void;
}

export class ControlHub {
  private readonly loads = new Set<LiveLoad>();
  private servers: Server[] = [];
  private starting?: Promise<string>;
  private options: HubOptions = {};
  private written?: string;
  url?: string;

  configure(o: HubOptions): void {
    this.options = o;
  }

  /** Serves `load` until the returned function is called; resolves with the endpoint's URL. */
  async register(load: LiveLoad): Promise<{ url: string; unregister: () => void }> {
    this.loads.add(load);
    const url = await this.start();
    return { url, unregister: () => this.loads.delete(load) };
  }

  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    this.starting = undefined;
    this.url = undefined;
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    for (const s of servers) s.closeAllConnections();
    if (this.written) rmSync(this.written, { force: true });
    this.written = undefined;
  }

  private start(): Promise<string> {
    this.starting ??= this.listen();
    return this.starting;
  }

  private async listen(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const first = createServer(handler);
    const port = await new Promise<number>((resolve, reject) => {
      first.once('error', reject);
      first.listen({ host: '127.0.0.1', port: this.options.port ?? 0 }, () =>
        resolve((first.address() as AddressInfo).port),
      );
    });
    first.unref();
    this.servers.push(first);
    // The same port on ::1 where the host has IPv6 loopback (a container may not).
    const second = createServer(handler);
    await new Promise<void>((resolve) => {
      second.once('error', () => resolve());
      second.listen({ host: '::1', port, ipv6Only: true }, () => {
        second.unref();
        this.servers.push(second);
        resolve();
      });
    });
    const url = `http://127.0.0.1:${port}`;
    this.url = url;
    (this.options.announce ?? ((l: string) => process.stderr.write(`${l}\n`)))(
      `v6harness: control endpoint ${url} (and [::1]:${port}): GET /metrics, v6harness ctl rate|pause|resume|status`,
    );
    if (this.options.reportDir) {
      mkdirSync(this.options.reportDir, { recursive: true });
      const file = join(this.options.reportDir, 'control.json');
      writeFileSync(file, `${JSON.stringify({ url, pid: process.pid }, null, 2)}\n`);
      this.written = file;
    }
    return url;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://localhost');
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    const json = (code: number, v: unknown) => send(code, 'application/json', `${JSON.stringify(v, null, 2)}\n`);
    try {
      if (req.method === 'GET' && u.pathname === '/metrics') {
        send(200, OPENMETRICS_CONTENT_TYPE, exposition(families([...this.loads].map((l) => l.status()))));
        return;
      }
      if (req.method === 'GET' && u.pathname === '/status') {
        json(200, { loads: [...this.loads].map((l) => l.status()) });
        return;
      }
      if (req.method === 'POST' && ['/rate', '/pause', '/resume'].includes(u.pathname)) {
        if (this.loads.size === 0) {
          json(409, { error: 'no load is running' });
          return;
        }
        if (u.pathname === '/rate') {
          const body = await readBody(req);
          const raw = u.searchParams.get('value') ?? (body ? (JSON.parse(body) as { rate?: unknown }).rate : undefined);
          const rate = Number(raw);
          if (raw === undefined || raw === null || !Number.isFinite(rate) || rate < 0) {
            json(400, { error: `rate must be a number of sessions/s ≥ 0, got ${JSON.stringify(raw ?? null)}` });
            return;
          }
          for (const l of this.loads) l.setRate(rate);
        } else if (u.pathname === '/pause') for (const l of this.loads) l.pause();
        else for (const l of this.loads) l.resume();
        json(200, { loads: [...this.loads].map((l) => l.status()) });
        return;
      }
      json(404, { error: `no route ${req.method} ${u.pathname}` });
    } catch (err) {
      json(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 4096) req.destroy(new Error('request body over 4096 octets'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** The families /metrics serves, one sample per running load. */
export function families(loads: readonly LoadStatus[]): MetricFamily[] {
  const labels = (l: LoadStatus) => ({
    scenario: l.scenario,
    element: l.element,
    ...(l.segment ? { segment: l.segment } : {}),
  });
  const counter = (name: string, help: string, v: (l: LoadStatus) => number): MetricFamily => ({
    name,
    type: 'counter',
    help,
    samples: loads.map((l) => ({ suffix: '_total', labels: labels(l), value: v(l) })),
  });
  const gauge = (name: string, help: string, v: (l: LoadStatus) => number): MetricFamily => ({
    name,
    type: 'gauge',
    help,
    samples: loads.map((l) => ({ labels: labels(l), value: v(l) })),
  });
  return [
    counter('v6harness_sessions_started', 'Session cycles started', (l) => l.started),
    counter(
      'v6harness_arrivals_dropped',
      'Arrivals not started because maxInFlight cycles were running',
      (l) => l.dropped,
    ),
    counter('v6harness_session_setups', 'Sessions set up (accepted)', (l) => l.setups),
    counter('v6harness_sessions_completed', 'Cycles set up and released', (l) => l.completed),
    counter('v6harness_session_failures', 'Cycles whose setup or release failed', (l) => l.failed),
    gauge('v6harness_sessions_in_flight', 'Cycles running now', (l) => l.inFlight),
    gauge('v6harness_session_rate_target', 'Sessions per second requested now', (l) => l.rate),
    gauge('v6harness_load_paused', '1 while the load is paused', (l) => (l.paused ? 1 : 0)),
    {
      name: 'v6harness_session_setup_latency_seconds',
      type: 'summary',
      unit: 'seconds',
      help: 'Setup latency (request to accepted response), quantiles from the merged HDR histograms',
      samples: loads.flatMap((l) =>
        l.latency
          ? [
              ...(
                [
                  ['0.5', l.latency.p50],
                  ['0.95', l.latency.p95],
                  ['0.99', l.latency.p99],
                  ['1', l.latency.max],
                ] as const
              ).map(([q, ms]) => ({ labels: { ...labels(l), quantile: q }, value: ms / 1000 })),
              { suffix: '_count', labels: labels(l), value: l.latency.count },
              { suffix: '_sum', labels: labels(l), value: (l.latency.mean * l.latency.count) / 1000 },
            ]
          : [],
      ),
    },
  ];
}

/** The process's hub: configured by `run`, used by every load. */
export const controlHub = new ControlHub();
