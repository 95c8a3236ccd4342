import type { ActionErrorCode } from '@envelope-kit/action';
import type { AwsErrorCode } from '@envelope-kit/aws-adapter';
import type { EnvNameErrorCode, JsonValueErrorCode } from '@envelope-kit/aws-adapter/env-names';
import type { CoreErrorCode } from '@envelope-kit/envelope-core';

/** What the action can fail with, by the packages' own unions: all but ERR_INTERNAL. */
type KnownCode = Exclude<
  CoreErrorCode | AwsErrorCode | EnvNameErrorCode | JsonValueErrorCode | ActionErrorCode,
  'ERR_INTERNAL'
>;

// A record, not a list: typed by the packages' own code unions, so the compiler refuses a code that
// is missing here, misspelt, or no longer raised.
const CODES: Record<KnownCode, true> = {
  // envelope-core
  ERR_INVALID_ARGUMENT: true,
  ERR_ENVELOPE_MALFORMED: true,
  ERR_ENVELOPE_UNSUPPORTED: true,
  ERR_DECRYPTION_FAILED: true,
  ERR_CONTEXT_MISMATCH: true,
  ERR_KEY_NOT_ALLOWED: true,
  ERR_TOO_MANY_KEYS: true,
  ERR_NO_USABLE_KEY: true,
  ERR_KEY_PROVIDER: true,
  ERR_LEGACY_MALFORMED: true,
  ERR_LEGACY_AMBIGUOUS: true,
  ERR_LEGACY_UNRECOVERABLE: true,
  ERR_PLAINTEXT_REFUSED: true,
  // aws-adapter
  ERR_SECRET_NOT_FOUND: true,
  ERR_SECRET_DELETED: true,
  ERR_ACCESS_DENIED: true,
  ERR_THROTTLED: true,
  ERR_TIMEOUT: true,
  ERR_DEADLINE: true,
  ERR_KEY_ID_MISMATCH: true,
  ERR_KEY_NOT_FOUND: true,
  ERR_NO_REGION: true,
  ERR_BAD_REGION: true,
  ERR_BAD_ENDPOINT: true,
  ERR_NO_CREDENTIALS: true,
  ERR_CREDENTIALS_EXPIRED: true,
  ERR_CREDENTIALS_INVALID: true,
  ERR_CONNECTION_REFUSED: true,
  ERR_HOST_NOT_FOUND: true,
  ERR_AWS: true,
  // aws-adapter/env-names (the action parses `[ALIAS,]ID` lines with it)
  ERR_SECRET_ID_SYNTAX: true,
  // aws-adapter/env-names: values that cannot become variables
  ERR_JSON_TOO_DEEP: true,
  ERR_TOO_MANY_MASKS: true,
  ERR_VALUE_NUL: true,
  // action
  ERR_INPUT: true,
  ERR_NAME_RESERVED: true,
  ERR_NAME_DENIED: true,
  ERR_NAME_DUPLICATE: true,
  ERR_NAME_EXISTS: true,
  ERR_NAME_INVALID: true,
  ERR_PREFIX_NO_MATCH: true,
  ERR_PREFIX_ALIAS_AMBIGUOUS: true,
  ERR_PATH_OUTSIDE_WORKSPACE: true,
  ERR_FILE_READ: true,
  ERR_CONTEXT_UNAVAILABLE: true,
  ERR_EXPORT_FAILED: true,
  ERR_LEGACY_REFUSED: true,
  ERR_LEGACY_WEAK: true,
};

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
export const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys(CODES));
