/**
 * The post entry of actions/decrypt-secrets: when `cleanup` is true, blanks every variable the
 * main step exported, so that steps of later actions' post phases do not see them. Reads the names
 * (never values) the main step saved with saveState, and every name listed in SECRETS_LIST_CLEAN_UP
 * (this action's and aws-actions/aws-secretsmanager-get-secrets' cleanup list, which both write),
 * then blanks that list, as the official post step does.
 */
import { CLEANUP_LIST_VARIABLE, listedForCleanup, sortCleanupNames } from './cleanup-list.js';
import { toFailure } from './errors.js';
import { EXPORTED_NAMES_STATE } from './publish.js';
import { type ActionsIO, actionsIO } from './toolkit.js';

/** What runPost() can be given instead of the real runner. */
export interface RunPostOptions {
  /** Default: @actions/core. */
  readonly io?: ActionsIO;
  /** Where SECRETS_LIST_CLEAN_UP is read. Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs the post step. Returns the blanked names. A missing or unreadable state (the main step
 * failed before exporting) blanks nothing.
 *
 * @example
 * ```ts
 * import { runPost } from './post.js';
 * await runPost();
 * ```
 */
export async function runPost(options: RunPostOptions = {}): Promise<string[]> {
  const io = options.io ?? actionsIO();
  const env = options.env ?? process.env;
  try {
    const cleanup = io.getInput('cleanup').trim();
    if (['false', 'False', 'FALSE'].includes(cleanup)) return [];
    const saved = io.getState(EXPORTED_NAMES_STATE);
    const parsed: unknown = saved === '' ? [] : JSON.parse(saved);
    const ours = Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
    // Names an earlier step of either action listed are blanked too: the official post step of an
    // earlier step may run after this one and find the list already blanked.
    // The list is in the environment, so any earlier step can write it: names the runner relies
    // on are never blanked (sortCleanupNames). Main never exports such names.
    const listed = listedForCleanup(env);
    const { kept: names, runner: ignored } = sortCleanupNames([...new Set([...listed, ...ours])]);
    for (const name of names) io.exportVariable(name, '');
    if (env[CLEANUP_LIST_VARIABLE]) io.exportVariable(CLEANUP_LIST_VARIABLE, '');
    if (names.length > 0)
      io.info(`decrypt-secrets: blanked ${names.length} variable(s): ${names.join(', ')}`);
    if (ignored.length > 0)
      io.warning(
        `decrypt-secrets cleanup: left ${ignored.length} listed name(s) the runner relies on: ${ignored.join(', ')}`,
      );
    return names;
  } catch (error) {
    // The post step never fails the job: warn and carry on.
    const failure = toFailure(error, 'cleanup');
    io.warning(`decrypt-secrets cleanup: ${failure.code} ${failure.message}`);
    return [];
  }
}

/**
 * The post step under the name @github/local-action calls (`--post src/post.ts`); the bundle's
 * entry-post.ts calls it too.
 */
export const run = runPost;
