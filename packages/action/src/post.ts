/**
 * The post entry of actions/decrypt-secrets: when `cleanup` is true, blanks every variable the
 * main step exported, so that steps of later actions' post phases do not see them. Reads the names
 * (never values) the main step saved with saveState.
 */
import { toFailure } from './errors.js';
import { EXPORTED_NAMES_STATE } from './publish.js';
import { type ActionsIO, actionsIO } from './toolkit.js';

/** What runPost() can be given instead of the real runner. */
export interface RunPostOptions {
  /** Default: @actions/core. */
  readonly io?: ActionsIO;
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
  try {
    const cleanup = io.getInput('cleanup').trim();
    if (['false', 'False', 'FALSE'].includes(cleanup)) return [];
    const saved = io.getState(EXPORTED_NAMES_STATE);
    if (saved === '') return [];
    const parsed: unknown = JSON.parse(saved);
    const names = Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
    for (const name of names) io.exportVariable(name, '');
    if (names.length > 0)
      io.info(`decrypt-secrets: blanked ${names.length} variable(s): ${names.join(', ')}`);
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
