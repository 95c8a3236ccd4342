/**
 * The legacy rule every opener applies (the action's policy stage, the CLI's pull and run): a
 * legacy envelope carries no context, so it is refused where context is required unless the
 * caller allows legacy on purpose, and a weak openssl password is refused unless accepted by name.
 * The decision only; each caller words the error with its own option names.
 */

/**
 * A legacy password is a prefix of the 32-byte data key, cut at the first 0x00 or 0x0A byte
 * (openssl `-pass file:`), so each byte takes one of 254 values: log2(254) = 7.99 bits a byte.
 * Anyone who can write the secret can keep its `encryptedDataKey` and encrypt a value of their own
 * with a password they guessed, and an existing `encryptedSecret` lets them test guesses offline
 * at the cost of one SHA-256 (EVP_BytesToKey, one round) and one AES block each. Below 80 bits
 * (fewer than 11 bytes) that search is within reach of a GPU cluster; an empty password (the data
 * key starts with 0x0A, 1 key in 256) needs no search at all. 8.3% of random data keys give a
 * password under 11 bytes (1 - (254/256)^11).
 */
export const WEAK_LEGACY_BITS = 80;

/**
 * The password bits of a legacy envelope whose password is `bytes` long.
 *
 * @example
 * ```ts
 * legacyPasswordBits(32) >= WEAK_LEGACY_BITS; // true
 * ```
 */
export function legacyPasswordBits(bytes: number): number {
  return bytes * Math.log2(254);
}

/** `auto`: legacy opens unless context is required; `allow`: opens even then; `deny`: never. */
export type LegacyMode = 'auto' | 'allow' | 'deny';

/** What {@link legacyVerdict} decides on. */
export interface LegacyVerdictInput {
  /** The openssl password length in bytes (`passwordLength` of openLegacy). */
  readonly passwordLength: number;
  /** Whether the caller requires context pairs (`require-context`). */
  readonly requireContext: boolean;
  readonly mode: LegacyMode;
  /** Whether this secret or file is listed to accept a weak password. */
  readonly acceptWeak: boolean;
}

/** The outcome: opened (and whether weak), or refused with a stable code and why. */
export type LegacyVerdict =
  | { readonly ok: true; readonly weak: boolean }
  | { readonly ok: false; readonly code: 'ERR_LEGACY_REFUSED'; readonly reason: 'denied' | 'context' }
  | { readonly ok: false; readonly code: 'ERR_LEGACY_WEAK'; readonly reason: 'empty' | 'weak' };

/** A refusal that the format alone decides: legacy denied, or context required. */
export type LegacyFormatRefusal = Extract<LegacyVerdict, { reason: 'denied' | 'context' }>;

/**
 * The part of {@link legacyVerdict} that needs no KMS call: whether any legacy envelope may be used
 * at all under these options. A caller checks it as soon as it sees a legacy envelope, before the
 * KMS Decrypt of its data key, so that a value that cannot pass costs no call.
 *
 * @example
 * ```ts
 * legacyFormatRefusal({ requireContext: true, mode: 'auto' });
 * // { ok: false, code: 'ERR_LEGACY_REFUSED', reason: 'context' }
 * ```
 */
export function legacyFormatRefusal(
  input: Pick<LegacyVerdictInput, 'requireContext' | 'mode'>,
): LegacyFormatRefusal | undefined {
  if (input.mode === 'deny') return { ok: false, code: 'ERR_LEGACY_REFUSED', reason: 'denied' };
  if (input.requireContext && input.mode !== 'allow') {
    return { ok: false, code: 'ERR_LEGACY_REFUSED', reason: 'context' };
  }
  return undefined;
}

/**
 * Decides whether a legacy envelope may be used: {@link legacyFormatRefusal}, then the weak
 * password rule (which needs the data key, so comes after its Decrypt).
 *
 * @example
 * ```ts
 * const verdict = legacyVerdict({ passwordLength: 4, requireContext: false, mode: 'auto', acceptWeak: false });
 * // { ok: false, code: 'ERR_LEGACY_WEAK', reason: 'weak' }
 * ```
 */
export function legacyVerdict(input: LegacyVerdictInput): LegacyVerdict {
  const refused = legacyFormatRefusal(input);
  if (refused !== undefined) return refused;
  const weak = legacyPasswordBits(input.passwordLength) < WEAK_LEGACY_BITS;
  if (weak && !input.acceptWeak) {
    return { ok: false, code: 'ERR_LEGACY_WEAK', reason: input.passwordLength === 0 ? 'empty' : 'weak' };
  }
  return { ok: true, weak };
}
