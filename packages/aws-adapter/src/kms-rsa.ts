/**
 * The `aws-kms-rsa` key provider: seals offline with the public half of an asymmetric KMS key
 * (RSAES-OAEP-SHA-256, no KMS call per seal once the public key is known), opens with KMS Decrypt.
 * RSA-OAEP has no associated data, so the context is bound inside the payload:
 * SHA-384(canonical context) || K (envelope-core's bindContextToDataKey), checked after Decrypt.
 */
import { constants, createPublicKey, type KeyObject, publicEncrypt } from 'node:crypto';
import { GetPublicKeyCommand } from '@aws-sdk/client-kms';
import {
  bindContextToDataKey,
  type EncryptionContext,
  InvalidArgumentError,
  KeyNotAllowedError,
  type KeyProvider,
  KeyProviderError,
  type UnwrappedDataKey,
  unbindContextFromDataKey,
  type WrappedDataKey,
} from '@envelope-kit/envelope-core';
import type { AwsClientFactory } from './clients.js';
import { toAwsError } from './errors.js';
import { isKmsAlias, isKmsKeyArn, resolveKeyIds, sameKmsKey } from './key-ids.js';
import { checkCallTimeout, checkReturnedKeyId, decryptWithDeadline, kmsDecryptError } from './kms.js';

/** Provider name written as `p` in envelopes. */
export const KMS_RSA_PROVIDER = 'aws-kms-rsa';

/** The only KMS encryption algorithm this provider uses (SHA-256 for both OAEP hash and MGF1). */
export const KMS_RSA_ALGORITHM = 'RSAES_OAEP_SHA_256';

/** Options of {@link KmsRsaKeyProvider}. */
export interface KmsRsaKeyProviderOptions {
  /**
   * The key's public key as PEM (SPKI, as `aws kms get-public-key` gives after conversion, or the KMS
   * console's download). When given, sealing needs no AWS access at all; else GetPublicKey is called
   * once per key and factory.
   */
  publicKeyPem?: string | Uint8Array;
  /** Per-call deadline of Decrypt in ms from its concurrency slot, as for `aws-kms` (default 60 s, then ERR_DEADLINE). */
  callTimeoutMs?: number;
}

/** A public key and the key ARN GetPublicKey answered with (what an envelope records). */
interface PublicKeyOf {
  key: KeyObject;
  keyArn: string;
}

/** GetPublicKey answers, per factory and key id: public keys are not secret, and never change. */
const publicKeys = new WeakMap<AwsClientFactory, Map<string, Promise<PublicKeyOf>>>();

/**
 * AWS KMS asymmetric RSA key provider (`aws-kms-rsa`). `keyId` is a key ARN, or an alias when the
 * public key comes from GetPublicKey: envelopes record the key ARN KMS answers with, which is what
 * the KeyId of Decrypt is checked against. Sealing fully offline (`publicKeyPem`) needs the ARN.
 *
 * @example
 * ```ts
 * const rsa = new KmsRsaKeyProvider(factory, 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234', {
 *   publicKeyPem: readFileSync('release-key.pub.pem', 'utf8'), // optional: seal fully offline
 * });
 * const text = await seal('s3cr3t', { providers: [rsa], context: { secret: 'prod/db' } });
 * const { plaintext } = await open(text, { providers: [rsa] }); // KMS Decrypt(KeyId, RSAES_OAEP_SHA_256)
 * ```
 */
export class KmsRsaKeyProvider implements KeyProvider {
  readonly provider = KMS_RSA_PROVIDER;
  readonly keyId: string;
  readonly #factory: AwsClientFactory;
  readonly #publicKey: PublicKeyOf | undefined;
  readonly #callTimeoutMs: number;

  constructor(factory: AwsClientFactory, keyId: string, options: KmsRsaKeyProviderOptions = {}) {
    if (typeof keyId !== 'string' || keyId === '') {
      throw new InvalidArgumentError('KMS RSA key id must be a non-empty string (key ARN recommended)');
    }
    this.#factory = factory;
    this.keyId = keyId;
    this.#callTimeoutMs = checkCallTimeout(options.callTimeoutMs);
    if (options.publicKeyPem !== undefined) {
      if (isKmsAlias(keyId)) {
        throw new InvalidArgumentError(
          `sealing offline with ${keyId} needs the key ARN: envelopes record it, and an alias has none to give without a KMS call`,
          { subject: keyId },
        );
      }
      try {
        this.#publicKey = {
          key: createPublicKey({ key: Buffer.from(options.publicKeyPem), format: 'pem' }),
          keyArn: keyId,
        };
      } catch (error) {
        throw new InvalidArgumentError(`public key of ${keyId} is not a PEM public key`, {
          subject: keyId,
          cause: error,
        });
      }
      checkRsa(this.#publicKey.key, keyId);
    }
  }

  /** Entries of this provider whose id is this key (exactly, or as the key id of the ARN). */
  handles(wrapped: Pick<WrappedDataKey, 'provider' | 'keyId'>): boolean {
    if (wrapped.provider !== KMS_RSA_PROVIDER) return false;
    if (isKmsAlias(this.keyId)) return true; // KMS refuses other keys' blobs when asked with the alias
    return wrapped.keyId === this.keyId || sameKmsKey(wrapped.keyId, this.keyId);
  }

