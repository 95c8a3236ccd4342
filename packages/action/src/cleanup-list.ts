/**
 * SECRETS_LIST_CLEAN_UP, the cleanup list shared with aws-actions/aws-secretsmanager-get-secrets.
 * Its own module so that the post bundle does not pull in the naming rules (only the deny-list's
 * runner tier).
 */
import { deniedBy } from '@envelope-kit/aws-adapter/env-names';

/**
 * The variable in which aws-actions/aws-secretsmanager-get-secrets lists (JSON array) every
 * variable its post step blanks (its src/constants.ts CLEANUP_NAME). This action appends its own
 * names there too and its post step blanks every name listed, so a job that mixes both actions
 * (during a migration) is cleaned up whichever post step runs first. No secret may take the name.
 */
export const CLEANUP_LIST_VARIABLE = 'SECRETS_LIST_CLEAN_UP';

/**
 * The names listed in {@link CLEANUP_LIST_VARIABLE} (a JSON array of strings, as the official action
 * writes it); an unset, empty or malformed value lists none.
 *
 * @example
 * ```ts
 * listedForCleanup({ SECRETS_LIST_CLEAN_UP: '["A","B"]' }); // ['A', 'B']
 * ```
 */
export function listedForCleanup(env: Readonly<Record<string, string | undefined>>): string[] {
  const text = env[CLEANUP_LIST_VARIABLE];
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/** What a name in the cleanup list must look like to be kept (a file command name, nothing more). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Sorts names found in the cleanup list. The list is in the environment, so any earlier step (not
 * only the official action) can write it: `kept` are the well-formed variable names the runner
 * does not rely on, which the main step carries into the list it writes and the post step blanks;
 * `runner` are names of the deny-list's runner tier (GITHUB_ENV, PATH, HOME, tokens...), never
 * carried nor blanked (blanking GITHUB_ENV first would turn every later blank into a refused
 * ::set-env, review F2); anything else (`A=B`, a line break, not a string) is dropped.
 *
 * @example
 * ```ts
 * sortCleanupNames(['A', 'PATH', 'X=Y']); // { kept: ['A'], runner: ['PATH'] }
 * ```
 */
export function sortCleanupNames(names: readonly string[]): { kept: string[]; runner: string[] } {
  const wellFormed = names.filter((name) => VARIABLE_NAME.test(name));
  const runner = wellFormed.filter((name) => deniedBy(name)?.tier === 'runner');
  return { kept: wellFormed.filter((name) => !runner.includes(name)), runner };
}
