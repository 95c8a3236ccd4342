/**
 * The `local` key provider: a 32-byte key-encryption key (KEK) held by the caller (a file, an env
 * var, a GitHub secret) wraps the data key with AES-256-GCM, bound to the key id and the context.
 */
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeType, fromBase64Strict, lengthPrefixed, utf8 } from './bytes.js';
import { canonicalContextShared } from './context.js';
import { DecryptionFailedError, InvalidArgumentError, KeyProviderError } from './errors.js';
import type { EncryptionContext, KeyProvider, UnwrappedDataKey, WrappedDataKey } from './key-provider.js';
import { gcmDecrypt, gcmEncrypt } from './v1-crypto.js';

const KEK_BYTES = 32;
const DATA_KEY_BYTES = 32;
const WRAP_IV_BYTES = 12;
/** edk = iv (12) || AES-256-GCM(K) (32) || tag (16). */
const EDK_BYTES = WRAP_IV_BYTES + DATA_KEY_BYTES + 16;
/** Domain label of the local wrap AAD. */
export const LOCAL_WRAP_LABEL = 'envelope-kit/1 local wrap';
/** Domain label hashed with the KEK to make the default key id. */
export const LOCAL_KEY_ID_LABEL = 'envelope-kit/1 local key id';

/** Options of the LocalKeyProvider factories. */
export interface LocalKeyProviderOptions {
  /** Source of the wrap IVs; default node:crypto randomBytes. Fix it only for test vectors. */
  randomBytes?: (n: number) => Uint8Array;
}

function checkKeyId(keyId: unknown): string {
  if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 2048) {
    throw new InvalidArgumentError('local key id must be a string of 1 to 2048 characters');
  }
  return keyId;
}

/**
 * The default key id of a KEK: `local:` + the first 16 hex digits of
 * SHA-256(UTF-8 "envelope-kit/1 local key id" || KEK). Stable per KEK, reveals nothing usable.
 *
 * @example
 * ```ts
 * localKeyId(kek); // 'local:3f1c0d7a9b2e4c51'
 * ```
 */
export function localKeyId(kek: Uint8Array): string {
  const digest = createHash('sha256').update(LOCAL_KEY_ID_LABEL).update(kek).digest('hex');
  return `local:${digest.slice(0, 16)}`;
}

/**
 * A key provider with a local 32-byte KEK (provider name `local`). Wraps the data key K as
 * `iv || AES-256-GCM(KEK, iv, K, aad) || tag` with a fresh 12-byte iv and
 * `aad = lp("envelope-kit/1 local wrap") || lp(keyId) || canonicalContext(ctx)`.
 *
 * @example
 * ```ts
 * const key = LocalKeyProvider.fromEnv('ENVELOPE_LOCAL_KEY'); // base64 of 32 bytes
 * const envelope = await seal('s3cret', { providers: [key], context: { secret: 'app/token' } });
 * const { plaintext } = await open(envelope, { providers: [key] });
 * ```
 */
export class LocalKeyProvider implements KeyProvider {
  readonly provider = 'local';
  readonly keyId: string;
  readonly #kek: Buffer;
  readonly #randomBytes: (n: number) => Uint8Array;
  #cleared = false;

