/**
 * The KeyProvider interface: how envelope-core wraps and unwraps the 32-byte data key K without
 * knowing where the key-encryption key lives (a local file, AWS KMS, an RSA key pair).
 * envelope-core implements `local` and `rsa` providers; @envelope-kit/aws-adapter implements
 * `aws-kms` and `aws-kms-rsa`.
 */

/** Encryption context: a string -> string map, stored in clear in the envelope and bound to it. */
export type EncryptionContext = Readonly<Record<string, string>>;

/** One wrapping of the data key, as listed in an envelope's `keys` (decoded from base64). */
export interface WrappedDataKey {
  /** Provider name written as `p`: `aws-kms`, `aws-kms-rsa`, `local`, `rsa`, or a custom one. */
  readonly provider: string;
  /** Key id written as `id`: a KMS key ARN, a local key's name, an RSA key's fingerprint. */
  readonly keyId: string;
  /** The wrapped data key (`edk`), opaque to envelope-core. */
  readonly encryptedKey: Uint8Array;
}

/** The result of unwrapping: the data key and the id of the key that really unwrapped it. */
export interface UnwrappedDataKey {
  /** The 32-byte data key. The caller zeroes it (`fill(0)`) once used. */
  readonly dataKey: Uint8Array;
  /** The key id that unwrapped it (for KMS: the KeyId that Decrypt returned). */
  readonly keyId: string;
}

/** A data key made by a provider that can generate one (KMS GenerateDataKey), with its first wrapping. */
export interface GeneratedDataKey {
  readonly dataKey: Uint8Array;
  readonly wrapped: WrappedDataKey;
}

/**
 * Wraps and unwraps data keys with one key-encryption key (or, for a discovery provider, any key
 * of its kind). Implementations must bind `context` to the wrapping (KMS EncryptionContext, GCM
 * AAD, or SHA-384(canonical context) inside an RSA-OAEP payload) and must fail unwrapping when the
 * context differs.
 *
 * @example
 * ```ts
 * const provider = LocalKeyProvider.fromBytes('ci-key', kek);
 * const envelope = await seal(plaintext, { providers: [provider], context: { secret: 'prod/db' } });
 * ```
 */
export interface KeyProvider {
  /** Provider name, written as `p` in the envelope. */
  readonly provider: string;
  /**
   * The key id written as `id` when this provider wraps. `undefined` for a discovery provider that
   * only unwraps (e.g. "any KMS key the caller's credentials can use").
   */
  readonly keyId: string | undefined;
  /** Whether this provider should try to unwrap an entry `{ p: provider, id: keyId }`. */
  handles(wrapped: Pick<WrappedDataKey, 'provider' | 'keyId'>): boolean;
  /** Wraps `dataKey` (32 bytes) bound to `context`. Does not keep or zero `dataKey`. */
  wrapDataKey(dataKey: Uint8Array, context: EncryptionContext): Promise<WrappedDataKey>;
  /**
   * Unwraps `wrapped` bound to `context`. Throws DecryptionFailedError when the key or context is
   * wrong, and another EnvelopeKitError (with the service error as cause) when the service fails or
   * answers with another key than asked (aws-adapter's KMS providers: ERR_KEY_ID_MISMATCH).
   */
  unwrapDataKey(wrapped: WrappedDataKey, context: EncryptionContext): Promise<UnwrappedDataKey>;
  /** Optional: generate a fresh data key and its wrapping in one call (KMS GenerateDataKey). */
  generateDataKey?(context: EncryptionContext): Promise<GeneratedDataKey>;
  /**
   * Optional: wrap the data key held in `wrapped` (made by another key of a compatible provider)
   * under this provider's key without the data key leaving the service (KMS ReEncrypt). Returns
   * `undefined` when this provider cannot re-encrypt from `wrapped`, in which case rewrap falls
   * back to unwrap + wrap.
   */
  rewrapDataKey?(wrapped: WrappedDataKey, context: EncryptionContext): Promise<WrappedDataKey | undefined>;
}