  /** RSAES-OAEP-SHA-256 over SHA-384(context) || K with the public key, offline. */
  async wrapDataKey(dataKey: Uint8Array, context: EncryptionContext): Promise<WrappedDataKey> {
    const { key, keyArn } = await this.#key();
    const payload = bindContextToDataKey(dataKey, context);
    try {
      const encryptedKey = publicEncrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        payload,
      );
      return { provider: KMS_RSA_PROVIDER, keyId: keyArn, encryptedKey };
    } finally {
      payload.fill(0);
    }
  }

  /** KMS Decrypt(KeyId, RSAES_OAEP_SHA_256), then checks the context digest (ERR_DECRYPTION_FAILED). */
  async unwrapDataKey(wrapped: WrappedDataKey, context: EncryptionContext): Promise<UnwrappedDataKey> {
    if (!this.handles(wrapped)) {
      throw new KeyNotAllowedError(`${this.keyId} does not unwrap ${wrapped.keyId}`, {
        subject: wrapped.keyId,
      });
    }
    let payload: Uint8Array | undefined;
    let returned: string | undefined;
    try {
      const out = await decryptWithDeadline(
        this.#factory.kms(this.#factory.regionOf(this.keyId)),
        { KeyId: this.keyId, EncryptionAlgorithm: KMS_RSA_ALGORITHM, CiphertextBlob: wrapped.encryptedKey },
        { timeoutMs: this.#callTimeoutMs, what: 'KMS Decrypt', subject: wrapped.keyId },
      );
      payload = out.Plaintext;
      returned = out.KeyId;
    } catch (error) {
      throw kmsDecryptError(error, wrapped.keyId);
    }
    try {
      if (payload === undefined) {
        throw new KeyProviderError(`Decrypt answered without a plaintext for ${wrapped.keyId}`, {
          subject: wrapped.keyId,
        });
      }
      const keyId = checkReturnedKeyId(returned, wrapped.keyId);
      return { dataKey: unbindContextFromDataKey(payload, context), keyId };
    } finally {
      payload?.fill(0);
    }
  }

  #key(): Promise<PublicKeyOf> {
    if (this.#publicKey !== undefined) return Promise.resolve(this.#publicKey);
    let perFactory = publicKeys.get(this.#factory);
    if (perFactory === undefined) {
      perFactory = new Map();
      publicKeys.set(this.#factory, perFactory);
    }
    let pending = perFactory.get(this.keyId);
    if (pending === undefined) {
      pending = this.#fetchPublicKey();
      perFactory.set(this.keyId, pending);
      // A failed fetch is not remembered.
      pending.catch(() => perFactory.delete(this.keyId));
    }
    return pending;
  }

  async #fetchPublicKey(): Promise<PublicKeyOf> {
    let out: Awaited<ReturnType<typeof this.getPublicKey>>;
    try {
      out = await this.getPublicKey();
    } catch (error) {
      throw toAwsError(error, this.keyId);
    }
    if (out.PublicKey === undefined) {
      throw new KeyProviderError(`GetPublicKey answered without a key for ${this.keyId}`, {
        subject: this.keyId,
      });
    }
    if (out.KeyUsage !== undefined && out.KeyUsage !== 'ENCRYPT_DECRYPT') {
      throw new InvalidArgumentError(`${this.keyId} has KeyUsage ${out.KeyUsage}, not ENCRYPT_DECRYPT`, {
        subject: this.keyId,
      });
    }
    if (out.EncryptionAlgorithms !== undefined && !out.EncryptionAlgorithms.includes(KMS_RSA_ALGORITHM)) {
      throw new InvalidArgumentError(`${this.keyId} does not support ${KMS_RSA_ALGORITHM}`, {
        subject: this.keyId,
      });
    }
    const key = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
    checkRsa(key, this.keyId);
    return { key, keyArn: await this.#keyArn(out.KeyId) };
  }

  /**
   * The key ARN envelopes record: GetPublicKey answers with it whatever id it was asked with (an
   * alias included); where the answer is no ARN (moto gives the bare key id), the id given if it is
   * one, else DescribeKey's.
   */
  async #keyArn(answered: string | undefined): Promise<string> {
    if (answered !== undefined && isKmsKeyArn(answered)) return answered;
    if (isKmsKeyArn(this.keyId)) return this.keyId;
    const [arn] = await resolveKeyIds(this.#factory, [this.keyId]);
    return arn ?? this.keyId;
  }

  /** GetPublicKey for this key (DER SPKI). Public for the CLI's `keys` command; sealing calls it once. */
  getPublicKey() {
    return this.#factory
      .kms(this.#factory.regionOf(this.keyId))
      .send(new GetPublicKeyCommand({ KeyId: this.keyId }));
  }
}

function checkRsa(key: KeyObject, keyId: string): void {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InvalidArgumentError(
      `public key of ${keyId} is ${key.asymmetricKeyType ?? 'unknown'}, not RSA`,
      {
        subject: keyId,
      },
    );
  }
}
