// The committed bundle, run as the runner runs it (Node 24, INPUT_* variables, GITHUB_ENV / OUTPUT /
// STATE / STEP_SUMMARY files, then the post entry with STATE_*), against moto over HTTP: the real
// SDK clients, real KMS keys, envelopes sealed by envelope-core and the legacy recipe made with the
// aws CLI and openssl. Each test costs one or two bundle runs (about a second each).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyProvider, seal } from '@envelope-kit/envelope-core';
import {
  assertNoLeaks,
  cleanupRun,
  maskViolations,
  type RunActionOptions,
  type RunActionResult,
  resetMoto,
  runAction,
  startFaultProxy,
} from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKey,
  createSecret,
  createSecrets,
  expectEnvFile,
  expectSummaryHoldsNoValue,
  legacyRecipe,
  legacyRecipeShortened,
  motoFactory,
  sealForSecret,
  stepEnv,
} from './fixtures.js';

const endpoint = inject('motoEndpoint');
const runs: RunActionResult[] = [];
/** Every plaintext the tests put in moto or in files: every step is leak-scanned against all of them. */
const plaintexts = new Set<string>();
const known = (...values: string[]): void => {
  for (const value of values) plaintexts.add(value);
};
let keyA = '';
let keyB = '';

async function step(
  entry: 'main' | 'post',
  inputs: Record<string, string>,
  options: Omit<RunActionOptions, 'entry' | 'inputs'> = {},
): Promise<RunActionResult> {
  const result = await runAction({
    entry,
    inputs: { 'endpoint-url': endpoint, ...inputs },
    ...options,
    env: { ...stepEnv(endpoint), ...options.env },
  });
  runs.push(result);
  assertNoLeaks({ secrets: [...plaintexts], ...result, envFile: result.envFileRaw });
  return result;
}

/**
 * Runs main, checks it succeeded with exactly `expected` exported and masked first, then runs post;
 * both steps go through the leak scan (step() scans every run against every known plaintext;
 * `wholeJson` are the JSON secrets whose leaves `expected` holds).
 */
async function mainThenPost(
  inputs: Record<string, string>,
  expected: Record<string, string>,
  options: Omit<RunActionOptions, 'entry' | 'inputs'> = {},
  wholeJson: readonly string[] = [],
): Promise<{ main: RunActionResult; post: RunActionResult; order: string[] }> {
  known(...Object.values(expected), ...wholeJson);
  const main = await step('main', inputs, options);
  expect(main.exitCode, main.stdout + main.stderr).toBe(0);
  const order = JSON.parse(main.outputs.names ?? '[]') as string[];
  expect([...order].sort()).toEqual(Object.keys(expected).sort());
  // The cleanup list shared with the official action first, then the variables.
  expectEnvFile(main.envFileRaw, [
    ['SECRETS_LIST_CLEAN_UP', JSON.stringify(order)],
    ...order.map((name) => [name, expected[name] ?? ''] as const),
  ]);
  const values = Object.values(expected);
  expect(maskViolations(main.stdout, values)).toEqual([]);
  expect(maskViolations(main.stderr, values).filter((p) => !p.includes('no ::add-mask::'))).toEqual([]);
  expectSummaryHoldsNoValue(main.summary, values);
  for (const name of order) expect(main.summary).toContain(name);
  const secrets = [...values, ...wholeJson];
  assertNoLeaks({ secrets, ...main, envFile: main.envFileRaw });

  const post = await step('post', inputs, { ...options, after: main });
  expect(post.exitCode, post.stdout + post.stderr).toBe(0);
  expectEnvFile(post.envFileRaw, [
    ...order.map((name) => [name, ''] as const),
    ['SECRETS_LIST_CLEAN_UP', ''],
  ]);
  expectSummaryHoldsNoValue(post.stdout + post.stderr, values);
  assertNoLeaks({ secrets, ...post, envFile: post.envFileRaw });
  return { main, post, order };
}

beforeAll(async () => {
  await resetMoto(endpoint);
  keyA = await createKey(endpoint, 'alias/e2e-a');
  keyB = await createKey(endpoint, 'alias/e2e-b');
});

afterAll(async () => {
  await Promise.all(runs.map(cleanupRun));
});

