import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { TimeoutError, onAbort, withDeadline } from '../../../src/net/deadline.js';

describe('withDeadline', () => {
  it('resolves, and cleans up exactly once', async () => {
    let cleanups = 0;
    const value = await withDeadline(1000, new AbortController().signal, (resolve) => {
      setTimeout(() => resolve(42), 5);
      return () => cleanups++;
    });
    expect(value).toBe(42);
    expect(cleanups).toBe(1);
  });

  it('times out with a TimeoutError', async () => {
    let cleanups = 0;
    await expect(withDeadline(20, new AbortController().signal, () => () => cleanups++)).rejects.toBeInstanceOf(TimeoutError);
    expect(cleanups).toBe(1);
  });

  it('rejects with the abort reason, also when aborted before it starts', async () => {
    const controller = new AbortController();
    const pending = withDeadline(5000, controller.signal, () => () => {});
    controller.abort('SIGINT');
    await expect(pending).rejects.toBe('SIGINT');
    await expect(withDeadline(5000, controller.signal, () => () => {})).rejects.toBe('SIGINT');
  });

  it('settled synchronously inside start: the cleanup still runs once', async () => {
    let cleanups = 0;
    await expect(withDeadline(1000, new AbortController().signal, (_resolve, reject) => {
      reject(new Error('at once'));
      return () => cleanups++;
    })).rejects.toThrow('at once');
    expect(cleanups).toBe(1);
  });
});

describe('onAbort', () => {
  it('serves any number of waiters with one listener, and forgets those that stopped waiting', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const stops = Array.from({ length: 100 }, (_, i) => onAbort(controller.signal, () => calls.push(i)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    stops.slice(0, 98).forEach((stop) => stop());
    controller.abort();
    expect(calls).toEqual([98, 99]);
  });
});
