#!/usr/bin/env node
// Bundle bytes and cold start of actions/decrypt-secrets, for one or more builds of its dist/ side
// by side (`node packages/action/bench/cold-start.mjs [LABEL=DIST_DIR]...`; default: the committed
// dist). Part of `pnpm -F @envelope-kit/action bench`.
//
// - bytes: the .js files of dist/main and dist/post (the budget counts main + post);
// - cold start: wall time of `node <dist>/main/index.js` on Node 24 minus `node -e 0`, with an
//   empty environment as `env -i` gives (only PATH and HOME; NODE_EXTRA_CA_CERTS alone adds ~120 ms
//   to every Node start), on three paths:
//   - input error: max-concurrency is not a number, the step fails before it loads the AWS SDK (no
//     inputs at all is no error: the step exports nothing, as the official action, and loads the
//     SDK on the way);
//   - SDK: one envelope file opened with local-key; main.ts imports aws.ts (the AWS SDK chunk)
//     before it opens anything, so this is the start-up of a step that does real work, without
//     network;
//   - post: the post step with one saved name to blank.
//   Every round runs every command once, in turn, so that the load of a shared machine falls on all
//   of them alike; the figure is the median over the rounds (EK_COLD_ROUNDS, default 41), after 3
//   rounds of warm-up. Where GNU time is installed (/usr/bin/time), each run goes through it, and
//   the CPU time (user + system) of the child is shown too, as the mean over the rounds (GNU time
//   prints hundredths of a second): on a busy machine the wall time grows with the load, CPU time
//   much less.
// Prints a Markdown table. Needs `pnpm build` (envelope-core seals the envelope) and Node 24.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalKeyProvider, seal } from '../../envelope-core/dist/index.js';
import { ACTION_DIR, node24 } from '../../testkit/dist/runner.js';

const ROUNDS = Number(process.env.EK_COLD_ROUNDS ?? 41);
const node = node24();
const builds = (
  process.argv.length > 2 ? process.argv.slice(2) : [`committed=${join(ACTION_DIR, 'dist')}`]
).map((arg) => {
  const at = arg.indexOf('=');
  return at < 0
    ? { label: arg, dist: resolve(arg) }
    : { label: arg.slice(0, at), dist: resolve(arg.slice(at + 1)) };
});

const jsBytes = (dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

// One workspace and one set of runner files for every run (the files only grow; nothing reads them).
const work = mkdtempSync(join(tmpdir(), 'ek-cold-'));
const kek = randomBytes(32);
writeFileSync(
  join(work, 'one.envelope'),
  await seal('cold-start-value', { providers: [LocalKeyProvider.fromBytes(new Uint8Array(kek))] }),
);
const files = Object.fromEntries(
  ['ENV', 'OUTPUT', 'STATE', 'STEP_SUMMARY'].map((name) => {
    const path = join(work, name.toLowerCase());
    writeFileSync(path, '');
    return [`GITHUB_${name}`, path];
  }),
);
const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const sdkInputs = {
  GITHUB_WORKSPACE: work,
  'INPUT_ENVELOPE-FILES': 'ONE,one.envelope',
  'INPUT_LOCAL-KEY': kek.toString('base64'),
  INPUT_SUMMARY: 'false',
};

const commands = [{ key: 'bare', args: ['-e', '0'], env: base, status: 0 }];
for (const { label, dist } of builds) {
  const main = join(dist, 'main/index.js');
  commands.push(
    {
      key: `${label}/input-error`,
      args: [main],
      env: { ...base, ...files, 'INPUT_SECRET-IDS': 'x', 'INPUT_MAX-CONCURRENCY': 'lots' },
      status: 1,
    },
    { key: `${label}/sdk`, args: [main], env: { ...base, ...files, ...sdkInputs }, status: 0 },
    {
      key: `${label}/post`,
      args: [join(dist, 'post/index.js')],
      env: { ...base, ...files, 'STATE_exported-names': '["ONE"]' },
      status: 0,
    },
  );
}

const GNU_TIME = '/usr/bin/time';
const withCpu = existsSync(GNU_TIME);
const cpuFile = join(work, 'cpu');
const times = new Map(commands.map((c) => [c.key, []]));
const cpu = new Map(commands.map((c) => [c.key, []]));
for (let round = 0; round < ROUNDS + 3; round++) {
  for (const command of commands) {
    const [file, args] = withCpu
      ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, node, ...command.args]]
      : [node, command.args];
    const started = performance.now();
    const result = spawnSync(file, args, { env: command.env, cwd: work, stdio: 'ignore' });
    const ms = performance.now() - started;
    // GNU time exits with the command's status.
    if (result.status !== command.status) {
      throw new Error(`${command.key}: exit ${result.status}, expected ${command.status}`);
    }
    if (round < 3) continue;
    times.get(command.key).push(ms);
    if (withCpu) {
      const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
      cpu.get(command.key).push((user + system) * 1000);
    }
  }
}
rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(times.get('bare'));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const bareCpu = withCpu ? mean(cpu.get('bare')) : 0;
const over = (key) =>
  `${Math.round(median(times.get(key)) - bare)} ms${withCpu ? ` (CPU ${Math.round(mean(cpu.get(key)) - bareCpu)} ms)` : ''}`;
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const lines = [
  `Node ${version}, ${new Date().toISOString().slice(0, 10)}, median of ${ROUNDS} interleaved rounds; \`node -e 0\` ${Math.round(bare)} ms${withCpu ? ` (CPU ${Math.round(bareCpu)} ms, mean)` : ''}.`,
  '',
  '| build | main + post JS | main JS | post JS | input error, over `node -e 0` | SDK path, over `node -e 0` | post, over `node -e 0` |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...builds.map(({ label, dist }) => {
    const main = jsBytes(join(dist, 'main'));
    const post = jsBytes(join(dist, 'post'));
    return `| ${label} | ${main + post} B | ${main} B | ${post} B | ${over(`${label}/input-error`)} | ${over(`${label}/sdk`)} | ${over(`${label}/post`)} |`;
  }),
  '| budget | <= 1.2 MB | | | <= 100 ms | <= 150 ms | |',
];
console.log(lines.join('\n'));
