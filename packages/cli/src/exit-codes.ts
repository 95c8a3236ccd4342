/**
 * Exit codes: 0 ok, 1 failure, 2 usage. A module of their own, importing nothing, so that
 * `envelope --version` and `--help` can use them without loading envelope-core.
 *
 * @example
 * ```ts
 * return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
 * ```
 */
export const EXIT_OK = 0;
/** Exit code of a failure (missing secret, wrong key...); see {@link EXIT_OK} for an example. */
export const EXIT_FAILURE = 1;
/** Exit code of a usage error (bad option, missing argument); see {@link EXIT_OK} for an example. */
export const EXIT_USAGE = 2;
