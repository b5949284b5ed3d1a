/** What one pre-flight probe found: reachable (`ok`), or not, with a line a person can act on. */
export interface ProbeResult {
  ok: boolean;
  detail: string;
  /** Not probed (nothing to probe with, e.g. an AAA without a shared secret): not a failure. */
  unchecked?: boolean;
}

export interface Verdict extends ProbeResult {
  element: string;
  /** Where the probe went: `[2001:db8::1]:2123`, or an address. */
  where: string;
  ms: number;
}

/** One line per element: `✓ pgw  [2001:db8::1]:2123  GTPv2 Echo Response in 2.1 ms`. */
export function formatVerdict(v: Verdict, width: number, whereWidth = 0): string {
  const mark = v.unchecked ? '-' : v.ok ? '✓' : '✗';
  return `${mark} ${v.element.padEnd(width)}  ${v.where.padEnd(whereWidth)}  ${v.detail}`;
}
