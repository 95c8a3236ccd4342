/**
 * The `rsa` key provider: RSAES-OAEP with SHA-256 and MGF1-SHA-256 over
 * `SHA-384(canonicalContext(ctx)) || K`, from PEM keys, offline. It is also the offline half of
 * aws-kms-rsa (KMS RSAES_OAEP_SHA_256 is the same padding), which aws-adapter builds on.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
} from 'node:crypto';
import { bindContextToDataKey, unbindContextFromDataKey } from './context.js';
import { DecryptionFailedError, EnvelopeKitError, InvalidArgumentError, KeyProviderError } from './errors.js';
import type { EncryptionContext, KeyProvider, UnwrappedDataKey, WrappedDataKey } from './key-provider.js';

const MIN_MODULUS_BITS = 2048;

/** Arguments of {@link RsaKeyProvider.fromPem}. */
export interface RsaKeyProviderPem {
  /** The id written in the envelope (`id`), e.g. a name or a fingerprint of the public key. */
  keyId: string;
  /** SPKI or PKCS#1 public key PEM; derived from the private key when omitted. */
  publicKeyPem?: string;
  /** PKCS#8 or PKCS#1 private key PEM; without it the provider can wrap but not unwrap. */
  privateKeyPem?: string;
}

function checkRsaKey(key: KeyObject, which: string): void {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InvalidArgumentError(
      `expected an RSA ${which} key, got ${key.asymmetricKeyType ?? 'unknown'} key`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS) {
    throw new InvalidArgumentError(`expected an RSA key of at least ${MIN_MODULUS_BITS} bits, got ${bits}`);
  }
}

/**
 * RSA-OAEP-SHA-256 key provider (provider name `rsa`).
 *
 * @example
 * ```ts
 * const breakGlass = RsaKeyProvider.fromPem({ keyId: 'break-glass-2026', publicKeyPem: readFileSync('bg.pub.pem', 'utf8') });
 * const envelope = await seal(secret, { providers: [kmsKey, breakGlass] });
 * // later, offline:
 * const opener = RsaKeyProvider.fromPem({ keyId: 'break-glass-2026', privateKeyPem: readFileSync('bg.pem', 'utf8') });
 * await open(envelope, { providers: [opener] });
 * ```
 */
export class RsaKeyProvider implements KeyProvider {
  readonly provider = 'rsa';
  readonly keyId: string;
  readonly #publicKey: KeyObject;
  readonly #privateKey: KeyObject | undefined;

  private constructor(keyId: string, publicKey: KeyObject, privateKey: KeyObject | undefined) {
    this.keyId = keyId;
    this.#publicKey = publicKey;
    this.#privateKey = privateKey;
  }

  /**
   * From PEM text. At least one of `publicKeyPem` and `privateKeyPem`; RSA of 2048 bits or more.
   *
   * @example
   * ```ts
   * const key = RsaKeyProvider.fromPem({ keyId: 'ops', privateKeyPem });
   * ```
   */
  static fromPem(pem: RsaKeyProviderPem): RsaKeyProvider {
    if (typeof pem !== 'object' || pem === null)
      throw new InvalidArgumentError('fromPem expects { keyId, publicKeyPem?, privateKeyPem? }');
    const { keyId, publicKeyPem, privateKeyPem } = pem;
    if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 2048) {
      throw new InvalidArgumentError('rsa key id must be a string of 1 to 2048 characters');
    }
    if (publicKeyPem === undefined && privateKeyPem === undefined) {
      throw new InvalidArgumentError('rsa key needs publicKeyPem or privateKeyPem', { subject: keyId });
    }
    let privateKey: KeyObject | undefined;
    let publicKey: KeyObject;
    try {
      if (privateKeyPem !== undefined) {
        privateKey = createPrivateKey({ key: privateKeyPem, format: 'pem' });
        checkRsaKey(privateKey, 'private');
      }
      publicKey =
        publicKeyPem !== undefined
          ? createPublicKey({ key: publicKeyPem, format: 'pem' })
          : createPublicKey(privateKey as KeyObject);
      checkRsaKey(publicKey, 'public');
    } catch (error) {
      if (error instanceof EnvelopeKitError) throw error.about(keyId);
      // node:crypto's parse errors do not quote the PEM, but keep only the code to be sure.
      const code = (error as { code?: string }).code ?? 'unknown error';
      throw new InvalidArgumentError(`rsa key ${keyId} is not a valid PEM key (${code})`, { subject: keyId });
    }
    if (privateKey !== undefined) {
      const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
      if (!derived.equals(publicKey.export({ type: 'spki', format: 'der' }))) {
        throw new InvalidArgumentError(`rsa key ${keyId}: publicKeyPem does not belong to privateKeyPem`, {
          subject: keyId,
        });
      }
    }
    return new RsaKeyProvider(keyId, publicKey, privateKey);
  }

  /** Whether this instance holds the private key (and so can unwrap). */
  get canUnwrap(): boolean {
    return this.#privateKey !== undefined;
  }

  /** True for entries `{ p: 'rsa', id: this.keyId }` when the private key is present. */
  handles(wrapped: Pick<WrappedDataKey, 'provider' | 'keyId'>): boolean {
    return (
      this.#privateKey !== undefined && wrapped.provider === this.provider && wrapped.keyId === this.keyId
    );
  }

  /** RSAES-OAEP-SHA-256 of `SHA-384(canonical ctx) || K` with the public key. */
  async wrapDataKey(dataKey: Uint8Array, context: EncryptionContext): Promise<WrappedDataKey> {
    const payload = bindContextToDataKey(dataKey, context);
    try {
      const encryptedKey = publicEncrypt(
        { key: this.#publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        payload,
      );
      return { provider: this.provider, keyId: this.keyId, encryptedKey };
    } finally {
      payload.fill(0);
    }
  }

  /** Decrypts with the private key and checks the context digest; DecryptionFailedError otherwise. */
  async unwrapDataKey(wrapped: WrappedDataKey, context: EncryptionContext): Promise<UnwrappedDataKey> {
    if (this.#privateKey === undefined) {
      throw new KeyProviderError(`rsa key ${this.keyId} has no private key, it can only wrap`, {
        subject: this.keyId,
      });
    }
    if (wrapped.provider !== this.provider || wrapped.keyId !== this.keyId) throw new DecryptionFailedError();
    let payload: Buffer;
    try {
      payload = privateDecrypt(
        { key: this.#privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        wrapped.encryptedKey,
      );
    } catch {
      throw new DecryptionFailedError();
    }
    try {
      return { dataKey: unbindContextFromDataKey(payload, context), keyId: this.keyId };
    } finally {
      payload.fill(0);
    }
  }
}
