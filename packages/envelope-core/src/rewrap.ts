/** rewrap: change who can open an envelope without touching its ciphertext. */
import { type EnvelopeKeyEntry, parseEnvelope, serializeEnvelope } from './envelope.js';
import { EnvelopeKitError, InvalidArgumentError, KeyProviderError, TooManyKeysError } from './errors.js';
import type { KeyProvider, WrappedDataKey } from './key-provider.js';
import { checkMaxKeys } from './open.js';
import { recoverDataKey } from './recover-data-key.js';

/** Options of {@link rewrap}. */
export interface RewrapOptions {
  /** Providers that may unwrap the data key when an added key cannot be re-encrypted service-side. */
  providers: readonly KeyProvider[];
  /** Keys to add (skipped when the envelope already lists the same provider and key id). */
  add?: readonly KeyProvider[];
  /** Key ids (`id`) to remove; each must be in the envelope. */
  remove?: readonly string[];
  /** Cap on the keys of the input and of the result. Default 10. */
  maxKeys?: number;
}

function entryName(p: string, id: string): string {
  return `${p}\u0000${id}`;
}

function toEntry(wrapped: WrappedDataKey): EnvelopeKeyEntry {
  return { p: wrapped.provider, id: wrapped.keyId, edk: wrapped.encryptedKey };
}

async function callProvider<T>(provider: KeyProvider, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EnvelopeKitError) throw error;
    throw new KeyProviderError(`key provider ${provider.provider} failed to ${what}`, {
      cause: error,
      subject: provider.keyId,
    });
  }
}

/**
 * Returns the envelope with a new key list and the same v, alg, ctx, mid, cmt, iv and ct. For each
 * added key it first asks the new provider to re-encrypt an existing entry on its side
 * (`rewrapDataKey`, KMS ReEncrypt: the data key never leaves the service); otherwise it unwraps the
 * data key once with `providers` (checked against the commitment, so only the true key is ever
 * re-wrapped), wraps it, and zeroes it. Refuses to remove every key.
 *
 * @throws InvalidArgumentError (unknown key id to remove, no key left, a provider without key id),
 *   TooManyKeysError, and open's errors when the data key cannot be recovered.
 *
 * @example
 * ```ts
 * const rotated = await rewrap(envelope, { providers: [oldKey], add: [newKey], remove: [oldKey.keyId] });
 * ```
 */
export async function rewrap(envelope: string, options: RewrapOptions): Promise<string> {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.providers)) {
    throw new InvalidArgumentError('rewrap needs options { providers }');
  }
  const maxKeys = checkMaxKeys(options.maxKeys);
  const parsed = parseEnvelope(envelope);
  if (parsed.keys.length > maxKeys) {
    throw new TooManyKeysError(`envelope lists ${parsed.keys.length} keys, at most ${maxKeys} allowed`);
  }
  const remove = new Set(options.remove ?? []);
  for (const id of remove) {
    if (!parsed.keys.some((entry) => entry.id === id)) {
      throw new InvalidArgumentError(`key ${id} is not in the envelope, nothing to remove`, { subject: id });
    }
  }
  const kept = parsed.keys.filter((entry) => !remove.has(entry.id));
  const present = new Set(kept.map((entry) => entryName(entry.p, entry.id)));
  const toAdd: KeyProvider[] = [];
  for (const provider of options.add ?? []) {
    if (provider.keyId === undefined)
      throw new InvalidArgumentError(`key provider ${provider.provider} has no key id, so it cannot wrap`);
    const name = entryName(provider.provider, provider.keyId);
    if (present.has(name)) continue;
    present.add(name);
    toAdd.push(provider);
  }
  if (kept.length + toAdd.length === 0)
    throw new InvalidArgumentError('rewrap would remove every key of the envelope');
  if (kept.length + toAdd.length > maxKeys) {
    throw new TooManyKeysError(
      `rewrapped envelope would list ${kept.length + toAdd.length} keys, at most ${maxKeys} allowed`,
    );
  }

  const added: EnvelopeKeyEntry[] = [];
  let dataKey: Uint8Array | undefined;
  try {
    for (const provider of toAdd) {
      let wrapped: WrappedDataKey | undefined;
      if (provider.rewrapDataKey !== undefined) {
        // Any existing entry holds the same committed K, including ones being removed.
        for (const entry of parsed.keys) {
          const source = { provider: entry.p, keyId: entry.id, encryptedKey: entry.edk };
          wrapped = await callProvider(provider, 're-encrypt a data key', async () =>
            provider.rewrapDataKey?.(source, parsed.ctx),
          );
          if (wrapped !== undefined) break;
        }
      }
      if (wrapped === undefined) {
        if (dataKey === undefined) {
          const recovered = await recoverDataKey(parsed, options.providers, undefined);
          recovered.contentKey.fill(0); // rewrap never decrypts
          dataKey = recovered.dataKey;
        }
        const key = dataKey;
        wrapped = await callProvider(provider, 'wrap the data key', () =>
          provider.wrapDataKey(key, parsed.ctx),
        );
      }
      added.push(toEntry(wrapped));
    }
  } finally {
    dataKey?.fill(0);
  }
  return serializeEnvelope({ ...parsed, keys: [...kept, ...added] });
}
