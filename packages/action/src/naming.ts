/**
 * Environment variable names: the rules live in @envelope-kit/aws-adapter/env-names (shared with
 * `envelope run`); this module adapts only what is the action's own: a bad `[ALIAS,]ID` line is an
 * ERR_INPUT naming the input, and refused names are {@link Failure}s.
 */
import {
  type ContentNames,
  checkNames as checkEnvNames,
  EnvNameError,
  type NameCandidate,
  type NameTransformation,
  splitAlias as splitAliasLine,
} from '@envelope-kit/aws-adapter/env-names';
import { ActionError, type Failure } from './errors.js';

export {
  ALLOW_NAME_PATTERN,
  type AnalyzedSecret,
  analyzeSecret,
  baseEnvName,
  CONTENT_NAMES,
  type ContentNames,
  flattenSecret,
  isJsonObjectText,
  isReservedName,
  isSecretArn,
  MAX_MASKS_PER_SECRET,
  masksOfText,
  type NameCandidate,
  type NameChooser,
  type NamedValue,
  type NameTransformation,
  nameChooser,
  RESERVED_NAMES,
  RESERVED_PREFIXES,
  regionOfSecretArn,
  secretNameFromArn,
  toEnvName,
} from '@envelope-kit/aws-adapter/env-names';

/**
 * Splits one `[ALIAS,]ID` line of the input `inputName` (see aws-adapter's splitAlias); a malformed
 * line or an invalid alias is an ERR_INPUT whose message starts with `input '<inputName>'` and whose
 * subject is the id (the input name when the id is blank).
 *
 * @example
 * ```ts
 * splitAlias('DB, prod/db', 'uppercase'); // { alias: 'DB', id: 'prod/db' }
 * splitAlias('db, prod/db', 'uppercase'); // throws ActionError ERR_INPUT
 * ```
 */
export function splitAlias(
  line: string,
  transformation: NameTransformation,
  inputName = 'secret-ids',
): { alias: string | undefined; id: string } {
  try {
    return splitAliasLine(line, transformation, `input '${inputName}'`);
  } catch (error) {
    if (!(error instanceof EnvNameError)) throw error;
    throw new ActionError('ERR_INPUT', error.message, { subject: error.subject ?? inputName, cause: error });
  }
}

/**
 * Every refused name (invalid, reserved, denied, duplicate, already set unless `allowOverwrite`) as
 * a {@link Failure} naming its secret or file; `contentNames` as the input `content-names`.
 *
 * @example
 * ```ts
 * checkNames([{ name: 'PATH', subject: 'prod/path' }], {}, false);
 * // [{ subject: 'prod/path', code: 'ERR_NAME_RESERVED', message: "variable name 'PATH' is reserved" }]
 * ```
 */
export function checkNames(
  candidates: readonly NameCandidate[],
  env: Readonly<Record<string, string | undefined>>,
  allowOverwrite: boolean,
  allowNames: readonly string[] = [],
  contentNames: ContentNames = 'deny-list',
): Failure[] {
  return checkEnvNames(
    candidates,
    env,
    allowOverwrite,
    'allow-overwrite: true',
    allowNames,
    'allow-names',
    contentNames,
  ).map((error) => ({
    subject: error.subject ?? '',
    code: error.code,
    message: error.message,
  }));
}
