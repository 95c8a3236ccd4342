/**
 * A counting semaphore: at most `concurrency` tasks run at once, the rest wait in FIFO order.
 * Tasks must not wait on other tasks of the same limiter while holding a slot (that could deadlock).
 *
 * @example
 * ```ts
 * const limit = createLimiter(16);
 * const values = await Promise.all(ids.map((id) => limit(() => get(id))));
 * ```
 */
export function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`expected a concurrency of at least 1, got ${concurrency}`);
  }
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
