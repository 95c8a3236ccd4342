/**
 * Typed errors of envelope-kit. Every error has a stable `code` (public API: match on it, not on the
 * message). Messages never carry plaintext, key bytes or ciphertext; they may carry lengths, types and
 * the names of secrets, files or key ids.
 *
 * Every authentication failure (wrong key, tampered field, failed commitment, failed GCM tag) raises
 * {@link DecryptionFailedError} with one fixed message, so that an attacker learns nothing from the
 * error about which check failed.
 */

/** Every error code raised by envelope-core. Other packages extend the set with their own codes. */
export type CoreErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_ENVELOPE_MALFORMED'
  | 'ERR_ENVELOPE_UNSUPPORTED'
  | 'ERR_DECRYPTION_FAILED'
  | 'ERR_CONTEXT_MISMATCH'
  | 'ERR_KEY_NOT_ALLOWED'
  | 'ERR_TOO_MANY_KEYS'
  | 'ERR_NO_USABLE_KEY'
  | 'ERR_KEY_PROVIDER'
  | 'ERR_LEGACY_MALFORMED'
  | 'ERR_LEGACY_AMBIGUOUS'
  | 'ERR_LEGACY_UNRECOVERABLE'
  /** A value that is no envelope, refused by the plain-value rule (`plainVerdict`). */
  | 'ERR_PLAINTEXT_REFUSED';

/**
 * The registry of every error code known to a program: its keys are the codes. envelope-core
 * registers {@link CoreErrorCode}; every other envelope-kit package adds its own union by module
 * augmentation, so a program that imports `@envelope-kit/aws-adapter` also knows `ERR_SECRET_NOT_FOUND`.
 * (A registry rather than one union here, because the core must not know the packages above it.)
 *
 * @example
 * ```ts
 * // in a package built on envelope-core:
 * declare module '@envelope-kit/envelope-core' {
 *   interface EnvelopeKitErrorCodes extends Record<MyErrorCode, true> {}
 * }
 * ```
 */
export interface EnvelopeKitErrorCodes extends Record<CoreErrorCode, true> {}

/** Every error code known to the program: those of envelope-core and of each envelope-kit package it imports. */
export type EnvelopeKitErrorCode = keyof EnvelopeKitErrorCodes & string;

/** Options accepted by every envelope-kit error. */
export interface EnvelopeKitErrorOptions {
  /** The underlying error (an SDK error, a node:crypto error). Never a secret value. */
  cause?: unknown;
  /** The secret name, file path or key id the error concerns, when known. */
  subject?: string;
}

/**
 * Base class of every envelope-kit error.
 *
 * @example
 * ```ts
 * try { await open(text, { keys }) } catch (e) {
 *   if (e instanceof EnvelopeKitError && e.code === 'ERR_DECRYPTION_FAILED') { ... }
 * }
 * ```
 */
export class EnvelopeKitError extends Error {
  /** A stable, machine-readable code, such as `ERR_DECRYPTION_FAILED`. */
  readonly code: EnvelopeKitErrorCode;
  /** The secret name, file path or key id the error concerns, when known. */
  subject: string | undefined;

  constructor(code: EnvelopeKitErrorCode, message: string, options: EnvelopeKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.subject = options.subject;
  }

  /** Returns the same error with `subject` set when it had none (used by callers that know the secret). */
  about(subject: string): this {
    if (this.subject === undefined) this.subject = subject;
    return this;
  }
}

/** A caller passed an argument of the wrong type or length (e.g. `expected 32-byte key, got 31`). */
export class InvalidArgumentError extends EnvelopeKitError {
  override readonly code = 'ERR_INVALID_ARGUMENT' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_INVALID_ARGUMENT', message, options);
  }
}

/** The text is not a well-formed v1 envelope (bad JSON, a missing or mistyped field, bad base64, bad length). */
export class EnvelopeMalformedError extends EnvelopeKitError {
  override readonly code = 'ERR_ENVELOPE_MALFORMED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_ENVELOPE_MALFORMED', message, options);
  }
}

/** The envelope names a version (`v`) or algorithm (`alg`) this library does not open. */
export class EnvelopeUnsupportedError extends EnvelopeKitError {
  override readonly code = 'ERR_ENVELOPE_UNSUPPORTED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_ENVELOPE_UNSUPPORTED', message, options);
  }
}

