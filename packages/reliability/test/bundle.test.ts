// The committed bundle, run as the runner runs it (testkit's runAction: Node 24, INPUT_*, the
// GITHUB_ENV/OUTPUT/STATE/STEP_SUMMARY files), against moto: a leak scan over success and every
// failure path, GITHUB_ENV injection attempts parsed back as the runner parses them, reserved
// names, and one run of 100 envelopes under faults. EK_ACTION_DIST=<dist folder> runs another bundle
// (src/bundle-under-test.ts), to show which of these tests fail on older code.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClientFactory } from '@envelope-kit/aws-adapter';
import {
  assertNoLeaks,
  awsTestEnv,
  cleanupRun,
  type FaultProxy,
  parseFileCommands,
  type RunActionResult,
  resetMoto,
  runAction,
  startFaultProxy,
  testClientOptions,
} from '@envelope-kit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  bundleUnderTest,
  createKmsKey,
  type StoredSecret,
  storeEnvelope,
  storeEnvelopes,
} from '../src/index.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
const results: RunActionResult[] = [];
let proxy: FaultProxy | undefined;
let keyArn: string;

const CERT = '-----BEGIN KEY-----\nline-two-of-the-cert\nline-three-of-the-cert\n-----END KEY-----';
const JSON_VALUE = JSON.stringify({
  user: 'admin-user-9',
  password: 'json-pass-"1234"',
  nested: { token: 'nested-token-5678' },
});
const GOOD = {
  'ok/db': 'db-password-Σ"quoted"%0A',
  'ok/cert': CERT,
  'ok/json': JSON_VALUE,
} as const;
const PLAIN = 'plain-value-abcd';
/** Every value the steps handle, for the leak scan: whole values and JSON leaves. */
const ALL_SECRETS = [...Object.values(GOOD), PLAIN, 'admin-user-9', 'json-pass-"1234"', 'nested-token-5678'];
const TAMPERED = 'tampered-plaintext-value';
const MISBOUND = 'plaintext-of-another-secret';

beforeAll(async () => {
  await resetMoto(endpoint);
  keyArn = await createKmsKey(factory);
  const otherKey = await createKmsKey(factory);
  await factory.kms().send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: otherKey }));
  for (const [name, value] of Object.entries(GOOD)) await storeEnvelope(factory, keyArn, name, value);
  await factory.secretsManager().send(new CreateSecretCommand({ Name: 'ok/plain', SecretString: PLAIN }));
  // A ciphertext bit flipped after sealing.
  const tampered = await storeEnvelope(factory, keyArn, 'scratch/tampered', TAMPERED, {
    secret: 'bad/tampered',
  });
  const json = JSON.parse(tampered.stored) as { ct: string };
  const ct = Buffer.from(json.ct, 'base64');
  ct[0] = (ct[0] ?? 0) ^ 1;
  json.ct = ct.toString('base64');
  await factory
    .secretsManager()
    .send(new CreateSecretCommand({ Name: 'bad/tampered', SecretString: JSON.stringify(json) }));
  // An envelope sealed for another secret, copied here.
  await storeEnvelope(factory, keyArn, 'bad/context', MISBOUND, { secret: 'prod/other' });
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await Promise.all(results.map(cleanupRun));
  factory.destroy();
});