  private constructor(kek: Uint8Array, keyId: string | undefined, options: LocalKeyProviderOptions) {
    if (!(kek instanceof Uint8Array) || kek.length !== KEK_BYTES) {
      throw new InvalidArgumentError(`expected 32-byte local key, got ${describeType(kek)}`);
    }
    this.#kek = Buffer.from(kek); // a private copy: the caller may zero theirs
    this.keyId = keyId === undefined ? localKeyId(this.#kek) : checkKeyId(keyId);
    this.#randomBytes = options.randomBytes ?? nodeRandomBytes;
  }

  /**
   * From 32 raw bytes (copied). `keyId` defaults to {@link localKeyId} of the KEK.
   *
   * @example
   * ```ts
   * const key = LocalKeyProvider.fromBytes(randomBytes(32));
   * ```
   */
  static fromBytes(kek: Uint8Array, keyId?: string, options: LocalKeyProviderOptions = {}): LocalKeyProvider {
    return new LocalKeyProvider(kek, keyId, options);
  }

  /**
   * From base64 (standard, padded) of 32 bytes, surrounding whitespace ignored.
   *
   * @example
   * ```ts
   * const key = LocalKeyProvider.fromBase64(process.env.LOCAL_KEY ?? '');
   * ```
   */
  static fromBase64(b64: string, keyId?: string, options: LocalKeyProviderOptions = {}): LocalKeyProvider {
    if (typeof b64 !== 'string')
      throw new InvalidArgumentError(
        `expected base64 string of a 32-byte local key, got ${describeType(b64)}`,
      );
    const kek = fromBase64Strict(b64.trim());
    if (kek === undefined)
      throw new InvalidArgumentError('local key is not canonical base64 (standard alphabet, padded)');
    try {
      if (kek.length !== KEK_BYTES)
        throw new InvalidArgumentError(`expected 32-byte local key, got ${kek.length} bytes of base64`);
      return new LocalKeyProvider(kek, keyId, options);
    } finally {
      kek.fill(0);
    }
  }

  /**
   * From a file holding either the 32 raw bytes or their base64 (one line). Errors name the file,
   * never its content.
   *
   * @example
   * ```ts
   * const key = LocalKeyProvider.fromFile('/run/secrets/envelope.key');
   * ```
   */
  static fromFile(path: string, keyId?: string, options: LocalKeyProviderOptions = {}): LocalKeyProvider {
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (error) {
      throw new InvalidArgumentError(
        `cannot read local key file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        {
          cause: error,
          subject: path,
        },
      );
    }
    try {
      if (content.length === KEK_BYTES) return new LocalKeyProvider(content, keyId, options);
      const text = content.toString('latin1').trim();
      const kek = fromBase64Strict(text);
      if (kek === undefined || kek.length !== KEK_BYTES) {
        kek?.fill(0);
        throw new InvalidArgumentError(
          `local key file ${path} must hold 32 raw bytes or their base64, got ${content.length} bytes`,
          { subject: path },
        );
      }
      try {
        return new LocalKeyProvider(kek, keyId, options);
      } finally {
        kek.fill(0);
      }
    } finally {
      content.fill(0);
    }
  }

  /**
   * From an environment variable holding the base64 of 32 bytes. Errors name the variable.
   *
   * @example
   * ```ts
   * const key = LocalKeyProvider.fromEnv('ENVELOPE_LOCAL_KEY');
   * ```
   */
  static fromEnv(name: string, keyId?: string, options: LocalKeyProviderOptions = {}): LocalKeyProvider {
    const value = process.env[name];
    if (value === undefined || value.trim() === '') {
      throw new InvalidArgumentError(`environment variable ${name} is not set`, { subject: name });
    }
    try {
      return LocalKeyProvider.fromBase64(value, keyId, options);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error.about(name);
      throw error;
    }
  }

  /** True for entries `{ p: 'local', id: this.keyId }`. */
  handles(wrapped: Pick<WrappedDataKey, 'provider' | 'keyId'>): boolean {
    return wrapped.provider === this.provider && wrapped.keyId === this.keyId;
  }

  #aad(context: EncryptionContext): Buffer {
    return Buffer.concat([
      lengthPrefixed([utf8(LOCAL_WRAP_LABEL), utf8(this.keyId)]),
      canonicalContextShared(context),
    ]);
  }

  /**
   * Zeroes this provider's copy of the KEK. Wrapping or unwrapping afterwards fails with
   * ERR_KEY_PROVIDER; calling it again does nothing.
   *
   * @example
   * ```ts
   * const key = LocalKeyProvider.fromFile('kek.bin');
   * try {
   *   await open(envelope, { providers: [key] });
   * } finally {
   *   key.clear();
   * }
   * ```
   */
  clear(): void {
    this.#kek.fill(0);
    this.#cleared = true;
  }

  #key(): Buffer {
    if (this.#cleared) throw new KeyProviderError('local key was cleared', { subject: this.keyId });
    return this.#kek;
  }

  /** Wraps the 32-byte data key with the KEK, bound to the key id and `context`. */
  async wrapDataKey(dataKey: Uint8Array, context: EncryptionContext): Promise<WrappedDataKey> {
    if (!(dataKey instanceof Uint8Array) || dataKey.length !== DATA_KEY_BYTES) {
      throw new InvalidArgumentError(`expected 32-byte data key, got ${describeType(dataKey)}`);
    }
    const iv = this.#randomBytes(WRAP_IV_BYTES);
    if (!(iv instanceof Uint8Array) || iv.length !== WRAP_IV_BYTES) {
      throw new KeyProviderError(`randomBytes returned ${describeType(iv)}, expected 12 bytes`, {
        subject: this.keyId,
      });
    }
    const sealed = gcmEncrypt(this.#key(), iv, this.#aad(context), dataKey);
    return { provider: this.provider, keyId: this.keyId, encryptedKey: Buffer.concat([iv, sealed]) };
  }

  /** Unwraps; DecryptionFailedError when the KEK, key id or context differ or the edk was altered. */
  async unwrapDataKey(wrapped: WrappedDataKey, context: EncryptionContext): Promise<UnwrappedDataKey> {
    const edk = wrapped.encryptedKey;
    if (!this.handles(wrapped) || !(edk instanceof Uint8Array) || edk.length !== EDK_BYTES) {
      throw new DecryptionFailedError();
    }
    const dataKey = gcmDecrypt(
      this.#key(),
      edk.subarray(0, WRAP_IV_BYTES),
      this.#aad(context),
      edk.subarray(WRAP_IV_BYTES),
    );
    return { dataKey, keyId: this.keyId };
  }
}
