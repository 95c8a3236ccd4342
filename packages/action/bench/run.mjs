#!/usr/bin/env node
// Benchmarks of actions/decrypt-secrets (`pnpm -F @envelope-kit/action bench`, or `pnpm bench`):
// - bundle bytes (dist/main and dist/post, every file);
// - cold start: wall time of the main step failing on an input and of the post step with nothing
//   to do, minus `node -e 0`, on Node 24, with an empty environment (as `env -i`: no
//   NODE_EXTRA_CA_CERTS or NODE_OPTIONS of this machine);
// - fetch + open N v1 envelope secrets (N = 1, 20, 100, 500, 1,000) through the fault proxy adding
//   20 ms to every request, the action next to the official action's strategy
//   (bench/official-strategy.mjs: GetSecretValue one after another, then KMS Decrypt one after
//   another), on the same secrets, in the same run, both on Node 24 as the runner starts them:
//   requests and sequential round trips (the proxy's log: the longest chain of requests each sent
//   after the previous one was answered), wall time at 20 ms and at 0 ms, peak RSS of the action
//   (getrusage of the child, via bench/rss-probe.mjs); then N = 100 at 100 ms per request.
// Prints a Markdown table for BENCHMARKS.md. Needs `pnpm build`, the committed bundle, moto.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AwsClientFactory, KmsKeyProvider } from '../../aws-adapter/dist/index.js';
import { LocalKeyProvider, seal } from '../../envelope-core/dist/index.js';
import { startFaultProxy } from '../../testkit/dist/fault-proxy.js';
import { awsTestEnv, startMoto, testClientOptions } from '../../testkit/dist/moto.js';
import { ACTION_DIR, cleanupRun, node24, runAction } from '../../testkit/dist/runner.js';

// The orchestrator itself may run on Node 20 (it only seals and spawns): silence the SDK's notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const here = fileURLToPath(new URL('.', import.meta.url));
// The SDK's command classes come from aws-adapter's dependencies (the action package has none).
const requireSdk = createRequire(join(here, '../../aws-adapter/package.json'));
// EK_BENCH_LATENCY_MS=N adds N ms instead of 20 (a larger latency outweighs moto's serial answering time).
const LATENCY_MS = Number(process.env.EK_BENCH_LATENCY_MS ?? 20);
// EK_BENCH_SIZES=500 EK_BENCH_REPS=1 EK_BENCH_NO_OFFICIAL=1: a quick look at one size while working;
// EK_BENCH_CONCURRENCY=N runs the action with max-concurrency N (default: none, the services' limits).
const SIZES = process.env.EK_BENCH_SIZES
  ? process.env.EK_BENCH_SIZES.split(',').map(Number)
  : [1, 20, 100, 500, 1000];
// The slow run: N=100 at 100 ms per request, where moto's serial answering time matters least.
const SLOW_N = 100;
const SLOW_LATENCY_MS = 100;
// The action's limits per service (aws-adapter's SERVICE_CONCURRENCY), for the formula column.
const { SERVICE_CONCURRENCY } = await import('../../aws-adapter/dist/index.js');
const node = node24();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

function bytesOf(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    total += statSync(path).isDirectory() ? bytesOf(path) : statSync(path).size;
  }
  return total;
}

function jsBytesOf(dir) {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.js'))
    .reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);
}

function timeRuns(args, runs, env = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(node, args, { env, stdio: 'ignore' });
    times.push(performance.now() - started);
  }
  return median(times);
}

// 1. Bundle bytes.
const mainJs = jsBytesOf(join(ACTION_DIR, 'dist/main'));
const postJs = jsBytesOf(join(ACTION_DIR, 'dist/post'));
const distAll = bytesOf(join(ACTION_DIR, 'dist'));

// 2. Cold start (median of 21 after 3 warm-ups each, so the page cache is warm for both).
const mainEntry = join(ACTION_DIR, 'dist/main/index.js');
const postEntry = join(ACTION_DIR, 'dist/post/index.js');
timeRuns(['-e', '0'], 3);
timeRuns([mainEntry], 3);
const bare = timeRuns(['-e', '0'], 21);
// An input error (max-concurrency): the main step reads its inputs, fails and exits without loading
// the AWS SDK chunk (no inputs at all is not an error: it exports nothing, as the official action,
// after loading the SDK); the post step finds no state and exits.
const mainNothing = timeRuns([mainEntry], 21, { 'INPUT_SECRET-IDS': 'x', 'INPUT_MAX-CONCURRENCY': 'lots' });
const postNothing = timeRuns([postEntry], 21);

