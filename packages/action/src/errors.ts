/**
 * Errors raised by the action itself (inputs, names, policy). Errors from envelope-core and
 * aws-adapter pass through unchanged; all of them are {@link EnvelopeKitError}s with a stable code
 * and the secret id (or file path, or input name) as subject. Messages never carry a value.
 */
import {
  EnvelopeKitError,
  type EnvelopeKitErrorCode,
  type EnvelopeKitErrorOptions,
  isEnvelopeKitError,
} from '@envelope-kit/envelope-core';

/** Every code the action adds to those of envelope-core and aws-adapter. */
export type ActionErrorCode =
  | 'ERR_INPUT'
  | 'ERR_NAME_RESERVED'
  | 'ERR_NAME_DUPLICATE'
  | 'ERR_NAME_EXISTS'
  | 'ERR_NAME_INVALID'
  | 'ERR_PLAINTEXT_REFUSED'
  | 'ERR_PREFIX_NO_MATCH'
  | 'ERR_PREFIX_ALIAS_AMBIGUOUS'
  | 'ERR_PATH_OUTSIDE_WORKSPACE'
  | 'ERR_FILE_READ'
  | 'ERR_CONTEXT_UNAVAILABLE'
  /** A write to GITHUB_ENV, GITHUB_OUTPUT or GITHUB_STATE failed part-way (publish.ts). */
  | 'ERR_EXPORT_FAILED'
  | 'ERR_LEGACY_REFUSED'
  | 'ERR_LEGACY_WEAK'
  | 'ERR_INTERNAL';

// Registers these codes with envelope-core, so that `isEnvelopeKitError(e, code)` accepts them.
declare module '@envelope-kit/envelope-core' {
  interface EnvelopeKitErrorCodes extends Record<ActionErrorCode, true> {}
}

/**
 * An error of the action, with one of the {@link ActionErrorCode}s.
 *
 * @example
 * ```ts
 * throw new ActionError('ERR_INPUT', "input 'max-concurrency' must be a positive integer", { subject: 'max-concurrency' });
 * ```
 */
export class ActionError extends EnvelopeKitError {
  declare readonly code: ActionErrorCode;
  constructor(code: ActionErrorCode, message: string, options?: EnvelopeKitErrorOptions) {
    super(code, message, options);
  }
}

/** One failed secret, file or input: what the step lists when it fails. Never holds a value. */
export interface Failure {
  /** The secret id as the user wrote it (or the ARN/name found by a prefix), a file path, or an input name. */
  readonly subject: string;
  readonly code: EnvelopeKitErrorCode;
  readonly message: string;
}

/**
 * Turns anything thrown into a {@link Failure}. Only envelope-kit errors keep their message: they are
 * written never to hold a value. Any other error (a JSON.parse SyntaxError quotes its input!) is
 * reduced to its class name, so nothing secret can leak through it.
 *
 * @example
 * ```ts
 * failures.push(toFailure(error, 'prod/db'));
 * ```
 */
export function toFailure(error: unknown, subject: string): Failure {
  if (isEnvelopeKitError(error)) {
    return { subject: error.subject ?? subject, code: error.code, message: error.message };
  }
  const kind = error instanceof Error ? error.name : typeof error;
  return { subject, code: 'ERR_INTERNAL', message: `unexpected ${kind}` };
}

/**
 * Formats failures as the step's failure message: one line per failure, `<subject>: <CODE> <message>`.
 *
 * @example
 * ```ts
 * formatFailures([{ subject: 'prod/db', code: 'ERR_SECRET_NOT_FOUND', message: 'secret not found' }]);
 * // '1 secret failed, nothing was exported:\nprod/db: ERR_SECRET_NOT_FOUND secret not found'
 * ```
 */
export function formatFailures(failures: readonly Failure[]): string {
  const head = `${failures.length} secret${failures.length === 1 ? '' : 's'} failed, nothing was exported:`;
  return [head, ...failures.map((f) => `${f.subject}: ${f.code} ${f.message}`)].join('\n');
}
