/**
 * The per-user /ask cooldown under any sequence of uses: at most `count` questions per sliding
 * window for every user it remembers, never a refusal below that, and memory bounded however many
 * users come (the least recently seen are forgotten first).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cooldown } from '../../src/bot/cooldown.js';

/** Reference model: granted times per user, in least- to most-recently-seen order. */
class Model {
  readonly #users = new Map<string, number[]>();
  constructor(
    readonly count: number,
    readonly windowMs: number,
    readonly maxUsers: number,
  ) {}

  take(user: string, now: number): boolean {
    const recent = (this.#users.get(user) ?? []).filter((t) => t > now - this.windowMs);
    const ok = recent.length < this.count;
    if (ok) recent.push(now);
    this.#users.delete(user);
    this.#users.set(user, recent);
    if (this.#users.size > this.maxUsers) this.#users.delete(this.#users.keys().next().value as string);
    return ok;
  }
}

describe('Cooldown (property)', () => {
  it('is a sliding window per user, with least-recently-seen forgetting beyond the bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 1, max: 15 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(5_000)), { minLength: 1, maxLength: 300 }),
        (count, windowMs, maxUsers, steps) => {
          const cooldown = new Cooldown({ count, windowMs, maxUsers });
          const model = new Model(count, windowMs, maxUsers);
          let now = 1_000_000;
          for (const [user, advance] of steps) {
            now += advance;
            const result = cooldown.take(`u${user}`, now);
            expect(result.ok).toBe(model.take(`u${user}`, now));
            if (!result.ok) {
              expect(result.retryAfterMs).toBeGreaterThanOrEqual(1);
              expect(result.retryAfterMs).toBeLessThanOrEqual(windowMs);
            }
            expect(cooldown.size).toBeLessThanOrEqual(maxUsers);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('holds the limit exactly while it remembers everyone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(3_000)), { minLength: 1, maxLength: 300 }),
        (count, steps) => {
          const windowMs = 20_000;
          const cooldown = new Cooldown({ count, windowMs, maxUsers: 12 });
          const granted = new Map<string, number[]>();
          let now = 0;
          for (const [user, advance] of steps) {
            now += advance;
            const times = (granted.get(`u${user}`) ?? []).filter((t) => t > now - windowMs);
            const ok = cooldown.take(`u${user}`, now).ok;
            expect(ok).toBe(times.length < count);
            granted.set(`u${user}`, ok ? [...times, now] : times);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('remembers at most 10,000 users by default, after 30,000 distinct ones', () => {
    const cooldown = new Cooldown({ count: 5, windowMs: 20_000 });
    let refused = 0;
    for (let i = 0; i < 30_000; i++) if (!cooldown.take(`user${i}`, i).ok) refused++;
    expect(refused).toBe(0);
    expect(cooldown.size).toBe(10_000);
  });
});
