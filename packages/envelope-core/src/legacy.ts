/**
 * Decoder for envelopes made by the seed's shell recipe:
 *
 * ```sh
 * aws kms generate-data-key --key-id alias/my-kms-key --key-spec AES_256 --output json > data-key.json
 * jq -r .Plaintext data-key.json | base64 --decode > data-key-plaintext.bin
 * echo "$SECRET" | openssl enc -aes-256-cbc -salt -in /dev/stdin -out secret-encrypted.bin \
 *   -pass file:./data-key-plaintext.bin
 * {"encryptedSecret": "$(base64 secret-encrypted.bin)", "encryptedDataKey": "<CiphertextBlob b64>"}
 * ```
 *
 * Facts it relies on (each checked against the openssl 3.0 binary in test/legacy-openssl.test.ts):
 * - `-pass file:` uses the bytes before the first 0x00 or 0x0A of the key file, at most 1023.
 * - A key file starting with 0x00 makes openssl fail ("Error reading password from BIO", exit 1,
 *   no output file), so the recipe stores an empty (or a previous run's) `encryptedSecret`.
 * - A key file starting with 0x0A gives an empty password, which openssl accepts.
 * - `Salted__` || 8-byte salt || AES-256-CBC with PKCS#7 padding; key and IV from EVP_BytesToKey
 *   (one round, SHA-256 since OpenSSL 1.1.0, MD5 before), or PBKDF2-HMAC-SHA256 with `-pbkdf2`.
 */
import { createDecipheriv } from 'node:crypto';
import {
  EnvelopeKitError,
  InvalidArgumentError,
  KeyProviderError,
  LegacyMalformedError,
  LegacyUnrecoverableError,
} from './errors.js';
import type { KeyProvider } from './key-provider.js';
import {
  type Candidate,
  chooseCandidate,
  type DerivedKeyIv,
  evpBytesToKey,
  opensslFilePassword,
  pbkdf2KeyIv,
  pkcs7PaddingLength,
} from './legacy-kdf.js';

export { isLegacyEnvelopeText, type LegacyEnvelope, parseLegacyEnvelope } from './legacy-parse.js';

import { parseLegacyEnvelope } from './legacy-parse.js';

/**
 * How the legacy key and IV were derived: `auto` tries EVP_BytesToKey with SHA-256 then MD5;
 * `sha256` / `md5` force one digest; `{ pbkdf2: N }` is `openssl enc -pbkdf2 -iter N`
 * (`-pbkdf2` alone means N = 10000).
 *
 * @example
 * ```ts
 * const kdf: LegacyKdf = { pbkdf2: 10000 }; // envelopes made with `openssl enc -pbkdf2`
 * ```
 */
export type LegacyKdf = 'auto' | 'sha256' | 'md5' | { readonly pbkdf2: number };

/**
 * Options of {@link decryptLegacySecret}.
 *
 * @example
 * ```ts
 * const options: LegacyDecryptOptions = { kdf: 'md5', stripTrailingNewline: false };
 * ```
 */
export interface LegacyDecryptOptions {
  /** Key derivation; default `auto`. */
  kdf?: LegacyKdf;
  /** Remove the one `\n` that `echo "$SECRET"` appended; default true. */
  stripTrailingNewline?: boolean;
}

/**
 * What {@link decryptLegacySecret} returns.
 *
 * @example
 * ```ts
 * const { plaintext, kdf, passwordLength }: LegacyDecryptResult = decryptLegacySecret(encryptedSecret, dataKey);
 * ```
 */
export interface LegacyDecryptResult {
  plaintext: Uint8Array;
  /** The derivation that opened the secret. */
  kdf: 'sha256' | 'md5' | 'pbkdf2';
  /** Bytes of the data key openssl really used as password (before the first 0x00 / 0x0A). */
  passwordLength: number;
  /** True when openssl used fewer bytes than the data key has (warn, and suggest `envelope migrate`). */
  passwordShortened: boolean;
  /** True when the password was empty (data key starts with 0x0A): the secret was effectively unencrypted. */
  passwordEmpty: boolean;
}

/**
 * Options of {@link openLegacy}.
 *
 * @example
 * ```ts
 * const options: LegacyOpenOptions = { provider: KmsKeyProvider.discovery(factory), kdf: 'auto', subject: 'prod/db' };
 * ```
 */
