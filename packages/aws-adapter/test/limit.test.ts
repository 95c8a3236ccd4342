import { describe, expect, it } from 'vitest';
import { createLimiter } from '../src/limit.js';

describe('createLimiter', () => {
  it('never runs more than `concurrency` tasks at once and runs them all', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          running--;
          return i;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('frees the slot of a failed task', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a concurrency below 1', () => {
    expect(() => createLimiter(0)).toThrow(/at least 1, got 0/);
    expect(() => createLimiter(4, { min: 0 })).toThrow(/min of at least 1, got 0/);
  });

  it('runs waiting tasks in the order they came', async () => {
    const limit = createLimiter(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((i) => limit(async () => void order.push(i))));
    expect(order).toEqual([1, 2, 3, 4]);
  });
});

/** Runs `count` tasks that each wait for `release()`; returns controls to watch and finish them. */
function heldTasks(limit: ReturnType<typeof createLimiter>, count: number) {
  const releases: (() => void)[] = [];
  let started = 0;
  const all = Promise.all(
    Array.from({ length: count }, () =>
      limit(
        () =>
          new Promise<void>((resolve) => {
            started++;
            releases.push(resolve);
          }),
      ),
    ),
  );
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return {
    all,
    started: () => started,
    /** Finishes the `n` oldest running tasks and lets waiting ones start. */
    async finish(n: number) {
      for (const release of releases.splice(0, n)) release();
      await tick();
      await tick();
    },
  };
}

describe('createLimiter under throttling', () => {
  it('halves its slots on a throttle, once per round, down to min', async () => {
    const limit = createLimiter(64, { min: 4 });
    expect(limit.limit).toBe(64);
    limit.throttled();
    expect(limit.limit).toBe(32);
    // More throttles from calls of the same round are the same signal.
    limit.throttled();
    limit.throttled();
    expect(limit.limit).toBe(32);
    for (let i = 0; i < 10; i++) {
      const tasks = heldTasks(limit, limit.limit);
      await tasks.finish(limit.limit);
      await tasks.all;
      limit.throttled();
    }
    expect(limit.limit).toBe(4);
  });

  it('starts no waiting task while over its limit, then doubles back after clean rounds', async () => {
    const limit = createLimiter(16, { min: 2 });
    const tasks = heldTasks(limit, 40);
    await new Promise((resolve) => setImmediate(resolve));
    expect(tasks.started()).toBe(16);
    limit.throttled(); // 16 -> 8 slots, 16 running
    await tasks.finish(8);
    // 8 slots freed, 8 still running: nothing new may start.
    expect(tasks.started()).toBe(16);
    expect(limit.running).toBe(8);
    await tasks.finish(1);
    // 9 done since the cut (a round of 8 with a throttle: no growth); 7 running, 1 slot free.
    expect(limit.limit).toBe(8);
    expect(limit.running).toBe(8);
    expect(tasks.started()).toBe(17);
    // A clean round of 8 completions doubles the slots to 16 again.
    await tasks.finish(8);
    expect(limit.limit).toBe(16);
    expect(limit.running).toBe(16);
    await tasks.finish(100);
    await tasks.finish(100);
    await tasks.all;
    expect(tasks.started()).toBe(40);
    expect(limit.limit).toBe(16);
    expect(limit.max).toBe(16);
  });

  it('never drops below its concurrency when that is lower than min', () => {
    const limit = createLimiter(3);
    limit.throttled();
    expect(limit.limit).toBe(3);
  });
});
