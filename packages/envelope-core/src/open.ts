/** open: check an envelope against the caller's policy, recover its data key, decrypt. */
import { describeType } from './bytes.js';
import { type Envelope, parseEnvelope } from './envelope.js';
import { ContextMismatchError, EnvelopeKitError, InvalidArgumentError, TooManyKeysError } from './errors.js';
import type { EncryptionContext, KeyProvider } from './key-provider.js';
import { recoverDataKey } from './recover-data-key.js';
import { envelopeAad, gcmDecrypt } from './v1-crypto.js';

/**
 * Default cap on the number of keys an envelope may list (open and rewrap).
 *
 * @example
 * ```ts
 * await open(envelope, { providers, maxKeys: DEFAULT_MAX_KEYS + 2 });
 * ```
 */
export const DEFAULT_MAX_KEYS = 10;

/** Options of {@link open}. */
export interface OpenOptions {
  /** Providers that may unwrap; each entry goes to the first provider whose handles() says yes. */
  providers: readonly KeyProvider[];
  /** Pairs the envelope's context must hold, exactly. */
  requiredContext?: EncryptionContext;
  /** Key ids an entry may have and the provider may answer with (compared exactly). */
  allowedKeyIds?: readonly string[];
  /** Refuse envelopes listing more keys, before any provider call. Default 10. */
  maxKeys?: number;
  /** The secret name or file, set as `subject` of every error. */
  subject?: string;
}

/** What {@link open} returns. */
export interface OpenResult {
  /** The plaintext bytes; the caller zeroes them when done. */
  plaintext: Uint8Array;
  /** The envelope's encryption context. */
  context: Record<string, string>;
  /** The provider (`p`) of the entry that opened it. */
  provider: string;
  /** The key id the provider reported (for KMS: the KeyId Decrypt returned). */
  keyId: string;
}

/** Validates a key cap option. */
export function checkMaxKeys(maxKeys: number | undefined): number {
  const cap = maxKeys ?? DEFAULT_MAX_KEYS;
  if (!Number.isSafeInteger(cap) || cap < 1)
    throw new InvalidArgumentError(`maxKeys must be a positive integer, got ${cap}`);
  return cap;
}

/** The policy checks that need no key: key count and required context. */
export function checkPolicy(
  envelope: Envelope,
  maxKeys: number,
  requiredContext: EncryptionContext | undefined,
): void {
  if (envelope.keys.length > maxKeys) {
    throw new TooManyKeysError(`envelope lists ${envelope.keys.length} keys, at most ${maxKeys} allowed`);
  }
  if (requiredContext === undefined) return;
  for (const [key, value] of Object.entries(requiredContext)) {
    // Context is not secret, but only the key is named: the values can be long or sensitive-looking.
    if (!Object.hasOwn(envelope.ctx, key))
      throw new ContextMismatchError(`envelope context lacks the required key ${JSON.stringify(key)}`);
    if (envelope.ctx[key] !== value) {
      throw new ContextMismatchError(
        `envelope context has another value for the required key ${JSON.stringify(key)}`,
      );
    }
  }
}

/**
 * Opens a v1 envelope. In order: parse strictly (ERR_ENVELOPE_MALFORMED, ERR_ENVELOPE_UNSUPPORTED),
 * cap the keys (ERR_TOO_MANY_KEYS), check required context (ERR_CONTEXT_MISMATCH), filter by
 * allowed key ids (ERR_KEY_NOT_ALLOWED), then unwrap entries in order until one yields the
 * committed data key (ERR_DECRYPTION_FAILED, ERR_NO_USABLE_KEY), then AES-256-GCM. Every error
 * carries `subject`. Zeroes the data key and derived keys.
 *
 * @example
 * ```ts
 * const { plaintext, keyId } = await open(envelope, {
 *   providers: [LocalKeyProvider.fromEnv('LOCAL_KEY')],
 *   requiredContext: { secret: 'prod/db' },
 *   subject: 'prod/db',
 * });
 * ```
 */
export async function open(envelope: string, options: OpenOptions): Promise<OpenResult> {
  const subject = options?.subject;
  try {
    if (typeof options !== 'object' || options === null || !Array.isArray(options.providers)) {
      throw new InvalidArgumentError(`open needs options { providers }, got ${describeType(options)}`);
    }
    const maxKeys = checkMaxKeys(options.maxKeys);
    const parsed = parseEnvelope(envelope);
    checkPolicy(parsed, maxKeys, options.requiredContext);
    const recovered = await recoverDataKey(parsed, options.providers, options.allowedKeyIds);
    recovered.dataKey.fill(0);
    try {
      const plaintext = gcmDecrypt(recovered.contentKey, parsed.iv, envelopeAad(parsed), parsed.ct);
      return { plaintext, context: { ...parsed.ctx }, provider: recovered.entry.p, keyId: recovered.keyId };
    } finally {
      recovered.contentKey.fill(0);
    }
  } catch (error) {
    if (error instanceof EnvelopeKitError && subject !== undefined) error.about(subject);
    throw error;
  }
}