describe('one secret', () => {
  it('exports it masked first, writes the summary without the value, and the post step blanks it', async () => {
    await createSecret(endpoint, 'e2e/one', 'hunter2-plain-value');
    const { main } = await mainThenPost({ 'secret-ids': 'e2e/one' }, { E2E_ONE: 'hunter2-plain-value' });
    expect(main.masks).toContain('hunter2-plain-value');
    expect(main.summary).toContain('e2e/one');
    expect(main.summary).toContain('plain');
  });
});

describe('20 secrets: v1, legacy and plain mixed, JSON flattened', () => {
  const expected: Record<string, string> = {};
  const jsonSecrets: string[] = [];
  const ids: string[] = [];
  let shortenedId = '';

  beforeAll(async () => {
    const factory = motoFactory(endpoint);
    const secrets = new Map<string, string>();
    const db = {
      user: 'admin-user',
      password: 'pa:ss%w=rd\nline2',
      port: 5432,
      nested: { host: 'db.internal' },
      tags: ['a', 'b'],
    };
    jsonSecrets.push(JSON.stringify(db));
    secrets.set('e2e/v1/db', await sealForSecret(factory, keyA, 'e2e/v1/db', JSON.stringify(db)));
    ids.push('DATABASE,e2e/v1/db');
    Object.assign(expected, {
      DATABASE_USER: 'admin-user',
      DATABASE_PASSWORD: 'pa:ss%w=rd\nline2',
      DATABASE_PORT: '5432',
      DATABASE_NESTED_HOST: 'db.internal',
      DATABASE_TAGS: '["a","b"]',
    });
    // ctx repository = the run's GITHUB_REPOSITORY (the fake runner's): opens in this repository only.
    secrets.set(
      'e2e/v1/bound',
      await sealForSecret(factory, keyB, 'e2e/v1/bound', 'bound-value-1', {
        repository: 'envelope-kit/envelope-kit',
      }),
    );
    ids.push('e2e/v1/bound');
    expected.E2E_V1_BOUND = 'bound-value-1';
    for (let i = 0; i < 6; i++) {
      const value = `v1-${i}-${randomBytes(6).toString('hex')}`;
      secrets.set(
        `e2e/v1/k${i}`,
        await sealForSecret(factory, i % 2 ? keyB : 'alias/e2e-a', `e2e/v1/k${i}`, value),
      );
      ids.push(`e2e/v1/k${i}`);
      expected[`E2E_V1_K${i}`] = value;
    }
    for (let i = 0; i < 3; i++) {
      // 40+ characters: GNU base64 wraps the ciphertext, so the stored JSON holds raw newlines.
      const value = `legacy-${i}-${randomBytes(24).toString('hex')}`;
      secrets.set(`e2e/legacy/l${i}`, legacyRecipe(endpoint, 'alias/e2e-a', value));
      ids.push(`e2e/legacy/l${i}`);
      expected[`E2E_LEGACY_L${i}`] = value;
    }
    secrets.set('e2e/legacy/short', await legacyRecipeShortened(endpoint, keyA, 'short-password-value'));
    ids.push('SHORTENED,e2e/legacy/short');
    shortenedId = 'e2e/legacy/short';
    expected.SHORTENED = 'short-password-value';
    for (let i = 0; i < 6; i++) {
      const value = `plain-${i}-${randomBytes(6).toString('hex')}`;
      secrets.set(`e2e/plain/p${i}`, value);
      ids.push(`e2e/plain/p${i}`);
      expected[`E2E_PLAIN_P${i}`] = value;
    }
    jsonSecrets.push(JSON.stringify({ alpha: 'leaf-one-x1', beta: { gamma: 'leaf-two-x2' } }));
    secrets.set('e2e/plain/json', jsonSecrets.at(-1) ?? '');
    ids.push(',e2e/plain/json');
    Object.assign(expected, { ALPHA: 'leaf-one-x1', BETA_GAMMA: 'leaf-two-x2' });
    await createSecrets(endpoint, secrets);
    // One id as an ARN: the name comes from the ARN without its random suffix.
    const arn = await createSecret(endpoint, 'e2e/plain/by-arn', 'by-arn-value');
    ids.push(arn);
    expected.E2E_PLAIN_BY_ARN = 'by-arn-value';
    expect(ids).toHaveLength(20);
  });

  it('exports every value, warns about the shortened legacy password, and blanks them in post', async () => {
    // Random KMS data keys give a weak (< 80-bit) openssl password 8% of the time: accept them by
    // name here, this test is about opening and warning (the refusal: policy.test.ts, policy-attacks).
    const legacyIds = ids
      .filter((id) => id.includes('e2e/legacy/'))
      .map((id) => id.slice(id.indexOf(',') + 1));
    const { main } = await mainThenPost(
      {
        'secret-ids': ids.join('\n'),
        'parse-json-secrets': 'true',
        'accept-weak-legacy': legacyIds.join('\n'),
      },
      expected,
      {},
      jsonSecrets,
    );
    const warnings = main.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    expect(warnings.some((w) => w.includes(shortenedId) && w.includes('envelope migrate'))).toBe(true);
    expect(main.summary).toMatch(/v1/);
    expect(main.summary).toMatch(/legacy/);
    expect(main.summary).toMatch(/plain/);
    expect(main.summary).toContain(keyB);
    // Every JSON leaf is a mask of its own.
    for (const leaf of ['admin-user', 'db.internal', 'leaf-one-x1']) expect(main.masks).toContain(leaf);
  });
});

