/**
 * A UE's PDN type choices on one APN (TS 24.301 §6.5.1.3, §6.5.1.4; RFC 7849 C_REC#6/#9/#10):
 * it asks for its profile's PDN type and reacts to the ESM cause:
 *   accepted with #50/#51 → keeps the one family and never asks for the other on this APN;
 *   accepted with #52     → may open a second PDN connection for the other family;
 *   rejected with #50/#51 → asks again only for the allowed family, if it has that stack;
 *   rejected with #57     → (5GS, TS 24.501 §6.4.1.4.1) asks again for IPv4v6 if it has both stacks,
 *                           never again for IPv4 or IPv6 alone on this DNN;
 *   rejected with #58     → (5GS) no IP PDU session on this DNN: stops;
 *   other rejections      → stops (back-off timers are not modelled).
 * Behaviours other than `conforming` are the classic broken terminals, so that terminal scenarios
 * can be shown to catch them: one that retries IPv4v6 after #50/#51, one that gives up a granted
 * IPv6 connection for IPv4, one that asks for the same type again after #57/#58.
 */
import type { EsmAnswer, PdnFamily } from '../mme/esm-cause.ts';

export type UeBehaviour = 'conforming' | 'retry-ipv4v6' | 'drop-to-ipv4' | 'retry-same-type';

/** What the UE can do: which stacks it has and what it asks for first on this APN. */
export interface UeProfile {
  request: PdnFamily;
  behaviour: UeBehaviour;
  /** The stacks it has when it asks for less first (default: those of `request`). */
  capable?: PdnFamily;
}

export interface PdnAttempt {
  requested: PdnFamily;
  answer: EsmAnswer;
  /** The UE released it at once (a broken terminal that prefers IPv4). */
  released?: boolean;
}

/** At most this many requests per APN, so a broken UE's retry loop ends. */
export const MAX_REQUESTS = 6;

/**
 * Runs the UE's choices against `network` (one PDN connectivity request per call) and returns
 * every attempt in order. `release` is called when the UE tears a connection down again.
 */
export async function connect(
  profile: UeProfile,
  network: (requested: PdnFamily) => Promise<EsmAnswer>,
  release: (attempt: PdnAttempt) => Promise<void>,
): Promise<PdnAttempt[]> {
  const attempts: PdnAttempt[] = [];
  const capable = profile.capable ?? profile.request;
  const stacks = new Set<'ipv4' | 'ipv6'>(capable === 'ipv4v6' ? ['ipv4', 'ipv6'] : [capable]);
  const forbidden = new Set<'ipv4' | 'ipv6'>();
  const queue: PdnFamily[] = [profile.request];
  while (queue.length && attempts.length < MAX_REQUESTS) {
    const requested = queue.shift()!;
    const answer = await network(requested);
    const attempt: PdnAttempt = { requested, answer };
    attempts.push(attempt);
    const c = answer.esmCause;
    if (c === 50) forbidden.add('ipv6');
    if (c === 51) forbidden.add('ipv4');
    if (profile.behaviour === 'retry-same-type' && (c === 57 || c === 58)) {
      // Broken: ignores the cause and asks for the same type again.
      queue.push(requested);
      continue;
    }
    if (profile.behaviour === 'retry-ipv4v6' && (c === 50 || c === 51)) {
      // Broken: ignores the cause and asks for both families again.
      queue.push('ipv4v6');
      continue;
    }
    if (answer.kind === 'accepted') {
      if (profile.behaviour === 'drop-to-ipv4' && answer.granted !== 'ipv4' && stacks.has('ipv4')) {
        // Broken: gives up the IPv6-capable connection and asks for IPv4 alone.
        attempt.released = true;
        await release(attempt);
        queue.push('ipv4');
        continue;
      }
      if (c === 52) {
        const other = answer.granted === 'ipv4' ? 'ipv6' : 'ipv4';
        if (stacks.has(other) && !forbidden.has(other)) queue.push(other);
      }
      continue;
    }
    if (c === 50 && stacks.has('ipv4') && requested !== 'ipv4') queue.push('ipv4');
    else if (c === 51 && stacks.has('ipv6') && requested !== 'ipv6') queue.push('ipv6');
    else if (c === 57 && stacks.size === 2 && requested !== 'ipv4v6') queue.push('ipv4v6');
  }
  return attempts;
}

/** The families of the PDN connections the UE holds at the end. */
export function heldFamilies(attempts: readonly PdnAttempt[]): PdnFamily[] {
  return attempts
    .filter((a) => a.answer.kind === 'accepted' && !a.released)
    .map((a) => (a.answer as Extract<EsmAnswer, { kind: 'accepted' }>).granted);
}
