// The aws-kms-rsa provider. moto 5.2 cannot decrypt RSA ciphertexts made offline with the public key
// (its Decrypt only reads its own ciphertext format), so:
// - the crypto is checked against a local RSA key pair (node:crypto) and envelope-core's
//   RsaKeyProvider, which uses the same payload (SHA-384(context) || K, RSAES-OAEP-SHA-256);
// - the KMS Decrypt call is checked as a recorded request with aws-sdk-client-mock, whose answer
//   decrypts with the local private key, as KMS would with the key's private half;
// - GetPublicKey, which moto does implement, runs against moto (through the fault proxy to count it).
import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  type DecryptCommandInput,
  GetPublicKeyCommand,
  KMSServiceException,
} from '@aws-sdk/client-kms';
import { type EncryptionContext, inspect, open, RsaKeyProvider, seal } from '@envelope-kit/envelope-core';
import { resetMoto, startFaultProxy, testClientOptions } from '@envelope-kit/testkit';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory } from '../src/clients.js';
import { KMS_RSA_ALGORITHM, KmsRsaKeyProvider } from '../src/kms-rsa.js';

const endpoint = inject('motoEndpoint');
const SECRET = 'rsa-wrapped s3cr3t';
const ctx = { secret: 'prod/db' };
const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A factory whose eu-west-1 KMS client answers Decrypt like KMS would, recording each request. */
function kmsWithPrivateKey(answerKeyId = keyArn, failWith?: string) {
  const factory = new AwsClientFactory({ ...testClientOptions('http://127.0.0.1:9'), region: 'us-east-1' });
  const requests: DecryptCommandInput[] = [];
  mockClient(factory.kms('eu-west-1'))
    .on(DecryptCommand)
    .callsFake((input: DecryptCommandInput) => {
      requests.push(input);
      if (failWith !== undefined) {
        throw new KMSServiceException({ name: failWith, $fault: 'client', $metadata: {}, message: 'mocked' });
      }
      const Plaintext = privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        input.CiphertextBlob as Uint8Array,
      );
      return { Plaintext, KeyId: answerKeyId, EncryptionAlgorithm: input.EncryptionAlgorithm };
    });
  return { factory, requests };
}

const edkOf = (envelope: string) => Buffer.from(JSON.parse(envelope).keys[0].edk, 'base64');

