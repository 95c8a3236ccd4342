/**
 * The policy stage: one set of rules that every opened value passes, whatever its format (v1,
 * legacy, plain; from Secrets Manager or a file), after execute() opened it and before anything is
 * named, masked or exported. A format that cannot satisfy a rule fails it: a legacy envelope or a
 * plain value carries no context, so `require-context` refuses it (a legacy envelope only unless
 * `legacy-envelopes: allow`).
 *
 * The rules that the format alone decides ({@link formatRefusal}) are also what execute() checks
 * right after it detects a value's format, so that a value that cannot pass costs no KMS call (a
 * legacy envelope under `legacy-envelopes: deny` is never decrypted). execute() also checks the v1
 * context rules while opening (they bind the AAD and the KMS calls); everything is checked here
 * again so that no path can skip it.
 */
import {
  legacyFormatRefusal,
  legacyPasswordBits,
  legacyVerdict,
  plainVerdict,
  WEAK_LEGACY_BITS,
} from '@envelope-kit/envelope-core';
import type { Failure } from './errors.js';
import type { Plan } from './plan.js';
import type { OpenedValue, ValueFormat } from './variables.js';

// The plain and legacy rules and the weak-password threshold (with its reasoning) live in
// envelope-core's plain-policy.ts and legacy-policy.ts, shared with the CLI.
export { legacyPasswordBits, WEAK_LEGACY_BITS };

/** The result of {@link applyPolicy}: the values that passed, and a failure for each that did not. */
export interface PolicyResult {
  readonly accepted: readonly OpenedValue[];
  readonly failures: readonly Failure[];
}

/** What the policy knows of a value before it is opened: where it comes from, and its format. */
export interface UnopenedValue {
  readonly subject: string;
  readonly kind: 'secret' | 'file';
  readonly format: ValueFormat;
}

const migrateHint = (subject: string) => `re-seal it: envelope migrate ${subject}`;

/**
 * The rules a value's format alone decides, before it is opened: `plaintext-secrets` (and an
 * envelope file must hold an envelope), `require-context` for a plain value, `legacy-envelopes` and
 * `require-context` for a legacy envelope. execute() calls it before any KMS call; applyPolicy()
 * calls it again for every opened value.
 *
 * @example
 * ```ts
 * const failure = formatRefusal({ subject: 'old/db', kind: 'secret', format: 'legacy' }, plan);
 * if (failure !== undefined) throw new ActionError(failure.code, failure.message, { subject: failure.subject });
 * ```
 */
export function formatRefusal(item: UnopenedValue, plan: Plan): Failure | undefined {
  const { subject } = item;
  const required = Object.keys(plan.requireContext);
  if (item.format === 'plain') {
    if (item.kind === 'file') {
      return { subject, code: 'ERR_PLAINTEXT_REFUSED', message: 'envelope file holds no envelope' };
    }
    const verdict = plainVerdict({ mode: plan.plaintext, requireContext: required.length > 0 });
    if (verdict.ok) return undefined;
    return {
      subject,
      code: verdict.code,
      message:
        verdict.reason === 'denied'
          ? 'secret is not an envelope and plaintext-secrets is deny'
          : `a plain value carries no context, and require-context asks for ${required.join(', ')}`,
    };
  }
  if (item.format === 'legacy') {
    const refused = legacyFormatRefusal({ requireContext: required.length > 0, mode: plan.legacy.mode });
    if (refused === undefined) return undefined;
    return {
      subject,
      code: refused.code,
      message:
        refused.reason === 'denied'
          ? `legacy envelopes are refused (legacy-envelopes: deny); ${migrateHint(subject)}`
          : `a legacy envelope carries no context, and require-context is set; ${migrateHint(subject)} (or set legacy-envelopes: allow)`,
    };
  }
  return undefined;
}

function refusal(
  item: OpenedValue,
  plan: Plan,
  allowedKeyIds: readonly string[] | undefined,
): Failure | undefined {
  const byFormat = formatRefusal(item, plan);
  if (byFormat !== undefined || item.format === 'plain') return byFormat;
  const subject = item.subject;
  if (allowedKeyIds !== undefined && (item.keyId === undefined || !allowedKeyIds.includes(item.keyId))) {
    return {
      subject,
      code: 'ERR_KEY_NOT_ALLOWED',
      message: `key ${item.keyId ?? '(none)'} is not in allowed-key-ids`,
    };
  }
  if (item.format === 'legacy') {
    const verdict = legacyVerdict({
      passwordLength: item.legacyPasswordLength ?? 0,
      requireContext: Object.keys(plan.requireContext).length > 0,
      mode: plan.legacy.mode,
      acceptWeak: plan.legacy.acceptWeak.includes(subject),
    });
    if (verdict.ok) return undefined;
    // formatRefusal() above took the refusals the format decides; what is left is the weak password.
    // Never the length itself: where the password stops tells which byte of the data key is 0x00/0x0A.
    return {
      subject,
      code: verdict.code,
      message:
        `legacy envelope's openssl password is ${verdict.reason === 'empty' ? 'empty' : `under ${WEAK_LEGACY_BITS} bits`}: ` +
        `anyone who can write the secret can forge it; ${migrateHint(subject)} (or list it in accept-weak-legacy)`,
    };
  }
  // v1: the context execute() required and open() authenticated, checked once more.
  const context = item.context ?? {};
  for (const [key, value] of Object.entries(plan.requireContext)) {
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
