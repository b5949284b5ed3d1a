/**
 * The pacing of a request/answer rate trial (RFC 8219 §9 for DNS, the same for RADIUS): `total`
 * requests offered at `ratePps` — each 1 ms step sends what is due by then, at most `maxPerStep`
 * — then a wait for the stragglers, until nothing is `outstanding()` or `timeoutMs` has passed
 * since the last request. `send(now)` sends one request. Returns how many were offered and the
 * rate actually offered (a trial shorter than one step counts as offered at the rate).
 */
export async function pacedRequests(o: {
  ratePps: number;
  durationMs: number;
  timeoutMs: number;
  maxPerStep: number;
  send: (now: number) => void;
  outstanding: () => number;
  signal?: AbortSignal;
}): Promise<{ offered: number; offeredPps: number }> {
  const total = Math.max(1, Math.round((o.ratePps * o.durationMs) / 1000));
  let offered = 0;
  const start = performance.now();
  let lastSend = start;
  await new Promise<void>((resolve) => {
    const step = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * o.ratePps) / 1000) + 1);
      for (let burst = 0; offered < due && burst < o.maxPerStep; burst++, offered++) o.send(now);
      lastSend = now;
      if (offered >= total || o.signal?.aborted) resolve();
      else setTimeout(step, 1);
    };
    step();
  });
  const sendMs = Math.max(1, lastSend - start);
  const waitUntil = performance.now() + o.timeoutMs;
  while (o.outstanding() > 0 && performance.now() < waitUntil && !o.signal?.aborted)
    await new Promise((r) => setTimeout(r, 5));
  const offeredPps =
    total <= 1
      ? o.ratePps
      : Math.min(o.ratePps, ((offered - 1) * 1000) / Math.max(sendMs, ((total - 1) * 1000) / o.ratePps));
  return { offered, offeredPps };
}
