import { defineScenario } from '../../harness/runner/scenario.ts';
import { ControlLoop } from '../../harness/traffic/index.ts';
import { openUserPlaneLoad } from '../core/user-plane-load.ts';

type Params = {
  /** Devices in the loop, one PDN connection (and flow) each. */
  devices?: number;
  /** The control period, ms (50 Hz = 20 ms). */
  intervalMs?: number;
  durationS?: number;
  /** Inner IPv6 packet length of a control message. */
  innerLength?: number;
  /** The loop's round-trip budget at the 99th percentile, and for the worst second. */
  budgetMs?: number;
  /** Packets the loop may lose (fraction; 0 for a control loop). */
  lossMax?: number;
};

/**
 * IoT control loop over the mobile core (IOT-QOS: bandwidth, stability and latency for robot
 * control, reliability): every device sends a small packet each period through its own S5/S8-U
 * tunnel to a controller (the IPv6-only host's echo service) and waits for the answer. Reported:
 * round-trip delay percentiles (RFC 2681), loss (RFC 6673), interarrival jitter (RFC 3550 §6.4.1),
 * and the same per second as time series in the HTML report. The budget is checked over the whole
 * run and for the worst second: a user plane that stalls now and then passes an average but not a
 * control loop.
 */
export default defineScenario<Params>({
  id: 'iot/control-loop',
  title: 'IoT control loop: small packets at a fixed period through the PGW, delay, jitter and loss over time',
  covers: ['IOT-QOS'],
  tags: ['gtpu', 's5', 'user-plane', 'iot', 'latency'],
  needs: ['pgw'],
  timeout: 900,
  async run(ctx) {
    const p = { devices: 8, intervalMs: 20, durationS: 10, innerLength: 80, budgetMs: 20, lossMax: 0, ...ctx.params };
    const load = await openUserPlaneLoad(ctx, p.devices, '0010140');
    const loop = new ControlLoop({
      socket: load.socket,
      to: load.to,
      flows: load.flows,
      innerLength: p.innerLength,
      intervalMs: p.intervalMs,
      durationMs: p.durationS * 1000,
      signal: ctx.signal,
    });
    load.receiver = (rx, meta, count) => loop.receiveBatch(rx, meta, count);
    try {
      const r = await loop.run();
      const lost = r.sent - r.received;
      const lossRatio = r.sent ? lost / r.sent : 1;
      ctx.check(`control-loop loss over ${p.durationS} s (${p.devices} devices every ${p.intervalMs} ms)`, {
        expected: `≤ ${(p.lossMax * 100).toFixed(2)} % of ${r.sent}`,
        observed: `${lost} lost (${(lossRatio * 100).toFixed(2)} %)`,
        ok: lossRatio <= p.lossMax,
        clause: 'RFC 6673 §2, IOT-QOS',
        element: 'pgw',
      });
      ctx.check(`round-trip delay p99 within the ${p.budgetMs} ms budget`, {
        expected: `≤ ${p.budgetMs} ms`,
        observed: `${r.roundTripMs.p99.toFixed(3)} ms`,
        ok: r.received > 0 && r.roundTripMs.p99 <= p.budgetMs,
        clause: 'RFC 2681 §2, IOT-QOS',
        element: 'pgw',
      });
      const worst = r.buckets.reduce((w, b) => (b.p99Ms > w.p99Ms ? b : w), r.buckets[0]);
      ctx.check(`worst second's p99 within the ${p.budgetMs} ms budget (stability over time)`, {
        expected: `≤ ${p.budgetMs} ms in every second`,
        observed: worst ? `${worst.p99Ms.toFixed(3)} ms in the second from ${worst.t} s` : 'no packets',
        ok: worst !== undefined && worst.p99Ms <= p.budgetMs,
        clause: 'RFC 2681 §2, IOT-QOS',
        element: 'pgw',
      });
      ctx.check("every answer is a G-PDU carrying one of the loop's packets, once", {
        expected: { malformed: 0, duplicates: 0 },
        observed: { malformed: r.malformed, duplicates: r.duplicates },
        clause: 'TS 29.281 §5.1, RFC 862',
        element: 'pgw',
      });
      // The budgeted figure first: it is the scenario's key figure in the console and reports.
      ctx.metric('control_round_trip_p99', r.roundTripMs.p99, 'ms');
      ctx.metric('control_round_trip_p50', r.roundTripMs.p50, 'ms');
      ctx.metric('control_round_trip_max', r.roundTripMs.max, 'ms');
      ctx.metric('control_jitter', r.jitterMs, 'ms');
      ctx.metric('control_loss', lossRatio * 100, '%');
      ctx.metric('control_packets', r.sent, 'packets');
      ctx.series(
        'round-trip delay p50',
        'ms',
        r.buckets.map((b) => [b.t, b.p50Ms]),
      );
      ctx.series(
        'round-trip delay p99',
        'ms',
        r.buckets.map((b) => [b.t, b.p99Ms]),
        { budget: p.budgetMs },
      );
      ctx.series(
        'round-trip delay max',
        'ms',
        r.buckets.map((b) => [b.t, b.maxMs]),
      );
      ctx.series(
        'IPDV (mean |Δdelay|)',
        'ms',
        r.buckets.map((b) => [b.t, b.ipdvMs]),
      );
      ctx.series(
        'loss',
        '%',
        r.buckets.map((b) => [b.t, b.sent ? ((b.sent - b.received) / b.sent) * 100 : 0]),
      );
    } finally {
      await load.close();
    }
  },
});
