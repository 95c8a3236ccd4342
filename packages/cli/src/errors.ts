/**
 * Errors of the CLI itself and how any error is printed. Only envelope-kit errors keep their
 * message (they are written never to hold a value); anything else is reduced to its class name,
 * because a foreign message can quote its input (a JSON.parse SyntaxError does).
 */
import {
  EnvelopeKitError,
  type EnvelopeKitErrorOptions,
  isEnvelopeKitError,
} from '@envelope-kit/envelope-core';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.js';

export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** Every code the CLI adds to those of envelope-core and aws-adapter. */
export type CliErrorCode =
  | 'ERR_USAGE'
  | 'ERR_FILE_READ'
  | 'ERR_FILE_WRITE'
  | 'ERR_NOT_LEGACY'
  | 'ERR_LEGACY_REFUSED'
  | 'ERR_LEGACY_WEAK'
  | 'ERR_NOT_ENVELOPE'
  | 'ERR_LAST_USABLE_KEY'
  | 'ERR_VALUE_TOO_LARGE'
  | 'ERR_NAME_INVALID'
  | 'ERR_NAME_RESERVED'
  | 'ERR_NAME_DENIED'
  | 'ERR_NAME_DUPLICATE'
  | 'ERR_NAME_EXISTS'
  | 'ERR_PREFIX_NO_MATCH'
  | 'ERR_SECRETS_FAILED'
  | 'ERR_SPAWN'
  | 'ERR_VALUE_EMPTY'
  | 'ERR_VALUE_MISMATCH'
  | 'ERR_INSPECTOR_OPEN'
  | 'ERR_INTERNAL';

// Registers these codes with envelope-core, so that `isEnvelopeKitError(e, code)` accepts them.
declare module '@envelope-kit/envelope-core' {
  interface EnvelopeKitErrorCodes extends Record<CliErrorCode, true> {}
}

/** What a subject is, for the `(secret: ...)` / `(file: ...)` suffix of a printed error. */
export type SubjectKind = 'secret' | 'file' | 'key' | 'option' | 'command';

/**
 * An error of the CLI, with a {@link CliErrorCode}.
 *
 * @example
 * ```ts
 * throw new CliError('ERR_FILE_READ', 'cannot read file (ENOENT)', { subject: 'in.txt', kind: 'file' });
 * ```
 */
export class CliError extends EnvelopeKitError {
  declare readonly code: CliErrorCode;
  readonly kind: SubjectKind | undefined;
  constructor(
    code: CliErrorCode,
    message: string,
    options: EnvelopeKitErrorOptions & { kind?: SubjectKind } = {},
  ) {
    super(code, message, options);
    this.kind = options.kind;
  }
}

/**
 * A mistake in the command line: printed with the command's usage line, exit code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('seal: at least one --key is required');
 * ```
 */
export class UsageError extends CliError {
  constructor(message: string, options?: EnvelopeKitErrorOptions & { kind?: SubjectKind }) {
    super('ERR_USAGE', message, options);
  }
}

const subjectKinds = new WeakMap<object, SubjectKind>();
const commandSubjects = new WeakMap<object, { subject: string; kind: SubjectKind }>();

/**
 * Records the secret (or file) a command was working on when an error about something else (a
 * key) happened, so that {@link formatError} names both; an unmarked subject that the caller knows
 * to be a key id (`subjectIsKey`) is then marked as a key. Returns the error. (The key-id test lives
 * with the caller: this module loads no AWS code, so that `envelope --help` starts fast.)
 *
 * @example
 * ```ts
 * throw markCommandSubject(kmsError, 'prod/db'); // ... (key: alias/prod, secret: prod/db)
 * ```
 */
export function markCommandSubject<E>(
  error: E,
  subject: string,
  kind: SubjectKind = 'secret',
  subjectIsKey = false,
): E {
  if (!isEnvelopeKitError(error) || error.subject === undefined || error.subject === subject) return error;
  commandSubjects.set(error, { subject, kind });
  const ownKind = error instanceof CliError ? error.kind : undefined;
  if (ownKind === undefined && !subjectKinds.has(error) && subjectIsKey) subjectKinds.set(error, 'key');
  return error;
}

/**
 * Marks what the subject of an error from another package is (a key file, not a secret), for
 * {@link formatError}; returns the error.
 *
 * @example
 * ```ts
 * throw markSubjectKind(error, 'file');
 * ```
 */
export function markSubjectKind<E>(error: E, kind: SubjectKind): E {
  if (typeof error === 'object' && error !== null) subjectKinds.set(error, kind);
  return error;
}

/**
 * Formats an error as the one line the CLI prints: `envelope: <CODE>: <message> (secret: <id>)`.
 * Never a value: foreign errors keep only their class name and `code`.
 *
 * @example
 * ```ts
 * formatError(new SecretNotFoundError('secret not found', { subject: 'prod/db' }));
 * // 'envelope: ERR_SECRET_NOT_FOUND: secret not found (secret: prod/db)'
 * ```
 */
export function formatError(error: unknown): string {
  if (isEnvelopeKitError(error)) {
    const kind = (error instanceof CliError ? error.kind : undefined) ?? subjectKinds.get(error) ?? 'secret';
    const parts = error.subject === undefined ? [] : [`${kind}: ${error.subject}`];
    const command = commandSubjects.get(error);
    if (command !== undefined) parts.push(`${command.kind}: ${command.subject}`);
    return `envelope: ${error.code}: ${error.message}${parts.length === 0 ? '' : ` (${parts.join(', ')})`}`;
  }
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return `envelope: ERR_INTERNAL: unexpected ${name}${typeof code === 'string' ? ` (${code})` : ''}`;
}

/**
 * The exit code for an error: 2 for a usage error, 1 for anything else.
 *
 * @example
 * ```ts
 * process.exitCode = exitCodeOf(error);
 * ```
 */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}
