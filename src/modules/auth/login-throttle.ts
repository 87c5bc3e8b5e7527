/**
 * Counts login attempts per client address in a sliding one-minute window, in memory. Account
 * lockout (in the database) is the durable defence; this only slows a single source down.
 */
export class LoginThrottle {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limitPerMinute: number) {}

  /** Records an attempt; returns seconds to wait when over the limit, else 0. */
  hit(key: string, now: number): number {
    const windowStart = now - 60_000;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    if (recent.length >= this.limitPerMinute) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + 60_000 - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(windowStart);
    return 0;
  }

  private prune(windowStart: number): void {
    for (const [key, times] of this.hits) {
      if (!times.some((t) => t > windowStart)) this.hits.delete(key);
    }
  }
}
