/**
 * Typed errors of the AWS adapter. Each wraps the SDK error as `cause` and names the secret or key
 * in `subject` (the CLI and the action print the subject beside the message, so messages do not
 * repeat it). Messages are built from the error's name, the call (service, operation, region,
 * endpoint, recorded by the client factory) and the subject only: AWS validation messages can echo
 * request fields (a SecretString, a plaintext), so the SDK's own message is never copied into ours;
 * it stays reachable through `cause` for debugging. Each setup problem (region, credentials,
 * network, endpoint, permissions) has its own code and a message that ends with the fix.
 */
import { EnvelopeKitError, type EnvelopeKitErrorOptions } from '@envelope-kit/envelope-core';

/** Every error code raised by aws-adapter. */
export type AwsErrorCode =
  | 'ERR_SECRET_NOT_FOUND'
  | 'ERR_SECRET_DELETED'
  | 'ERR_ACCESS_DENIED'
  | 'ERR_THROTTLED'
  | 'ERR_TIMEOUT'
  | 'ERR_DEADLINE'
  | 'ERR_KEY_ID_MISMATCH'
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_NO_REGION'
  | 'ERR_BAD_REGION'
  | 'ERR_BAD_ENDPOINT'
  | 'ERR_NO_CREDENTIALS'
  | 'ERR_CREDENTIALS_EXPIRED'
  | 'ERR_CREDENTIALS_INVALID'
  | 'ERR_CONNECTION_REFUSED'
  | 'ERR_HOST_NOT_FOUND'
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
 * One KMS call (its retries and backoff included) ran past the provider's per-call deadline
 * (`callTimeoutMs`) and was abandoned, so a `keys` list cannot make opening take unbounded time.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_DEADLINE')
 * ```
 */
export class DeadlineError extends EnvelopeKitError {
  override readonly code = 'ERR_DEADLINE' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_DEADLINE', message, options);
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
 * KMS has no such key (NotFoundException): a misspelt alias or key id, a key deleted, or a key of
 * another region or account.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_KEY_NOT_FOUND') // "KMS key alias/typo not found in us-east-1 ..."
 * ```
 */
