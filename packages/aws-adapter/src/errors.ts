/**
 * Typed errors of the AWS adapter. Each wraps the SDK error as `cause` and names the secret or key
 * in `subject`. Messages are built from the error's name and the subject only: AWS validation
 * messages can echo request fields (a SecretString, a plaintext), so the SDK's own message is never
 * copied into ours; it stays reachable through `cause` for debugging.
 */
import { EnvelopeKitError, type EnvelopeKitErrorOptions } from '@envelope-kit/envelope-core';

/** Every error code raised by aws-adapter. */
export type AwsErrorCode =
  | 'ERR_SECRET_NOT_FOUND'
  | 'ERR_SECRET_DELETED'
  | 'ERR_ACCESS_DENIED'
  | 'ERR_THROTTLED'
  | 'ERR_TIMEOUT'
  | 'ERR_KEY_ID_MISMATCH'
  | 'ERR_AWS';

// Registers these codes with envelope-core, so that `isEnvelopeKitError(e, code)` accepts them.
declare module '@envelope-kit/envelope-core' {
  interface EnvelopeKitErrorCodes extends Record<AwsErrorCode, true> {}
}

/**
 * The secret does not exist (or has no value for the requested stage or version).
 *
 * @example
 * ```ts
 * if (result.error instanceof SecretNotFoundError) console.error(`${result.id} is missing`);
 * ```
 */
export class SecretNotFoundError extends EnvelopeKitError {
  override readonly code = 'ERR_SECRET_NOT_FOUND' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_SECRET_NOT_FOUND', message, options);
  }
}

/**
 * The secret is scheduled for deletion (DeleteSecret with a recovery window); RestoreSecret brings it back.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_SECRET_DELETED')
 * ```
 */
export class SecretDeletedError extends EnvelopeKitError {
  override readonly code = 'ERR_SECRET_DELETED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_SECRET_DELETED', message, options);
  }
}

/**
 * IAM, a resource policy or a key policy refused the call.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_ACCESS_DENIED')
 * ```
 */
export class AccessDeniedError extends EnvelopeKitError {
  override readonly code = 'ERR_ACCESS_DENIED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_ACCESS_DENIED', message, options);
  }
}

/**
 * The service kept throttling after every retry attempt.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_THROTTLED')
 * ```
 */
export class ThrottledError extends EnvelopeKitError {
  override readonly code = 'ERR_THROTTLED' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_THROTTLED', message, options);
  }
}

/**
 * No answer in time, or the connection dropped, on every attempt.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_TIMEOUT')
 * ```
 */
export class AwsTimeoutError extends EnvelopeKitError {
  override readonly code = 'ERR_TIMEOUT' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_TIMEOUT', message, options);
  }
}

/**
 * KMS answered a Decrypt with another KeyId than the one asked for.
 *
 * @example
 * ```ts
 * throw new KeyIdMismatchError(`KMS decrypted with ${returned}, not ${asked}`, { subject: asked });
 * ```
 */
export class KeyIdMismatchError extends EnvelopeKitError {
  override readonly code = 'ERR_KEY_ID_MISMATCH' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_KEY_ID_MISMATCH', message, options);
  }
}

/**
 * Any other AWS service or client error. The message names the SDK error and HTTP status.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_AWS')
 * ```
 */
export class AwsServiceError extends EnvelopeKitError {
  override readonly code = 'ERR_AWS' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_AWS', message, options);
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'Forbidden',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** AWS: "...because it was marked for deletion"; moto: "...currently marked deleted". */
const MARKED_DELETED = /marked (for )?delet/i;

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Maps an error name (`ErrorCode` of a BatchGetSecretValue entry, or an SDK error's `name`) to a
 * typed error about `subject`. The optional message is only inspected (to tell deleted secrets
 * apart), never copied.
 *
 * @example
 * ```ts
 * const err = errorFromCode('ResourceNotFoundException', 'prod/db', entry.Message, entry);
 * err.code // 'ERR_SECRET_NOT_FOUND'
 * ```
 */
export function errorFromCode(
  name: string,
  subject: string,
  message?: string,
  cause?: unknown,
  httpStatus?: number,
): EnvelopeKitError {
  const options = { subject, cause };
  if (name === 'ResourceNotFoundException') {
    return new SecretNotFoundError(`${subject}: secret not found (${name})`, options);
  }
  if (name === 'InvalidRequestException' && typeof message === 'string' && MARKED_DELETED.test(message)) {
    return new SecretDeletedError(`${subject}: secret is scheduled for deletion (${name})`, options);
  }
  if (ACCESS_DENIED.has(name) || httpStatus === 403) {
    return new AccessDeniedError(`${subject}: access denied (${name})`, options);
  }
  if (THROTTLING.has(name) || httpStatus === 429) {
    return new ThrottledError(`${subject}: throttled after every retry (${name})`, options);
  }
  if (TIMEOUT_NAMES.has(name) || NETWORK_CODES.has(name)) {
    return new AwsTimeoutError(`${subject}: no answer in time (${name})`, options);
  }
  const status = httpStatus === undefined ? '' : `, HTTP ${httpStatus}`;
  return new AwsServiceError(`${subject}: AWS error ${name}${status}`, options);
}

/**
 * Wraps any error thrown by an SDK call into a typed envelope-kit error about `subject` (a secret
 * or key id). An envelope-kit error passes through (with `subject` filled in when missing).
 *
 * @example
 * ```ts
 * try { await sm.send(new GetSecretValueCommand({ SecretId: id })) }
 * catch (e) { throw toAwsError(e, id) }
 * ```
 */
export function toAwsError(sdkError: unknown, subject: string): EnvelopeKitError {
  if (sdkError instanceof EnvelopeKitError) return sdkError.about(subject);
  const shape = (typeof sdkError === 'object' && sdkError !== null ? sdkError : {}) as SdkErrorShape;
  // Node network errors carry the useful part in `code` (ECONNRESET); SDK service errors in `name`.
  const code = typeof shape.code === 'string' && NETWORK_CODES.has(shape.code) ? shape.code : undefined;
  const name =
    code ?? (typeof shape.name === 'string' && shape.name !== 'Error' ? shape.name : 'UnknownError');
  const message = typeof shape.message === 'string' ? shape.message : undefined;
  return errorFromCode(name, subject, message, sdkError, shape.$metadata?.httpStatusCode);
}
