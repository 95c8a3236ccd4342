import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultProxy,
  mulberry32,
  type RequestTiming,
  sequentialRoundTrips,
  startFaultProxy,
} from './fault-proxy.js';

// A tiny upstream instead of moto: these tests are about the proxy, not about AWS.
let upstream: Server;
let target: string;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => res.end(JSON.stringify({ target: req.headers['x-amz-target'], body })));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

const call = (proxy: FaultProxy, op: string, signal?: AbortSignal) =>
  fetch(proxy.endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': op },
    body: '{"a":1}',
    signal: signal ?? null,
  });

describe('startFaultProxy', () => {
  it('forwards untouched without rules and counts per operation', async () => {
    const proxy = await startFaultProxy({ target });
    const answer = await call(proxy, 'TrentService.Decrypt');
    expect(await answer.json()).toEqual({ target: 'TrentService.Decrypt', body: '{"a":1}' });
    expect(proxy.stats()['TrentService.Decrypt']).toMatchObject({ requests: 1, forwarded: 1 });
    await proxy.close();
  });

  it("keeps the client's connection open when the upstream closes its own (moto sends Connection: close)", async () => {
    const closing = createServer((_req, res) => {
      res.setHeader('Connection', 'close');
      res.end('{}');
    });
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const proxy = await startFaultProxy({
      target: `http://127.0.0.1:${(closing.address() as AddressInfo).port}`,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const once = () =>
      new Promise<{ connection: string | undefined; reused: boolean }>((resolve, reject) => {
        const req = request(`${proxy.endpoint}/`, { method: 'POST', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ connection: res.headers.connection, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end('{}');
      });
    try {
      const first = await once();
      const second = await once();
      expect(first.connection).not.toBe('close');
      expect(second.reused).toBe(true);
    } finally {
      agent.destroy();
      await proxy.close();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
  });

  it('answers AWS JSON errors per operation, short names and maxFaults', async () => {
    const proxy = await startFaultProxy({
      target,
      rules: {
        'secretsmanager.BatchGetSecretValue': { accessDenied: 1 },
        GetSecretValue: { throttle: 1, maxFaults: 2 },
      },
    });
    const denied = await call(proxy, 'secretsmanager.BatchGetSecretValue');
    expect(denied.status).toBe(400);
    expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(((await denied.json()) as { __type: string }).__type).toBe('AccessDeniedException');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(proxy, 'secretsmanager.GetSecretValue')).status);
    expect(statuses).toEqual([400, 400, 200]);
    expect(proxy.stats()['secretsmanager.GetSecretValue']).toMatchObject({ requests: 3, forwarded: 1 });
    expect(proxy.stats()['secretsmanager.GetSecretValue']?.faults.throttle).toBe(2);
    await proxy.close();
  });

  it('resets connections, stalls, and 5xx', async () => {
    const proxy = await startFaultProxy({
      target,
      rules: { A: { reset: 1 }, B: { stall: 1 }, C: { error503: 1 } },
    });
    await expect(call(proxy, 's.A')).rejects.toThrow();
    await expect(call(proxy, 's.B', AbortSignal.timeout(200))).rejects.toThrow(/abort|timeout/i);
    expect((await call(proxy, 's.C')).status).toBe(503);
    await proxy.close(); // closes despite the stalled request
  });

  it('is reproducible for a seed', async () => {
    const run = async () => {
      const proxy = await startFaultProxy({ target, seed: 42, rules: { '*': { throttle: 0.5 } } });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await call(proxy, 'x.Y')).status);
      await proxy.close();
      return statuses;
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(new Set(first)).toEqual(new Set([200, 400]));
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});

const at = (arrivedAt: number, answeredAt: number, operation = 'x.Y'): RequestTiming => ({
  operation,
  arrivedAt,
  answeredAt,
});

describe('sequentialRoundTrips', () => {
  it('counts nothing for no request and one for one', () => {
    expect(sequentialRoundTrips([])).toBe(0);
    expect(sequentialRoundTrips([at(5, 9)])).toBe(1);
  });

  it('counts one for any number of overlapping requests', () => {
    expect(sequentialRoundTrips(Array.from({ length: 100 }, (_, i) => at(i * 0.1, 50 + i)))).toBe(1);
  });

  it('counts each request that waited for the previous answer', () => {
    // The official action's strategy: one call after another.
    expect(sequentialRoundTrips(Array.from({ length: 7 }, (_, i) => at(i * 10 + 1, i * 10 + 9)))).toBe(7);
  });

  it('takes the longest chain, not the number of waves or of requests', () => {
    // A fetch wave (two calls), then Decrypts: two started after the first batch answered, one of
    // them followed by a retry; one Decrypt after the second batch. Longest chain: batch, Decrypt, retry.
    const log = [
      at(0, 20, 'BatchGet'),
      at(1, 40, 'BatchGet'),
      at(21, 41, 'Decrypt'),
      at(22, 30, 'Decrypt'),
      at(31, 50, 'Decrypt'), // retry of the one answered at 30
      at(41, 60, 'Decrypt'),
    ];
    expect(sequentialRoundTrips(log)).toBe(3);
    // In whatever order the log lists them.
    expect(sequentialRoundTrips([...log].reverse())).toBe(3);
  });

  it('needs the previous answer before the arrival: an overlap by a hair does not chain', () => {
    expect(sequentialRoundTrips([at(0, 10), at(9.999, 20)])).toBe(1);
    expect(sequentialRoundTrips([at(0, 10), at(10, 20)])).toBe(2);
  });

  it('follows chains through long requests that later ones overtake', () => {
    // a is long; b, c, d chain one after another during it; e comes after a's answer, so after
    // d's too: b, c, d, e.
    const log = [at(0, 100), at(1, 10), at(11, 20), at(21, 30), at(101, 110)];
    expect(sequentialRoundTrips(log)).toBe(4);
    expect(sequentialRoundTrips(log.slice(0, 4))).toBe(3);
  });
});

describe('the proxy log', () => {
  it('logs every answered request, faults included, and counts sequential and parallel calls', async () => {
    const proxy = await startFaultProxy({
      target,
      // The parallel calls wait long enough that all 8 arrive before the first is answered, even
      // on a loaded machine (at 15 ms, a busy CI machine let one answer go out before the last arrived).
      rules: {
        '*': { latencyMs: 15 },
        Parallel: { latencyMs: 1500 },
        Throttled: { throttle: 1 },
        Reset: { reset: 1 },
      },
    });
    try {
      await Promise.all(Array.from({ length: 8 }, () => call(proxy, 's.Parallel')));
      expect(proxy.roundTrips()).toBe(1);
      for (let i = 0; i < 3; i++) await call(proxy, 's.Sequential');
      expect(proxy.roundTrips()).toBe(4);
      expect((await call(proxy, 's.Throttled')).status).toBe(400);
      await expect(call(proxy, 's.Reset')).rejects.toThrow();
      expect(proxy.roundTrips()).toBe(6);
      const log = proxy.log();
      expect(log.map((t) => t.operation).slice(-5)).toEqual([
        's.Sequential',
        's.Sequential',
        's.Sequential',
        's.Throttled',
        's.Reset',
      ]);
      for (const t of log) expect(t.answeredAt).toBeGreaterThan(t.arrivedAt);
      proxy.resetStats();
      expect(proxy.log()).toEqual([]);
      expect(proxy.roundTrips()).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
