/**
 * Admits at most `limit` events per fixed window of `windowMs` (the crude overload control of the
 * GGSN's low-overload-threshold fault).
 */
export class WindowCounter {
  private windowStart = -Infinity;
  private count = 0;

  constructor(
    private readonly windowMs: number,
    private readonly limit: number,
  ) {}

  admit(nowMs: number): boolean {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs;
      this.count = 0;
    }
    return ++this.count <= this.limit;
  }
}
