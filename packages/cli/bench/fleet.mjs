#!/usr/bin/env node
// Benchmark of the CLI's fleet commands against moto (`pnpm -F @envelope-kit/cli bench`, or
// `pnpm bench`): a fleet of 1,000 secrets (500 legacy envelopes made by the seed recipe with the
// real openssl, 300 v1 envelopes, 200 plain values), then
// - `envelope audit` of the 1,000 (with the legacy data-key check, kms:Decrypt);
// - `envelope migrate` of the 500 legacy secrets;
// - the same migrate again (nothing to do).
// Each runs the built CLI (dist/bin.js) once, through the testkit fault proxy with no fault, which
// counts every AWS call by operation. Prints a Markdown table for BENCHMARKS.md. Needs `pnpm build`
// and moto. Also measures moto's own pace (ms per call, one after another): moto answers one
// request at a time, so calls x pace is the floor of any run on this machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFaultProxy } from '../../testkit/dist/fault-proxy.js';
import { awsTestEnv, startMoto } from '../../testkit/dist/moto.js';
import { motoCall, populateFleet } from '../test/fleet-fixture.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
// EK_BENCH_SCALE=0.1 (through `env -i EK_BENCH_SCALE=0.1 ...`): a tenth of the fleet.
const SCALE = Number(process.env.EK_BENCH_SCALE ?? 1);
const COUNTS = {
  legacy: Math.round(500 * SCALE),
  v1: Math.round(300 * SCALE),
  plain: Math.round(200 * SCALE),
};
const TOTAL = COUNTS.legacy + COUNTS.v1 + COUNTS.plain;

/** Runs the CLI with only PATH, HOME and the AWS test variables (as `env -i`); resolves with its wall time. */
function envelope(endpoint, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...awsTestEnv(endpoint),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== 0) reject(new Error(`envelope ${args[0]} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

/** Calls by operation, and their total. */
function calls(stats) {
  const byOperation = Object.fromEntries(
    Object.entries(stats)
      .map(([op, s]) => [op.replace(/^TrentService\./, 'kms.'), s.forwarded])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const total = Object.values(byOperation).reduce((a, b) => a + b, 0);
  return { byOperation, total };
}

const moto = await startMoto();
const dir = mkdtempSync(join(tmpdir(), 'envelope-cli-bench-'));
const proxy = await startFaultProxy({ target: moto.endpoint });
try {
  for (const alias of ['alias/bench-old', 'alias/bench-new']) {
    const key = await motoCall(moto.endpoint, 'kms', 'CreateKey', { Description: 'envelope-kit cli bench' });
    await motoCall(moto.endpoint, 'kms', 'CreateAlias', {
      AliasName: alias,
      TargetKeyId: key.KeyMetadata.KeyId,
    });
  }
  const setUp = Date.now();
  await populateFleet({
    endpoint: moto.endpoint,
    dir,
    prefix: 'bench/',
    keyAlias: 'alias/bench-old',
    ...COUNTS,
    concurrency: 16,
  });
  console.error(`set-up: ${TOTAL} secrets in ${((Date.now() - setUp) / 1000).toFixed(1)} s`);

  const runs = [];
  const measure = async (label, secrets, args, check) => {
    proxy.resetStats();
    const result = await envelope(proxy.endpoint, args);
    const counted = calls(proxy.stats());
    check(result);
    runs.push({ label, secrets, ms: result.ms, ...counted });
    console.error(`${label}: ${(result.ms / 1000).toFixed(1)} s, ${counted.total} AWS calls`);
  };
  await measure(`audit of ${TOTAL} secrets`, TOTAL, ['audit', 'bench/*', '--json'], ({ stdout }) => {
    const { counts } = JSON.parse(stdout);
    if (counts.legacy !== COUNTS.legacy || counts.v1 !== COUNTS.v1 || counts.plain !== COUNTS.plain) {
      throw new Error(`audit counted ${JSON.stringify(counts)}`);
    }
  });
  await measure(
    `migrate of ${COUNTS.legacy} legacy secrets`,
    COUNTS.legacy,
    ['migrate', 'bench/legacy/*', '--key', 'alias/bench-new', '--json'],
    ({ stdout }) => {
      const { counts } = JSON.parse(stdout);
      if (counts.changed !== COUNTS.legacy || counts.failed !== 0)
        throw new Error(`migrate: ${JSON.stringify(counts)}`);
    },
  );
  await measure(
    `migrate again (${COUNTS.legacy} secrets, nothing to do)`,
    COUNTS.legacy,
    ['migrate', 'bench/legacy/*', '--key', 'alias/bench-new', '--json'],
    ({ stdout }) => {
      const { counts } = JSON.parse(stdout);
      if (counts.changed !== 0 || counts.unchanged !== COUNTS.legacy)
        throw new Error(`again: ${JSON.stringify(counts)}`);
    },
  );

  // moto's own pace on this machine, right now: 200 GenerateDataKey calls one after another,
  // straight to moto (no CLI, no proxy). A run cannot be faster than its calls at this pace.
  const paceStart = process.hrtime.bigint();
  for (let i = 0; i < 200; i++) {
    await motoCall(moto.endpoint, 'kms', 'GenerateDataKey', { KeyId: 'alias/bench-new', KeySpec: 'AES_256' });
  }
  const pace = Number(process.hrtime.bigint() - paceStart) / 1e6 / 200;

  console.log(
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, fleet scale ${SCALE}, set-up ${((Date.now() - setUp) / 1000).toFixed(0)} s`,
  );
  console.log(`moto's pace: ${pace.toFixed(1)} ms per call, one after another\n`);
  console.log('| run | wall | AWS calls | calls per secret | calls x moto pace | calls by operation |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const run of runs) {
    const ops = Object.entries(run.byOperation)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ');
    console.log(
      `| ${run.label} | ${(run.ms / 1000).toFixed(1)} s | ${run.total} | ${(run.total / run.secrets).toFixed(2)} | ${((run.total * pace) / 1000).toFixed(1)} s | ${ops} |`,
    );
  }
} finally {
  await proxy.close();
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
}
