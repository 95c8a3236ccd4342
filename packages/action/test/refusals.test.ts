// Every refusal of the bundle is all or nothing: one good secret next to the bad one, and still
// GITHUB_ENV and GITHUB_OUTPUT stay empty, the step exits non-zero, and the log names the secret id
// and the error code. Real bundle on Node 24, real moto (see decrypt.test.ts).
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
  expectRefused,
  motoFactory,
  sealForSecret,
  stepEnv,
} from './fixtures.js';

const endpoint = inject('motoEndpoint');
const runs: RunActionResult[] = [];
const GOOD = 'refuse/good';
const GOOD_VALUE = 'good-value-never-exported';
// Every plaintext in moto for these tests: a failing step must not show any of them anywhere.
const PLAINTEXTS = [
  GOOD_VALUE,
  'other-value',
  'v1-value-x',
  'original-value',
  'tampered-value',
  'foreign-value',
];
let keyA = '';
let keyB = '';

async function main(
  inputs: Record<string, string>,
  options: Omit<RunActionOptions, 'entry' | 'inputs'> = {},
): Promise<RunActionResult> {
  const result = await runAction({
    entry: 'main',
    inputs: { 'endpoint-url': endpoint, ...inputs },
    ...options,
    env: { ...stepEnv(endpoint), ...options.env },
  });
  runs.push(result);
  // Even a failing step never shows a value it fetched unmasked (whether it fetched it or not).
  expect(maskViolations(result.stdout, [GOOD_VALUE]).filter((p) => !p.includes('no ::add-mask::'))).toEqual(
    [],
  );
  assertNoLeaks({ secrets: [...PLAINTEXTS, 'post-value'], ...result, envFile: result.envFileRaw });
  return result;
}

beforeAll(async () => {
  await resetMoto(endpoint);
  keyA = await createKey(endpoint, 'alias/refuse-a');
  keyB = await createKey(endpoint, 'alias/refuse-b');
  const factory = motoFactory(endpoint);
  const v1 = await sealForSecret(factory, keyA, 'refuse/v1', 'v1-value-x');
  // A valid envelope of refuse/original, copied as is into refuse/copied.
  const original = await sealForSecret(factory, keyA, 'refuse/original', 'original-value');
  const tampered = JSON.parse(await sealForSecret(factory, keyA, 'refuse/tampered', 'tampered-value')) as {
    ct: string;
  };
  const ct = Buffer.from(tampered.ct, 'base64');
  ct[0] = (ct[0] ?? 0) ^ 0x01;
  tampered.ct = ct.toString('base64');
  await createSecrets(
    endpoint,
    new Map([
      [GOOD, GOOD_VALUE],
      ['refuse/other', 'other-value'],
      ['refuse/v1', v1],
      ['refuse/original', original],
      ['refuse/copied', original],
      ['refuse/cleanup-key', '{"secrets_list_clean_up":"[]","APP_PORT":"8080"}'],
      ['refuse/flags', '{"APP_PORT":"8080","DB_URL":"db-url-value"}'],
      ['refuse/tampered', JSON.stringify(tampered)],
      [
        'refuse/foreign-repo',
        await sealForSecret(factory, keyA, 'refuse/foreign-repo', 'foreign-value', {
          repository: 'someone/else',
        }),
      ],
    ]),
  );
});

afterAll(async () => {
  await Promise.all(runs.map(cleanupRun));
});

describe('names', () => {
  it('refuses reserved names', async () => {
    const result = await main({ 'secret-ids': `${GOOD}\nGITHUB_TOKEN,refuse/other\nNODE_OPTIONS,refuse/v1` });
    expectRefused(result, [
      ['refuse/other', 'ERR_NAME_RESERVED'],
      ['refuse/v1', 'ERR_NAME_RESERVED'],
    ]);
  });

  it('refuses two secrets that would set the same variable', async () => {
    const result = await main({ 'secret-ids': `${GOOD}\nSAME,refuse/other\nSAME,refuse/v1` });
    expectRefused(result, [['refuse/v1', 'ERR_NAME_DUPLICATE']]);
  });

  it('refuses a variable that is already set, unless allow-overwrite', async () => {
    const inputs = { 'secret-ids': `${GOOD}\nrefuse/other` };
    const env = { REFUSE_OTHER: 'set by an earlier step' };
    expectRefused(await main(inputs, { env }), [['refuse/other', 'ERR_NAME_EXISTS']]);
    const allowed = await main({ ...inputs, 'allow-overwrite': 'true' }, { env });
    expect(allowed.exitCode, allowed.stdout).toBe(0);
    expect(allowed.env.REFUSE_OTHER).toBe('other-value');
  });

  // External review F7: on Windows the lower-case key replaced the list both post steps blank.
  it('refuses secrets_list_clean_up as a JSON key (name-transformation lowercase, none)', async () => {
    for (const transformation of ['lowercase', 'none']) {
      const result = await main({
        'secret-ids': `${GOOD}\n,refuse/cleanup-key`,
        'parse-json-secrets': 'true',
        'name-transformation': transformation,
      });
      expectRefused(result, [['refuse/cleanup-key', 'ERR_NAME_RESERVED']]);
      expect(result.stdout).toContain("'secrets_list_clean_up' is reserved");
    }
  });

  it('content-names allow-list: exports only the JSON keys allow-names admits, all or nothing', async () => {
    const inputs = {
      'secret-ids': ',refuse/flags',
      'parse-json-secrets': 'true',
      'name-transformation': 'none',
      'content-names': 'allow-list',
    };
    const refused = await main({ ...inputs, 'allow-names': 'APP_*' });
    expectRefused(refused, [['refuse/flags', 'ERR_NAME_DENIED']]);
    expect(refused.stdout).toContain("'DB_URL' was chosen by the secret, and content names are allow-list");
    const admitted = await main({ ...inputs, 'allow-names': 'APP_*\nDB_URL' });
    expect(admitted.exitCode, admitted.stdout).toBe(0);
    expect([admitted.env.APP_PORT, admitted.env.DB_URL]).toEqual(['8080', 'db-url-value']);
    // Under an alias the author wrote, the keys follow the author's prefix: no allow-names needed.
    const aliased = await main({ ...inputs, 'secret-ids': 'CFG,refuse/flags' });
    expect(aliased.exitCode, aliased.stdout).toBe(0);
    expect(aliased.env.CFG_DB_URL).toBe('db-url-value');
  });
});

