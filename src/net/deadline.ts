/** One timeout plus one AbortSignal for a network step, with the cleanup in one place. */

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
  }
}

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` when `signal` aborts; returns the way to stop waiting. One real listener per
 * signal serves every step in flight: EventTarget listeners cost microseconds each to add and
 * remove, which adds up over hundreds of concurrent queries.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    waiting.set(signal, set);
    signal.addEventListener('abort', () => [...set].forEach((fn) => fn()), { once: true });
    callbacks = set;
  }
  callbacks.add(callback);
  return () => callbacks.delete(callback);
}

/**
 * Runs `start` until it settles, `timeoutMs` passes (TimeoutError) or `signal` aborts (its reason).
 * `start` gets settle functions and returns a cleanup that closes whatever it opened, always called once.
 */
export function withDeadline<T>(
  timeoutMs: number,
  signal: AbortSignal,
  start: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let settled = false;
    let cleanup: () => void = () => {};
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopWaiting();
      cleanup();
      action();
    };
    const timer = setTimeout(() => finish(() => reject(new TimeoutError(timeoutMs))), timeoutMs);
    const stopWaiting = onAbort(signal, () => finish(() => reject(signal.reason)));
    try {
      cleanup = start(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
    } catch (error) {
      finish(() => reject(error));
    }
    if (settled) cleanup();
  });
}
