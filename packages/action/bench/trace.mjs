// A look at one run (not part of `pnpm bench`): seeds N envelopes in moto, runs the bundle on Node
// 24 through the fault proxy once per EK_TRACE_CONC value (max-concurrency; '' = default) and prints
// requests, sequential round trips, peak calls in flight, stretches of 30 ms+ with nothing in flight
// and peak RSS. EK_TRACE_N (default 40), EK_TRACE_LATENCY_MS (20), EK_TRACE_UPSTREAM (proxy's
// upstreamConcurrency), EK_TRACE_VERBOSE=1 (every request), EK_TRACE_NODE_OPTIONS (e.g.
// `--cpu-prof --cpu-prof-dir=/tmp/prof`, how BENCHMARKS.md's profile was taken).
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsClientFactory, KmsKeyProvider } from '../../aws-adapter/dist/index.js';
import { seal } from '../../envelope-core/dist/index.js';
import { startFaultProxy } from '../../testkit/dist/fault-proxy.js';
import { awsTestEnv, startMoto, testClientOptions } from '../../testkit/dist/moto.js';
import { cleanupRun, runAction } from '../../testkit/dist/runner.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const rssFile = join(tmpdir(), `ek-trace-rss-${process.pid}`);
const memFile = join(tmpdir(), `ek-trace-mem-${process.pid}`);
const here = fileURLToPath(new URL('.', import.meta.url));
const requireSdk = createRequire(join(here, '../../aws-adapter/package.json'));
const N = Number(process.env.EK_TRACE_N ?? 40);
const LAT = Number(process.env.EK_TRACE_LATENCY_MS ?? 20);
const moto = await startMoto();
try {
  const factory = new AwsClientFactory(testClientOptions(moto.endpoint));
  const { CreateKeyCommand } = requireSdk('@aws-sdk/client-kms');
  const key = (await factory.kms().send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  const provider = new KmsKeyProvider(factory, key);
  const { CreateSecretCommand } = requireSdk('@aws-sdk/client-secrets-manager');
  const names = Array.from({ length: N }, (_, i) => `bench/s${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(
      names.slice(i, i + 25).map(async (name) => {
        const envelope = await seal(`value-of-${name}`, { providers: [provider], context: { secret: name } });
        await factory.secretsManager().send(new CreateSecretCommand({ Name: name, SecretString: envelope }));
      }),
    );
  }
  factory.destroy();
  const proxy = await startFaultProxy({
    target: moto.endpoint,
    rules: { '*': { latencyMs: LAT } },
    ...(process.env.EK_TRACE_UPSTREAM ? { upstreamConcurrency: Number(process.env.EK_TRACE_UPSTREAM) } : {}),
  });
  const { AWS_ENDPOINT_URL: _, ...aws } = awsTestEnv(moto.endpoint);
  for (const conc of (process.env.EK_TRACE_CONC ?? '').split(',')) {
    proxy.resetStats();
    const run = await runAction({
      entry: 'main',
      inputs: {
        'secret-ids': names.join('\n'),
        'endpoint-url': proxy.endpoint,
        summary: 'false',
        ...(conc ? { 'max-concurrency': conc } : {}),
      },
      env: {
        ...aws,
        NODE_OPTIONS: `${process.env.EK_TRACE_NODE_OPTIONS ?? ''} --import=${new URL('rss-probe.mjs', import.meta.url).href}`,
        EK_RSS_FILE: rssFile,
        EK_MEM_TRACE: memFile,
      },
      timeoutMs: 600_000,
    });
    if (run.exitCode !== 0) console.error(run.stdout.slice(-2000), run.stderr.slice(-2000));
    const log = proxy.log().sort((a, b) => a.arrivedAt - b.arrivedAt);
    const t0 = log[0].arrivedAt;
    const ops = {};
    for (const t of log) ops[t.operation] = (ops[t.operation] ?? 0) + 1;
    const { readFileSync } = await import('node:fs');
    console.log(
      `peak RSS ${(Number(readFileSync(rssFile, 'utf8')) / 1024).toFixed(0)} MiB; ${readFileSync(memFile, 'utf8').trim().split('\n').at(-1)}`,
    );
    console.log(
      `C=${conc} N=${N} wall=${Math.round(run.wallMs)}ms requests=${log.length}`,
      ops,
      `roundTrips=${proxy.roundTrips()}`,
    );
    // Max in flight and idle stretches.
    const events = log
      .flatMap((t) => [
        [t.arrivedAt - t0, 1],
        [t.answeredAt - t0, -1],
      ])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let inflight = 0,
      max = 0,
      idleFrom = 0;
    const idles = [];
    for (const [time, d] of events) {
      if (inflight === 0 && d === 1 && time - idleFrom > 30)
        idles.push(`${Math.round(idleFrom)}-${Math.round(time)}`);
      inflight += d;
      max = Math.max(max, inflight);
      if (inflight === 0) idleFrom = time;
    }
    console.log(
      `max in flight ${max}; idle > 30 ms: ${idles.join(', ') || 'none'}; last answer ${Math.round(log.at(-1).answeredAt - t0)} ms`,
    );
    if (process.env.EK_TRACE_VERBOSE)
      for (const t of log)
        console.log(t.operation.padEnd(40), Math.round(t.arrivedAt - t0), Math.round(t.answeredAt - t0));
    await cleanupRun(run);
  }
  await proxy.close();
} finally {
  await moto.stop();
}
