/**
 * Per-user rate limit: at most `count` uses per sliding window of `windowMs`. Memory is bounded:
 * at most `maxUsers` users are tracked, the least recently seen are forgotten first.
 */
export class Cooldown {
  readonly #hits = new Map<string, number[]>();
  readonly #count: number;
  readonly #windowMs: number;
  readonly #maxUsers: number;

  constructor(options: { count: number; windowMs: number; maxUsers?: number }) {
    this.#count = options.count;
    this.#windowMs = options.windowMs;
    this.#maxUsers = options.maxUsers ?? 10_000;
  }

  /** Records a use if allowed; otherwise says how long to wait. */
  take(userId: string, now = Date.now()): { ok: true } | { ok: false; retryAfterMs: number } {
    const since = now - this.#windowMs;
    const recent = (this.#hits.get(userId) ?? []).filter((t) => t > since);
    if (recent.length >= this.#count) {
      this.#touch(userId, recent);
      const oldest = recent[0] as number;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.#windowMs - now) };
    }
    recent.push(now);
    this.#touch(userId, recent);
    return { ok: true };
  }

  get size(): number {
    return this.#hits.size;
  }

  #touch(userId: string, hits: number[]): void {
    // Re-insert so Map order is least- to most-recently seen.
    this.#hits.delete(userId);
    this.#hits.set(userId, hits);
    while (this.#hits.size > this.#maxUsers) {
      const oldest = this.#hits.keys().next().value;
      if (oldest === undefined) break;
      this.#hits.delete(oldest);
    }
  }
}
