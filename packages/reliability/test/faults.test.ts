// The action under faults, through the fault proxy between the real AWS SDK and moto. The runs go
// through run() (the action's own inputs -> plan -> execute -> publish, with its real
// AwsClientFactory pointed at the proxy by `endpoint-url`); test/bundle.test.ts does one run of the
// committed bundle under the same faults.

import { type ExecuteDeps, run, type StepContext } from '@envelope-kit/action';
import {
  AwsClientFactory,
  KmsKeyProvider,
  resolveKeyIds,
  SecretsManagerSource,
} from '@envelope-kit/aws-adapter';
import { detectFormat, inspect, open, openLegacy } from '@envelope-kit/envelope-core';
import {
  type FaultProxy,
  type FaultRules,
  type OperationStats,
  resetMoto,
  startFaultProxy,
  testClientOptions,
} from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKmsKey, type Recorded, recordingIO, type StoredSecret, storeEnvelopes } from '../src/index.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
let secrets: StoredSecret[];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  await resetMoto(endpoint);
  // run() builds its own AwsClientFactory, whose SDK clients read credentials from the environment.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
  const keyArn = await createKmsKey(factory);
  secrets = await storeEnvelopes(factory, keyArn, 'faults', 100);
});
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  factory.destroy();
});

async function proxy(seed: number, rules: FaultRules, upstreamConcurrency?: number): Promise<FaultProxy> {
  const started = await startFaultProxy({
    target: endpoint,
    seed,
    rules,
    ...(upstreamConcurrency === undefined ? {} : { upstreamConcurrency }),
  });
  proxies.push(started);
  return started;
}

function actionInputs(proxyEndpoint: string, ids: readonly string[]): Record<string, string> {
  return { 'secret-ids': ids.join('\n'), 'endpoint-url': proxyEndpoint, region: 'us-east-1' };
}

const step: StepContext = {
  workspace: process.cwd(),
  workflow: { repository: 'envelope-kit/envelope-kit', ref: 'refs/heads/main', environment: undefined },
};

function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function expectAllExact(recorded: Recorded, stored: readonly StoredSecret[]): void {
  expect(recorded.failed).toEqual([]);
  // Besides the secrets, the step exports the cleanup list shared with the official action.
  expect([...recorded.exported.keys()].filter((name) => name !== 'SECRETS_LIST_CLEAN_UP')).toHaveLength(
    stored.length,
  );
  for (const secret of stored) {
    expect(recorded.exported.get(envName(secret.name))).toBe(secret.plaintext);
    expect(recorded.masks).toContain(secret.plaintext);
  }
  // Every value was masked before the first export.
  expect(Math.min(...recorded.masksBeforeExport.values())).toBeGreaterThanOrEqual(stored.length);
}

function addStats(total: Record<string, number>, stats: Record<string, OperationStats>): void {
  for (const op of Object.values(stats)) {
    total.requests = (total.requests ?? 0) + op.requests;
    for (const [kind, count] of Object.entries(op.faults)) total[kind] = (total[kind] ?? 0) + count;
  }
}

/** Figures of this file, printed once (SECURITY.md records them). */
const figures: Record<string, number> = {};
afterAll(() => {
  console.log(`fault figures: ${JSON.stringify(figures)}`);
});

const MIXED: FaultRules = { '*': { throttle: 0.3, error503: 0.05, reset: 0.02 } };

describe('100 envelope secrets, 30% throttled, 5% 503, 2% resets', () => {
  it('20 of 20 seeded runs succeed with every value exact', { timeout: 90_000 }, async () => {
    const seeds = Array.from({ length: 20 }, (_, i) => 1000 + i);
    const ids = secrets.map((s) => s.name);
    const outcomes: { seed: number; ok: boolean; ms: number }[] = [];
    // Four runs at a time: each is an independent step (own proxy, own clients, own limiters).
    for (let i = 0; i < seeds.length; i += 4) {
      await Promise.all(
        seeds.slice(i, i + 4).map(async (seed) => {
          // moto answers on a thread per connection: 4 runs of 100 calls at once would slow it to
          // timeouts (no fault of the action's); the proxy hands it 8 at a time, holding the rest.
          const faulty = await proxy(seed, MIXED, 8);
          const { io, recorded } = recordingIO(actionInputs(faulty.endpoint, ids));
          const started = performance.now();
          await run({ io, step });
          const ms = performance.now() - started;
          expectAllExact(recorded, secrets);
          outcomes.push({ seed, ok: recorded.failed.length === 0, ms });
          addStats(figures, faulty.stats());
          await faulty.close();
        }),
      );
    }
    expect(outcomes.filter((o) => o.ok)).toHaveLength(20);
    figures.runs = outcomes.length;
    figures.slowestRunMs = Math.round(Math.max(...outcomes.map((o) => o.ms)));
    // The faults were really there: ~37% of about 170 requests per run.
    expect(figures.throttle).toBeGreaterThan(20 * 30);
    expect(figures.reset).toBeGreaterThan(20);
    expect(figures.error503).toBeGreaterThan(50);
  });
});