export interface LegacyOpenOptions extends LegacyDecryptOptions {
  /** Unwraps `encryptedDataKey`; called with `{ provider: 'aws-kms', keyId: '', encryptedKey }` and context `{}`. */
  provider: KeyProvider;
  /** The secret name or file the envelope came from, set as `subject` of every error. */
  subject?: string;
}

/**
 * What {@link openLegacy} returns.
 *
 * @example
 * ```ts
 * const { plaintext, keyId, passwordShortened }: LegacyOpenResult = await openLegacy(text, { provider });
 * ```
 */
export interface LegacyOpenResult extends LegacyDecryptResult {
  /** The key id the provider reports for the unwrap (for KMS: the KeyId Decrypt returned). */
  keyId: string;
}

const SALTED_MAGIC = Buffer.from('Salted__', 'latin1');
const MAX_PBKDF2_ITERATIONS = 10_000_000;

function validateKdf(kdf: LegacyKdf): void {
  if (kdf === 'auto' || kdf === 'sha256' || kdf === 'md5') return;
  if (typeof kdf === 'object' && kdf !== null && 'pbkdf2' in kdf) {
    const n = kdf.pbkdf2;
    if (Number.isSafeInteger(n) && n >= 1 && n <= MAX_PBKDF2_ITERATIONS) return;
    throw new InvalidArgumentError(
      `legacy pbkdf2 iterations must be an integer from 1 to ${MAX_PBKDF2_ITERATIONS}`,
    );
  }
  throw new InvalidArgumentError("legacy kdf must be 'auto', 'sha256', 'md5' or { pbkdf2: iterations }");
}

/** AES-256-CBC without automatic padding, then our own PKCS#7 check, so both digests can be judged alike. */
function tryDecrypt(kdf: Candidate['kdf'], derived: DerivedKeyIv, ciphertext: Uint8Array): Candidate {
  try {
    const decipher = createDecipheriv('aes-256-cbc', derived.key, derived.iv);
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    const pad = pkcs7PaddingLength(padded);
    if (pad === 0) {
      padded.fill(0);
      return { kdf, plaintext: undefined };
    }
    // A copy without the padding, so the padded buffer can be zeroed.
    const plaintext = Buffer.from(padded.subarray(0, padded.length - pad));
    padded.fill(0);
    return { kdf, plaintext };
  } finally {
    derived.key.fill(0);
    derived.iv.fill(0);
  }
}

/**
 * Decrypts the `encryptedSecret` of a legacy envelope with the unwrapped data key, exactly as
 * `openssl enc -d -aes-256-cbc -pass file:KEYFILE` would with `dataKey` in KEYFILE. Does not zero
 * `dataKey` (the caller owns it); zeroes the derived keys and IVs and every rejected candidate.
 *
 * @throws LegacyUnrecoverableError when `dataKey` starts with 0x00 (openssl refused the empty password
 *   file, so the envelope never held this secret), LegacyMalformedError when `encryptedSecret` is not
 *   `Salted__` || salt || whole AES blocks, DecryptionFailedError (fixed message) when no derivation
 *   passes the padding check, LegacyAmbiguousError when `auto` cannot tell SHA-256 from MD5.
 *
 * @example
 * ```ts
 * const { plaintext, passwordShortened } = decryptLegacySecret(encryptedSecret, dataKey);
 * if (passwordShortened) console.warn('legacy envelope used a shortened password; run envelope migrate');
 * ```
 */
