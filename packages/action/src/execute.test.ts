// execute() and run() logic: prefixes, batching, bindings, policy, failures, all or nothing. The
// envelope format itself is envelope-core's and is exercised for real in moto.test.ts (KMS v1,
// the openssl legacy recipe); here a transparent stand-in format with the same contract (context
// check, allow-list, key providers, typed errors) keeps these tests about execute's own decisions.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceFileReader } from '@envelope-kit/aws-adapter/envelope-files';
import {
  ContextMismatchError,
  DecryptionFailedError,
  type EnvelopeKitError,
  KeyNotAllowedError,
  type KeyProvider,
  NoUsableKeyError,
} from '@envelope-kit/envelope-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from './errors.js';
import {
  bytesToText,
  type EnvelopeOps,
  type ExecuteDeps,
  execute,
  type FetchedSecret,
  type SecretFetcher,
} from './execute.js';
import { readInputs } from './inputs.js';
import { run } from './main.js';
import { buildPlan } from './plan.js';
import type { ActionsIO, StepContext } from './toolkit.js';
import { buildVariables } from './variables.js';

/** A provider of one key id (the stand-in for a local or KMS key). */
function provider(keyId: string): KeyProvider {
  return {
    provider: 'local',
    keyId,
    handles: (w) => w.keyId === keyId,
    wrapDataKey: async () => {
      throw new Error('not used');
    },
    unwrapDataKey: async () => {
      throw new Error('not used');
    },
  };
}
const local = provider('ci-key');

interface Fake {
  ctx: Record<string, string>;
  keyId: string;
  pt: string;
  tampered?: boolean;
}
/** `FAKE1 {json}`: ctx, key id and plaintext in clear. */
const fake = (pt: string, ctx: Record<string, string>, keyId = 'ci-key', tampered = false) =>
  `FAKE1 ${JSON.stringify({ ctx, keyId, pt, tampered } satisfies Fake)}`;
const parse = (text: string) => JSON.parse(text.slice(6)) as Fake;

/** The stand-in format, with envelope-core's contract for open(). */
const envelopes: EnvelopeOps = {
  detectFormat: (text) =>
    text.startsWith('FAKE1 ') ? 'v1' : text.includes('encryptedSecret') ? 'legacy' : 'plain',
  inspect: (text) => ({ context: parse(text).ctx }),
  async open(text, options) {
    const f = parse(text);
    for (const [k, v] of Object.entries(options.requiredContext ?? {})) {
      if (f.ctx[k] !== v)
        throw new ContextMismatchError(`context ${k} differs`, { subject: options.subject });
    }
    if (!options.providers.some((p) => p.handles({ provider: 'local', keyId: f.keyId }))) {
      throw new NoUsableKeyError('no usable key', { subject: options.subject });
    }
    if (options.allowedKeyIds !== undefined && !options.allowedKeyIds.includes(f.keyId)) {
      throw new KeyNotAllowedError('key not allowed', { subject: options.subject });
    }
    if (f.tampered) throw new DecryptionFailedError({ subject: options.subject });
    return { plaintext: new TextEncoder().encode(f.pt), keyId: f.keyId };
  },
  async openLegacy(text) {
    const f = JSON.parse(text) as { encryptedSecret: string; length: number };
    return {
      plaintext: new TextEncoder().encode(f.encryptedSecret),
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/legacy',
      passwordLength: f.length,
      passwordShortened: f.length < 32,
      passwordEmpty: f.length === 0,
    };
  },
};

/** Secrets Manager in memory: name -> value; ids may be names or `arn:...:secret:<name>-AbCdEf`. */
function memorySecrets(values: Record<string, string | Uint8Array>): SecretFetcher & { fetched: string[][] } {
  const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
  const fetched: string[][] = [];
  return {
    fetched,
    async listByPrefix(prefix) {
      return Object.keys(values)
        .filter((n) => n.startsWith(prefix))
        .map((name) => ({ name, arn: arnOf(name) }));
    },
    async fetch(ids) {
      fetched.push(ids);
      return ids.map((id): FetchedSecret => {
        const name = Object.keys(values).find((n) => n === id || arnOf(n) === id);
        const value = name === undefined ? undefined : values[name];
        if (name === undefined || value === undefined) {
          const error = new ActionError('ERR_INTERNAL', 'secret not found') as EnvelopeKitError;
          return { id, error: Object.assign(error, { code: 'ERR_SECRET_NOT_FOUND' }) };
        }
        return { id, name, arn: arnOf(name), value };
      });
    },
  };
}

