/**
 * SECRETS_LIST_CLEAN_UP, the cleanup list shared with aws-actions/aws-secretsmanager-get-secrets.
 * Its own module so that the post bundle does not pull in the naming rules.
 */

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
