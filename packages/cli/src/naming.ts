/**
 * Environment variable names for `envelope run`, by the same rules as the action
 * (packages/action/src/naming.ts, which follows the official aws-actions/aws-secretsmanager-get-secrets):
 * leading digit -> `_`, `[^A-Za-z0-9_]` -> `_`, then the transformation; `[ALIAS,]ID` lines; JSON
 * flattening into `NAME_KEY`; refusal of reserved, invalid, duplicate and already-set names.
 *
 * DUPLICATE of the action's naming code: the action package is private (it is bundled, not
 * published), so the published CLI cannot depend on it. Keep both in step until it moves to a
 * shared published module.
 */
import { CliError, UsageError } from './errors.js';

/** `--name-transformation`. */
export type NameTransformation = 'uppercase' | 'lowercase' | 'none';

/**
 * The official transformToValidEnvName.
 *
 * @example
 * ```ts
 * toEnvName('0/test/secret', 'uppercase'); // '_0_TEST_SECRET'
 * ```
 */
export function toEnvName(text: string, transformation: NameTransformation, hasPrefix = false): string {
  const prefixed = !hasPrefix && /^[0-9]/.test(text) ? `_${text}` : text;
  const valid = prefixed.replace(/[^a-zA-Z0-9_]/g, '_');
  switch (transformation) {
    case 'uppercase':
      return valid.toUpperCase();
    case 'lowercase':
      return valid.toLowerCase();
    case 'none':
      return valid;
  }
}

/**
 * Splits `[ALIAS,]ID` as the action does: an alias must already be a valid name under the
 * transformation, a blank alias (`,ID`) drops the prefix of flattened JSON keys.
 *
 * @example
 * ```ts
 * splitAlias('DB,prod/db', 'uppercase'); // { alias: 'DB', id: 'prod/db' }
 * ```
 */
export function splitAlias(
  line: string,
  transformation: NameTransformation,
): { alias: string | undefined; id: string } {
  const parts = line.split(',');
  if (parts.length === 1) return { alias: undefined, id: line.trim() };
  const alias = (parts[0] ?? '').trim();
  const id = (parts[1] ?? '').trim();
  if (parts.length > 2 || id === '') {
    throw new UsageError('--secret-ids: expected [ALIAS,]ID', { subject: line, kind: 'option' });
  }
  if (alias !== '' && alias !== toEnvName(alias, transformation)) {
    throw new UsageError(
      `--secret-ids: alias '${alias}' is not a valid environment name under name transformation ${transformation}`,
      { subject: id },
    );
  }
  return { alias, id };
}

function isJsonObjectText(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** One variable: its name and value. */
export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

/**
 * Turns one value into variables exactly as the action's flattenSecret (the official injectSecret).
 *
 * @example
 * ```ts
 * flattenSecret({ alias: undefined, secretName: 'test/secret', value: '{"user":"u"}', parseJson: true, transformation: 'uppercase' });
 * // [{ name: 'TEST_SECRET_USER', value: 'u' }]
 * ```
 */
export function flattenSecret(options: {
  alias: string | undefined;
  secretName: string;
  value: string;
  parseJson: boolean;
  transformation: NameTransformation;
}): NamedValue[] {
  const { alias, secretName, value, parseJson, transformation } = options;
  if (!parseJson || !isJsonObjectText(value)) {
    return [{ name: toEnvName(alias ? alias : secretName, transformation), value }];
  }
  const prefix = alias === '' ? '' : toEnvName(alias ?? secretName, transformation);
  const out: NamedValue[] = [];
  flattenInto(out, prefix, value, transformation);
  return out;
}

function flattenInto(out: NamedValue[], prefix: string, value: string, transformation: NameTransformation) {
  if (!isJsonObjectText(value)) {
    out.push({ name: toEnvName(prefix, transformation), value });
    return;
  }
  const map = JSON.parse(value) as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    const leaf = map[key];
    const text = typeof leaf === 'string' ? leaf : JSON.stringify(leaf);
    const name = [prefix, toEnvName(key, transformation, true)].filter((part) => part !== '').join('_');
    flattenInto(out, name, text, transformation);
  }
}

const RESERVED_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_'];
const RESERVED_NAMES = [
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'NODE_REPL_EXTERNAL_MODULE',
  'NODE_ICU_DATA',
  'PATH',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'DYLD_INSERT_LIBRARIES',
  'DYLD_LIBRARY_PATH',
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PS4',
  'HOME',
  'CI',
];

/**
 * Whether a name is reserved (the action's list: runner variables, loaders, shell start-up files).
 *
 * @example
 * ```ts
 * isReservedName('LD_PRELOAD'); // true
 * ```
 */
export function isReservedName(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_NAMES.includes(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/**
 * Every refusal among the names, as CliErrors naming the secret: invalid, reserved, duplicate,
 * or already set (non-empty) in `env` unless `allowOverwrite`.
 *
 * @example
 * ```ts
 * checkNames([{ name: 'PATH', subject: 'prod/path' }], process.env, false); // [CliError ERR_NAME_RESERVED]
 * ```
 */
export function checkNames(
  candidates: readonly { name: string; subject: string }[],
  env: Readonly<Record<string, string | undefined>>,
  allowOverwrite: boolean,
): CliError[] {
  const failures: CliError[] = [];
  const first = new Map<string, string>();
  for (const { name, subject } of candidates) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      failures.push(new CliError('ERR_NAME_INVALID', `variable name '${name}' is not valid`, { subject }));
    } else if (isReservedName(name)) {
      failures.push(new CliError('ERR_NAME_RESERVED', `variable name '${name}' is reserved`, { subject }));
    } else if (first.has(name)) {
      failures.push(
        new CliError(
          'ERR_NAME_DUPLICATE',
          `variable name '${name}' is also produced by ${first.get(name)}; set an alias`,
          {
            subject,
          },
        ),
      );
    } else {
      first.set(name, subject);
      if (!allowOverwrite && env[name]) {
        failures.push(
          new CliError(
            'ERR_NAME_EXISTS',
            `variable '${name}' is already set; set an alias or --allow-overwrite`,
            {
              subject,
            },
          ),
        );
      }
    }
  }
  return failures;
}
