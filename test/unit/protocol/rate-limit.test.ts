import { describe, expect, it } from 'vitest';
import { SourceRateLimiter } from '../../../src/protocol/rate-limit.js';

describe('SourceRateLimiter', () => {
  it('allows a burst of one second, then the rate', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 20 });
    const allowed = Array.from({ length: 30 }, () => limiter.take('a', 1000)).filter(Boolean).length;
    expect(allowed).toBe(20);
    expect(limiter.take('a', 1000)).toBe(false);
    // 50 ms at 20/s refills one token.
    expect(limiter.take('a', 1050)).toBe(true);
    expect(limiter.take('a', 1050)).toBe(false);
  });

  it('keeps sources apart', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1 });
    expect(limiter.take('a', 0)).toBe(true);
    expect(limiter.take('a', 0)).toBe(false);
    expect(limiter.take('b', 0)).toBe(true);
  });

  it('never refills above the burst, however long a source is quiet', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 5, burst: 2 });
    expect(limiter.take('a', 0)).toBe(true);
    const later = [1, 2, 3, 4].map(() => limiter.take('a', 3_600_000));
    expect(later).toEqual([true, true, false, false]);
  });

  it('a clock that steps back does not mint tokens', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1 });
    expect(limiter.take('a', 10_000)).toBe(true);
    expect(limiter.take('a', 0)).toBe(false);
  });

  it('tracks at most maxSources, forgetting the least recently seen', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1, maxSources: 3 });
    for (const source of ['a', 'b', 'c']) limiter.take(source, 0);
    limiter.take('a', 0); // a is now the most recent; b is the oldest
    limiter.take('d', 0);
    expect(limiter.size).toBe(3);
    expect(limiter.take('a', 0)).toBe(false); // still remembered: its bucket is empty
    expect(limiter.take('b', 0)).toBe(true); // forgotten: a fresh bucket
    for (let i = 0; i < 10_000; i++) limiter.take(`spoofed-${i}`, 0);
    expect(limiter.size).toBe(3);
  });

  it('rejects a rate of zero', () => {
    expect(() => new SourceRateLimiter({ ratePerSecond: 0 })).toThrow(/above 0/);
  });
});
