import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClientFactory } from '@envelope-kit/aws-adapter';
import { open, seal } from '@envelope-kit/envelope-core';
import { describe, expect, it } from 'vitest';
import { clearKeys, parseKeySpec, providersFor, rsaKeyId } from './keys.js';

describe('parseKeySpec', () => {
  const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  it.each([
    ['alias/prod', { kind: 'aws-kms', keyId: 'alias/prod' }],
    [arn, { kind: 'aws-kms', keyId: arn }],
    [
      'arn:aws:kms:eu-west-1:111122223333:alias/prod',
      { kind: 'aws-kms', keyId: 'arn:aws:kms:eu-west-1:111122223333:alias/prod' },
    ],
    [`aws-kms-rsa:${arn}`, { kind: 'aws-kms-rsa', keyId: arn }],
    ['rsa-public:keys/ops.pub.pem', { kind: 'rsa-public', path: 'keys/ops.pub.pem' }],
    ['rsa-private:ops.pem', { kind: 'rsa-private', path: 'ops.pem' }],
    ['local:./kek.bin', { kind: 'local', path: './kek.bin' }],
    ['local:C:with:colons', { kind: 'local', path: 'C:with:colons' }],
  ])('%s', (spec, want) => {
    expect(parseKeySpec(spec)).toEqual(want);
  });

  it.each(['', 'alias/', 'prod', 'local:', 'aws-kms-rsa:not-an-arn', 'arn:aws:s3:::bucket', 'gcp:key'])(
    'refuses %j as a usage error naming the forms',
    (spec) => {
      expect(() => parseKeySpec(spec)).toThrow(expect.objectContaining({ code: 'ERR_USAGE', subject: spec }));
    },
  );

  it('gives the public and the private PEM of one RSA key the same id', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(rsaKeyId(pub)).toMatch(/^rsa:sha256:[0-9a-f]{64}$/);
    expect(rsaKeyId(priv)).toBe(rsaKeyId(pub));
  });

  it('key ids follow docs/FORMAT.md section 6, computed independently (openssl for RSA)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'envelope-key-ids-'));
    try {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pub = join(dir, 'ops.pub.pem');
      writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
      const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pub, '-outform', 'DER']);
      const kek = randomBytes(32);
      writeFileSync(join(dir, 'kek.bin'), kek, { mode: 0o600 });
      const factory = new AwsClientFactory({ region: 'us-east-1' });
      const [local, rsa] = providersFor([`local:${join(dir, 'kek.bin')}`, `rsa-public:${pub}`], factory);
      const sha256 = (...parts: Uint8Array[]) => {
        const h = createHash('sha256');
        for (const part of parts) h.update(part);
        return h.digest('hex');
      };
      expect(rsa?.keyId).toBe(`rsa:sha256:${sha256(der)}`);
      expect(local?.keyId).toBe(
        `local:${sha256(Buffer.from('envelope-kit/1 local key id'), kek).slice(0, 16)}`,
      );
      factory.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('providersFor (offline keys, no AWS call)', () => {
  it('seals with rsa-public: and local:, opens with rsa-private: alone and with local: alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'envelope-keys-'));
    try {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(join(dir, 'ops.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      writeFileSync(join(dir, 'ops.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        mode: 0o600,
      });
      writeFileSync(join(dir, 'kek.bin'), randomBytes(32), { mode: 0o600 });
      const factory = new AwsClientFactory({ region: 'us-east-1' });
      const sealers = providersFor(
        [`local:${join(dir, 'kek.bin')}`, `rsa-public:${join(dir, 'ops.pub.pem')}`],
        factory,
      );
      const text = await seal('offline value', { providers: sealers, context: { env: 'ci' } });
      for (const spec of [`rsa-private:${join(dir, 'ops.pem')}`, `local:${join(dir, 'kek.bin')}`]) {
        const opened = await open(text, { providers: providersFor([spec], factory) });
        expect(Buffer.from(opened.plaintext).toString('utf8')).toBe('offline value');
      }
      await expect(
        open(text, { providers: providersFor([`rsa-public:${join(dir, 'ops.pub.pem')}`], factory) }),
      ).rejects.toThrow();
      expect(() => providersFor([`local:${join(dir, 'missing.bin')}`], factory)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', subject: join(dir, 'missing.bin') }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('clearKeys', () => {
  it('zeroes a local KEK: the provider no longer opens what it sealed, a fresh one from the file does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'envelope-keys-'));
    try {
      writeFileSync(join(dir, 'kek.bin'), randomBytes(32), { mode: 0o600 });
      const factory = new AwsClientFactory({ region: 'us-east-1' });
      const spec = `local:${join(dir, 'kek.bin')}`;
      const providers = providersFor([spec], factory);
      const text = await seal('cleared', { providers, context: {} });
      clearKeys(providers);
      await expect(open(text, { providers })).rejects.toMatchObject({ code: 'ERR_KEY_PROVIDER' });
      const opened = await open(text, { providers: providersFor([spec], factory) });
      expect(Buffer.from(opened.plaintext).toString('utf8')).toBe('cleared');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