function deps(secrets: SecretFetcher, extra: Partial<ExecuteDeps> = {}): ExecuteDeps {
  return {
    envelopes,
    secrets,
    kms: undefined,
    local,
    resolveKeyIds: async (ids) => ids.map((id) => `arn:resolved:${id}`),
    readFile: async () => {
      throw new Error('no files');
    },
    ...extra,
  };
}

const STEP: StepContext = {
  workspace: '/ws',
  workflow: { repository: 'Acme/App', ref: 'refs/heads/main', environment: undefined },
};

const NO_WORKFLOW = { repository: undefined, ref: undefined, environment: undefined };

function plan(values: Record<string, string>, step: StepContext = STEP) {
  return buildPlan(
    readInputs((name) => values[name] ?? ''),
    step,
  );
}

const sealed = async (text: string, context: Record<string, string>, keyId = 'ci-key') =>
  fake(text, context, keyId);

describe('execute: a pipeline, not stages', () => {
  it('opens each batch as it arrives, and lists prefixes and fetches their matches meanwhile', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `named/s${String(i).padStart(2, '0')}`);
    const values: Record<string, string> = { 'team/a': await sealed('a', { secret: 'team/a' }) };
    for (const name of names) values[name] = await sealed(`v-${name}`, { secret: name });
    const memory = memorySecrets(values);
    const events: string[] = [];
    let releaseSecondBatch!: () => void;
    const secondBatch = new Promise<void>((resolve) => {
      releaseSecondBatch = resolve;
    });
    // Secrets Manager that answers the first 20 ids at once and the rest only when released.
    const secrets: SecretFetcher = {
      async listByPrefix(prefix) {
        events.push(`list ${prefix}`);
        return memory.listByPrefix(prefix);
      },
      async fetch(ids, options) {
        events.push(`fetch ${ids.length}`);
        const results = await memory.fetch(ids);
        for (const r of results.slice(0, 20)) options?.onResult?.(r);
        if (ids.length > 20) await secondBatch;
        for (const r of results.slice(20)) options?.onResult?.(r);
        return results;
      },
    };
    const counting: EnvelopeOps = {
      ...envelopes,
      async open(text, options) {
        events.push(`open ${options.subject}`);
        return envelopes.open(text, options);
      },
    };
    const running = execute(
      plan({ 'secret-ids': [...names, 'team/*'].join('\n') }),
      deps(secrets, { envelopes: counting }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first batch is open while the second is still out; the prefix was listed alongside, and
    // its match fetched and opened.
    expect(events.filter((e) => e.startsWith('open named/'))).toHaveLength(20);
    expect(events).toContain('list team/');
    expect(events).toContain('open team/a');
    expect(events.filter((e) => e.startsWith('fetch'))).toEqual(['fetch 30', 'fetch 1']);
    releaseSecondBatch();
    const result = await running;
    expect(result.failures).toEqual([]);
    expect(result.opened.map((o) => o.name)).toEqual([...names, 'team/a']);
    expect(result.opened.map((o) => o.value)).toEqual([...names.map((n) => `v-${n}`), 'a']);
  });

  it('resolves allowed-key-ids while fetching, and reports only its failure when it cannot', async () => {
    const secrets = memorySecrets({ 'prod/db': await sealed('db', { secret: 'prod/db' }) });
    let fetchedBeforeResolved = false;
    const result = await execute(
      plan({ 'secret-ids': 'prod/db', 'allowed-key-ids': 'alias/ci' }),
      deps(secrets, {
        resolveKeyIds: async () => {
          fetchedBeforeResolved = secrets.fetched.length === 1;
          throw new ActionError('ERR_INTERNAL', 'DescribeKey failed', { subject: 'alias/ci' });
        },
      }),
    );
    expect(fetchedBeforeResolved).toBe(true);
    expect(result.opened).toEqual([]);
    expect(result.failures).toMatchObject([{ subject: 'alias/ci', code: 'ERR_INTERNAL' }]);
  });
});

