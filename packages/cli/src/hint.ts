/**
 * The `envelope` command lines the CLI suggests in its errors and warnings. Every suggestion is
 * built here from words, shell-quoted, so that it runs as printed once its placeholders (upper-case
 * words: KEY, FILE, NEW_FILE) are filled in. test/hints.test.ts provokes every {@link HintId},
 * runs the command printed, and checks that it gets further; it also reads the sources for the ids
 * used, so a hint added without a case there fails it.
 *
 * In a message, a suggestion ends at a `;`, a parenthesis, a double quote or the end of the line,
 * so that a reader (and the test) can tell where the command stops.
 *
 * This module imports nothing: main.ts records the command line with it before anything loads.
 */

/** One id per place that prints a suggestion (the id is not printed; it ties the place to its test). */
export type HintId =
  | 'command-help'
  | 'unknown-command'
  | 'legacy-migrate-secret'
  | 'legacy-migrate-file'
  | 'legacy-refused-migrate'
  | 'legacy-refused-allow'
  | 'legacy-refused-accept-weak'
  | 'legacy-pbkdf2'
  | 'rewrap-legacy-secret'
  | 'rewrap-legacy-file'
  | 'hex-key-keygen'
  | 'hex-key-retry'
  | 'no-usable-key'
  | 'keygen-terminal-out'
  | 'keygen-terminal-pipe'
  | 'run-command-after-dashes';

let invocation: readonly string[] = [];

/**
 * Records the arguments `envelope` was run with, for {@link retryHint}. Values never travel on the
 * command line (the CLI refuses them there), so the words are safe to print again.
 *
 * @example
 * ```ts
 * recordInvocation(process.argv.slice(2));
 * ```
 */
export function recordInvocation(argv: readonly string[]): void {
  invocation = [...argv];
}

/** A word as a POSIX shell reads it back: as is when it is plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * `envelope <args>`, shell-quoted.
 *
 * @example
 * ```ts
 * commandHint('legacy-migrate-secret', ['migrate', 'prod/db', '--key', 'KEY']); // 'envelope migrate prod/db --key KEY'
 * ```
 */
export function commandHint(_id: HintId, args: readonly string[]): string {
  return ['envelope', ...args].map(shellWord).join(' ');
}

/** How {@link retryHint} changes the recorded command line. */
export interface RetryChange {
  /** Options to drop with their value (`--legacy-kdf md5`, `--legacy-kdf=md5`). */
  readonly drop?: readonly string[];
  /** Arguments to add (before `--`, where `run`'s child command starts). */
  readonly add?: readonly string[];
  /** Replace an argument (or the value of `--opt=value`) equal to `[0]` by `[1]`. */
  readonly replace?: readonly [string, string];
  /** Words to move after a `--` (the last occurrence of each): `run`'s child command given without it. */
  readonly afterDashes?: readonly string[];
}

/**
 * The command line `envelope` was run with, changed: the same command again with another option.
 *
 * @example
 * ```ts
 * // envelope open --in legacy.json
 * retryHint('legacy-pbkdf2', { drop: ['--legacy-kdf'], add: ['--legacy-kdf', 'pbkdf2'] });
 * // 'envelope open --in legacy.json --legacy-kdf pbkdf2'
 * ```
 */
export function retryHint(id: HintId, change: RetryChange): string {
  const dashes = invocation.indexOf('--');
  const own = dashes < 0 ? [...invocation] : invocation.slice(0, dashes);
  let tail = dashes < 0 ? [] : invocation.slice(dashes);
  if (change.afterDashes !== undefined && change.afterDashes.length > 0) {
    for (const word of change.afterDashes) own.splice(own.lastIndexOf(word), own.includes(word) ? 1 : 0);
    tail = ['--', ...change.afterDashes, ...tail.slice(1)];
  }
  const kept: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const word = own[i] as string;
    const name = word.split('=')[0] as string;
    if (change.drop?.includes(name) === true) {
      if (!word.includes('=')) i++;
      continue;
    }
    const [from, to] = change.replace ?? [];
    if (from !== undefined && to !== undefined && (word === from || word === `${name}=${from}`)) {
      kept.push(word === from ? to : `${name}=${to}`);
    } else {
      kept.push(word);
    }
  }
  return commandHint(id, [...kept, ...(change.add ?? []), ...tail]);
}
