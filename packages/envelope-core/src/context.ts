/**
 * The encryption context: validation, its canonical byte encoding, and the context digest that RSA
 * wraps carry (KMS accepts no EncryptionContext for RSA keys, so the digest binds it instead).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { hasLoneSurrogate, lengthPrefixed, utf8 } from './bytes.js';
import { DecryptionFailedError, InvalidArgumentError } from './errors.js';
import type { EncryptionContext } from './key-provider.js';

/** At most this many pairs in a context. */
export const MAX_CONTEXT_PAIRS = 64;
/** At most this many UTF-8 bytes in a context key. */
export const MAX_CONTEXT_KEY_BYTES = 256;
/** At most this many UTF-8 bytes in a context value. */
export const MAX_CONTEXT_VALUE_BYTES = 1024;

const DATA_KEY_BYTES = 32;
const CONTEXT_DIGEST_BYTES = 48;

/** One validated pair as UTF-8 bytes. */
interface EncodedPair {
  key: Uint8Array;
  value: Uint8Array;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/**
 * Validates `ctx` and returns its pairs as UTF-8, sorted by key bytes (unsigned bytewise, which is
 * also Unicode code point order). Throws InvalidArgumentError naming the offending key (context is
 * not secret) but never a value.
 */
export function encodeContextPairs(
  ctx: unknown,
  ErrorClass: new (message: string) => Error = InvalidArgumentError,
): EncodedPair[] {
  if (typeof ctx !== 'object' || ctx === null || Array.isArray(ctx)) {
    throw new ErrorClass('encryption context must be an object of string values');
  }
  const keys = Object.keys(ctx);
  if (keys.length > MAX_CONTEXT_PAIRS) {
    throw new ErrorClass(`encryption context has ${keys.length} pairs, at most ${MAX_CONTEXT_PAIRS} allowed`);
  }
  const pairs: EncodedPair[] = [];
  for (const key of keys) {
    const value = (ctx as Record<string, unknown>)[key];
    if (key.length === 0) throw new ErrorClass('encryption context key must not be empty');
    if (hasLoneSurrogate(key)) throw new ErrorClass('encryption context key is not well-formed Unicode');
    const keyBytes = utf8(key);
    if (keyBytes.length > MAX_CONTEXT_KEY_BYTES) {
      throw new ErrorClass(
        `encryption context key is ${keyBytes.length} bytes, at most ${MAX_CONTEXT_KEY_BYTES} allowed`,
      );
    }
    if (typeof value !== 'string') {
      throw new ErrorClass(
        `encryption context value of ${JSON.stringify(key)} must be a string, got ${value === null ? 'null' : typeof value}`,
      );
    }
    if (hasLoneSurrogate(value)) {
      throw new ErrorClass(`encryption context value of ${JSON.stringify(key)} is not well-formed Unicode`);
    }
    const valueBytes = utf8(value);
    if (valueBytes.length > MAX_CONTEXT_VALUE_BYTES) {
      throw new ErrorClass(
        `encryption context value of ${JSON.stringify(key)} is ${valueBytes.length} bytes, at most ${MAX_CONTEXT_VALUE_BYTES} allowed`,
      );
    }
    pairs.push({ key: keyBytes, value: valueBytes });
  }
  pairs.sort((a, b) => compareBytes(a.key, b.key));
  return pairs;
}

function encodeCanonical(pairs: readonly EncodedPair[]): Buffer {
  const count = Buffer.allocUnsafe(4);
  count.writeUInt32BE(pairs.length, 0);
  const parts: Uint8Array[] = [];
  for (const pair of pairs) parts.push(pair.key, pair.value);
  return Buffer.concat([count, lengthPrefixed(parts)]);
}

// The contexts of parsed and sealed envelopes are frozen copies; their canonical bytes are
// computed once here and reused by the AAD, the local wrap AAD and the RSA digest of one open.
const canonicalCache = new WeakMap<object, Buffer>();

/**
 * Validates `ctx` and returns a frozen plain copy (own string properties only) whose canonical
 * encoding is cached. Throws `ErrorClass` (InvalidArgumentError by default) when invalid.
 */
export function internContext(
  ctx: unknown,
  ErrorClass: new (message: string) => Error = InvalidArgumentError,
): Readonly<Record<string, string>> {
  const pairs = encodeContextPairs(ctx, ErrorClass);
  const copy = Object.freeze(Object.fromEntries(Object.entries(ctx as object)) as Record<string, string>);
  canonicalCache.set(copy, encodeCanonical(pairs));
  return copy;
}

/** Canonical bytes of `ctx`, shared (never hand the result to a caller who might modify it). */
export function canonicalContextShared(ctx: EncryptionContext): Uint8Array {
  const cached = canonicalCache.get(ctx);
  if (cached !== undefined) return cached;
  return encodeCanonical(encodeContextPairs(ctx));
}

/**
 * The canonical encoding of an encryption context (docs/FORMAT.md, "Canonical context"):
 * `u32be(n)` then, for each pair sorted by the UTF-8 bytes of its key,
 * `u32be(len(key)) || key || u32be(len(value)) || value` (UTF-8). Used in the v1 AAD, the local
 * wrap AAD and the RSA context digest.
 *
 * @throws InvalidArgumentError when `ctx` is not a valid context (empty key, non-string value,
 *   lone surrogate, more than 64 pairs, key over 256 or value over 1024 UTF-8 bytes).
 *
 * @example
 * ```ts
 * canonicalContext({ secret: 'prod/db' });
 * // 00000001 00000006 736563726574 00000007 70726f642f6462
 * ```
 */
export function canonicalContext(ctx: EncryptionContext): Uint8Array {
  // A copy: the caller may modify it, and the cached bytes must stay intact.
  return Buffer.from(canonicalContextShared(ctx));
}

function contextDigest(ctx: EncryptionContext): Buffer {
  return createHash('sha384').update(canonicalContextShared(ctx)).digest();
}

function checkDataKey(dataKey: unknown): asserts dataKey is Uint8Array {
  if (!(dataKey instanceof Uint8Array) || dataKey.length !== DATA_KEY_BYTES) {
    const got = dataKey instanceof Uint8Array ? String(dataKey.length) : typeof dataKey;
    throw new InvalidArgumentError(`expected 32-byte data key, got ${got}`);
  }
}

/**
 * The payload an RSA wrap encrypts: `SHA-384(canonicalContext(ctx)) || dataKey` (48 + 32 bytes).
 * RSA-OAEP has no associated data and KMS takes no EncryptionContext for RSA keys, so the digest
 * binds the context instead. The caller zeroes the returned buffer once encrypted.
 *
 * @example
 * ```ts
 * const payload = bindContextToDataKey(dataKey, { secret: 'prod/db' });
 * const edk = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, payload);
 * payload.fill(0);
 * ```
 */
export function bindContextToDataKey(dataKey: Uint8Array, ctx: EncryptionContext): Uint8Array {
  checkDataKey(dataKey);
  const digest = contextDigest(ctx);
  const payload = Buffer.alloc(CONTEXT_DIGEST_BYTES + DATA_KEY_BYTES);
  payload.set(digest, 0);
  payload.set(dataKey, CONTEXT_DIGEST_BYTES);
  return payload;
}

/**
 * The inverse of {@link bindContextToDataKey}: checks, in constant time, that `payload` starts with
 * the digest of `ctx` and returns a copy of the 32-byte data key (the caller zeroes both).
 *
 * @throws DecryptionFailedError when the payload has the wrong length or the digest differs (the
 *   envelope's context is not the one the key was wrapped with).
 *
 * @example
 * ```ts
 * const payload = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, edk);
 * const dataKey = unbindContextFromDataKey(payload, envelopeContext);
 * payload.fill(0);
 * ```
 */
export function unbindContextFromDataKey(payload: Uint8Array, ctx: EncryptionContext): Uint8Array {
  const expected = contextDigest(ctx);
  if (!(payload instanceof Uint8Array) || payload.length !== CONTEXT_DIGEST_BYTES + DATA_KEY_BYTES) {
    throw new DecryptionFailedError();
  }
  if (!timingSafeEqual(payload.subarray(0, CONTEXT_DIGEST_BYTES), expected))
    throw new DecryptionFailedError();
  return Uint8Array.from(payload.subarray(CONTEXT_DIGEST_BYTES));
}