describe('execute: formats and bindings', () => {
  it('opens v1 envelopes bound to their secret, repository and ref, and passes plain values', async () => {
    const secrets = memorySecrets({
      'prod/db': await sealed('db-pass', {
        secret: 'prod/db',
        repository: 'acme/app',
        ref: 'refs/heads/main',
      }),
      'prod/plain': 'plain-value',
      'prod/nobind': await sealed('free', {}),
    });
    const result = await execute(
      plan({
        'secret-ids':
          'prod/db\nprod/plain\narn:aws:secretsmanager:us-east-1:123456789012:secret:prod/nobind-AbCdEf',
      }),
      deps(secrets),
    );
    expect(result.failures).toEqual([]);
    expect(result.opened.map((o) => [o.subject, o.name, o.value, o.format, o.keyId])).toEqual([
      ['prod/db', 'prod/db', 'db-pass', 'v1', 'ci-key'],
      ['prod/plain', 'prod/plain', 'plain-value', 'plain', undefined],
      [
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/nobind-AbCdEf',
        'prod/nobind',
        'free',
        'v1',
        'ci-key',
      ],
    ]);
    // One batched fetch for all three.
    expect(secrets.fetched).toHaveLength(1);
  });

  it('refuses an envelope copied into another secret, another repository or ref, and lists them all', async () => {
    const secrets = memorySecrets({
      'prod/copy': await sealed('x', { secret: 'prod/original' }),
      'prod/repo': await sealed('x', { repository: 'evil/fork' }),
      'prod/ref': await sealed('x', { ref: 'refs/heads/feature' }),
      'prod/env': await sealed('x', { environment: 'production' }),
      'prod/ok': await sealed('fine', { secret: 'prod/ok' }),
    });
    const result = await execute(
      plan({ 'secret-ids': 'prod/copy\nprod/repo\nprod/ref\nprod/env\nprod/ok' }),
      deps(secrets),
    );
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['prod/copy', 'ERR_CONTEXT_MISMATCH'],
      ['prod/repo', 'ERR_CONTEXT_MISMATCH'],
      ['prod/ref', 'ERR_CONTEXT_MISMATCH'],
      ['prod/env', 'ERR_CONTEXT_UNAVAILABLE'],
    ]);
    expect(result.opened.map((o) => o.subject)).toEqual(['prod/ok']);
  });

  it('refuses envelopes bound to the workflow when the run does not say which', async () => {
    const secrets = memorySecrets({ 'prod/repo': await sealed('x', { repository: 'acme/app' }) });
    const result = await execute(
      plan({ 'secret-ids': 'prod/repo' }, { workspace: '/ws', workflow: NO_WORKFLOW }),
      deps(secrets),
    );
    expect(result.failures).toMatchObject([{ subject: 'prod/repo', code: 'ERR_CONTEXT_UNAVAILABLE' }]);
    expect(result.failures[0]?.message).toContain('GITHUB_REPOSITORY');
  });

  it('require-context: every v1 envelope must carry the pairs; a plain value carries none (policy.ts, checked before opening)', async () => {
    const secrets = memorySecrets({
      good: await sealed('g', { team: 'pay' }),
      lacks: await sealed('l', {}),
      differs: await sealed('d', { team: 'ops' }),
      plain: 'p',
    });
    const result = await execute(
      plan({ 'secret-ids': 'good\nlacks\ndiffers\nplain', 'require-context': 'team=pay' }),
      deps(secrets),
    );
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['lacks', 'ERR_CONTEXT_MISMATCH'],
      ['differs', 'ERR_CONTEXT_MISMATCH'],
      ['plain', 'ERR_CONTEXT_MISMATCH'],
    ]);
    expect(result.opened.map((o) => o.subject)).toEqual(['good']);
  });

  it('plaintext-secrets: deny refuses plain values', async () => {
    const secrets = memorySecrets({ plain: 'p', env: await sealed('e', {}) });
    const result = await execute(
      plan({ 'secret-ids': 'plain\nenv', 'plaintext-secrets': 'deny' }),
      deps(secrets),
    );
    expect(result.failures).toMatchObject([{ subject: 'plain', code: 'ERR_PLAINTEXT_REFUSED' }]);
    expect(result.opened.map((o) => o.value)).toEqual(['e']);
  });

  it('a tampered envelope, a key not allowed, an unknown key and a missing secret all fail by code', async () => {
    const good = await sealed('v', {});
    const tampered = fake('v', {}, 'ci-key', true);
    const secrets = memorySecrets({ tampered, foreign: await sealed('v', {}, 'other-key') });
    const result = await execute(plan({ 'secret-ids': 'tampered\nforeign\nmissing' }), deps(secrets));
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['tampered', 'ERR_DECRYPTION_FAILED'],
      ['foreign', 'ERR_NO_USABLE_KEY'],
      ['missing', 'ERR_SECRET_NOT_FOUND'],
    ]);
    const notAllowed = await execute(
      plan({ 'secret-ids': 'ok', 'allowed-key-ids': 'some-other-key\nalias/ci' }),
      deps(memorySecrets({ ok: good })),
    );
    expect(notAllowed.failures).toMatchObject([{ subject: 'ok', code: 'ERR_KEY_NOT_ALLOWED' }]);
    const allowed = await execute(
      plan({ 'secret-ids': 'ok', 'allowed-key-ids': 'ci-key' }),
      deps(memorySecrets({ ok: good })),
    );
    expect(allowed.failures).toEqual([]);
  });
});