async function step(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<RunActionResult> {
  const result = await runAction({
    entry: 'main',
    inputs,
    env: { ...awsTestEnv(endpoint), ...env },
    ...bundleUnderTest('main'),
  });
  results.push(result);
  return result;
}

function scan(result: RunActionResult, secrets: readonly string[] = ALL_SECRETS): void {
  assertNoLeaks({
    secrets,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: result.summary,
    envFile: result.envFileRaw,
  });
}

const GOOD_IDS = ['ok/db', 'ok/cert', 'ok/json', 'ok/plain'];

describe('leak scan over every end-to-end path', () => {
  it.each([
    ['success', {}, {}],
    ['success with RUNNER_DEBUG=1', {}, { RUNNER_DEBUG: '1' }],
    [
      'success with parse-json-secrets and outputs',
      { 'parse-json-secrets': 'true', 'set-outputs': 'true' },
      {},
    ],
  ])('%s: every value exact, masked first, nowhere else', async (_, inputs, env) => {
    const result = await step({ 'secret-ids': GOOD_IDS.join('\n'), ...inputs }, env);
    expect(result.exitCode).toBe(0);
    if ('parse-json-secrets' in inputs) {
      expect(result.env.OK_JSON_NESTED_TOKEN).toBe('nested-token-5678');
      expect(result.env.OK_JSON_PASSWORD).toBe('json-pass-"1234"');
    } else {
      expect(result.env.OK_JSON).toBe(JSON_VALUE);
    }
    expect(result.env.OK_DB).toBe(GOOD['ok/db']);
    expect(result.env.OK_CERT).toBe(CERT);
    expect(result.env.OK_PLAIN).toBe(PLAIN);
    scan(result);
    // Post step: blanks what was exported, and leaks nothing either.
    const post = await runAction({
      entry: 'post',
      inputs: { 'secret-ids': GOOD_IDS.join('\n') },
      after: result,
      ...bundleUnderTest('post'),
    });
    results.push(post);
    expect(post.exitCode).toBe(0);
    scan(post);
  });

  it.each([
    ['tampered', 'bad/tampered', {}, 'ERR_DECRYPTION_FAILED', [TAMPERED]],
    ['context mismatch', 'bad/context', {}, 'ERR_CONTEXT_MISMATCH', [MISBOUND]],
    ['key not allowed', 'ok/db', { 'allowed-key-ids': 'alias/other' }, 'ERR_KEY_NOT_ALLOWED', []],
    ['missing', 'bad/missing', {}, 'ERR_SECRET_NOT_FOUND', []],
    ['reserved name', 'PATH,ok/db', {}, 'ERR_NAME_RESERVED', []],
    ['duplicate name', 'SAME,ok/db\nSAME,ok/plain', {}, 'ERR_NAME_DUPLICATE', []],
    ['plaintext refused', 'ok/plain', { 'plaintext-secrets': 'deny' }, 'ERR_PLAINTEXT_REFUSED', []],
  ])(
    '%s (with RUNNER_DEBUG=1): fails, exports nothing, leaks nothing',
    async (_, ids, inputs, code, extra) => {
      const result = await step(
        { 'secret-ids': [...GOOD_IDS.filter((id) => id !== 'ok/plain'), ids].join('\n'), ...inputs },
        { RUNNER_DEBUG: '1' },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain(code);
      expect(result.envFileRaw).toBe('');
      expect(result.outputs).toEqual({});
      scan(result, [...ALL_SECRETS, ...extra]);
    },
  );

  it('access denied (BatchGetSecretValue and GetSecretValue refused by the proxy): fails, leaks nothing', async () => {
    proxy = await startFaultProxy({
      target: endpoint,
      rules: { BatchGetSecretValue: { accessDenied: 1 }, GetSecretValue: { accessDenied: 1 } },
    });
    const result = await step(
      { 'secret-ids': GOOD_IDS.join('\n'), 'endpoint-url': proxy.endpoint },
      { RUNNER_DEBUG: '1' },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ERR_ACCESS_DENIED');
    expect(result.envFileRaw).toBe('');
    scan(result);
  });
});

describe('GITHUB_ENV injection', () => {
  const ATTEMPTS: Record<string, string> = {
    'inj/newline': 'first\nINJECTED_NL=1',
    'inj/crlf': 'first\r\nINJECTED_CRLF=1\r\n',
    'inj/cr': 'first\rINJECTED_CR=1',
    'inj/heredoc': 'first\nEOF\nINJECTED_HEREDOC<<EOF\nx\nEOF',
    'inj/delimiter': 'first\nghadelimiter_00000000-0000-4000-8000-000000000000\nINJECTED_DELIM=1',
    'inj/leading': '\nINJECTED_LEADING=1',
  };

  beforeAll(async () => {
    for (const [name, value] of Object.entries(ATTEMPTS)) await storeEnvelope(factory, keyArn, name, value);
    await storeEnvelope(
      factory,
      keyArn,
      'inj/json',
      JSON.stringify({ key: 'v\nINJECTED_JSON=1', 'a\nINJECTED_KEY=1': 'x' }),
    );
  });

  it('values that try to add a variable are exported whole, as exactly one variable each', async () => {
    const ids = Object.keys(ATTEMPTS);
    const result = await step({ 'secret-ids': ids.join('\n') });
    expect(result.exitCode).toBe(0);
    // Parsed as the runner parses it (testkit's parseFileCommands: LF lines, heredoc blocks).
    const parsed = parseFileCommands(result.envFileRaw);
    expect(Object.keys(parsed).sort()).toEqual(
      [...ids.map((id) => id.toUpperCase().replace('/', '_')), 'SECRETS_LIST_CLEAN_UP'].sort(),
    );
    for (const [id, value] of Object.entries(ATTEMPTS))
      expect(parsed[id.toUpperCase().replace('/', '_')]).toBe(value);
    scan(result, Object.values(ATTEMPTS));
  });

  it('a JSON leaf or key with a newline cannot add a variable either', async () => {
    const result = await step({ 'secret-ids': 'inj/json', 'parse-json-secrets': 'true' });
    const parsed = parseFileCommands(result.envFileRaw);
    expect(
      Object.keys(parsed).filter((name) => name.includes('INJECTED') && !name.startsWith('INJ_JSON')),
    ).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(parsed.INJ_JSON_KEY).toBe('v\nINJECTED_JSON=1');
    // The key's newline became `_` in the name (the official naming rule), so it named no new variable.
    expect(parsed.INJ_JSON_A_INJECTED_KEY_1).toBe('x');
    expect(Object.keys(parsed).sort()).toEqual([
      'INJ_JSON_A_INJECTED_KEY_1',
      'INJ_JSON_KEY',
      'SECRETS_LIST_CLEAN_UP',
    ]);
    scan(result, [
      'v\nINJECTED_JSON=1',
      JSON.stringify({ key: 'v\nINJECTED_JSON=1', 'a\nINJECTED_KEY=1': 'x' }),
    ]);
  });

  it.each([
    ['GITHUB_PATH via alias', 'GITHUB_PATH,ok/db', {}],
    ['PATH via alias', 'PATH,ok/db', {}],
    ['NODE_OPTIONS via alias', 'NODE_OPTIONS,ok/db', {}],
    ['RUNNER_TEMP via alias', 'RUNNER_TEMP,ok/db', {}],
    ['NODE_OPTIONS via a JSON key (blank alias)', ',inj/reserved-json', { 'parse-json-secrets': 'true' }],
    [
      'GITHUB_TOKEN via a JSON key under a prefix alias',
      'GITHUB,inj/token-json',
      { 'parse-json-secrets': 'true' },
    ],
  ])('refuses %s: exit 1, ERR_NAME_RESERVED, nothing exported', async (_, ids, inputs) => {
    if (ids.includes('inj/reserved-json') || ids.includes('inj/token-json')) {
      const name = ids.slice(ids.indexOf(',') + 1);
      const value =
        name === 'inj/reserved-json' ? { NODE_OPTIONS: '--require /tmp/evil.js' } : { TOKEN: 'not-a-token' };
      await storeEnvelope(factory, keyArn, name, JSON.stringify(value)).catch(() => undefined);
    }
    const result = await step({ 'secret-ids': ids, ...inputs });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ERR_NAME_RESERVED');
    expect(result.envFileRaw).toBe('');
    const jsonValues = [{ NODE_OPTIONS: '--require /tmp/evil.js' }, { TOKEN: 'not-a-token' }];
    scan(result, [...ALL_SECRETS, ...jsonValues.flatMap((v) => [JSON.stringify(v), ...Object.values(v)])]);
  });
});

describe('names a secret chose (issue 11, attack 1)', () => {
  it.each([
    ['LD_PRELOAD', { LD_PRELOAD: '/tmp/evil.so' }],
    ['BASH_ENV', { BASH_ENV: '/tmp/evil.sh' }],
  ])(
    'refuses %s as a JSON key under a blank alias: exit 1, ERR_NAME_DENIED, nothing exported',
    async (name, value) => {
      const id = `inj/denied-${name.toLowerCase()}`;
      await storeEnvelope(factory, keyArn, id, JSON.stringify(value)).catch(() => undefined);
      const result = await step({ 'secret-ids': `,${id}`, 'parse-json-secrets': 'true' });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('ERR_NAME_DENIED');
      expect(result.envFileRaw).toBe('');
      scan(result, [...ALL_SECRETS, JSON.stringify(value), ...Object.values(value)]);
    },
  );

  // External review F1: 42 names a secret's content chose under a blank alias, which all used to
  // be exported (TAR_OPTIONS made the next `tar` run `id`). TF_VAR_X alone is an ordinary name.
  it('refuses the review F1 payload: exit 1, ERR_NAME_DENIED, nothing exported', async () => {
    const names = [
      'TAR_OPTIONS',
      'BIOME_BINARY',
      'ESBUILD_BINARY_PATH',
      'VIMINIT',
      'EXINIT',
      'RSYNC_RSH',
      'BAZELISK_BASE_URL',
      'NIX_CONFIG',
      'GLIBC_TUNABLES',
      'LOCPATH',
      'TZDIR',
      'MALLOC_PERTURB_',
      'TERMINFO',
      'LESS',
      'LESSKEYIN',
      'PUPPETEER_EXECUTABLE_PATH',
      'SASS_BINARY_SITE',
      'CYPRESS_INSTALL_BINARY',
      'DEVELOPER_DIR',
      'ANSIBLE_CONFIG',
      'APT_CONFIG',
      'VAULT_ADDR',
      'KUBE_EDITOR',
      'SVN_SSH',
      'CVS_RSH',
      'ZIPOPT',
      'HISTFILE',
      'INPUTRC',
      'JULIA_DEPOT_PATH',
      'GHC_ENVIRONMENT',
      'MANOPT',
      'PLAYWRIGHT_DOWNLOAD_HOST',
      'NVM_NODEJS_ORG_MIRROR',
      'SOPS_AGE_KEY_FILE',
      'HOMEBREW_BOTTLE_DOMAIN',
      'TF_VAR_X',
      'CHROME_PATH',
      'PRISMA_QUERY_ENGINE_BINARY',
      'SYSTEMD_PAGER',
      'DEBUGINFOD_URLS',
      'PKGX_DIR',
      'GIT_PAGER_',
    ];
    expect(names).toHaveLength(42);
    const value = Object.fromEntries(names.map((name) => [name, `/tmp/att/${name.toLowerCase()}`]));
    await storeEnvelope(factory, keyArn, 'inj/f1', JSON.stringify(value)).catch(() => undefined);
    // One secret per name too: each must be refused on its own, not only the first of the batch.
    for (const name of names.filter((n) => n !== 'TF_VAR_X')) {
      const id = `inj/f1-${name.toLowerCase()}`;
      await storeEnvelope(factory, keyArn, id, JSON.stringify({ [name]: 'x' })).catch(() => undefined);
    }
    const result = await step({ 'secret-ids': ',inj/f1', 'parse-json-secrets': 'true' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ERR_NAME_DENIED');
    expect(result.envFileRaw).toBe('');
    const each = await step({
      'secret-ids': names
        .filter((n) => n !== 'TF_VAR_X')
        .map((n) => `,inj/f1-${n.toLowerCase()}`)
        .join('\n'),
      'parse-json-secrets': 'true',
    });
    expect(each.exitCode).toBe(1);
    expect(each.envFileRaw).toBe('');
    for (const name of names.filter((n) => n !== 'TF_VAR_X'))
      expect(each.stdout).toContain(`ERR_NAME_DENIED variable name '${name}' was chosen by the secret`);
  });

  it('lets an alias the author wrote set LD_PRELOAD (the author chose it)', async () => {
    const result = await step({ 'secret-ids': 'LD_PRELOAD,ok/db' });
    expect(result.exitCode).toBe(0);
    expect(Object.keys(parseFileCommands(result.envFileRaw)).sort()).toEqual([
      'LD_PRELOAD',
      'SECRETS_LIST_CLEAN_UP',
    ]);
  });
});

// External review F2: an earlier step wrote SECRETS_LIST_CLEAN_UP=["GITHUB_ENV",...]. The post step
// blanked GITHUB_ENV first, so every later blank became a refused ::set-env and the secrets kept
// their values while the log said "blanked".
describe('a hostile cleanup list (review F2)', () => {
  it('post never blanks runner names from the list, and blanks the secrets it exported', async () => {
    const hostile = JSON.stringify([
      'GITHUB_ENV',
      'PATH',
      'HOME',
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'NODE_OPTIONS',
    ]);
    const main = await step({ 'secret-ids': 'M,ok/db' }, { SECRETS_LIST_CLEAN_UP: hostile });
    expect(main.exitCode).toBe(0);
    expect(main.env.M).toBe(GOOD['ok/db']);
    const post = await runAction({
      ...bundleUnderTest('post'),
      entry: 'post',
      inputs: { 'secret-ids': 'M,ok/db' },
      after: main,
    });
    results.push(post);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).not.toContain('::set-env');
    expect(post.env.M).toBe('');
    expect(post.env.SECRETS_LIST_CLEAN_UP).toBe('');
    for (const name of [
      'GITHUB_ENV',
      'PATH',
      'HOME',
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'NODE_OPTIONS',
    ])
      expect(post.env[name], name).toBeUndefined();
    expect(post.stdout).toContain('blanked 1 variable(s): M');
    expect(post.stdout).toContain('GITHUB_ENV');
    scan(post);
  });
});

describe('JSON values and NUL (issue 11, findings 6, 7, 8)', () => {
  const plain = (name: string, value: string) =>
    factory.secretsManager().send(new CreateSecretCommand({ Name: name, SecretString: value }));
  const EXACT =
    '{"big":12345678901234567890,"inf":1e400,"arr":["arr-el-one","arr-el-two",77.50],"flag":true,"none":null}';
  const DEEP = `${'{"k":'.repeat(4_000)}"deep-leaf-v"${'}'.repeat(4_000)}`;
  const NUL_LEAF = '{"p":"leaf-before\\u0000leaf-after"}';
  beforeAll(async () => {
    await plain('json/deep', DEEP);
    await plain('json/exact', EXACT);
    await plain('nul/plain', 'before-nul\u0000after-nul');
    await plain('nul/leaf', NUL_LEAF);
  });

  it('refuses JSON 4,000 levels deep with ERR_JSON_TOO_DEEP naming the secret, exporting nothing', async () => {
    const result = await step({ 'secret-ids': 'json/deep\nok/db', 'parse-json-secrets': 'true' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/json\/deep: ERR_JSON_TOO_DEEP /);
    expect(result.stdout).not.toContain('ERR_INTERNAL');
    expect(result.envFileRaw).toBe('');
    // The leaf may stand inside the whole value's own mask, nowhere else.
    scan(result, [...ALL_SECRETS, DEEP, 'deep-leaf-v']);
  });

  it('exports numbers exactly as stored and masks array elements one by one, never true or null', async () => {
    const result = await step({ 'secret-ids': 'json/exact', 'parse-json-secrets': 'true' });
    expect(result.exitCode).toBe(0);
    const env = parseFileCommands(result.envFileRaw);
    expect(env.JSON_EXACT_BIG).toBe('12345678901234567890');
    expect(env.JSON_EXACT_INF).toBe('1e400');
    expect(env.JSON_EXACT_ARR).toBe('["arr-el-one","arr-el-two",77.50]');
    expect(env.JSON_EXACT_FLAG).toBe('true');
    expect(env.JSON_EXACT_NONE).toBe('null');
    for (const mask of ['12345678901234567890', '1e400', 'arr-el-one', 'arr-el-two', '77.50'])
      expect(result.masks).toContain(mask);
    expect(result.masks).not.toContain('true');
    expect(result.masks).not.toContain('null');
    scan(result, [EXACT, env.JSON_EXACT_ARR as string, 'arr-el-one', 'arr-el-two', '12345678901234567890']);
  });

  it.each([
    ['a plain value', 'nul/plain', {}],
    ['a JSON leaf', 'nul/leaf', { 'parse-json-secrets': 'true' }],
  ])('refuses NUL in %s with ERR_VALUE_NUL naming the secret, exporting nothing', async (_, id, inputs) => {
    const result = await step({ 'secret-ids': `${id}\nok/db`, ...inputs });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`${id}: ERR_VALUE_NUL `);
    expect(result.envFileRaw).toBe('');
    expect(result.stdout).not.toContain('\u0000');
    scan(result, [...ALL_SECRETS, NUL_LEAF, 'before-nul', 'after-nul', 'leaf-before', 'leaf-after']);
  });
});

describe('export is a transaction (issue 11, finding 5)', () => {
  it('an unwritable GITHUB_OUTPUT with set-outputs: GITHUB_ENV is cut back, the error says so, the post step has nothing left', async () => {
    // A directory where GITHUB_OUTPUT should be: every append fails (EISDIR), as an unwritable file would.
    const unwritable = await mkdtemp(join(tmpdir(), 'ek-unwritable-'));
    try {
      const main = await step(
        { 'secret-ids': 'ok/plain\nok/db', 'set-outputs': 'true' },
        { GITHUB_OUTPUT: unwritable },
      );
      expect(main.exitCode).toBe(1);
      expect(main.stdout).toContain('ERR_EXPORT_FAILED could not write output OK_PLAIN (EISDIR)');
      expect(main.stdout).toContain('the export failed, nothing was exported');
      expect(main.stdout).toContain('undone: GITHUB_ENV, GITHUB_OUTPUT cut back to before this step');
      expect(main.envFileRaw).toBe('');
      // Saved first, then emptied once the undo worked.
      expect(main.state['exported-names']).toBe('[]');
      const post = await runAction({
        ...bundleUnderTest('post'),
        entry: 'post',
        inputs: { 'secret-ids': 'ok/plain' },
        after: main,
      });
      results.push(post);
      expect(post.exitCode).toBe(0);
      expect(post.envFileRaw).toBe('');
      scan(main);
    } finally {
      await rm(unwritable, { recursive: true, force: true });
    }
  });
});

describe('the bundle under faults', () => {
  let many: StoredSecret[];
  beforeAll(async () => {
    many = await storeEnvelopes(factory, keyArn, 'bundle-faults', 100);
  });

  it('100 envelopes, 30% throttled, 5% 503, 2% resets: every value exact', async () => {
    proxy = await startFaultProxy({
      target: endpoint,
      seed: 42,
      rules: { '*': { throttle: 0.3, error503: 0.05, reset: 0.02 } },
    });
    const result = await step({
      'secret-ids': many.map((s) => s.name).join('\n'),
      'endpoint-url': proxy.endpoint,
    });
    expect(result.exitCode).toBe(0);
    for (const s of many) expect(result.env[s.name.toUpperCase().replace(/[/-]/g, '_')]).toBe(s.plaintext);
    scan(
      result,
      many.map((s) => s.plaintext),
    );
    const faults = Object.values(proxy.stats()).reduce(
      (n, op) => n + op.faults.throttle + op.faults.error503 + op.faults.reset,
      0,
    );
    console.log(`bundle under faults: ${faults} faults injected, ${Math.round(result.wallMs)} ms`);
    expect(faults).toBeGreaterThan(30);
  });

  it('a service that answers 503 to everything: the step fails within its budget, exports nothing', async () => {
    proxy = await startFaultProxy({ target: endpoint, seed: 9, rules: { '*': { error503: 1 } } });
    const result = await step({ 'secret-ids': GOOD_IDS.join('\n'), 'endpoint-url': proxy.endpoint });
    expect(result.exitCode).toBe(1);
    // 10 attempts per call, waits capped at 2 s: at most ~13 s of waiting.
    expect(result.wallMs).toBeLessThan(20_000);
    expect(result.envFileRaw).toBe('');
    for (const id of GOOD_IDS) expect(result.stdout).toMatch(new RegExp(`${id}: ERR_AWS `));
    expect(proxy.stats()['secretsmanager.BatchGetSecretValue']?.requests).toBeLessThanOrEqual(10);
    scan(result);
  });
});