export function decryptLegacySecret(
  encryptedSecret: Uint8Array,
  dataKey: Uint8Array,
  options: LegacyDecryptOptions = {},
): LegacyDecryptResult {
  const kdf = options.kdf ?? 'auto';
  validateKdf(kdf);
  if (!(dataKey instanceof Uint8Array) || dataKey.length === 0) {
    throw new InvalidArgumentError('legacy data key must be a non-empty Uint8Array');
  }
  if (dataKey[0] === 0x00) {
    // openssl's BIO_gets returns 0 for a line that starts with NUL and app_get_pass fails: the recipe
    // went on and stored an empty or stale encryptedSecret. Nothing here was encrypted with this key.
    throw new LegacyUnrecoverableError(
      'legacy envelope cannot be opened: openssl enc could not read a password from its data key when it ' +
        'was made, so no ciphertext of this secret was stored; re-seal the secret from its source value ' +
        '(envelope seal or envelope push)',
    );
  }
  if (encryptedSecret.length === 0) {
    throw new LegacyMalformedError(
      'legacy envelope field encryptedSecret is empty (openssl enc failed when it was made)',
    );
  }
  if (
    encryptedSecret.length < 16 ||
    !Buffer.from(encryptedSecret.buffer, encryptedSecret.byteOffset, 8).equals(SALTED_MAGIC)
  ) {
    throw new LegacyMalformedError(
      'legacy encryptedSecret does not start with the openssl "Salted__" header',
    );
  }
  const salt = encryptedSecret.subarray(8, 16);
  const ciphertext = encryptedSecret.subarray(16);
  if (ciphertext.length < 16 || ciphertext.length % 16 !== 0) {
    throw new LegacyMalformedError(
      `legacy encryptedSecret must hold whole 16-byte AES blocks after the salt, got ${ciphertext.length} bytes`,
    );
  }

  // A view into dataKey: nothing to zero that the caller does not own.
  const password = opensslFilePassword(dataKey);
  const candidates: Candidate[] = [];
  if (typeof kdf === 'object') {
    candidates.push(tryDecrypt('pbkdf2', pbkdf2KeyIv(password, salt, kdf.pbkdf2), ciphertext));
  } else {
    if (kdf !== 'md5')
      candidates.push(tryDecrypt('sha256', evpBytesToKey(password, salt, 'sha256'), ciphertext));
    if (kdf !== 'sha256')
      candidates.push(tryDecrypt('md5', evpBytesToKey(password, salt, 'md5'), ciphertext));
  }
  const chosen = chooseCandidate(candidates);

  let plaintext: Uint8Array = chosen.plaintext;
  if (options.stripTrailingNewline !== false && plaintext[plaintext.length - 1] === 0x0a) {
    // `echo` appends exactly one newline; a secret that ended in one keeps it.
    plaintext = plaintext.subarray(0, plaintext.length - 1);
  }
  return {
    plaintext,
    kdf: chosen.kdf,
    passwordLength: password.length,
    passwordShortened: password.length < dataKey.length,
    passwordEmpty: password.length === 0,
  };
}

/**
 * Opens a legacy envelope: parses it leniently, unwraps `encryptedDataKey` through `options.provider`
 * (as KMS Decrypt without KeyId and without encryption context, which is how the recipe's
 * GenerateDataKey made it), checks the data key is 32 bytes, decrypts, and zeroes the data key.
 *
 * Report `passwordShortened` / `passwordEmpty` to the user as a warning (never the key) and point to
 * `envelope migrate`: such envelopes are weaker than their 256-bit data key suggests.
 *
 * @throws LegacyMalformedError, LegacyUnrecoverableError, LegacyAmbiguousError, DecryptionFailedError
 *   (see {@link decryptLegacySecret}), or the provider's error; every error has `subject` set to
 *   `options.subject`.
 *
 * @example
 * ```ts
 * const result = await openLegacy(secretString, { provider: KmsKeyProvider.discovery(factory), subject: 'prod/db' });
 * process.stdout.write(result.plaintext);
 * if (result.passwordShortened) console.warn(`prod/db: legacy password of ${result.passwordLength} bytes; run envelope migrate`);
 * ```
 */
export async function openLegacy(text: string, options: LegacyOpenOptions): Promise<LegacyOpenResult> {
  const subject = options.subject;
  try {
    if (options.kdf !== undefined) validateKdf(options.kdf);
    const envelope = parseLegacyEnvelope(text);
    let unwrapped: { dataKey: Uint8Array; keyId: string };
    try {
      unwrapped = await options.provider.unwrapDataKey(
        { provider: 'aws-kms', keyId: '', encryptedKey: envelope.encryptedDataKey },
        {},
      );
    } catch (error) {
      if (error instanceof EnvelopeKitError) throw error;
      throw new KeyProviderError('key provider failed to unwrap the legacy data key', { cause: error });
    }
    const dataKey = unwrapped.dataKey;
    try {
      if (!(dataKey instanceof Uint8Array) || dataKey.length !== 32) {
        const got = dataKey instanceof Uint8Array ? `${dataKey.length} bytes` : typeof dataKey;
        throw new LegacyMalformedError(`legacy data key must be 32 bytes (AES_256), got ${got}`);
      }
      const result = decryptLegacySecret(envelope.encryptedSecret, dataKey, options);
      return { ...result, keyId: unwrapped.keyId };
    } finally {
      if (dataKey instanceof Uint8Array) dataKey.fill(0);
    }
  } catch (error) {
    if (error instanceof EnvelopeKitError && subject !== undefined) error.about(subject);
    throw error;
  }
}
