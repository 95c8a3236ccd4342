#!/usr/bin/env node
// The offline demo of actions/decrypt-secrets (no AWS account, no network):
// 1. seal a sample secret into an envelope file with a local key (envelope-core, from its dist);
// 2. run the committed bundle exactly as the GitHub runner runs a node24 action: `node
//    dist/main/index.js` with INPUT_* variables and fresh GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE /
//    GITHUB_STEP_SUMMARY files (the fake runner of packages/testkit), then the post entry;
// 3. print what a user sees: the step log as the runner shows it (every masked text replaced by ***,
//    including in the ::add-mask:: lines themselves), the exported variables with their values shown
//    as ***, the output `names`, the job summary, and the post step blanking the variables.
// Needs `pnpm build` (envelope-core, testkit) and Node 24 from scripts/setup.sh (falls back to the
// node running this script when it is missing).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, LocalKeyProvider, seal } from '../packages/envelope-core/dist/index.js';
import { ACTION_DIR, cleanupRun, NODE24_PATH, runAction } from '../packages/testkit/dist/runner.js';

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const section = (title) => console.log(`\n${bold(`── ${title} `.padEnd(72, '─'))}`);

// What the runner does to every log line: each registered mask is replaced by ***.
function maskedLog(text, masks) {
  const sorted = [...masks].filter((m) => m !== '').sort((a, b) => b.length - a.length);
  return text
    .split('\n')
    .map((line) => sorted.reduce((out, mask) => out.split(mask).join('***'), line))
    .join('\n')
    .trimEnd();
}

if (!existsSync(join(ACTION_DIR, 'dist/main/index.js'))) {
  console.error(
    'demo-action: actions/decrypt-secrets/dist is missing: run pnpm -F @envelope-kit/action bundle',
  );
  process.exit(1);
}
const node = existsSync(NODE24_PATH) ? NODE24_PATH : process.execPath;

const workspace = await mkdtemp(join(tmpdir(), 'envelope-kit-demo-'));
const kek = randomBytes(32);
const localKey = kek.toString('base64');
const sample = JSON.stringify({ user: 'demo_app', password: 'correct horse battery staple' });
const file = 'secrets/prod-db.envelope.json';

section('1. seal a sample secret with a local key');
const envelope = await seal(sample, {
  providers: [LocalKeyProvider.fromBytes(new Uint8Array(kek))],
  context: { secret: 'prod/db', repository: 'envelope-kit/envelope-kit' },
});
await mkdir(join(workspace, 'secrets'), { recursive: true });
await writeFile(join(workspace, file), `${envelope}\n`);
console.log(`wrote ${file} (${envelope.length} bytes, one line of JSON); its header, never decrypted:`);
console.log(JSON.stringify(inspect(envelope), null, 2));

const inputs = {
  'envelope-files': `DB,${file}`,
  'local-key': localKey,
  'parse-json-secrets': 'true',
  'require-context': 'repository=envelope-kit/envelope-kit',
};
section('2. the workflow step');
console.log(`- uses: envelope-kit/envelope-kit/actions/decrypt-secrets@v1
  with:
    envelope-files: DB,${file}
    local-key: \${{ secrets.ENVELOPE_LOCAL_KEY }}
    parse-json-secrets: true
    require-context: repository=envelope-kit/envelope-kit`);
console.log(
  `\nrun as the runner runs it: ${node === NODE24_PATH ? 'node 24' : `node ${process.version}`} dist/main/index.js`,
);
for (const name of Object.keys(inputs)) {
  console.log(`  INPUT_${name.toUpperCase()}=${name === 'local-key' ? '***' : JSON.stringify(inputs[name])}`);
}
console.log(
  '  GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY: fresh files; cwd = GITHUB_WORKSPACE',
);

const main = await runAction({ entry: 'main', inputs, workdir: workspace, node });
const masks = [...main.masks, localKey];

section(`3. the step log (exit code ${main.exitCode}; masked texts shown as the runner shows them)`);
console.log(maskedLog(`${main.stdout}${main.stderr}`, masks));

section('4. exported for the next steps (GITHUB_ENV; values shown as ***)');
for (const [name, value] of Object.entries(main.env)) console.log(`${name}=${value === '' ? '' : '***'}`);
console.log(`\noutput names = ${main.outputs.names ?? '(none)'}`);

section('5. the job summary (GITHUB_STEP_SUMMARY): no value in it');
console.log(main.summary.trim() || '(empty)');

const post = await runAction({ entry: 'post', inputs, workdir: workspace, node, after: main });
section(`6. the post step (exit code ${post.exitCode}): blanks what the main step exported`);
console.log(maskedLog(`${post.stdout}${post.stderr}`, masks));
for (const [name, value] of Object.entries(post.env)) console.log(`${name}=${JSON.stringify(value)}`);

const leaked = [main, post].some((r) =>
  [sample, 'correct horse battery staple', localKey].some((v) => r.summary.includes(v)),
);
await Promise.all([cleanupRun(main), cleanupRun(post), rm(workspace, { recursive: true, force: true })]);
kek.fill(0);
if (main.exitCode !== 0 || post.exitCode !== 0 || leaked) {
  console.error('\ndemo-action: FAILED (see above)');
  process.exit(1);
}
console.log('\ndemo-action: ok');