describe('150 secrets behind one prefix', () => {
  it('reads every ListSecrets page, fetches in several BatchGetSecretValue calls, one Decrypt per envelope', async () => {
    const factory = motoFactory(endpoint);
    const secrets = new Map<string, string>();
    const expected: Record<string, string> = {};
    for (let i = 0; i < 150; i++) {
      const name = `bulk/s${String(i).padStart(3, '0')}`;
      const value = `bulk-${i}-${randomBytes(4).toString('hex')}`;
      secrets.set(name, i % 5 === 0 ? value : await sealForSecret(factory, keyA, name, value));
      expected[`BULK_S${String(i).padStart(3, '0')}`] = value;
    }
    await createSecrets(endpoint, secrets);
    const proxy = await startFaultProxy({ target: endpoint });
    try {
      // Main then post, env byte for byte, masks first, summary without values, leak scan.
      const { main } = await mainThenPost(
        { 'secret-ids': 'bulk/*', 'endpoint-url': proxy.endpoint },
        expected,
      );
      expect(main.summary).toContain('BULK_S149');
      const stats = proxy.stats();
      // moto pages ListSecrets at 100: 150 matches need at least two pages.
      expect(stats['secretsmanager.ListSecrets']?.forwarded ?? 0).toBeGreaterThanOrEqual(2);
      // 20 ids per BatchGetSecretValue call (moto does not enforce the limit; the action must).
      expect(stats['secretsmanager.BatchGetSecretValue']?.forwarded ?? 0).toBeGreaterThanOrEqual(8);
      expect(stats['secretsmanager.GetSecretValue']?.forwarded ?? 0).toBe(0);
      // 120 envelopes, each with its own data key (identical wrapped keys: aws-adapter's kms tests).
      expect(stats['TrentService.Decrypt']?.forwarded ?? 0).toBe(120);
    } finally {
      await proxy.close();
    }
  });
});

describe('values that break naive writers', () => {
  it('keeps newlines, %, ::, =, <<EOF, ghadelimiter_ and 60 KB byte for byte, in env and outputs', async () => {
    const values: Record<string, string> = {
      'odd/newlines': 'first line\nsecond line\n\nfourth after a blank\n',
      'odd/percent': '100%25 %0A %% done',
      'odd/colons': '::error::not a command ::add-mask::x',
      'odd/equals': 'A=B=C==',
      'odd/heredoc': 'x<<EOF\nEOF\ny',
      'odd/delimiter': 'ghadelimiter_00000000-0000-0000-0000-000000000000\nghadelimiter_',
      'odd/large': randomBytes(30 * 1024).toString('hex'),
      'odd/crlf': 'windows-crlf\r\nsecond-crlf-line',
    };
    await createSecrets(endpoint, new Map(Object.entries(values)));
    const expected = Object.fromEntries(
      Object.entries(values).map(([id, v]) => [id.toUpperCase().replace('/', '_'), v]),
    );
    const { main } = await mainThenPost(
      { 'secret-ids': Object.keys(values).join('\n'), 'set-outputs': 'true', summary: 'true' },
      expected,
    );
    for (const [name, value] of Object.entries(expected)) {
      expect(main.outputs[name] === value, `output ${name}`).toBe(true);
    }
    // The runner would refuse a value holding the step's own delimiter: none may collide.
    expect(main.envFileRaw.length).toBeGreaterThan(60 * 1024);
  });

  it('exports an empty value without masking it', async () => {
    // Secrets Manager keeps no empty SecretString (moto answers ResourceNotFound): an empty JSON leaf.
    known('full-leaf-value', JSON.stringify({ empty: '', full: 'full-leaf-value' }));
    await createSecret(endpoint, 'odd/with-empty', JSON.stringify({ empty: '', full: 'full-leaf-value' }));
    const main = await step('main', { 'secret-ids': 'odd/with-empty', 'parse-json-secrets': 'true' });
    expect(main.exitCode, main.stdout).toBe(0);
    expectEnvFile(main.envFileRaw, [
      ['SECRETS_LIST_CLEAN_UP', '["ODD_WITH_EMPTY_EMPTY","ODD_WITH_EMPTY_FULL"]'],
      ['ODD_WITH_EMPTY_EMPTY', ''],
      ['ODD_WITH_EMPTY_FULL', 'full-leaf-value'],
    ]);
    expect(main.masks).toContain('full-leaf-value');
    // The runner refuses an empty add-mask; nothing blank is registered.
    expect(main.masks.filter((m) => m.trim() === '')).toEqual([]);
  });
});

