import http2 from 'node:http2';
import { isIP } from 'node:net';

/** What the probe found: the SMF speaks N11 (`ok`), or the step that failed, in a line a person can act on. */
export interface SbiProbeResult {
  ok: boolean;
  detail: string;
}

/**
 * An SMF's N11 is reachable when it speaks the SBI (TS 29.500 §5.2: HTTP/2; h2c with prior
 * knowledge on a lab network): it accepts the TCP connection, answers our connection preface with
 * its SETTINGS (RFC 9113 §3.4), and answers a request of its API — Retrieve SM Context
 * (POST {apiRoot}/nsmf-pdusession/v1/sm-contexts/{smContextRef}/retrieve, TS 29.502 §6.1.3.3.4)
 * for a context it cannot have — with an HTTP status, normally 404 with a ProblemDetails
 * (TS 29.500 §5.2.7.2). A TLS-only or HTTP/1.1 server fails at the SETTINGS step, named as such.
 */
export const SM_CONTEXT_PROBE_PATH = '/nsmf-pdusession/v1/sm-contexts/v6harness-preflight/retrieve';

export async function sbiProbe(address: string, port: number, timeoutMs = 3000): Promise<SbiProbeResult> {
  const host = isIP(address) === 6 ? `[${address}]` : address;
  const started = performance.now();
  const session = http2.connect(`http://${host}:${port}`);
  let step = 'the TCP connection';
  const deadline = new Promise<SbiProbeResult>((resolve) =>
    setTimeout(
      () => resolve({ ok: false, detail: `no answer within ${timeoutMs / 1000} s: waiting for ${step}` }),
      timeoutMs,
    ).unref(),
  );
  const failed = new Promise<SbiProbeResult>((resolve) => {
    session.once('error', (e: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        detail:
          e.code === 'ECONNREFUSED'
            ? 'nothing listens there: TCP connection refused'
            : `${step} failed: ${e.code ?? e.message}`,
      }),
    );
    session.once('close', () =>
      resolve({ ok: false, detail: `the SMF closed the connection while waiting for ${step}` }),
    );
  });
  const exchange = async (): Promise<SbiProbeResult> => {
    await new Promise<void>((resolve) => session.once('connect', () => resolve()));
    step = 'its HTTP/2 SETTINGS (is N11 h2c? TLS or HTTP/1.1 do not answer the connection preface)';
    await new Promise<void>((resolve) => session.once('remoteSettings', () => resolve()));
    step = `the answer to POST ${SM_CONTEXT_PROBE_PATH}`;
    const req = session.request({
      ':method': 'POST',
      ':path': SM_CONTEXT_PROBE_PATH,
      'content-type': 'application/json',
      accept: 'application/json, application/problem+json',
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify({}));
    const [status, type] = await new Promise<[number, string]>((resolve) =>
      req.once('response', (h) => resolve([Number(h[':status']), String(h['content-type'] ?? '')])),
    );
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      if (body.length < 2048) body += d;
    });
    await new Promise<void>((resolve) => req.once('end', () => resolve()));
    const ms = (performance.now() - started).toFixed(1);
    return {
      ok: true,
      detail: `HTTP/2 SETTINGS exchanged; Retrieve SM Context of an unknown context answered ${status}${problemCause(type, body)} in ${ms} ms`,
    };
  };
  try {
    return await Promise.race([exchange(), failed, deadline]);
  } finally {
    session.destroy();
  }
}

/** ` (CONTEXT_NOT_FOUND)`: the ProblemDetails cause of an application/problem+json body (TS 29.571 §5.2.4.1). */
function problemCause(type: string, body: string): string {
  if (!type.startsWith('application/problem+json')) return type ? ` (${type.split(';')[0]})` : '';
  try {
    const cause = (JSON.parse(body) as { cause?: unknown }).cause;
    return typeof cause === 'string' ? ` (${cause})` : ' (ProblemDetails)';
  } catch {
    return ' (a ProblemDetails that is not JSON)';
  }
}
