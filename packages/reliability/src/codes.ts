/**
 * Every error code envelope-kit raises (envelope-core, aws-adapter, the action): the codes are
 * public API, so a failure with any other code, or no code, is a defect. `ERR_INTERNAL` (the
 * action's "unexpected error") is left out on purpose: the fuzz suite treats it as a defect.
 *
 * @example
 * ```ts
 * expect(KNOWN_CODES.has(error.code)).toBe(true);
 * ```
 */
export const KNOWN_CODES: ReadonlySet<string> = new Set([
  // envelope-core
  'ERR_INVALID_ARGUMENT',
  'ERR_ENVELOPE_MALFORMED',
  'ERR_ENVELOPE_UNSUPPORTED',
  'ERR_DECRYPTION_FAILED',
  'ERR_CONTEXT_MISMATCH',
  'ERR_KEY_NOT_ALLOWED',
  'ERR_TOO_MANY_KEYS',
  'ERR_NO_USABLE_KEY',
  'ERR_KEY_PROVIDER',
  'ERR_LEGACY_MALFORMED',
  'ERR_LEGACY_AMBIGUOUS',
  'ERR_LEGACY_UNRECOVERABLE',
  // aws-adapter
  'ERR_SECRET_NOT_FOUND',
  'ERR_SECRET_DELETED',
  'ERR_ACCESS_DENIED',
  'ERR_THROTTLED',
  'ERR_TIMEOUT',
  'ERR_KEY_ID_MISMATCH',
  'ERR_NO_REGION',
  'ERR_BAD_REGION',
  'ERR_BAD_ENDPOINT',
  'ERR_NO_CREDENTIALS',
  'ERR_CREDENTIALS_EXPIRED',
  'ERR_CREDENTIALS_INVALID',
  'ERR_CONNECTION_REFUSED',
  'ERR_HOST_NOT_FOUND',
  'ERR_AWS',
  // action
  'ERR_INPUT',
  'ERR_NAME_RESERVED',
  'ERR_NAME_DUPLICATE',
  'ERR_NAME_EXISTS',
  'ERR_NAME_INVALID',
  'ERR_PLAINTEXT_REFUSED',
  'ERR_PREFIX_NO_MATCH',
  'ERR_PREFIX_ALIAS_AMBIGUOUS',
  'ERR_PATH_OUTSIDE_WORKSPACE',
  'ERR_FILE_READ',
  'ERR_CONTEXT_UNAVAILABLE',
]);
