/**
 * The plain-value rule every opener applies (the action's policy stage, the CLI's pull and run): a
 * value that is no envelope carries no context and was sealed by no key, so anyone who may write the
 * secret (`secretsmanager:PutSecretValue`, no KMS right) can put one there. It is refused where the
 * caller asks for plain values to be refused, and wherever context is required, whatever else the
 * caller allows. A key allow-list alone does not refuse it: that is `deny`'s job, as in the action.
 * The decision only; each caller words the error with its own option names.
 */

/** `plaintext-secrets` (action) and `--plaintext` (CLI): whether a value that is no envelope may pass. */
export type PlaintextMode = 'allow' | 'deny';

/** What {@link plainVerdict} decides on. */
export interface PlainVerdictInput {
  readonly mode: PlaintextMode;
  /** Whether the caller requires context pairs (`require-context`). */
  readonly requireContext: boolean;
}

/** The outcome: passes, or refused with a stable code and why. */
export type PlainVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'ERR_PLAINTEXT_REFUSED'; readonly reason: 'denied' }
  | { readonly ok: false; readonly code: 'ERR_CONTEXT_MISMATCH'; readonly reason: 'context' };

/**
 * Decides whether a plain value (no envelope) read from a secret may be used. `deny` wins, then
 * required context; `allow` never waives required context (no value can satisfy it without one).
 *
 * @example
 * ```ts
 * plainVerdict({ mode: 'allow', requireContext: true });
 * // { ok: false, code: 'ERR_CONTEXT_MISMATCH', reason: 'context' }
 * ```
 */
export function plainVerdict(input: PlainVerdictInput): PlainVerdict {
  if (input.mode === 'deny') return { ok: false, code: 'ERR_PLAINTEXT_REFUSED', reason: 'denied' };
  if (input.requireContext) return { ok: false, code: 'ERR_CONTEXT_MISMATCH', reason: 'context' };
  return { ok: true };
}
