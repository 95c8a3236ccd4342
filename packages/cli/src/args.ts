/**
 * Command-line parsing with node:util parseArgs (strict): every command declares its options; the
 * global ones (--region, --endpoint-url, --json, --help) are added to each. Parse errors become
 * {@link UsageError}s (exit 2) whose messages name the option, never an option's value.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { didYouMean } from './suggest.js';

/** One option of a command, as parseArgs takes it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
}

/**
 * The options every command accepts.
 *
 * @example
 * ```ts
 * Object.keys(GLOBAL_OPTIONS); // ['region', 'endpoint-url', 'json', 'debug', 'help']
 * ```
 */
export const GLOBAL_OPTIONS = {
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

/** Parsed options: strings, string lists and booleans by option name. */
export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What {@link parseCommandArgs} returns. */
export interface ParsedArgs {
  readonly values: ParsedValues;
  readonly positionals: string[];
}

/**
 * Parses `argv` against `options` plus {@link GLOBAL_OPTIONS}.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCommandArgs('seal', ['--key', 'alias/a'], { key: { type: 'string', multiple: true } });
 * ```
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: Record<string, OptionSpec>,
): ParsedArgs {
  const all = { ...GLOBAL_OPTIONS, ...options };
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: all,
      strict: true,
      allowPositionals: true,
    });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${describeParseError(error, Object.keys(all))}`);
  }
}

function describeParseError(error: unknown, optionNames: readonly string[]): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  // parseArgs quotes the option token; keep only the option name (`--x=value` must not echo value).
  const option = /'(-{1,2}[^'=\s]*)/.exec(message)?.[1] ?? 'an option';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}${didYouMean(
        option,
        optionNames.map((name) => `--${name}`),
      )}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `option ${option} is used wrongly (a value where none is taken, or one missing)`;
    default:
      return 'cannot parse the arguments';
  }
}

/**
 * The list of a repeatable string option (empty when absent).
 *
 * @example
 * ```ts
 * stringList(values, 'key'); // ['alias/a', 'local:k.bin']
 * ```
 */
export function stringList(values: ParsedValues, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/**
 * A single string option, or undefined.
 *
 * @example
 * ```ts
 * stringOption(values, 'in'); // 'secret.txt'
 * ```
 */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Parses repeated `k=v` options into a map; a key given twice is a usage error.
 *
 * @example
 * ```ts
 * parsePairs(['secret=prod/db', 'env=prod'], '--context'); // { secret: 'prod/db', env: 'prod' }
 * ```
 */
export function parsePairs(list: readonly string[], option: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${option} expects KEY=VALUE`);
    const key = item.slice(0, eq);
    if (Object.hasOwn(pairs, key)) throw new UsageError(`${option}: key '${key}' given twice`);
    pairs[key] = item.slice(eq + 1);
  }
  return pairs;
}

/**
 * Refuses positionals: values come from stdin or files, never from the command line (where
 * they would land in shell history and `ps`).
 *
 * @example
 * ```ts
 * noPositionals('seal', positionals);
 * ```
 */
export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(
      `${command}: unexpected argument; values are read from stdin or --in FILE, never from the command line`,
    );
  }
}

/**
 * The one SECRET_ID positional of push/pull/rewrap/migrate.
 *
 * @example
 * ```ts
 * const id = secretIdPositional('pull', positionals); // 'prod/db'
 * ```
 */
export function secretIdPositional(command: string, positionals: readonly string[]): string {
  if (positionals.length !== 1 || positionals[0] === '') {
    throw new UsageError(
      positionals.length === 0
        ? `${command}: SECRET_ID is required`
        : `${command}: expected one SECRET_ID; values are read from stdin or --in FILE, never from the command line`,
    );
  }
  return positionals[0] as string;
}