describe('1,000 envelope secrets, 30% throttled, 5% 503, 2% resets', () => {
  let many: StoredSecret[];
  beforeAll(async () => {
    const keyArn = await createKmsKey(factory);
    many = await storeEnvelopes(factory, keyArn, 'faults-1000', 1_000);
  }, 600_000);

  it('one seeded run succeeds with every value exact', {
    timeout: 600_000,
  }, async () => {
    // moto answers on a thread per connection: 8 at a time keeps it from timing out under a burst of
    // hundreds (the proxy holds the rest, as a queue in front of a service would).
    const faulty = await proxy(2000, MIXED, 8);
    const { io, recorded } = recordingIO(
      actionInputs(
        faulty.endpoint,
        many.map((s) => s.name),
      ),
    );
    const started = performance.now();
    await run({ io, step });
    figures.run1000Ms = Math.round(performance.now() - started);
    expectAllExact(recorded, many);
    const stats = faulty.stats();
    figures.run1000Requests = Object.values(stats).reduce((sum, op) => sum + op.requests, 0);
    figures.run1000Throttles = Object.values(stats).reduce((sum, op) => sum + op.faults.throttle, 0);
    // The faults were really there: about 30% of ~1,500 requests throttled.
    expect(figures.run1000Throttles).toBeGreaterThan(300);
    expect(stats['secretsmanager.BatchGetSecretValue']?.forwarded).toBe(50);
    expect(stats['TrentService.Decrypt']?.forwarded).toBe(1_000);
    await faulty.close();
  });
});

// Concurrent: each case waits out its retries (~5-10 s), independent of the others.
describe.concurrent('a service that keeps failing', () => {
  it.each([
    ['503 on every call', { '*': { error503: 1 } }, 'ERR_AWS'],
    ['throttling on every call', { '*': { throttle: 1 } }, 'ERR_THROTTLED'],
    ['KMS throttling on every Decrypt', { Decrypt: { throttle: 1 } }, 'ERR_THROTTLED'],
    ['connection resets on every call', { '*': { reset: 1 } }, ''],
  ])('%s: the step fails within its budget, names every secret, exports nothing', async (_, rules, code) => {
    const failing = await proxy(7, rules);
    const ids = secrets.slice(0, 3).map((s) => s.name);
    const { io, recorded } = recordingIO(actionInputs(failing.endpoint, ids));
    const started = performance.now();
    const exported = await run({ io, step });
    const ms = performance.now() - started;
    // Budget: 10 attempts with waits capped at 2 s (at most ~13 s of waiting) per call.
    expect(ms).toBeLessThan(20_000);
    expect(exported).toEqual([]);
    expect(recorded.exported.size).toBe(0);
    expect(recorded.failed).toHaveLength(1);
    const message = recorded.failed[0] ?? '';
    expect(message).toMatch(/^3 secrets failed, nothing was exported:/);
    for (const id of ids) expect(message).toMatch(new RegExp(`^${id}: ERR_[A-Z_]+ `, 'm'));
    if (code) expect(message).toContain(code);
    for (const s of secrets.slice(0, 3)) expect(message).not.toContain(s.plaintext);
    const ops = Object.values(failing.stats());
    // Retried up to the attempt budget, not forever: at most 10 requests per call.
    for (const op of ops) expect(op.requests).toBeLessThanOrEqual(10 * 3);
    addStats(figures, failing.stats());
    figures.failingRuns = (figures.failingRuns ?? 0) + 1;
  });
});

describe('a stall', () => {
  // run() with the same dependencies aws.ts builds, but a 1 s request timeout and 2 attempts (moto
  // on a loaded 2-core machine takes ~300 ms to answer 10 Decrypts sent at once):
  // the action's own 10 s x 10 attempts would make this test wait 100 s for the same outcome.
  function depsWithShortTimeout(proxyEndpoint: string): ExecuteDeps {
    const short = new AwsClientFactory({
      ...testClientOptions(proxyEndpoint),
      retryMode: 'standard',
      maxAttempts: 2,
      maxBackoffMs: 100,
      requestTimeoutMs: 1_000,
    });
    const kms = KmsKeyProvider.discovery(short);
    return {
      envelopes: { detectFormat, inspect, open, openLegacy },
      secrets: new SecretsManagerSource(short),
      kms,
      local: undefined,
      resolveKeyIds: (ids) => resolveKeyIds(short, ids),
      readFile: () => Promise.reject(new Error('no files in this test')),
      dispose: () => {
        kms.clear();
        short.destroy();
      },
    };
  }

  it.each([
    ['BatchGetSecretValue', { BatchGetSecretValue: { stall: 1 } }],
    ['KMS Decrypt', { Decrypt: { stall: 1 } }],
  ])('on every %s: ERR_TIMEOUT, not a hang, nothing exported', async (_, rules) => {
    const stalling = await proxy(3, rules);
    const ids = secrets.slice(0, 2).map((s) => s.name);
    const { io, recorded } = recordingIO(actionInputs(stalling.endpoint, ids));
    const started = performance.now();
    await run({
      io,
      step,
      deps: () => depsWithShortTimeout(stalling.endpoint),
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(recorded.exported.size).toBe(0);
    expect(recorded.failed[0]).toMatch(/^2 secrets failed, nothing was exported:/);
    for (const id of ids) expect(recorded.failed[0]).toMatch(new RegExp(`^${id}: ERR_TIMEOUT `, 'm'));
    addStats(figures, stalling.stats());
  });

  it('a few stalls among good answers: retried after the timeout, every value exact', async () => {
    const stalling = await proxy(4, { '*': { stall: 0.2, maxFaults: 3 } });
    const some = secrets.slice(0, 10);
    const { io, recorded } = recordingIO(
      actionInputs(
        stalling.endpoint,
        some.map((s) => s.name),
      ),
    );
    await run({
      io,
      step,
      deps: () => depsWithShortTimeout(stalling.endpoint),
    });
    expectAllExact(recorded, some);
    expect(Object.values(stalling.stats()).reduce((n, op) => n + op.faults.stall, 0)).toBeGreaterThan(0);
    addStats(figures, stalling.stats());
  });
});