describe('execute: allowed-key-ids', () => {
  it('resolves KMS aliases and bare key ids to ARNs, keeps ARNs and local key ids, and fails closed', async () => {
    const asked: string[][] = [];
    const uuid = '1234abcd-12ab-34cd-56ef-1234567890ab';
    const secrets = memorySecrets({
      kms: await sealed('k', {}, 'arn:resolved:alias/ci'),
      local: await sealed('l', {}, 'ci-key'),
    });
    const resolveKeyIds = async (ids: string[]) => {
      asked.push(ids);
      return ids.map((id) => `arn:resolved:${id}`);
    };
    const kmsLike = provider('arn:resolved:alias/ci');
    const ok = await execute(
      plan({
        'secret-ids': 'kms\nlocal',
        'allowed-key-ids': `alias/ci\nci-key\n${uuid}\narn:aws:kms:us-east-1:111122223333:key/${uuid}`,
      }),
      deps(secrets, { resolveKeyIds, kms: kmsLike }),
    );
    expect(ok.failures).toEqual([]);
    expect(asked).toEqual([['alias/ci', uuid]]);
    const failing = await execute(
      plan({ 'secret-ids': 'kms', 'allowed-key-ids': 'alias/gone' }),
      deps(secrets, {
        resolveKeyIds: async () => {
          throw new ActionError('ERR_INTERNAL', 'unknown alias', { subject: 'alias/gone' });
        },
      }),
    );
    expect(failing.opened).toEqual([]);
    expect(failing.failures).toMatchObject([{ subject: 'alias/gone' }]);
  });
});

describe('execute: prefixes', () => {
  it('expands a prefix into every matching secret, named by secret name', async () => {
    const secrets = memorySecrets({ 'app/a': 'A', 'app/b': 'B', 'other/c': 'C' });
    const result = await execute(plan({ 'secret-ids': 'app/*' }), deps(secrets));
    expect(result.opened.map((o) => [o.subject, o.name, o.value])).toEqual([
      ['app/a', 'app/a', 'A'],
      ['app/b', 'app/b', 'B'],
    ]);
  });

  it('a prefix without match, and an alias on a prefix matching several, fail', async () => {
    const secrets = memorySecrets({ 'app/a': 'A', 'app/b': 'B', 'one/x': 'X' });
    const result = await execute(plan({ 'secret-ids': 'none/*\nALIAS,app/*\nONE,one/*' }), deps(secrets));
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['none/*', 'ERR_PREFIX_NO_MATCH'],
      ['app/*', 'ERR_PREFIX_ALIAS_AMBIGUOUS'],
    ]);
    expect(result.opened).toMatchObject([{ subject: 'one/x', alias: 'ONE', value: 'X' }]);
  });

  it('a blank alias on a prefix line is no alias (as the official action): names keep the prefix', async () => {
    const secrets = memorySecrets({ 'app/db': '{"user":"u"}', 'app/api': '{"user":"v"}' });
    const result = await execute(
      plan({ 'secret-ids': ',app/*', 'parse-json-secrets': 'true' }),
      deps(secrets),
    );
    expect(result.failures).toEqual([]);
    expect(result.opened.map((o) => [o.subject, o.alias]).sort()).toEqual([
      ['app/api', undefined],
      ['app/db', undefined],
    ]);
    const { variables } = buildVariables(
      plan({ 'secret-ids': ',app/*', 'parse-json-secrets': 'true' }),
      result.opened,
      {},
    );
    expect(variables.map((v) => v.name).sort()).toEqual(['APP_API_USER', 'APP_DB_USER']);
  });
});