describe('aws-kms-rsa with a local key pair standing in for the KMS key', () => {
  it('seals offline and opens with Decrypt(KeyId, RSAES_OAEP_SHA_256, blob), no context sent', async () => {
    const { factory, requests } = kmsWithPrivateKey();
    const provider = new KmsRsaKeyProvider(factory, keyArn, { publicKeyPem });
    const envelope = await seal(SECRET, { providers: [provider], context: ctx });
    expect(requests).toHaveLength(0); // sealing made no KMS call
    expect(inspect(envelope).keys).toEqual([{ provider: 'aws-kms-rsa', keyId: keyArn }]);

    const opened = await open(envelope, { providers: [provider], requiredContext: ctx });
    expect(Buffer.from(opened.plaintext).toString('utf8')).toBe(SECRET);
    expect(opened).toMatchObject({ provider: 'aws-kms-rsa', keyId: keyArn });
    expect(requests).toEqual([
      { KeyId: keyArn, EncryptionAlgorithm: KMS_RSA_ALGORITHM, CiphertextBlob: edkOf(envelope) },
    ]);
  });

  it("uses envelope-core's RSA payload: its rsa provider unwraps our wrap, and we unwrap its", async () => {
    const { factory } = kmsWithPrivateKey();
    const kmsRsa = new KmsRsaKeyProvider(factory, keyArn, { publicKeyPem });
    const local = RsaKeyProvider.fromPem({ keyId: 'local-twin', privateKeyPem });
    const dataKey = new Uint8Array(32).map((_, i) => i + 1);

    const ours = await kmsRsa.wrapDataKey(dataKey, ctx);
    const byCore = await local.unwrapDataKey({ ...ours, provider: 'rsa', keyId: 'local-twin' }, ctx);
    expect(byCore.dataKey).toEqual(dataKey);

    const theirs = await local.wrapDataKey(dataKey, ctx);
    const byKms = await kmsRsa.unwrapDataKey({ ...theirs, provider: 'aws-kms-rsa', keyId: keyArn }, ctx);
    expect(byKms.dataKey).toEqual(dataKey);
  });

  it('another context fails after Decrypt (digest inside the payload): ERR_DECRYPTION_FAILED', async () => {
    const { factory } = kmsWithPrivateKey();
    const provider = new KmsRsaKeyProvider(factory, keyArn, { publicKeyPem });
    const wrapped = await provider.wrapDataKey(new Uint8Array(32).fill(7), ctx);
    for (const other of [{}, { secret: 'prod/other' }, { ...ctx, extra: '' }] as EncryptionContext[]) {
      await expect(provider.unwrapDataKey(wrapped, other)).rejects.toMatchObject({
        code: 'ERR_DECRYPTION_FAILED',
        message: 'decryption failed',
      });
    }
  });

  it('refuses a Decrypt answer naming another key, and maps KMS refusals', async () => {
    const other = keyArn.replace('0b1c2d3e', 'ffffffff');
    const lying = kmsWithPrivateKey(other);
    const wrapped = await new KmsRsaKeyProvider(lying.factory, keyArn, { publicKeyPem }).wrapDataKey(
      new Uint8Array(32),
      ctx,
    );
    await expect(
      new KmsRsaKeyProvider(lying.factory, keyArn, { publicKeyPem }).unwrapDataKey(wrapped, ctx),
    ).rejects.toMatchObject({ code: 'ERR_KEY_ID_MISMATCH', subject: keyArn });

    for (const [name, code] of [
      ['InvalidCiphertextException', 'ERR_DECRYPTION_FAILED'],
      ['IncorrectKeyException', 'ERR_DECRYPTION_FAILED'],
      ['AccessDeniedException', 'ERR_ACCESS_DENIED'],
      ['KMSInvalidStateException', 'ERR_AWS'],
    ] as const) {
      const failing = kmsWithPrivateKey(keyArn, name);
      const provider = new KmsRsaKeyProvider(failing.factory, keyArn, { publicKeyPem });
      const error = await provider.unwrapDataKey(wrapped, ctx).catch((e: unknown) => e);
      expect(error).toMatchObject({ code, subject: keyArn });
      expect((error as Error).cause).toMatchObject({ name });
    }
  });

  it('an alias: the envelope records the key ARN GetPublicKey answers with, and opens with the alias', async () => {
    const { factory, requests } = kmsWithPrivateKey();
    // GetPublicKey recorded as KMS answers it for an alias (the ARN as KeyId), beside Decrypt.
    const der = publicKey.export({ type: 'spki', format: 'der' });
    mockClient(factory.kms('eu-west-1'))
      .on(GetPublicKeyCommand)
      .resolves({
        KeyId: keyArn,
        PublicKey: new Uint8Array(der),
        KeyUsage: 'ENCRYPT_DECRYPT',
        EncryptionAlgorithms: [KMS_RSA_ALGORITHM],
      })
      .on(DecryptCommand)
      .callsFake((input: DecryptCommandInput) => {
        requests.push(input);
        const Plaintext = privateDecrypt(
          { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
          input.CiphertextBlob as Uint8Array,
        );
        return { Plaintext, KeyId: keyArn, EncryptionAlgorithm: input.EncryptionAlgorithm };
      });
    const aliasArn = 'arn:aws:kms:eu-west-1:111122223333:alias/release';
    const provider = new KmsRsaKeyProvider(factory, aliasArn);
    const envelope = await seal(SECRET, { providers: [provider], context: ctx });
    expect(inspect(envelope).keys).toEqual([{ provider: 'aws-kms-rsa', keyId: keyArn }]);
    const opened = await open(envelope, { providers: [provider], requiredContext: ctx });
    expect(Buffer.from(opened.plaintext).toString('utf8')).toBe(SECRET);
    expect(opened.keyId).toBe(keyArn);
    expect(requests.at(-1)).toMatchObject({ KeyId: aliasArn });
  });

  it('refuses an alias with a PEM: sealing offline must record the key ARN', () => {
    const { factory } = kmsWithPrivateKey();
    expect(() => new KmsRsaKeyProvider(factory, 'alias/release', { publicKeyPem })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', subject: 'alias/release' }),
    );
  });

  it('handles only its own entries and refuses PEMs that are no RSA public key', () => {
    const { factory } = kmsWithPrivateKey();
    const provider = new KmsRsaKeyProvider(factory, keyArn, { publicKeyPem });
    expect(provider.handles({ provider: 'aws-kms-rsa', keyId: keyArn })).toBe(true);
    expect(provider.handles({ provider: 'aws-kms', keyId: keyArn })).toBe(false);
    expect(provider.handles({ provider: 'aws-kms-rsa', keyId: keyArn.replace('0b1c', 'ffff') })).toBe(false);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(() => new KmsRsaKeyProvider(factory, keyArn, { publicKeyPem: ec })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => new KmsRsaKeyProvider(factory, keyArn, { publicKeyPem: 'not a pem' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});

describe('aws-kms-rsa public key from moto (GetPublicKey)', () => {
  const factory = new AwsClientFactory(testClientOptions(endpoint));
  beforeAll(() => resetMoto(endpoint));
  afterAll(() => factory.destroy());

  it('fetches the public key once per key and factory, and wraps with it', async () => {
    const created = await factory
      .kms()
      .send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }));
    const arn = created.KeyMetadata?.Arn as string;
    const proxy = await startFaultProxy({ target: endpoint });
    try {
      const through = new AwsClientFactory(testClientOptions(proxy.endpoint));
      const envelopes = await Promise.all(
        [1, 2, 3].map(() => seal(SECRET, { providers: [new KmsRsaKeyProvider(through, arn)], context: ctx })),
      );
      expect(proxy.stats()['TrentService.GetPublicKey']?.requests).toBe(1);
      for (const envelope of envelopes) expect(edkOf(envelope)).toHaveLength(256); // RSA-2048 OAEP block
      through.destroy();
    } finally {
      await proxy.close();
    }
  });

  // moto answers GetPublicKey with the bare key id where AWS gives the key ARN: the provider then asks
  // DescribeKey, so this also covers that path.
  it('sealing with an alias records the key ARN (GetPublicKey against moto)', async () => {
    const created = await factory
      .kms()
      .send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }));
    const arn = created.KeyMetadata?.Arn as string;
    await factory
      .kms()
      .send(new CreateAliasCommand({ AliasName: 'alias/rsa-seal', TargetKeyId: created.KeyMetadata?.KeyId }));
    const envelope = await seal(SECRET, {
      providers: [new KmsRsaKeyProvider(factory, 'alias/rsa-seal')],
      context: ctx,
    });
    expect(inspect(envelope).keys).toEqual([{ provider: 'aws-kms-rsa', keyId: arn }]);
  });

  it('refuses a signing key (KeyUsage SIGN_VERIFY) before wrapping anything', async () => {
    const created = await factory
      .kms()
      .send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    const provider = new KmsRsaKeyProvider(factory, created.KeyMetadata?.Arn as string);
    await expect(provider.wrapDataKey(new Uint8Array(32), ctx)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });
});