describe('envelopes', () => {
  it('refuses a context mismatch: required context, another secret, another repository', async () => {
    const result = await main({
      'secret-ids': `${GOOD}\nrefuse/v1\nrefuse/copied\nrefuse/foreign-repo`,
      'require-context': 'team=payments',
    });
    expectRefused(result, [
      ['refuse/v1', 'ERR_CONTEXT_MISMATCH'],
      ['refuse/copied', 'ERR_CONTEXT_MISMATCH'],
      ['refuse/foreign-repo', 'ERR_CONTEXT_MISMATCH'],
    ]);
  });

  it('refuses a key that allowed-key-ids does not list', async () => {
    const result = await main({ 'secret-ids': `${GOOD}\nrefuse/v1`, 'allowed-key-ids': keyB });
    expectRefused(result, [['refuse/v1', 'ERR_KEY_NOT_ALLOWED']]);
  });

  it('lists every failure at once: a tampered envelope and a missing secret', async () => {
    const result = await main({ 'secret-ids': `${GOOD}\nrefuse/tampered\nrefuse/missing` });
    expectRefused(result, [
      ['refuse/tampered', 'ERR_DECRYPTION_FAILED'],
      ['refuse/missing', 'ERR_SECRET_NOT_FOUND'],
    ]);
  });

  it('refuses plaintext secrets when plaintext-secrets is deny', async () => {
    const result = await main({ 'secret-ids': `refuse/v1\n${GOOD}`, 'plaintext-secrets': 'deny' });
    expectRefused(result, [[GOOD, 'ERR_PLAINTEXT_REFUSED']]);
  });

  it('refuses an envelope file outside the workspace', async () => {
    const kek = randomBytes(32);
    const workspace = join(tmpdir(), `ek-ws-${randomBytes(4).toString('hex')}`);
    await mkdir(workspace, { recursive: true });
    await writeFile(
      join(workspace, 'ok.json'),
      await seal('file-ok-value', { providers: [LocalKeyProvider.fromBytes(new Uint8Array(kek))] }),
    );
    const result = await main(
      { 'envelope-files': 'ok.json\n../outside.json', 'local-key': kek.toString('base64') },
      { workdir: workspace },
    );
    expectRefused(result, [['../outside.json', 'ERR_PATH_OUTSIDE_WORKSPACE']]);
  });
});

describe('AWS refusals', () => {
  // moto enforces no IAM policy: the fault proxy answers AccessDeniedException for both fetch
  // operations, as AWS does for a role without secretsmanager:GetSecretValue.
  it('fails with ERR_ACCESS_DENIED when the role may not read the secret', async () => {
    const proxy = await startFaultProxy({
      target: endpoint,
      rules: { BatchGetSecretValue: { accessDenied: 1 }, GetSecretValue: { accessDenied: 1 } },
    });
    try {
      const result = await main({ 'secret-ids': `${GOOD}\nrefuse/other`, 'endpoint-url': proxy.endpoint });
      expectRefused(result, [
        [GOOD, 'ERR_ACCESS_DENIED'],
        ['refuse/other', 'ERR_ACCESS_DENIED'],
      ]);
      // BatchGetSecretValue denied -> the action falls back to GetSecretValue per secret.
      expect(proxy.stats()['secretsmanager.GetSecretValue']?.requests ?? 0).toBeGreaterThanOrEqual(2);
    } finally {
      await proxy.close();
    }
  });

  it('falls back to GetSecretValue when only BatchGetSecretValue is denied', async () => {
    const proxy = await startFaultProxy({
      target: endpoint,
      rules: { BatchGetSecretValue: { accessDenied: 1 } },
    });
    try {
      const result = await main({ 'secret-ids': `${GOOD}\nrefuse/other`, 'endpoint-url': proxy.endpoint });
      expect(result.exitCode, result.stdout).toBe(0);
      expectEnvFile(result.envFileRaw, [
        ['SECRETS_LIST_CLEAN_UP', '["REFUSE_GOOD","REFUSE_OTHER"]'],
        ['REFUSE_GOOD', GOOD_VALUE],
        ['REFUSE_OTHER', 'other-value'],
      ]);
    } finally {
      await proxy.close();
    }
  });
});

describe('inputs', () => {
  it('fails fast on a bad input, before any AWS call, naming the input', async () => {
    const result = await main({ 'secret-ids': GOOD, 'name-transformation': 'shout' });
    expectRefused(result, [['name-transformation', 'ERR_INPUT']]);
  });

  it('still blanks nothing in post after a failed main step', async () => {
    await createSecret(endpoint, 'refuse/post', 'post-value');
    const failed = await main({ 'secret-ids': 'refuse/post\nrefuse/missing' });
    expect(failed.exitCode).not.toBe(0);
    const post = await runAction({ entry: 'post', inputs: { 'secret-ids': 'refuse/post' }, after: failed });
    runs.push(post);
    expect(post.exitCode).toBe(0);
    expect(post.envFileRaw).toBe('');
    assertNoLeaks({ secrets: [...PLAINTEXTS, 'post-value'], ...post, envFile: post.envFileRaw });
  });
});
