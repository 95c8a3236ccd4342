/** seal: encrypt a plaintext into a one-line v1 envelope. */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { describeType, utf8 } from './bytes.js';
import { internContext } from './context.js';
import {
  CMT_BYTES,
  ENVELOPE_ALG,
  ENVELOPE_VERSION,
  type EnvelopeKeyEntry,
  IV_BYTES,
  keyEntryFault,
  MAX_ENVELOPE_LENGTH,
  MID_BYTES,
  serializeEnvelope,
} from './envelope.js';
import { EnvelopeKitError, InvalidArgumentError, KeyProviderError } from './errors.js';
import type { EncryptionContext, KeyProvider, WrappedDataKey } from './key-provider.js';
import { deriveKeys, envelopeAad, gcmEncrypt } from './v1-crypto.js';

/** Options of {@link seal}. */
export interface SealOptions {
  /** Who can open: every provider wraps the data key (the first one generates it when it can). */
  providers: readonly KeyProvider[];
  /** Encryption context, stored in clear and bound to the ciphertext and every wrap. */
  context?: EncryptionContext;
  /** Randomness, called for K (when no provider generates it), then mid (32), then iv (12). Default node:crypto. */
  randomBytes?: (n: number) => Uint8Array;
}

function takeRandom(randomBytes: (n: number) => Uint8Array, n: number): Buffer {
  const bytes = randomBytes(n);
  if (!(bytes instanceof Uint8Array) || bytes.length !== n) {
    throw new InvalidArgumentError(`randomBytes(${n}) returned ${describeType(bytes)}`);
  }
  return Buffer.from(bytes);
}

function checkProviders(providers: unknown): asserts providers is readonly KeyProvider[] {
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new InvalidArgumentError('seal needs at least one key provider');
  }
  const seen = new Set<string>();
  for (const provider of providers as KeyProvider[]) {
    if (typeof provider?.wrapDataKey !== 'function' || typeof provider.provider !== 'string') {
      throw new InvalidArgumentError('every key provider must implement KeyProvider');
    }
    if (provider.keyId === undefined) {
      throw new InvalidArgumentError(`key provider ${provider.provider} has no key id, so it cannot wrap`);
    }
    const name = `${provider.provider}\u0000${provider.keyId}`;
    if (seen.has(name))
      throw new InvalidArgumentError(`key ${provider.keyId} is listed twice`, { subject: provider.keyId });
    seen.add(name);
  }
}

function toEntry(wrapped: WrappedDataKey): EnvelopeKeyEntry {
  const fault = keyEntryFault(wrapped.provider, wrapped.keyId);
  if (fault !== undefined)
    throw new InvalidArgumentError(`key provider ${wrapped.provider}: ${fault}`, { subject: wrapped.keyId });
  return { p: wrapped.provider, id: wrapped.keyId, edk: wrapped.encryptedKey };
}

async function wrapWith(
  provider: KeyProvider,
  dataKey: Uint8Array,
  context: EncryptionContext,
): Promise<WrappedDataKey> {
  try {
    return await provider.wrapDataKey(dataKey, context);
  } catch (error) {
    if (error instanceof EnvelopeKitError) throw error;
    throw new KeyProviderError(`key provider ${provider.provider} failed to wrap the data key`, {
      cause: error,
      subject: provider.keyId,
    });
  }
}

/**
 * Seals `plaintext` (bytes, or a string taken as UTF-8) into a one-line v1 envelope that any of
 * `providers` can open. Zeroes the data key and the derived keys before returning or throwing.
 *
 * @throws InvalidArgumentError for bad arguments or an envelope longer than 1 MiB; the providers'
 *   errors (KeyProviderError wraps untyped ones).
 *
 * @example
 * ```ts
 * const key = LocalKeyProvider.fromBytes(kek);
 * const envelope = await seal('postgres://u:p@db/app', { providers: [key], context: { secret: 'prod/db' } });
 * ```
 */
export async function seal(plaintext: Uint8Array | string, options: SealOptions): Promise<string> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('seal needs options { providers }');
  checkProviders(options.providers);
  const context = internContext(options.context ?? {});
  let bytes: Uint8Array;
  if (typeof plaintext === 'string') bytes = utf8(plaintext);
  else if (plaintext instanceof Uint8Array) bytes = plaintext;
  else
    throw new InvalidArgumentError(
      `plaintext must be a Uint8Array or a string, got ${describeType(plaintext)}`,
    );
  const randomBytes = options.randomBytes ?? nodeRandomBytes;
  const [first, ...others] = options.providers;
  const sensitive: Uint8Array[] = [];
  try {
    const keys: EnvelopeKeyEntry[] = [];
    let dataKey: Uint8Array;
    if (first?.generateDataKey !== undefined) {
      const generated = await first.generateDataKey(context);
      sensitive.push(generated.dataKey);
      dataKey = generated.dataKey;
      if (!(dataKey instanceof Uint8Array) || dataKey.length !== 32) {
        throw new KeyProviderError(
          `key provider ${first.provider} generated ${describeType(dataKey)}, expected 32 bytes`,
        );
      }
      keys.push(toEntry(generated.wrapped));
    } else {
      dataKey = takeRandom(randomBytes, 32);
      sensitive.push(dataKey);
      keys.push(toEntry(await wrapWith(first as KeyProvider, dataKey, context)));
    }
    const mid = takeRandom(randomBytes, MID_BYTES);
    const iv = takeRandom(randomBytes, IV_BYTES);
    const derived = deriveKeys(dataKey, mid);
    sensitive.push(derived.contentKey, derived.commitment);
    const cmt = Buffer.from(derived.commitment);
    if (cmt.length !== CMT_BYTES) throw new Error('unreachable: commitment length');
    const aad = envelopeAad({ v: ENVELOPE_VERSION, alg: ENVELOPE_ALG, ctx: context, mid, cmt });
    const ct = gcmEncrypt(derived.contentKey, iv, aad, bytes);
    for (const provider of others) keys.push(toEntry(await wrapWith(provider, dataKey, context)));
    const text = serializeEnvelope({
      v: ENVELOPE_VERSION,
      alg: ENVELOPE_ALG,
      ctx: context,
      keys,
      mid,
      cmt,
      iv,
      ct,
    });
    if (text.length > MAX_ENVELOPE_LENGTH) {
      throw new InvalidArgumentError(
        `envelope would be ${text.length} characters, at most ${MAX_ENVELOPE_LENGTH} allowed (plaintext of ${bytes.length} bytes)`,
      );
    }
    return text;
  } finally {
    for (const buffer of sensitive) buffer.fill(0);
  }
}
