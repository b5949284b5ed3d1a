import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts a restarted stand-in on the ports it had, as a real element comes back on its
 * configured ports (TS 23.007 §18: peers keep the path and see the new restart counter). The
 * sockets just closed may not be free yet — the forwarding thread closes its own asynchronously,
 * and a loaded machine delays that — so an EADDRINUSE is retried for up to `forMs`, then thrown
 * as the element's error.
 */
export async function startAgainOnSamePorts(start: () => Promise<void>, forMs = 3000): Promise<void> {
  const until = Date.now() + forMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 400)) {
    try {
      await start();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() + wait > until) throw err;
      await sleep(wait);
    }
  }
}
