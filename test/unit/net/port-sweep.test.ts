import { describe, expect, it } from 'vitest';
import { InterruptedError, NetworkError } from '../../../src/errors.js';
import { sweepPorts, type Prober, type Settled } from '../../../src/net/port-sweep.js';

type Plan = { after: number; settled: Settled<string> } | 'silent';

/** A prober that answers each port as planned, counting how many are in flight at once. */
function fakeProber(plan: (port: number, attempt: number) => Plan) {
  const stats = { inFlight: 0, most: 0, starts: [] as number[], cancelled: [] as number[] };
  const attempts = new Map<number, number>();
  const prober: Prober<string> = {
    start(port, settle) {
      const attempt = (attempts.get(port) ?? 0) + 1;
      attempts.set(port, attempt);
      stats.starts.push(performance.now());
      stats.inFlight++;
      stats.most = Math.max(stats.most, stats.inFlight);
      const step = plan(port, attempt);
      let timer: NodeJS.Timeout | undefined;
      const done = (settled: Settled<string>) => {
        stats.inFlight--;
        settle(settled);
      };
      if (step !== 'silent') {
        if (step.after === 0) done(step.settled);
        else timer = setTimeout(() => done(step.settled), step.after);
      }
      return () => {
        clearTimeout(timer);
        stats.inFlight--;
        stats.cancelled.push(port);
        return `silent ${port}`;
      };
    },
  };
  return { prober, stats };
}

const signal = new AbortController().signal;
const ports = Array.from({ length: 50 }, (_, i) => i + 1);

describe('sweepPorts', () => {
  it('keeps the order of the ports and never more than `concurrency` in flight', async () => {
    const { prober, stats } = fakeProber((port) => ({ after: port % 3, settled: { outcome: `p${port}` } }));
    const results = await sweepPorts(ports, prober, { concurrency: 7, timeoutMs: 1000, signal });
    expect(results).toEqual(ports.map((port) => `p${port}`));
    expect(stats.most).toBeLessThanOrEqual(7);
    expect(stats.most).toBeGreaterThan(1);
  });

  it('settles probes that answer at once (a refusal on loopback) without deep recursion', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => i + 1);
    const { prober } = fakeProber(() => ({ after: 0, settled: { outcome: 'closed' } }));
    const results = await sweepPorts(many, prober, { concurrency: 100, timeoutMs: 1000, signal });
    expect(results).toHaveLength(20_000);
    expect(new Set(results)).toEqual(new Set(['closed']));
  });

  it('gives up on a silent probe after timeoutMs and takes the outcome its cancel gives', async () => {
    const { prober, stats } = fakeProber((port) => (port === 3 ? 'silent' : { after: 1, settled: { outcome: 'ok' } }));
    const started = performance.now();
    const results = await sweepPorts([1, 2, 3, 4], prober, { concurrency: 10, timeoutMs: 80, signal });
    expect(results).toEqual(['ok', 'ok', 'silent 3', 'ok']);
    expect(stats.cancelled).toEqual([3]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('tries a port again after a local shortage (EMFILE), and gives up when it lasts', async () => {
    const { prober } = fakeProber((port, attempt) => (port === 2 && attempt < 3 ? { after: 0, settled: { retry: 'EMFILE' } } : { after: 0, settled: { outcome: 'ok' } }));
    expect(await sweepPorts([1, 2, 3], prober, { concurrency: 2, timeoutMs: 1000, signal })).toEqual(['ok', 'ok', 'ok']);
    const stuck = fakeProber(() => ({ after: 0, settled: { retry: 'EMFILE' } }));
    await expect(sweepPorts([1], stuck.prober, { concurrency: 1, timeoutMs: 1000, signal })).rejects.toThrow(NetworkError);
    await expect(sweepPorts([1], stuck.prober, { concurrency: 1, timeoutMs: 1000, signal })).rejects.toThrow(/EMFILE.*ulimit -n/);
  }, 20_000);

  it('starts at most ratePerSecond probes a second', async () => {
    const { prober, stats } = fakeProber(() => ({ after: 0, settled: { outcome: 'ok' } }));
    await sweepPorts([1, 2, 3, 4, 5], prober, { concurrency: 100, ratePerSecond: 20, timeoutMs: 1000, signal });
    // Five starts at 20 a second: 50 ms apart, the last 200 ms after the first.
    expect(stats.starts.at(-1)! - stats.starts[0]!).toBeGreaterThanOrEqual(195);
  });

  it('stops every probe in flight and rejects when the signal aborts', async () => {
    const controller = new AbortController();
    const { prober, stats } = fakeProber(() => 'silent');
    const sweep = sweepPorts(ports, prober, { concurrency: 5, timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(sweep).rejects.toThrow(InterruptedError);
    expect(stats.cancelled).toHaveLength(5);
    expect(stats.inFlight).toBe(0);
  });

  it('resolves at once for no ports', async () => {
    const { prober } = fakeProber(() => 'silent');
    expect(await sweepPorts([], prober, { concurrency: 5, timeoutMs: 10, signal })).toEqual([]);
  });
});