// The main step with real work and no network: one envelope file opened with local-key. This
// loads the lazily imported AWS chunk too. Compared with an empty script run the same way.
const workspace = mkdtempSync(join(tmpdir(), 'ek-bench-ws-'));
const kek = randomBytes(32);
writeFileSync(
  join(workspace, 'one.envelope'),
  await seal('bench-value', { providers: [LocalKeyProvider.fromBytes(new Uint8Array(kek))] }),
);
writeFileSync(join(workspace, 'empty.mjs'), '');
const localInputs = {
  'envelope-files': 'ONE,one.envelope',
  'local-key': kek.toString('base64'),
  summary: 'false',
};
const stepTimes = async (options, runs) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const result = await runAction({ entry: 'main', workdir: workspace, ...options });
    if (result.exitCode !== 0) throw new Error(`bench step failed: ${result.stdout.slice(-1000)}`);
    times.push(result.wallMs);
    await cleanupRun(result);
  }
  return median(times);
};
await stepTimes({ inputs: localInputs }, 3);
const emptyStep = await stepTimes({ script: join(workspace, 'empty.mjs') }, 15);
const localStep = await stepTimes({ inputs: localInputs }, 15);
rmSync(workspace, { recursive: true, force: true });

// 3. N secrets through the proxy.
const moto = await startMoto();
const results = [];
let rssKb = 0;
let slow;
try {
  const factory = new AwsClientFactory(testClientOptions(moto.endpoint));
  const kms = factory.kms();
  const { CreateKeyCommand } = requireSdk('@aws-sdk/client-kms');
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  const provider = new KmsKeyProvider(factory, key);
  const sm = factory.secretsManager();
  const { CreateSecretCommand } = requireSdk('@aws-sdk/client-secrets-manager');
  const max = Math.max(...SIZES);
  const names = Array.from({ length: max }, (_, i) => `bench/s${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(
      names.slice(i, i + 25).map(async (name) => {
        const envelope = await seal(`value-of-${name}-${'x'.repeat(40)}`, {
          providers: [provider],
          context: { secret: name },
        });
        await sm.send(new CreateSecretCommand({ Name: name, SecretString: envelope }));
      }),
    );
  }
  // moto answers on a thread per connection under one interpreter lock: hundreds of requests at
  // once slow it to timeouts. The proxy hands it 8 at a time and holds the rest, as a queue in front
  // of a service would; the action still has every request in flight.
  const proxy = await startFaultProxy({
    target: moto.endpoint,
    rules: { '*': { latencyMs: LATENCY_MS } },
    upstreamConcurrency: 8,
  });
  const { AWS_ENDPOINT_URL: _, ...aws } = awsTestEnv(moto.endpoint);
  const rssFile = join(tmpdir(), `ek-bench-rss-${process.pid}`);
  const env = {
    ...aws,
    NODE_OPTIONS:
      `${process.env.EK_BENCH_NODE_OPTIONS ?? ''} --import=${pathToFileURL(join(here, 'rss-probe.mjs')).href}`.trim(),
    EK_RSS_FILE: rssFile,
    ...(process.env.EK_MEM_TRACE ? { EK_MEM_TRACE: process.env.EK_MEM_TRACE } : {}),
  };
  const inputsFor = (n) => ({
    'secret-ids': names.slice(0, n).join('\n'),
    'endpoint-url': proxy.endpoint,
    summary: 'false',
    ...(process.env.EK_BENCH_CONCURRENCY ? { 'max-concurrency': process.env.EK_BENCH_CONCURRENCY } : {}),
  });
  const requestsOf = () => Object.values(proxy.stats()).reduce((sum, o) => sum + o.requests, 0);
  /** One run of the action at `latency` ms per request: wall, requests, round trips, peak RSS. */
  const actionRun = async (n, latency) => {
    proxy.setRules(latency === 0 ? {} : { '*': { latencyMs: latency } });
    proxy.resetStats();
    const run = await runAction({ entry: 'main', inputs: inputsFor(n), env, timeoutMs: 600_000 });
    if (run.exitCode !== 0) throw new Error(`action failed at N=${n}: ${run.stdout.slice(-2000)}`);
    const figures = {
      wall: run.wallMs,
      requests: requestsOf(),
      roundTrips: proxy.roundTrips(),
      rss: Number(readFileSync(rssFile, 'utf8')),
    };
    await cleanupRun(run);
    return figures;
  };
  try {
    for (const n of SIZES) {
      // Fewer repetitions for the big sizes (the official strategy takes ~25 s at N=500).
      const reps = Number(process.env.EK_BENCH_REPS ?? (n >= 500 ? 1 : 3));
      const withLatency = [];
      const zeroLatency = [];
      const official = [];
      for (let r = 0; r < reps; r++) {
        withLatency.push(await actionRun(n, LATENCY_MS));
        // The same run without the added latency: what is left is moto's own (serial) time and the start-up.
        zeroLatency.push(await actionRun(n, 0));
        if (process.env.EK_BENCH_NO_OFFICIAL || (n >= 500 && r >= 1)) continue;
        proxy.setRules({ '*': { latencyMs: LATENCY_MS } });
        proxy.resetStats();
        const run = await runAction({
          entry: 'main',
          script: join(here, 'official-strategy.mjs'),
          inputs: inputsFor(n),
          env: { ...aws },
          timeoutMs: 900_000,
        });
        if (run.exitCode !== 0) throw new Error(`official strategy failed at N=${n}: ${run.stderr}`);
        official.push({ wall: run.wallMs, requests: requestsOf(), roundTrips: proxy.roundTrips() });
        await cleanupRun(run);
      }
      results.push({
        n,
        action: median(withLatency.map((x) => x.wall)),
        zeroLatency: median(zeroLatency.map((x) => x.wall)),
        rss: Math.max(...withLatency.map((x) => x.rss), ...zeroLatency.map((x) => x.rss)),
        actionRequests: withLatency[0].requests,
        roundTrips: Math.max(...withLatency.map((x) => x.roundTrips)),
        official: official.length === 0 ? Number.NaN : median(official.map((x) => x.wall)),
        officialRequests: official[0]?.requests ?? Number.NaN,
        officialRoundTrips: official[0]?.roundTrips ?? Number.NaN,
      });
      if (n === Math.max(...SIZES)) rssKb = results.at(-1).rss;
      process.stderr.write(`N=${n} done\n`);
    }
    if (!process.env.EK_BENCH_NO_SLOW && names.length >= SLOW_N) {
      slow = await actionRun(SLOW_N, SLOW_LATENCY_MS);
      slow.zero = (await actionRun(SLOW_N, 0)).wall;
    }
  } finally {
    rmSync(rssFile, { force: true });
    await proxy.close();
  }
} finally {
  await moto.stop();
}

const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const lines = [
  `Node ${nodeVersion}, ${new Date().toISOString().slice(0, 10)}, fault proxy adding ${LATENCY_MS} ms to every request, moto on loopback.`,
  '',
  '| measure | value | target |',
  '|---|---|---|',
  `| bundle, dist/main (*.js) | ${(mainJs / 1024).toFixed(0)} KiB (${mainJs} B) | main + post <= 1.2 MB |`,
  `| bundle, dist/post (*.js) | ${(postJs / 1024).toFixed(0)} KiB (${postJs} B) | |`,
  `| dist/ total (with licenses.txt) | ${(distAll / 1024).toFixed(0)} KiB | |`,
  `| \`node -e 0\` | ${ms(bare)} | |`,
  `| main failing on an input, minus \`node -e 0\` | ${ms(mainNothing - bare)} | <= 100 ms |`,
  `| post with nothing to do, minus \`node -e 0\` | ${ms(postNothing - bare)} | |`,
  `| main opening one local envelope file (loads the AWS chunk), minus an empty script run alike | ${ms(localStep - emptyStep)} | <= 150 ms |`,
  `| peak RSS, action, N=${Math.max(...SIZES)} | ${(rssKb / 1024).toFixed(0)} MiB | <= 100 MB |`,
  '',
  // Round trips: the longest chain of requests in the proxy's log in which each was sent after the
  // previous one was answered (testkit's sequentialRoundTrips); "by structure": BatchGetSecretValue
  // waves + Decrypt waves, ceil(ceil(N/20) / SM) + ceil(N / KMS) with the limits per service.
  `| N | requests (${'`'}ceil(N/20) + N${'`'}) | round trips | by structure | action wall (${LATENCY_MS} ms) | action wall (0 ms) | peak RSS | official: requests | official: round trips | official wall (${LATENCY_MS} ms) | speed-up |`,
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.n} | ${r.actionRequests} | ${r.roundTrips} | ${Math.ceil(Math.ceil(r.n / 20) / SERVICE_CONCURRENCY.secretsManager) + Math.ceil(r.n / SERVICE_CONCURRENCY.kms)} | ${ms(r.action)} | ${ms(r.zeroLatency)} | ${(r.rss / 1024).toFixed(0)} MiB | ${r.officialRequests} | ${r.officialRoundTrips} | ${ms(r.official)} | ${(r.official / r.action).toFixed(1)}x |`,
  ),
  ...(slow === undefined
    ? []
    : [
        '',
        `N=${SLOW_N} at ${SLOW_LATENCY_MS} ms per request: ${slow.requests} requests, ${slow.roundTrips} round trips, wall ${ms(slow.wall)} (${ms(slow.zero)} at 0 ms), peak RSS ${(slow.rss / 1024).toFixed(0)} MiB.`,
      ]),
];
console.log(lines.join('\n'));
