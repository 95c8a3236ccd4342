/**
 * The unwrap loop shared by open and rewrap: try the envelope's key entries in order with the first
 * provider that handles each, and accept a data key only when it matches the envelope's commitment.
 * Internal.
 */
import type { Envelope, EnvelopeKeyEntry } from './envelope.js';
import {
  DecryptionFailedError,
  EnvelopeKitError,
  KeyNotAllowedError,
  KeyProviderError,
  NoUsableKeyError,
} from './errors.js';
import type { KeyProvider } from './key-provider.js';
import { verifyCommitment } from './v1-crypto.js';

/** Key ids for a message (ids are no secrets): at most 4, then how many more. */
function listIds(ids: readonly string[]): string {
  const unique = [...new Set(ids)];
  const shown = unique.slice(0, 4).join(', ');
  return unique.length > 4 ? `${shown} and ${unique.length - 4} more` : shown;
}

/** A data key that matches the envelope's commitment. The caller zeroes `dataKey` and `contentKey`. */
export interface RecoveredDataKey {
  dataKey: Uint8Array;
  /** The content key derived while checking the commitment (so open does not derive it again). */
  contentKey: Uint8Array;
  entry: EnvelopeKeyEntry;
  keyId: string;
}

/**
 * Tries each entry in envelope order. An entry whose id is outside `allowedKeyIds` is skipped
 * without a provider call. A provider failure (wrong key, service error, another key id answered,
 * a data key that fails the commitment) moves on to the next entry; when none succeeds, the first
 * failure that is not an authentication failure is thrown (it says more, e.g. ERR_ACCESS_DENIED),
 * else DecryptionFailedError, or NoUsableKeyError when no provider handles any allowed entry.
 */
export async function recoverDataKey(
  envelope: Envelope,
  providers: readonly KeyProvider[],
  allowedKeyIds: readonly string[] | undefined,
): Promise<RecoveredDataKey> {
  const allowed = allowedKeyIds === undefined ? undefined : new Set(allowedKeyIds);
  const candidates =
    allowed === undefined ? envelope.keys : envelope.keys.filter((entry) => allowed.has(entry.id));
  if (candidates.length === 0) {
    throw new KeyNotAllowedError(
      `none of the envelope's key ids (${listIds(envelope.keys.map((e) => e.id))}) is allowed (allowed: ${
        allowedKeyIds === undefined || allowedKeyIds.length === 0 ? 'none' : listIds(allowedKeyIds)
      })`,
    );
  }
  let tried = 0;
  let firstError: EnvelopeKitError | undefined;
  for (const entry of candidates) {
    const wrapped = { provider: entry.p, keyId: entry.id, encryptedKey: entry.edk };
    const provider = providers.find((p) => p.handles(wrapped));
    if (provider === undefined) continue;
    tried++;
    let dataKey: Uint8Array | undefined;
    try {
      const unwrapped = await provider.unwrapDataKey(wrapped, envelope.ctx);
      dataKey = unwrapped.dataKey;
      if (allowed !== undefined && !allowed.has(unwrapped.keyId)) {
        throw new KeyNotAllowedError(
          `key provider ${entry.p} unwrapped with ${unwrapped.keyId}, which is not allowed (allowed: ${listIds([...allowed])})`,
        );
      }
      // The commitment proves this is the data key the content was sealed with, so another
      // envelope's wrapped key (or any other key) swapped into `keys` is refused here.
      if (!(dataKey instanceof Uint8Array) || dataKey.length !== 32) throw new DecryptionFailedError();
      const contentKey = verifyCommitment(dataKey, envelope.mid, envelope.cmt);
      if (contentKey === undefined) throw new DecryptionFailedError();
      const recovered = { dataKey, contentKey, entry, keyId: unwrapped.keyId };
      dataKey = undefined;
      return recovered;
    } catch (error) {
      const typed =
        error instanceof EnvelopeKitError
          ? error
          : new KeyProviderError(`key provider ${entry.p} failed to unwrap a data key`, { cause: error });
      if (
        firstError === undefined ||
        (firstError instanceof DecryptionFailedError && !(typed instanceof DecryptionFailedError))
      ) {
        firstError = typed;
      }
    } finally {
      if (dataKey instanceof Uint8Array) dataKey.fill(0);
    }
  }
  if (tried === 0) {
    const kinds = [...new Set(candidates.map((entry) => entry.p))].join(', ');
    throw new NoUsableKeyError(
      `no key provider handles any of the envelope's keys (providers: ${kinds}; key ids: ${listIds(candidates.map((e) => e.id))})`,
    );
  }
  throw firstError ?? new DecryptionFailedError();
}
