/** Per-source token buckets for the UDP services (reflection amplifiers otherwise). Pure: the caller passes the time. */

export interface RateLimitOptions {
  /** Datagrams answered per second per source, on average. */
  readonly ratePerSecond: number;
  /** Largest burst a source may spend at once; defaults to one second's worth. */
  readonly burst?: number;
  /** Most sources tracked; the least recently seen is forgotten first, so memory stays bounded under spoofing. */
  readonly maxSources?: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class SourceRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;
  private readonly maxSources: number;

  constructor(options: RateLimitOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be above 0');
    this.rate = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? options.ratePerSecond);
    this.maxSources = Math.max(1, options.maxSources ?? 10_000);
  }

  /** Spends one token for `source` at `nowMs`; false means the datagram must be dropped unanswered. */
  take(source: string, nowMs: number): boolean {
    const existing = this.buckets.get(source);
    const bucket = existing ?? { tokens: this.burst, updatedMs: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.rate);
    bucket.updatedMs = nowMs;
    // Re-inserting keeps the Map in least-recently-seen order, so eviction takes the first key.
    this.buckets.delete(source);
    this.buckets.set(source, bucket);
    if (this.buckets.size > this.maxSources) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** How many sources are tracked now (never above maxSources). */
  get size(): number {
    return this.buckets.size;
  }
}
