/**
 * The policy stage: one set of rules that every opened value passes, whatever its format (v1,
 * legacy, plain; from Secrets Manager or a file), after execute() opened it and before anything is
 * named, masked or exported. A format that cannot satisfy a rule fails it: a legacy envelope or a
 * plain value carries no context, so `require-context` refuses it (a legacy envelope only unless
 * `legacy-envelopes: allow`). execute() also checks the v1 rules while opening (they bind the AAD
 * and the KMS calls); they are checked here again so that no path can skip them.
 */
import { legacyPasswordBits, WEAK_LEGACY_BITS } from '@envelope-kit/envelope-core';
import type { Failure } from './errors.js';
import type { Plan } from './plan.js';
import type { OpenedValue } from './variables.js';

// The weak-legacy threshold and its reasoning live in envelope-core's legacy-policy.ts, shared
// with the CLI.
export { legacyPasswordBits, WEAK_LEGACY_BITS };

/** The result of {@link applyPolicy}: the values that passed, and a failure for each that did not. */
export interface PolicyResult {
  readonly accepted: readonly OpenedValue[];
  readonly failures: readonly Failure[];
}

function refusal(
  item: OpenedValue,
  plan: Plan,
  allowedKeyIds: readonly string[] | undefined,
): Failure | undefined {
  const subject = item.subject;
  const migrate = `re-seal it: envelope migrate ${subject}`;
  const required = Object.entries(plan.requireContext);
  if (item.format === 'plain') {
    if (plan.plaintext === 'deny' || item.kind === 'file') {
      return { subject, code: 'ERR_PLAINTEXT_REFUSED', message: 'value is not an envelope' };
    }
    if (required.length > 0) {
      return {
        subject,
        code: 'ERR_CONTEXT_MISMATCH',
        message: `a plain value carries no context, and require-context asks for ${required.map(([k]) => k).join(', ')}`,
      };
    }
    return undefined;
  }
  if (allowedKeyIds !== undefined && (item.keyId === undefined || !allowedKeyIds.includes(item.keyId))) {
    return {
      subject,
      code: 'ERR_KEY_NOT_ALLOWED',
      message: `key ${item.keyId ?? '(none)'} is not in allowed-key-ids`,
    };
  }
  if (item.format === 'legacy') {
    if (plan.legacy.mode === 'deny') {
      return {
        subject,
        code: 'ERR_LEGACY_REFUSED',
        message: `legacy envelopes are refused (legacy-envelopes: deny); ${migrate}`,
      };
    }
    if (required.length > 0 && plan.legacy.mode !== 'allow') {
      return {
        subject,
        code: 'ERR_LEGACY_REFUSED',
        message: `a legacy envelope carries no context, and require-context is set; ${migrate} (or set legacy-envelopes: allow)`,
      };
    }
    const bits = legacyPasswordBits(item.legacyPasswordLength ?? 0);
    if (bits < WEAK_LEGACY_BITS && !plan.legacy.acceptWeak.includes(subject)) {
      // Never the length itself: where the password stops tells which byte of the data key is 0x00/0x0A.
      return {
        subject,
        code: 'ERR_LEGACY_WEAK',
        message:
          `legacy envelope's openssl password is ${bits === 0 ? 'empty' : `under ${WEAK_LEGACY_BITS} bits`}: ` +
          `anyone who can write the secret can forge it; ${migrate} (or list it in accept-weak-legacy)`,
      };
    }
    return undefined;
  }
  // v1: the context execute() required and open() authenticated, checked once more.
  const context = item.context ?? {};
  for (const [key, value] of required) {
    if (context[key] !== value) {
      return {
        subject,
        code: 'ERR_CONTEXT_MISMATCH',
        message: `envelope lacks required context ${key}=${value}`,
      };
    }
  }
  if (item.kind === 'secret' && context.secret !== undefined && context.secret !== item.name) {
    return {
      subject,
      code: 'ERR_CONTEXT_MISMATCH',
      message: `envelope is bound to secret=${context.secret}`,
    };
  }
  return undefined;
}

/**
 * Applies the policy to every opened value. Every legacy value that passes gets a warning naming
 * `envelope migrate` (the summary and a `::warning::` line show it), weak or not.
 *
 * @example
 * ```ts
 * const { accepted, failures } = applyPolicy(plan, result.opened, result.allowedKeyIds);
 * ```
 */
export function applyPolicy(
  plan: Plan,
  opened: readonly OpenedValue[],
  allowedKeyIds: readonly string[] | undefined,
): PolicyResult {
  const accepted: OpenedValue[] = [];
  const failures: Failure[] = [];
  for (const item of opened) {
    const failure = refusal(item, plan, allowedKeyIds);
    if (failure !== undefined) {
      failures.push(failure);
      continue;
    }
    if (item.format !== 'legacy') {
      accepted.push(item);
      continue;
    }
    const bits = legacyPasswordBits(item.legacyPasswordLength ?? 0);
    const weak = bits < WEAK_LEGACY_BITS ? ', weak password accepted by accept-weak-legacy' : '';
    accepted.push({
      ...item,
      warnings: [
        ...item.warnings,
        `legacy envelope (no context, key list not authenticated${weak}): re-seal it: envelope migrate ${item.subject}`,
      ],
    });
  }
  return { accepted, failures };
}