describe('envelope-files with local-key', () => {
  it('opens files of the workspace with the local key and blanks them in post', async () => {
    const kek = randomBytes(32);
    const local = LocalKeyProvider.fromBytes(new Uint8Array(kek));
    const workspace = join(tmpdir(), `ek-ws-${randomBytes(4).toString('hex')}`);
    await mkdir(join(workspace, 'secrets/prod'), { recursive: true });
    await writeFile(
      join(workspace, 'secrets/prod/db.env.json'),
      await seal('file-value-db', { providers: [local], context: { stage: 'prod' } }),
    );
    await writeFile(
      join(workspace, 'secrets/token'),
      `${await seal('{"k":"file-leaf-k"}', { providers: [local], context: { stage: 'prod' } })}\n`,
    );
    const { main } = await mainThenPost(
      {
        'envelope-files': 'DB,secrets/prod/db.env.json\nTOK,secrets/token',
        'local-key': kek.toString('base64'),
        'require-context': 'stage=prod',
        'parse-json-secrets': 'true',
      },
      { DB: 'file-value-db', TOK_K: 'file-leaf-k' },
      { workdir: workspace },
      ['{"k":"file-leaf-k"}'],
    );
    // The local key is masked too (a GitHub secret is, but it may come from elsewhere).
    expect(main.masks).toContain(kek.toString('base64'));
    expect(main.summary).toContain('secrets/prod/db.env.json');
  });
});

describe('regions', () => {
  it("fetches an ARN from the ARN's own region, whatever the job's region", async () => {
    // moto keeps one backend per region (from the request's signing scope), as AWS does.
    known('west-value');
    const arn = await createSecret(endpoint, 'e2e/west', 'west-value', 'us-west-2');
    expect(arn).toContain(':us-west-2:');
    const main = await step('main', { 'secret-ids': arn, region: 'us-east-1' });
    expect(main.exitCode, main.stdout).toBe(0);
    expectEnvFile(main.envFileRaw, [
      ['SECRETS_LIST_CLEAN_UP', '["E2E_WEST"]'],
      ['E2E_WEST', 'west-value'],
    ]);
  });
});

describe('outputs instead of environment variables', () => {
  it('sets outputs only, and the post step has nothing to blank', async () => {
    known('output-only-value');
    await createSecret(endpoint, 'e2e/output-only', 'output-only-value');
    const inputs = {
      'secret-ids': 'DEPLOY_KEY,e2e/output-only',
      'export-env': 'false',
      'set-outputs': 'true',
    };
    const main = await step('main', inputs);
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.envFileRaw).toBe('');
    expect(main.outputs).toEqual({ DEPLOY_KEY: 'output-only-value', names: '["DEPLOY_KEY"]' });
    expect(maskViolations(main.stdout, ['output-only-value'])).toEqual([]);
    const post = await step('post', inputs, { after: main });
    expect(post.exitCode).toBe(0);
    expect(post.envFileRaw).toBe('');
  });
});

describe('post step', () => {
  it('blanks nothing when cleanup is false', async () => {
    known('keep-this-value');
    await createSecret(endpoint, 'e2e/keep', 'keep-this-value');
    const inputs = { 'secret-ids': 'e2e/keep', cleanup: 'false' };
    const main = await step('main', inputs);
    expect(main.exitCode).toBe(0);
    const post = await step('post', inputs, { after: main });
    expect(post.exitCode).toBe(0);
    expect(post.envFileRaw).toBe('');
  });
});
