#!/usr/bin/env node
// Benchmarks of actions/decrypt-secrets (`pnpm -F @envelope-kit/action bench`, or `pnpm bench`):
// - bundle bytes (dist/main and dist/post, every file);
// - cold start: wall time of the bundle with nothing to do, minus `node -e 0`, on Node 24, with an
//   empty environment (as `env -i`: no NODE_EXTRA_CA_CERTS or NODE_OPTIONS of this machine);
// - fetch + open N v1 envelope secrets (N = 1, 20, 100, 500) through the fault proxy adding 20 ms
//   to every request, the action next to the official action's strategy (bench/official-strategy.mjs:
//   GetSecretValue one after another, then KMS Decrypt one after another), on the same secrets, in
//   the same run, both on Node 24 as the runner starts them;
// - peak RSS of the action at N = 500 (getrusage of the child, via bench/rss-probe.mjs).
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
// EK_BENCH_CONCURRENCY=N runs the action with max-concurrency N instead of the default 16.
const SIZES = process.env.EK_BENCH_SIZES
  ? process.env.EK_BENCH_SIZES.split(',').map(Number)
  : [1, 20, 100, 500];
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
// No INPUT_* at all: the main step reads its inputs, fails on the missing secret-ids and exits
// without loading the AWS SDK chunk; the post step finds no state and exits.
const mainNothing = timeRuns([mainEntry], 21);
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
try {
  const factory = new AwsClientFactory(testClientOptions(moto.endpoint));
  const kms = factory.kms();
  const { CreateKeyCommand } = requireSdk('@aws-sdk/client-kms');
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  const provider = new KmsKeyProvider(factory, key);
  const sm = factory.secretsManager();
  const { CreateSecretCommand } = requireSdk('@aws-sdk/client-secrets-manager');
  const max = Math.max(...SIZES);
  const names = Array.from({ length: max }, (_, i) => `bench/s${String(i).padStart(3, '0')}`);
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
  const proxy = await startFaultProxy({ target: moto.endpoint, rules: { '*': { latencyMs: LATENCY_MS } } });
  const { AWS_ENDPOINT_URL: _, ...aws } = awsTestEnv(moto.endpoint);
  const rssFile = join(tmpdir(), `ek-bench-rss-${process.pid}`);
  const env = {
    ...aws,
    NODE_OPTIONS:
      `${process.env.EK_BENCH_NODE_OPTIONS ?? ''} --import=${pathToFileURL(join(here, 'rss-probe.mjs')).href}`.trim(),
    EK_RSS_FILE: rssFile,
    ...(process.env.EK_MEM_TRACE ? { EK_MEM_TRACE: process.env.EK_MEM_TRACE } : {}),
  };
  try {
    for (const n of SIZES) {
      const inputs = {
        'secret-ids': names.slice(0, n).join('\n'),
        'endpoint-url': proxy.endpoint,
        summary: 'false',
        'max-concurrency': process.env.EK_BENCH_CONCURRENCY ?? '16',
      };
      const reps = Number(process.env.EK_BENCH_REPS ?? 5);
      const actionTimes = [];
      const zeroLatencyTimes = [];
      const officialTimes = [];
      let rss = 0;
      let actionRequests = 0;
      let officialRequests = 0;
      for (let r = 0; r < reps; r++) {
        proxy.resetStats();
        const action = await runAction({ entry: 'main', inputs, env });
        if (action.exitCode !== 0) throw new Error(`action failed at N=${n}: ${action.stdout.slice(-2000)}`);
        actionRequests = Object.values(proxy.stats()).reduce((s, o) => s + o.requests, 0);
        actionTimes.push(action.wallMs);

        rss = Math.max(rss, Number(readFileSync(rssFile, 'utf8')));
        await cleanupRun(action);
        // The same run without the added latency: what is left is moto's own (serial) time and the
        // start-up, so the difference divided by 20 ms counts the round trips of latency.
        proxy.setRules({});
        const fast = await runAction({ entry: 'main', inputs, env });
        if (fast.exitCode !== 0) throw new Error(`action failed at N=${n} without latency`);
        zeroLatencyTimes.push(fast.wallMs);
        await cleanupRun(fast);
        proxy.setRules({ '*': { latencyMs: LATENCY_MS } });
        // The official strategy takes ~25 s at N=500: 3 runs below 500, one at 500.
        if (process.env.EK_BENCH_NO_OFFICIAL || r >= (n >= 500 ? 1 : 3)) continue;
        proxy.resetStats();
        const official = await runAction({
          entry: 'main',
          script: join(here, 'official-strategy.mjs'),
          inputs,
          env: { ...aws },
          timeoutMs: 600_000,
        });
        if (official.exitCode !== 0)
          throw new Error(`official strategy failed at N=${n}: ${official.stderr}`);
        officialRequests = Object.values(proxy.stats()).reduce((s, o) => s + o.requests, 0);
        officialTimes.push(official.wallMs);
        await cleanupRun(official);
      }
      results.push({
        n,
        action: median(actionTimes),
        zeroLatency: median(zeroLatencyTimes),
        rss,
        official: median(officialTimes),
        actionRequests,
        officialRequests,
      });
      if (n === 500) rssKb = rss;
      process.stderr.write(`N=${n} done\n`);
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
  `| main with nothing to do, minus \`node -e 0\` | ${ms(mainNothing - bare)} | <= 100 ms |`,
  `| post with nothing to do, minus \`node -e 0\` | ${ms(postNothing - bare)} | |`,
  `| main opening one local envelope file (loads the AWS chunk), minus an empty script run alike | ${ms(localStep - emptyStep)} | <= 150 ms |`,
  `| peak RSS, action, N=500 | ${(rssKb / 1024).toFixed(0)} MiB | <= 100 MB |`,
  '',
  // "latency RTs": (wall with the added latency - wall at 0 ms) / latency, the sequential waits on
  // the network that moto's own time does not hide (moto answers one request at a time, so requests
  // queued behind it overlap their latency with its work: a lower bound at 20 ms).
  `| N | action wall (${LATENCY_MS} ms) | action wall (0 ms) | requests | latency RTs | peak RSS | official strategy wall (${LATENCY_MS} ms) | requests | speed-up |`,
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.n} | ${ms(r.action)} | ${ms(r.zeroLatency)} | ${r.actionRequests} | ${((r.action - r.zeroLatency) / LATENCY_MS).toFixed(1)} | ${(r.rss / 1024).toFixed(0)} MiB | ${ms(r.official)} | ${r.officialRequests} | ${(r.official / r.action).toFixed(1)}x |`,
  ),
];
console.log(lines.join('\n'));