describe('execute: binary values', () => {
  it('keeps UTF-8 text and turns other bytes into base64 with a warning', () => {
    const warnings: string[] = [];
    expect(bytesToText(new TextEncoder().encode('héllo'), warnings)).toBe('héllo');
    expect(warnings).toEqual([]);
    const bytes = new Uint8Array([0xff, 0x00, 0x10]);
    expect(bytesToText(bytes, warnings)).toBe('/wAQ');
    expect(warnings).toEqual(['binary value exported as base64']);
  });
});

describe('execute: envelope files', () => {
  let ws: string;
  beforeAll(async () => {
    ws = mkdtempSync(join(tmpdir(), 'ek-ws-'));
    mkdirSync(join(ws, 'secrets'));
    writeFileSync(
      join(ws, 'secrets', 'api.envelope'),
      await sealed('file-secret', { secret: 'not-checked-for-files' }),
    );
    writeFileSync(join(ws, 'secrets', 'plain.txt'), 'not an envelope');
    writeFileSync(join(ws, '..', `${ws.split('/').at(-1)}-outside.envelope`), await sealed('x', {}));
    symlinkSync(
      join(ws, '..', `${ws.split('/').at(-1)}-outside.envelope`),
      join(ws, 'secrets', 'link.envelope'),
    );
  });
  afterAll(() => {
    rmSync(ws, { recursive: true, force: true });
    rmSync(join(ws, '..', `${ws.split('/').at(-1)}-outside.envelope`), { force: true });
  });

  it('opens files with the local key, binds on their own ctx only, refuses plain files and links out', async () => {
    const p = plan(
      {
        'envelope-files':
          'secrets/api.envelope\nsecrets/plain.txt\nsecrets/link.envelope\nsecrets/missing.envelope',
      },
      { ...STEP, workspace: ws },
    );
    const result = await execute(p, deps(memorySecrets({}), { readFile: workspaceFileReader(ws) }));
    expect(result.opened).toMatchObject([
      { subject: 'secrets/api.envelope', name: 'api', value: 'file-secret', kind: 'file' },
    ]);
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['secrets/plain.txt', 'ERR_PLAINTEXT_REFUSED'],
      ['secrets/link.envelope', 'ERR_PATH_OUTSIDE_WORKSPACE'],
      ['secrets/missing.envelope', 'ERR_FILE_READ'],
    ]);
  });
});

describe('execute: legacy', () => {
  const legacy = (value: string, length: number) => JSON.stringify({ encryptedSecret: value, length });

  it('opens legacy envelopes and reports the password length to the policy stage, no warning of its own', async () => {
    const secrets = memorySecrets({ 'old/ok': legacy('v-ok', 32), 'old/empty': legacy('v-empty', 0) });
    const kms = provider('kms');
    const result = await execute(plan({ 'secret-ids': 'old/ok\nold/empty' }), deps(secrets, { kms }));
    expect(result.failures).toEqual([]);
    expect(
      result.opened.map((o) => [o.subject, o.value, o.format, o.legacyPasswordLength, o.warnings]),
    ).toEqual([
      ['old/ok', 'v-ok', 'legacy', 32, []],
      ['old/empty', 'v-empty', 'legacy', 0, []],
    ]);
    const noKms = await execute(plan({ 'secret-ids': 'old/ok' }), deps(secrets));
    expect(noKms.failures).toMatchObject([{ subject: 'old/ok', code: 'ERR_NO_USABLE_KEY' }]);
  });
});

