/** One timeout plus one AbortSignal for a network step, with the cleanup in one place. */

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
  }
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
      signal.removeEventListener('abort', onAbort);
      cleanup();
      action();
    };
    const onAbort = () => finish(() => reject(signal.reason));
    const timer = setTimeout(() => finish(() => reject(new TimeoutError(timeoutMs))), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
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
