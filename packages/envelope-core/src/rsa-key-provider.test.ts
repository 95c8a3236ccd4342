// The rsa provider, cross-checked against the real openssl binary: what we wrap, `openssl pkeyutl`
// with OAEP-SHA-256 and MGF1-SHA-256 decrypts (which is what KMS RSAES_OAEP_SHA_256 means), and
// what openssl encrypts, we unwrap.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rsaPemPair } from '../test/helpers.js';
import { bindContextToDataKey, canonicalContext, RsaKeyProvider } from './index.js';

const pair = rsaPemPair(2048);
const dir = mkdtempSync(join(tmpdir(), 'envelope-rsa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const K = randomBytes(32);
const ctx = { secret: 'prod/db' };

const full = RsaKeyProvider.fromPem({
  keyId: 'bg',
  publicKeyPem: pair.publicKey,
  privateKeyPem: pair.privateKey,
});
const publicOnly = RsaKeyProvider.fromPem({ keyId: 'bg', publicKeyPem: pair.publicKey });
const privateOnly = RsaKeyProvider.fromPem({ keyId: 'bg', privateKeyPem: pair.privateKey });

const OAEP_SHA256 = [
  '-pkeyopt',
  'rsa_padding_mode:oaep',
  '-pkeyopt',
  'rsa_oaep_md:sha256',
  '-pkeyopt',
  'rsa_mgf1_md:sha256',
];

describe('RsaKeyProvider against openssl pkeyutl', () => {
  const privatePath = join(dir, 'key.pem');
  const publicPath = join(dir, 'pub.pem');
  writeFileSync(privatePath, pair.privateKey);
  writeFileSync(publicPath, pair.publicKey);

  it('openssl decrypts our wrap to SHA-384(canonical ctx) || K', async () => {
    const wrapped = await publicOnly.wrapDataKey(K, ctx);
    writeFileSync(join(dir, 'edk.bin'), wrapped.encryptedKey);
    const payload = execFileSync('openssl', [
      'pkeyutl',
      '-decrypt',
      '-inkey',
      privatePath,
      '-in',
      join(dir, 'edk.bin'),
      ...OAEP_SHA256,
    ]);
    const digest = createHash('sha384').update(canonicalContext(ctx)).digest();
    expect(payload.equals(Buffer.concat([digest, K]))).toBe(true);
  });

  it('we unwrap what openssl encrypts', async () => {
    writeFileSync(join(dir, 'payload.bin'), bindContextToDataKey(K, ctx));
    execFileSync('openssl', [
      'pkeyutl',
      '-encrypt',
      '-pubin',
      '-inkey',
      publicPath,
      '-in',
      join(dir, 'payload.bin'),
      '-out',
      join(dir, 'edk2.bin'),
      ...OAEP_SHA256,
    ]);
    const edk = readFileSync(join(dir, 'edk2.bin'));
    expect(
      Buffer.from(
        (await privateOnly.unwrapDataKey({ provider: 'rsa', keyId: 'bg', encryptedKey: edk }, ctx)).dataKey,
      ).equals(K),
    ).toBe(true);
  });

  it('an OAEP-SHA-1 ciphertext (the other KMS algorithm) is refused', async () => {
    writeFileSync(join(dir, 'payload.bin'), bindContextToDataKey(K, ctx));
    execFileSync('openssl', [
      'pkeyutl',
      '-encrypt',
      '-pubin',
      '-inkey',
      publicPath,
      '-in',
      join(dir, 'payload.bin'),
      '-out',
      join(dir, 'edk3.bin'),
      '-pkeyopt',
      'rsa_padding_mode:oaep',
    ]);
    const edk = readFileSync(join(dir, 'edk3.bin'));
    await expect(
      full.unwrapDataKey({ provider: 'rsa', keyId: 'bg', encryptedKey: edk }, ctx),
    ).rejects.toMatchObject({ code: 'ERR_DECRYPTION_FAILED' });
  });
});

describe('RsaKeyProvider', () => {
  it('round-trips, and fails with ERR_DECRYPTION_FAILED for another context or a flipped bit', async () => {
    const wrapped = await full.wrapDataKey(K, ctx);
    expect(wrapped.encryptedKey.length).toBe(256);
    expect(Buffer.from((await full.unwrapDataKey(wrapped, ctx)).dataKey).equals(K)).toBe(true);
    await expect(full.unwrapDataKey(wrapped, { secret: 'prod/other' })).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
      message: 'decryption failed',
    });
    const flipped = Buffer.from(wrapped.encryptedKey);
    flipped[100] = (flipped[100] ?? 0) ^ 1;
    await expect(full.unwrapDataKey({ ...wrapped, encryptedKey: flipped }, ctx)).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
    });
  });

  it('a public-only instance wraps but neither handles nor unwraps', async () => {
    const wrapped = await publicOnly.wrapDataKey(K, ctx);
    expect(publicOnly.handles(wrapped)).toBe(false);
    expect(publicOnly.canUnwrap).toBe(false);
    expect(full.handles(wrapped)).toBe(true);
    await expect(publicOnly.unwrapDataKey(wrapped, ctx)).rejects.toMatchObject({ code: 'ERR_KEY_PROVIDER' });
  });

  const ec = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const small = rsaPemPair(1024);
  const other = rsaPemPair(2048);
  it.each([
    ['no key', { keyId: 'x' }, /needs publicKeyPem or privateKeyPem/],
    ['empty key id', { keyId: '', publicKeyPem: pair.publicKey }, /key id/],
    [
      'garbage PEM',
      { keyId: 'x', publicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
      /not a valid PEM key/,
    ],
    ['an EC key', { keyId: 'x', publicKeyPem: ec.publicKey }, /expected an RSA public key, got ec key/],
    ['RSA-1024', { keyId: 'x', privateKeyPem: small.privateKey }, /at least 2048 bits, got 1024/],
    [
      'mismatched pair',
      { keyId: 'x', publicKeyPem: other.publicKey, privateKeyPem: pair.privateKey },
      /does not belong/,
    ],
  ])('fromPem with %s -> ERR_INVALID_ARGUMENT', (_name, args, message) => {
    expect(() => RsaKeyProvider.fromPem(args as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(message) }),
    );
  });

  it('never quotes PEM text in errors', () => {
    try {
      RsaKeyProvider.fromPem({
        keyId: 'x',
        privateKeyPem: `-----BEGIN PRIVATE KEY-----\nSECRETMATERIAL\n-----END PRIVATE KEY-----`,
      });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('SECRETMATERIAL');
    }
  });
});