/** The one message of every authentication failure. Fixed on purpose: no oracle. */
export const DECRYPTION_FAILED_MESSAGE = 'decryption failed';

/** Authentication failed: wrong key, failed key commitment, failed GCM tag, tampered header. */
export class DecryptionFailedError extends EnvelopeKitError {
  override readonly code = 'ERR_DECRYPTION_FAILED' as const;
  constructor(options?: EnvelopeKitErrorOptions) {
    super('ERR_DECRYPTION_FAILED', DECRYPTION_FAILED_MESSAGE, options);
  }
}

/** The envelope's encryption context lacks a required pair or holds another value for it. */
export class ContextMismatchError extends EnvelopeKitError {
  override readonly code = 'ERR_CONTEXT_MISMATCH' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_CONTEXT_MISMATCH', message, options);
  }
}

/** The envelope can only be opened with keys outside the caller's allow-list, or KMS answered with another key. */
export class KeyNotAllowedError extends EnvelopeKitError {
  override readonly code = 'ERR_KEY_NOT_ALLOWED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_KEY_NOT_ALLOWED', message, options);
  }
}

/** The envelope lists more wrapped keys than the open policy allows (checked before any key provider call). */
export class TooManyKeysError extends EnvelopeKitError {
  override readonly code = 'ERR_TOO_MANY_KEYS' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_TOO_MANY_KEYS', message, options);
  }
}

/** No configured key provider handles any of the envelope's wrapped keys. */
export class NoUsableKeyError extends EnvelopeKitError {
  override readonly code = 'ERR_NO_USABLE_KEY' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_NO_USABLE_KEY', message, options);
  }
}

/** A key provider failed for a reason other than authentication (I/O, service error). */
export class KeyProviderError extends EnvelopeKitError {
  override readonly code = 'ERR_KEY_PROVIDER' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_KEY_PROVIDER', message, options);
  }
}

/** A legacy (openssl enc recipe) envelope is not well formed: fields, base64, `Salted__` header, length. */
export class LegacyMalformedError extends EnvelopeKitError {
  override readonly code = 'ERR_LEGACY_MALFORMED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_LEGACY_MALFORMED', message, options);
  }
}

/** Both SHA-256 and MD5 key derivations passed the padding check and neither result is clearly right. */
export class LegacyAmbiguousError extends EnvelopeKitError {
  override readonly code = 'ERR_LEGACY_AMBIGUOUS' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_LEGACY_AMBIGUOUS', message, options);
  }
}

/**
 * The legacy envelope cannot be opened by anyone: its data key starts with 0x00, so `openssl enc
 * -pass file:` saw an empty password file, failed, and the recipe stored no ciphertext of the secret.
 */
export class LegacyUnrecoverableError extends EnvelopeKitError {
  override readonly code = 'ERR_LEGACY_UNRECOVERABLE' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_LEGACY_UNRECOVERABLE', message, options);
  }
}

/**
 * A value that is no envelope was refused (`plaintext-secrets: deny`, `--plaintext deny`): see
 * `plainVerdict`, whose verdict callers raise with it.
 */
export class PlaintextRefusedError extends EnvelopeKitError {
  override readonly code = 'ERR_PLAINTEXT_REFUSED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_PLAINTEXT_REFUSED', message, options);
  }
}

/**
 * True when `e` is an envelope-kit error, and with a code, when it carries that code. The code is
 * checked at compile time against {@link EnvelopeKitErrorCode} (a misspelt code does not compile),
 * and the guard narrows `e.code` to it.
 *
 * @example
 * ```ts
 * if (isEnvelopeKitError(e, 'ERR_DECRYPTION_FAILED')) e.code; // 'ERR_DECRYPTION_FAILED'
 * ```
 */
export function isEnvelopeKitError(e: unknown): e is EnvelopeKitError;
export function isEnvelopeKitError<C extends EnvelopeKitErrorCode>(
  e: unknown,
  code: C,
): e is EnvelopeKitError & { readonly code: C };
export function isEnvelopeKitError(e: unknown, code?: EnvelopeKitErrorCode): boolean {
  return e instanceof EnvelopeKitError && (code === undefined || e.code === code);
}
