/** inspect: read an envelope's header without any key. */
import { parseEnvelope } from './envelope.js';

/** The clear part of a v1 envelope. */
export interface EnvelopeHeader {
  format: 'v1';
  /** `v`, e.g. `envelope-kit/1`. */
  version: string;
  /** `alg`, e.g. `A256GCM-HKDF-SHA512-COMMIT`. */
  alg: string;
  /** The encryption context. */
  context: Record<string, string>;
  /** Who can open it, in envelope order. */
  keys: { provider: string; keyId: string }[];
  /** Bytes of `ct`, the 16-byte GCM tag included (the plaintext is 16 bytes shorter). */
  ciphertextBytes: number;
}

/**
 * Parses an envelope strictly and returns its header. Never decrypts, never calls a provider.
 *
 * @throws EnvelopeMalformedError, EnvelopeUnsupportedError
 *
 * @example
 * ```ts
 * const { context, keys } = inspect(envelope);
 * console.log(context.secret, keys.map((k) => k.keyId));
 * ```
 */
export function inspect(envelope: string): EnvelopeHeader {
  const parsed = parseEnvelope(envelope);
  return {
    format: 'v1',
    version: parsed.v,
    alg: parsed.alg,
    context: { ...parsed.ctx },
    keys: parsed.keys.map((entry) => ({ provider: entry.p, keyId: entry.id })),
    ciphertextBytes: parsed.ct.length,
  };
}