export class KeyNotFoundError extends EnvelopeKitError {
  override readonly code = 'ERR_KEY_NOT_FOUND' as const;
  constructor(message: string, options?: EnvelopeKitErrorOptions) {
    super('ERR_KEY_NOT_FOUND', message, options);
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

/**
 * The AWS configuration cannot work: no region, a region that is no region code, or an endpoint
 * that is no URL, does not speak TLS as asked, or answers with something that is no AWS answer.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_NO_REGION') // "no AWS region: set AWS_REGION or pass --region"
 * ```
 */
export class AwsConfigError extends EnvelopeKitError {
  declare readonly code: 'ERR_NO_REGION' | 'ERR_BAD_REGION' | 'ERR_BAD_ENDPOINT';
  constructor(
    code: 'ERR_NO_REGION' | 'ERR_BAD_REGION' | 'ERR_BAD_ENDPOINT',
    message: string,
    options?: EnvelopeKitErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * No credentials were found, or AWS refused them as expired or unknown.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_CREDENTIALS_EXPIRED')
 * ```
 */
export class AwsCredentialsError extends EnvelopeKitError {
  declare readonly code: 'ERR_NO_CREDENTIALS' | 'ERR_CREDENTIALS_EXPIRED' | 'ERR_CREDENTIALS_INVALID';
  constructor(
    code: 'ERR_NO_CREDENTIALS' | 'ERR_CREDENTIALS_EXPIRED' | 'ERR_CREDENTIALS_INVALID',
    message: string,
    options?: EnvelopeKitErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * The endpoint could not be reached: nothing listens there (connection refused), or its host name
 * does not resolve.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_CONNECTION_REFUSED')
 * ```
 */
export class AwsConnectionError extends EnvelopeKitError {
  declare readonly code: 'ERR_CONNECTION_REFUSED' | 'ERR_HOST_NOT_FOUND';
  constructor(
    code: 'ERR_CONNECTION_REFUSED' | 'ERR_HOST_NOT_FOUND',
    message: string,
    options?: EnvelopeKitErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * What the client factory knows of the call an SDK error came from, and how the program's user
 * sets the region and endpoint (for the fix in the message). Never a request field.
 */
export interface AwsCallInfo {
  /** IAM service prefix: `kms`, `secretsmanager`. */
  readonly service: string;
  /** API operation: `Decrypt`, `GetSecretValue`. */
  readonly operation: string;
  readonly region: string | undefined;
  /** The endpoint given to the client, when one was (else the SDK's default or AWS_ENDPOINT_URL). */
  readonly endpoint: string | undefined;
  /** How the user sets them, e.g. `--region` (CLI) or `the region input` (action). */
  readonly regionSetting?: string | undefined;
  readonly endpointSetting?: string | undefined;
}

const calls = new WeakMap<object, AwsCallInfo>();

/**
 * Records the call an SDK error came from (the client factory's middleware does it for every
 * client it creates), for {@link toAwsError}'s message and for debugging output.
 *
 * @example
 * ```ts
 * recordAwsCall(error, { service: 'kms', operation: 'Decrypt', region: 'us-east-1', endpoint: undefined });
 * ```
 */
export function recordAwsCall(error: unknown, info: AwsCallInfo): void {
  if (typeof error === 'object' && error !== null && !calls.has(error)) calls.set(error, info);
}

/**
 * The call an SDK error came from, when a factory client raised it.
 *
 * @example
 * ```ts
 * awsCallOf(error.cause)?.operation // 'GetSecretValue'
 * ```
 */
export function awsCallOf(error: unknown): AwsCallInfo | undefined {
  return typeof error === 'object' && error !== null ? calls.get(error) : undefined;
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
const EXPIRED_CREDENTIALS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'RequestExpired',
  'TokenRefreshRequired',
]);
const INVALID_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken',
  'AuthFailure',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
/** Node network errors that are worth a retry and mean "no answer" (a refused connection is not one). */
const DROPPED_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
/** Codes of an endpoint that is no URL, speaks no TLS where https was asked, or whose certificate fails. */
const ENDPOINT_CODES = new Set([
  'ERR_INVALID_URL',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const NETWORK_CODES = new Set([...DROPPED_CODES, 'ECONNREFUSED', ...DNS_CODES, ...ENDPOINT_CODES]);
/** AWS: "...because it was marked for deletion"; moto: "...currently marked deleted". */
const MARKED_DELETED = /marked (for )?delet/i;
/** The IAM action in AWS's AccessDenied message ("...is not authorized to perform: kms:Decrypt on..."). */
const DENIED_ACTION = /not authorized to perform: ([a-z0-9-]{2,40}:[A-Za-z0-9]{2,80})\b/;
/** The SDK's own messages for a missing or malformed region (@smithy/config-resolver). */
const REGION_MISSING = /^Region is missing/;
const REGION_INVALID = /^Region not accepted/;
/** A answer that does not parse as the service's protocol: not AWS (an HTML 404 page, another service). */
const NOT_AWS_ANSWER = /Deserialization error/;

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** `kms:Decrypt`, or `AWS` when the call is unknown. */
function callName(call: AwsCallInfo | undefined): string {
  return call === undefined ? 'AWS' : `${call.service}:${call.operation}`;
}

/** ` on kms:Decrypt` (`on`, `from`...), or nothing when the call is unknown. */
function onCall(call: AwsCallInfo | undefined, preposition: string): string {
  return call === undefined ? '' : ` ${preposition} ${callName(call)}`;
}

/** "set AWS_REGION or pass --region" with the caller's own setting name when it gave one. */
function regionFix(call: AwsCallInfo | undefined): string {
  return call?.regionSetting === undefined ? 'set AWS_REGION' : `set AWS_REGION or ${call.regionSetting}`;
}

/** "--endpoint-url (or AWS_ENDPOINT_URL)", with the caller's own setting name when it gave one. */
function endpointSetting(call: AwsCallInfo | undefined): string {
  return call?.endpointSetting === undefined
    ? 'AWS_ENDPOINT_URL'
    : `${call.endpointSetting} (or AWS_ENDPOINT_URL)`;
}

/** "check ..." for a call to the default endpoint (the network) or to a chosen one. */
function endpointFix(call: AwsCallInfo | undefined): string {
  return call?.endpoint === undefined
    ? `check the network or proxy, and ${endpointSetting(call)}`
    : `check ${endpointSetting(call)}`;
}

/** The origin of an endpoint URL (no user info, path or query), or undefined. */
function endpointText(endpoint: string | undefined): string | undefined {
  try {
    return endpoint === undefined ? undefined : new URL(endpoint).origin;
  } catch {
    return undefined;
  }
}

/** A host name or address fit for a message: letters, digits, dots, dashes, colons only. */
function hostText(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9.:[\]-]{1,253}$/.test(value) ? value : undefined;
}

/**
 * Maps an error name (`ErrorCode` of a BatchGetSecretValue entry, or an SDK error's `name`) to a
 * typed error about `subject`. The optional message is only inspected (to tell deleted secrets
 * apart, to find the IAM action AWS denied), never copied.
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
  const call = awsCallOf(cause);
  const status = httpStatus === undefined ? '' : `, HTTP ${httpStatus}`;
  if (name === 'ResourceNotFoundException') {
    return new SecretNotFoundError(`secret not found (${name})`, options);
  }
  if (name === 'NotFoundException') {
    // KMS's name for it (Secrets Manager says ResourceNotFoundException). A key ARN carries its
    // own region, which the client factory calls; an alias or bare key id is looked up in the
    // configured one, so there the region is the other thing to check.
    const region = call?.region === undefined ? '' : ` in ${call.region}`;
    const fix = subject.startsWith('arn:')
      ? 'check the key ARN (account, region, key id)'
      : `check the alias or key id, or the region (${regionFix(call)})`;
    return new KeyNotFoundError(`KMS key ${subject} not found${region} (${name}): ${fix}`, options);
  }
  if (name === 'InvalidRequestException' && typeof message === 'string' && MARKED_DELETED.test(message)) {
    return new SecretDeletedError(
      `secret is scheduled for deletion (${name}): restore it with aws secretsmanager restore-secret`,
      options,
    );
  }
  if (EXPIRED_CREDENTIALS.has(name)) {
    return new AwsCredentialsError(
      'ERR_CREDENTIALS_EXPIRED',
      `AWS credentials have expired (${name}): get fresh ones (aws sso login, or a new session)`,
      options,
    );
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return new AwsCredentialsError(
      'ERR_CREDENTIALS_INVALID',
      `AWS rejected the credentials (${name}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or AWS_PROFILE`,
      options,
    );
  }
  if (ACCESS_DENIED.has(name) || httpStatus === 403) {
    // AWS names the IAM action it denied; a strict pattern keeps anything else out of our message.
    const denied =
      (typeof message === 'string' ? DENIED_ACTION.exec(message)?.[1] : undefined) ?? callName(call);
    return new AccessDeniedError(
      `access denied to ${denied} on ${subject} (${name}): allow it in the IAM policy of your AWS identity (and in the key or resource policy)`,
      options,
    );
  }
  if (THROTTLING.has(name) || httpStatus === 429) {
    return new ThrottledError(
      `throttled by AWS${onCall(call, 'on')} after every retry (${name}): retry later, or ask for a higher quota`,
      options,
    );
  }
  if (TIMEOUT_NAMES.has(name) || DROPPED_CODES.has(name)) {
    return new AwsTimeoutError(
      `no answer from ${callName(call)} in time (${name}): check the network or proxy, and ${endpointSetting(call)}`,
      options,
    );
  }
  return new AwsServiceError(`AWS error ${name}${status}${onCall(call, 'from')}`, options);
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
  const options = { subject, cause: sdkError };
  const call = awsCallOf(sdkError);
  const message = typeof shape.message === 'string' ? shape.message : undefined;
  const rawName = typeof shape.name === 'string' && shape.name !== 'Error' ? shape.name : undefined;
  // Node network errors carry the useful part in `code` (ECONNRESET); SDK service errors in `name`.
  const code = typeof shape.code === 'string' && NETWORK_CODES.has(shape.code) ? shape.code : undefined;
  const setup = setupError(code, rawName, message, shape, call, options);
  if (setup !== undefined) return setup;
  return errorFromCode(
    code ?? rawName ?? 'UnknownError',
    subject,
    message,
    sdkError,
    shape.$metadata?.httpStatusCode,
  );
}

/** The errors of a setup that cannot work (region, credentials, endpoint), before any service answer. */
function setupError(
  code: string | undefined,
  name: string | undefined,
  message: string | undefined,
  shape: SdkErrorShape,
  call: AwsCallInfo | undefined,
  options: EnvelopeKitErrorOptions,
): EnvelopeKitError | undefined {
  if (name === undefined && message !== undefined && REGION_INVALID.test(message)) {
    // The SDK reads AWS_REGION itself: set but empty, it is "not accepted" rather than missing.
    const region = call?.region ?? process.env.AWS_REGION;
    if (region !== undefined && region !== '') {
      return new AwsConfigError(
        'ERR_BAD_REGION',
        `AWS region ${JSON.stringify(region)} is not a region code: ${regionFix(call)} to one such as us-east-1`,
        options,
      );
    }
  }
  if (
    name === undefined &&
    message !== undefined &&
    (REGION_MISSING.test(message) || REGION_INVALID.test(message))
  ) {
    return new AwsConfigError('ERR_NO_REGION', `no AWS region: ${regionFix(call)}`, options);
  }
  if (name === 'CredentialsProviderError') {
    // Also what an expired SSO session gives ("...has expired"): tell that case apart.
    return message !== undefined && /expired/i.test(message)
      ? new AwsCredentialsError(
          'ERR_CREDENTIALS_EXPIRED',
          `AWS credentials have expired (${name}): get fresh ones (aws sso login, or a new session)`,
          options,
        )
      : new AwsCredentialsError(
          'ERR_NO_CREDENTIALS',
          'no AWS credentials: set AWS_PROFILE (then aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
          options,
        );
  }
  if (code === 'ECONNREFUSED') {
    const address = hostText(shape.address);
    const where =
      address === undefined ? '' : ` by ${address}${typeof shape.port === 'number' ? `:${shape.port}` : ''}`;
    return new AwsConnectionError(
      'ERR_CONNECTION_REFUSED',
      `connection refused${where} (ECONNREFUSED): nothing listens there; ${endpointFix(call)}`,
      options,
    );
  }
  if (code !== undefined && DNS_CODES.has(code)) {
    const host = hostText(shape.hostname);
    // A host of AWS's own that does not resolve is most often a misspelt region.
    const fix =
      host?.endsWith('.amazonaws.com') === true
        ? `check the region (${regionFix(call)}) and the network`
        : `${endpointFix(call)}, and DNS`;
    return new AwsConnectionError(
      'ERR_HOST_NOT_FOUND',
      `cannot resolve host${host === undefined ? '' : ` ${host}`} (${code}): ${fix}`,
      options,
    );
  }
  if (code !== undefined && ENDPOINT_CODES.has(code)) {
    const what =
      code === 'ERR_INVALID_URL'
        ? 'the AWS endpoint is not a URL'
        : code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER'
          ? 'the endpoint does not speak TLS (https:// to an http:// server?)'
          : "the endpoint's TLS certificate is not trusted (set NODE_EXTRA_CA_CERTS for a private CA)";
    return new AwsConfigError('ERR_BAD_ENDPOINT', `${what} (${code}): ${endpointFix(call)}`, options);
  }
  if (message !== undefined && NOT_AWS_ANSWER.test(message)) {
    const status = shape.$metadata?.httpStatusCode;
    const origin = endpointText(call?.endpoint);
    const endpoint = origin === undefined ? 'the endpoint' : `the endpoint ${origin}`;
    return new AwsConfigError(
      'ERR_BAD_ENDPOINT',
      `${endpoint} gave no AWS answer to ${callName(call)}${status === undefined ? '' : ` (HTTP ${status})`}: ${endpointFix(call)}`,
      options,
    );
  }
  return undefined;
}
