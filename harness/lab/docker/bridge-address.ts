import { execa } from 'execa';
import { bridgeOf } from './docker-api.ts';

/**
 * Waits until the host's own IPv6 address on a just-made docker network is usable: a new bridge's
 * address stays "tentative" during duplicate address detection (RFC 4862 §5.4) for a second or so,
 * and meanwhile the kernel picks another source address for traffic into the lab (RFC 6724 §5 rule
 * 1 skips tentative addresses) — one an element that admits clients by subnet (freeradius's
 * clients.conf) refuses as an unknown client. Docker names the bridge br-<the network id's first 12>.
 */
export async function hostAddressReady(network: string, withinMs = 5000): Promise<void> {
  const dev = await bridgeOf(network);
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const r = await execa('ip', ['-6', '-o', 'addr', 'show', 'dev', dev, 'tentative'], { reject: false });
    if (r.exitCode !== 0 || r.stdout.trim() === '') return;
    await new Promise((res) => setTimeout(res, 100));
  }
}
