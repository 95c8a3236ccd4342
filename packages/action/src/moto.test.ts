// The main step end to end in-process against moto (real SDK clients over HTTP, real KMS and
// Secrets Manager emulation, the real openssl recipe): run() with the real dependencies built by
// aws.ts from the inputs. Only the runner is recorded instead of writing files (the bundle with
// real runner files is covered by packages/action/test/). Secrets and keys are created with the
// aws CLI and aws-adapter, as a secret owner would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClientFactory, KmsKeyProvider, SecretsManagerSource } from '@envelope-kit/aws-adapter';
import { seal } from '@envelope-kit/envelope-core';
import { type FaultProxy, startFaultProxy } from '@envelope-kit/testkit/fault-proxy';
import { awsTestEnv, resetMoto } from '@envelope-kit/testkit/moto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { run } from './main.js';
import type { ActionsIO } from './toolkit.js';

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

describe('run() against moto', () => {
  const endpoint = inject('motoEndpoint');
  let env: Record<string, string>;
  let keyArn: string;
  let dir: string;
  /** A fault proxy without faults in front of moto: it counts the requests of each operation. */
  let counter: FaultProxy;
  const decrypts = () => counter.stats()['TrentService.Decrypt']?.requests ?? 0;

  const awsCli = (...args: string[]) => {
    const out = execFileSync('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], {
      env: { ...process.env, ...env },
    }).toString();
    return out.trim() === '' ? {} : JSON.parse(out);
  };

  beforeAll(async () => {
    await resetMoto(endpoint);
    env = { ...awsTestEnv(endpoint) } as Record<string, string>;
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    dir = mkdtempSync(join(tmpdir(), 'ek-moto-'));
    keyArn = awsCli('kms', 'create-key').KeyMetadata.Arn;
    awsCli('kms', 'create-alias', '--alias-name', 'alias/ci', '--target-key-id', keyArn);
    const factory = new AwsClientFactory({ region: 'us-east-1', endpoint: endpoint });
    const secrets = new SecretsManagerSource(factory);
    const kms = new KmsKeyProvider(factory, keyArn);
    await secrets.put(
      'it/db',
      await seal('{"user":"admin","pass":"p@ss"}', { providers: [kms], context: { secret: 'it/db' } }),
    );
    await secrets.put('it/plain', 'plain-value');
    // The seed recipe, verbatim: KMS data key, openssl enc -pass file:, JSON of both in base64.
    // A data key whose password `-pass file:` does not cut short (no 0x00 or 0x0A in its first 11
    // bytes): the 8% of random keys that do are refused by default as weak (ERR_LEGACY_WEAK).
    const strong = (key: Buffer) => !key.subarray(0, 11).some((b) => b === 0x00 || b === 0x0a);
    let dataKey = awsCli('kms', 'generate-data-key', '--key-id', 'alias/ci', '--key-spec', 'AES_256');
    while (!strong(Buffer.from(dataKey.Plaintext, 'base64'))) {
      dataKey = awsCli('kms', 'generate-data-key', '--key-id', 'alias/ci', '--key-spec', 'AES_256');
    }
    writeFileSync(join(dir, 'key.bin'), Buffer.from(dataKey.Plaintext, 'base64'));
    const encrypted = execFileSync(
      'openssl',
      ['enc', '-aes-256-cbc', '-salt', '-pass', `file:${join(dir, 'key.bin')}`],
      {
        input: 'legacy-value\n',
      },
    );
    await secrets.put(
      'it/legacy',
      JSON.stringify({
        encryptedSecret: encrypted.toString('base64'),
        encryptedDataKey: dataKey.CiphertextBlob,
      }),
    );
    await secrets.put(
      'it/copied',
      await seal('x', { providers: [kms], context: { secret: 'it/elsewhere' } }),
    );
    // Issue 11, finding 10: entries planted before the real one, for keys that exist nowhere.
    const planted = JSON.parse(
      await seal('planted-ok', { providers: [kms], context: { secret: 'it/keys-planted' } }),
    ) as { keys: { id: string }[] };
    const [real] = planted.keys;
    const bogus = [1, 2, 3].map((i) => ({
      ...real,
      id: keyArn.replace(/key\/.*$/, `key/00000000-0000-0000-0000-00000000000${i}`),
    }));
    await secrets.put('it/keys-planted', JSON.stringify({ ...planted, keys: [...bogus, ...planted.keys] }));
    counter = await startFaultProxy({ target: endpoint });
  }, 60_000);

  afterAll(async () => {
    await counter?.close();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The step's runner with these inputs, and its workspace (no workflow binding). */
  const step = (values: Record<string, string>) => ({
    ...recorder({ 'endpoint-url': endpoint, region: 'us-east-1', ...values }),
    step: { workspace: dir, workflow: { repository: undefined, ref: undefined, environment: undefined } },
  });

  it('opens v1 (KMS), legacy and plain secrets found by name and by prefix, with an alias allow-list', async () => {
    const {
      io,
      calls,
      step: where,
    } = step({
      'secret-ids': 'it/db\nLEGACY,it/legacy\nit/pl*',
      'parse-json-secrets': 'true',
      'allowed-key-ids': 'alias/ci',
    });
    const names = await run({ env, io, step: where });
    expect(calls.filter(([m]) => m === 'setFailed')).toEqual([]);
    expect(names).toEqual(['IT_DB_USER', 'IT_DB_PASS', 'LEGACY', 'IT_PLAIN']);
    expect(calls.filter(([m]) => m === 'exportVariable')).toEqual([
      ['exportVariable', 'SECRETS_LIST_CLEAN_UP', '["IT_DB_USER","IT_DB_PASS","LEGACY","IT_PLAIN"]'],
      ['exportVariable', 'IT_DB_USER', 'admin'],
      ['exportVariable', 'IT_DB_PASS', 'p@ss'],
      ['exportVariable', 'LEGACY', 'legacy-value'],
      ['exportVariable', 'IT_PLAIN', 'plain-value'],
    ]);
    const table = calls.find(([m]) => m === 'summary.table')?.[1] ?? '';
    expect(table).toContain(keyArn);
    expect(table).not.toContain('admin');
  }, 60_000);

  it('fails by secret id and code, exporting nothing', async () => {
    const { io, calls, step: where } = step({ 'secret-ids': 'it/db\nit/copied\nit/missing' });
    await run({ env, io, step: where });
    expect(calls.filter(([m]) => m === 'exportVariable')).toEqual([]);
    const message = calls.find(([m]) => m === 'setFailed')?.[1] ?? '';
    expect(message).toContain('it/copied: ERR_CONTEXT_MISMATCH');
    expect(message).toContain('it/missing: ERR_SECRET_NOT_FOUND');
  }, 60_000);

  describe('a value the policy refuses by its format costs no KMS call (issue 11)', () => {
    /** Runs the step through the counting proxy; returns the failure message and the Decrypt count. */
    const counted = async (values: Record<string, string>) => {
      counter.resetStats();
      const { io, calls, step: where } = step({ ...values, 'endpoint-url': counter.endpoint });
      await run({ env, io, step: where });
      const failed = calls.find(([m]) => m === 'setFailed')?.[1];
      return { failed, decrypts: decrypts(), exported: calls.filter(([m]) => m === 'exportVariable') };
    };

    it('counts: the legacy secret opens with one Decrypt when nothing refuses it', async () => {
      const r = await counted({ 'secret-ids': 'it/legacy' });
      expect(r.failed).toBeUndefined();
      expect(r.decrypts).toBe(1);
    }, 60_000);

    it('legacy-envelopes: deny refuses the legacy secret with no Decrypt', async () => {
      const r = await counted({ 'secret-ids': 'it/legacy', 'legacy-envelopes': 'deny' });
      expect(r.failed).toContain('it/legacy: ERR_LEGACY_REFUSED');
      expect(r.exported).toEqual([]);
      expect(r.decrypts).toBe(0);
    }, 60_000);

    it('require-context refuses the legacy secret with no Decrypt (legacy-envelopes: auto)', async () => {
      const r = await counted({ 'secret-ids': 'it/legacy', 'require-context': 'stage=prod' });
      expect(r.failed).toContain('it/legacy: ERR_LEGACY_REFUSED');
      expect(r.decrypts).toBe(0);
    }, 60_000);

    it('plaintext-secrets: deny refuses a plain secret with no call to KMS', async () => {
      const r = await counted({ 'secret-ids': 'it/plain', 'plaintext-secrets': 'deny' });
      expect(r.failed).toContain('it/plain: ERR_PLAINTEXT_REFUSED');
      expect(r.decrypts).toBe(0);
    }, 60_000);

    it('keys entries that allowed-key-ids excludes cost no Decrypt: one call for the real entry', async () => {
      const all = await counted({ 'secret-ids': 'it/keys-planted' });
      expect(all.failed).toBeUndefined();
      // Without the allow-list, every planted entry is tried first (moto: NotFoundException).
      expect(all.decrypts).toBe(4);
      const allowed = await counted({ 'secret-ids': 'it/keys-planted', 'allowed-key-ids': 'alias/ci' });
      expect(allowed.failed).toBeUndefined();
      expect(allowed.exported).toContainEqual(['exportVariable', 'IT_KEYS_PLANTED', 'planted-ok']);
      expect(allowed.decrypts).toBe(1);
    }, 60_000);
  });
});
