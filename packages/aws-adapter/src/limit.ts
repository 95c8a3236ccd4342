/**
 * The one concurrency helper of envelope-kit: a counting semaphore whose number of slots adapts to
 * throttling. The AWS client factory puts one in front of each service's clients (see clients.ts);
 * tools that run their own batches use it too.
 */

/** Options of {@link createLimiter}. */
export interface LimiterOptions {
  /**
   * The fewest slots throttling can bring it down to (default: 8, or `concurrency` when lower).
   * Below a few slots, fewer calls in flight relieve a service no more than the retries' own
   * exponential backoff already does, and a short burst would crawl.
   */
  min?: number;
}

/** A limiter: call it with a task to run that task within a free slot. */
export interface Limiter {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Slots at the moment (between `min` and `max`). */
  readonly limit: number;
  /** The most slots it can have (the `concurrency` it was created with). */
  readonly max: number;
  /** Tasks running now. */
  readonly running: number;
  /** How many throttles were reported. */
  readonly throttles: number;
  /** Reports that a service throttled a task: fewer slots (see {@link createLimiter}). */
  throttled(): void;
}

/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in FIFO order. `limit`
 * starts at `concurrency` and adapts to throttling, as TCP's congestion window does (AIMD without
 * the additive part, which would take a short burst too long): each `throttled()` report halves it
 * (down to `min`), at most once per round of as many completed tasks as there were slots; a round
 * of completed tasks without a throttle doubles it again, up to `concurrency`. A slot freed while
 * over the limit is not handed on. Tasks must not wait on other tasks of the same limiter while
 * holding a slot (that could deadlock).
 *
 * @example
 * ```ts
 * const limit = createLimiter(100);
 * const values = await Promise.all(ids.map((id) => limit(() => get(id))));
 * limit.throttled(); // e.g. from a retry strategy that saw ThrottlingException
 * ```
 */
export function createLimiter(concurrency: number, options: LimiterOptions = {}): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`expected a concurrency of at least 1, got ${concurrency}`);
  }
  const min = Math.min(concurrency, options.min ?? 8);
  if (!Number.isInteger(min) || min < 1) throw new RangeError(`expected a min of at least 1, got ${min}`);
  let limit = concurrency;
  let running = 0;
  // Tasks completed since the limit last changed, and whether a throttle came in meanwhile.
  let completed = 0;
  let throttledSinceChange = false;
  let throttles = 0;
  const waiting: (() => void)[] = [];

  const startWaiting = () => {
    while (running < limit && waiting.length > 0) {
      running++;
      (waiting.shift() as () => void)();
    }
  };
  const finish = () => {
    running--;
    completed++;
    if (completed >= limit) {
      if (!throttledSinceChange && limit < concurrency) limit = Math.min(concurrency, limit * 2);
      completed = 0;
      throttledSinceChange = false;
    }
    startWaiting();
  };

  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    // FIFO: a newcomer queues behind anyone already waiting, even when a slot is free this instant.
    if (running < limit && waiting.length === 0) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      finish();
    }
  };
  return Object.defineProperties(run, {
    limit: { get: () => limit },
    max: { value: concurrency },
    running: { get: () => running },
    throttles: { get: () => throttles },
    throttled: {
      value: () => {
        throttles++;
        // One cut per round: the throttles of calls that were already in flight are one signal.
        if (throttledSinceChange && completed < limit) return;
        throttledSinceChange = true;
        if (limit > min) {
          limit = Math.max(min, Math.floor(limit / 2));
          completed = 0;
        }
      },
    },
  }) as Limiter;
}
