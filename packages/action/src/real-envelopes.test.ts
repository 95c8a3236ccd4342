// execute() and run() with real envelopes: envelope-core's seal, open and LocalKeyProvider, and the
// openssl recipe for legacy through the real openLegacy. Secrets Manager is in memory (execute's
// own decisions are under test; moto.test.ts runs the same against moto's Secrets Manager and KMS).
// execute.test.ts covers the same decisions with a transparent stand-in format.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceFileReader } from '@envelope-kit/aws-adapter/envelope-files';
import * as core from '@envelope-kit/envelope-core';
import {
  DecryptionFailedError,
  type EnvelopeKitError,
  type KeyProvider,
  LocalKeyProvider,
  seal,
} from '@envelope-kit/envelope-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from './errors.js';
import { type ExecuteDeps, execute, type FetchedSecret, type SecretFetcher } from './execute.js';
import { readInputs } from './inputs.js';
import { run } from './main.js';
import { buildPlan } from './plan.js';
import { applyPolicy } from './policy.js';
import type { ActionsIO, StepContext } from './toolkit.js';

const KEK = new Uint8Array(32).fill(1);
const OTHER_KEK = new Uint8Array(32).fill(2);
const local = LocalKeyProvider.fromBytes(KEK, 'ci-key');
const other = LocalKeyProvider.fromBytes(OTHER_KEK, 'other-key');

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
    envelopes: core,
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

function plan(values: Record<string, string>, step: StepContext = STEP) {
  return buildPlan(
    readInputs((name) => values[name] ?? ''),
    step,
  );
}

const sealed = (text: string, context: Record<string, string>, provider: KeyProvider = local) =>
  seal(text, { providers: [provider], context });

describe('execute with envelope-core: formats and bindings', () => {
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

  it('a tampered envelope, a key not allowed, an unknown key and a missing secret all fail by code', async () => {
    const good = await sealed('v', {});
    const parsed = JSON.parse(good) as { ct: string };
    const bytes = Buffer.from(parsed.ct, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const tampered = JSON.stringify({ ...parsed, ct: bytes.toString('base64') });
    const secrets = memorySecrets({ tampered, foreign: await sealed('v', {}, other) });
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
    expect(new DecryptionFailedError().message).toBe('decryption failed');
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
    // A valid envelope whose context holds U+FFFD, with its UTF-8 (EF BF BD) replaced by the byte FF:
    // read leniently it would decode to the same envelope (one envelope, two byte forms).
    const replacement = Buffer.from(await sealed('x', { note: '\ufffd' }));
    const at = replacement.indexOf(Buffer.from('\ufffd'));
    writeFileSync(
      join(ws, 'secrets', 'not-utf8.envelope'),
      Buffer.concat([replacement.subarray(0, at), Buffer.of(0xff), replacement.subarray(at + 3)]),
    );
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

  it('opens files with the local key, binds on their own ctx only, refuses plain files, links out and bytes that are not UTF-8', async () => {
    const p = plan(
      {
        'envelope-files':
          'secrets/api.envelope\nsecrets/plain.txt\nsecrets/link.envelope\nsecrets/missing.envelope\nsecrets/not-utf8.envelope',
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
      ['secrets/not-utf8.envelope', 'ERR_ENVELOPE_MALFORMED'],
    ]);
  });
});

describe('execute: legacy (openssl recipe)', () => {
  it('opens a legacy envelope made by openssl; the policy refuses its 5-byte password, or warns when accepted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-legacy-'));
    try {
      // A data key with 0x0A at byte 5: `-pass file:` uses only the first 5 bytes as password.
      const dataKey = Buffer.alloc(32, 0x41);
      dataKey[5] = 0x0a;
      writeFileSync(join(dir, 'key.bin'), dataKey);
      const encrypted = execFileSync(
        'openssl',
        ['enc', '-aes-256-cbc', '-salt', '-pass', `file:${join(dir, 'key.bin')}`],
        { input: 'legacy-secret\n' },
      );
      const text = JSON.stringify({
        encryptedSecret: encrypted.toString('base64'),
        encryptedDataKey: Buffer.from('wrapped-by-kms').toString('base64'),
      });
      // Stands in for KMS Decrypt of encryptedDataKey (the real one runs against moto below).
      const fakeKms: KeyProvider = {
        provider: 'aws-kms',
        keyId: undefined,
        handles: (w) => w.provider === 'aws-kms',
        wrapDataKey: async () => {
          throw new Error('not used');
        },
        unwrapDataKey: async () => ({
          dataKey: new Uint8Array(dataKey),
          keyId: 'arn:aws:kms:us-east-1:1:key/legacy',
        }),
      };
      const result = await execute(
        plan({ 'secret-ids': 'old/secret' }),
        deps(memorySecrets({ 'old/secret': text }), { kms: fakeKms }),
      );
      expect(result.failures).toEqual([]);
      expect(result.opened).toMatchObject([
        {
          subject: 'old/secret',
          value: 'legacy-secret',
          format: 'legacy',
          keyId: 'arn:aws:kms:us-east-1:1:key/legacy',
        },
      ]);
      expect(result.opened[0]?.legacyPasswordLength).toBe(5);
      const strict = applyPolicy(plan({ 'secret-ids': 'old/secret' }), result.opened, undefined);
      expect(strict.failures.map((f) => f.code)).toEqual(['ERR_LEGACY_WEAK']);
      const accepted = applyPolicy(
        plan({ 'secret-ids': 'old/secret', 'accept-weak-legacy': 'old/secret' }),
        result.opened,
        undefined,
      );
      expect(accepted.accepted[0]?.warnings).toEqual([
        'legacy envelope (no context, key list not authenticated, weak password accepted by accept-weak-legacy): re-seal it: envelope migrate old/secret',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
});