describe('run: the whole main step with injected AWS and runner', () => {
  function recorder(inputs: Record<string, string> = {}) {
    const calls: [string, ...string[]][] = [];
    const summary = {
      addHeading: () => summary,
      addRaw: () => summary,
      addTable: (rows: unknown) => {
        calls.push(['summary.table', JSON.stringify(rows)]);
        return summary;
      },
      write: async () => undefined,
    };
    const io: ActionsIO = {
      getInput: (name) => inputs[name] ?? '',
      setSecret: (s) => calls.push(['setSecret', s]),
      exportVariable: (n, v) => calls.push(['exportVariable', n, v]),
      setOutput: (n, v) => calls.push(['setOutput', n, v]),
      saveState: (n, v) => calls.push(['saveState', n, v]),
      getState: () => '',
      setFailed: (m) => calls.push(['setFailed', m]),
      warning: (m) => calls.push(['warning', m]),
      info: (m) => calls.push(['info', m]),
      summary,
    };
    return { io, calls };
  }

  it('masks every value and leaf, then exports them all', async () => {
    const secrets = memorySecrets({
      'prod/db': await sealed('{"user":"admin","pass":"p4ss\\nline2"}', { secret: 'prod/db' }),
      'prod/token': 'tok-123',
    });
    const { io, calls } = recorder({ 'secret-ids': 'prod/db\nprod/token', 'parse-json-secrets': 'true' });
    const names = await run({
      env: {},
      io,
      step: STEP,
      deps: () => deps(secrets),
    });
    expect(names).toEqual(['PROD_DB_USER', 'PROD_DB_PASS', 'PROD_TOKEN']);
    const methods = calls.map(([m]) => m);
    expect(methods.lastIndexOf('setSecret')).toBeLessThan(methods.indexOf('exportVariable'));
    const masked = calls.filter(([m]) => m === 'setSecret').map(([, s]) => s);
    for (const value of [
      '{"user":"admin","pass":"p4ss\\nline2"}',
      'admin',
      'p4ss\nline2',
      'p4ss',
      'line2',
      'tok-123',
    ]) {
      expect(masked).toContain(value);
    }
    expect(calls.filter(([m]) => m === 'exportVariable')).toEqual([
      ['exportVariable', 'SECRETS_LIST_CLEAN_UP', '["PROD_DB_USER","PROD_DB_PASS","PROD_TOKEN"]'],
      ['exportVariable', 'PROD_DB_USER', 'admin'],
      ['exportVariable', 'PROD_DB_PASS', 'p4ss\nline2'],
      ['exportVariable', 'PROD_TOKEN', 'tok-123'],
    ]);
    expect(calls.some(([m]) => m === 'setFailed')).toBe(false);
  });

  it('all or nothing: one failure among successes exports nothing and lists every failure', async () => {
    const secrets = memorySecrets({
      'prod/ok': await sealed('fine', {}),
      'prod/copied': await sealed('x', { secret: 'prod/elsewhere' }),
      path: 'would-be-PATH',
    });
    const { io, calls } = recorder({ 'secret-ids': 'prod/ok\nprod/copied\nprod/missing\npath' });
    const names = await run({
      env: {},
      io,
      step: STEP,
      deps: () => deps(secrets),
    });
    expect(names).toEqual([]);
    expect(calls.filter(([m]) => ['exportVariable', 'setOutput', 'saveState'].includes(m))).toEqual([]);
    const failed = calls.filter(([m]) => m === 'setFailed');
    expect(failed).toHaveLength(1);
    const message = failed[0]?.[1] ?? '';
    expect(message).toContain('prod/copied: ERR_CONTEXT_MISMATCH');
    expect(message).toContain('prod/missing: ERR_SECRET_NOT_FOUND');
    expect(message).toContain('path: ERR_NAME_RESERVED');
    expect(message).not.toContain('fine');
    expect(message).not.toContain('would-be-PATH');
    // The opened values were masked anyway, before the failure was reported.
    expect(calls.map(([m]) => m).indexOf('setSecret')).toBeLessThan(
      calls.map(([m]) => m).indexOf('setFailed'),
    );
  });

  it('an input error fails before any AWS call', async () => {
    const { io, calls } = recorder({ 'secret-ids': 'x', 'max-concurrency': 'lots' });
    let built = false;
    await run({
      io,
      step: STEP,
      deps: () => {
        built = true;
        return deps(memorySecrets({}));
      },
    });
    expect(built).toBe(false);
    expect(calls).toEqual([
      ['setFailed', expect.stringContaining("max-concurrency: ERR_INPUT input 'max-concurrency'")],
    ]);
  });
});
