/**
 * Parsing of the seed recipe's JSON:
 * `{"encryptedSecret": "$(base64 secret-encrypted.bin)", "encryptedDataKey": "<CiphertextBlob b64>"}`.
 */
import { LegacyMalformedError } from './errors.js';

/**
 * The two binary fields of a legacy envelope, decoded from base64.
 *
 * @example
 * ```ts
 * const { encryptedSecret, encryptedDataKey }: LegacyEnvelope = parseLegacyEnvelope(text);
 * ```
 */
export interface LegacyEnvelope {
  /** `Salted__` || salt || AES-256-CBC ciphertext, as `openssl enc` wrote it. Empty when openssl failed. */
  readonly encryptedSecret: Uint8Array;
  /** The KMS CiphertextBlob of the data key (GenerateDataKey, no encryption context). */
  readonly encryptedDataKey: Uint8Array;
}

/**
 * Escapes raw control characters (U+0000..U+001F) inside JSON strings. GNU `base64` wraps its output
 * at 76 columns and `$(...)` keeps the inner newlines, so the recipe writes raw LF (or CRLF, after a
 * Windows editor) inside the `encryptedSecret` string, which RFC 8259 forbids and JSON.parse rejects.
 */
function escapeControlCharactersInStrings(text: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      else if (code < 0x20) {
        out += `\\u${code.toString(16).padStart(4, '0')}`;
        continue;
      }
    } else if (ch === '"') {
      inString = true;
    }
    out += ch;
  }
  return out;
}

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 after removing all whitespace; rejects anything else that is not canonical base64. */
function decodeBase64Field(value: string, field: string): Uint8Array {
  const compact = value.replace(/[\t\n\v\f\r ]/g, '');
  if (compact.length % 4 !== 0 || !BASE64_ALPHABET.test(compact)) {
    throw new LegacyMalformedError(`legacy envelope field ${field} is not valid base64`);
  }
  const bytes = Buffer.from(compact, 'base64');
  // Buffer.from ignores stray bits after the last full byte; a canonical round trip catches them.
  if (bytes.toString('base64') !== compact) {
    throw new LegacyMalformedError(`legacy envelope field ${field} is not valid base64`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function stringField(object: Record<string, unknown>, field: string): string {
  const value = object[field];
  if (value === undefined) throw new LegacyMalformedError(`legacy envelope lacks the field ${field}`);
  if (typeof value !== 'string') {
    throw new LegacyMalformedError(`legacy envelope field ${field} must be a string, got ${typeOf(value)}`);
  }
  return value;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * JSON.parse after dropping a BOM and escaping raw control characters inside strings (see
 * {@link escapeControlCharactersInStrings}): how every legacy envelope text is read. Internal to
 * the package (format.ts uses it too), not exported from the index.
 *
 * @example
 * ```ts
 * parseLenientJson('{"encryptedSecret": "U2Fs\nZGVk"}'); // { encryptedSecret: 'U2Fs\nZGVk' }
 * ```
 */
export function parseLenientJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return JSON.parse(escapeControlCharactersInStrings(body));
}

/**
 * Whether `text` is a legacy envelope by shape: a JSON object (parsed leniently, raw newlines
 * allowed in strings) with string fields `encryptedSecret` and `encryptedDataKey`. Does not check
 * the base64, so a damaged legacy envelope is still recognised and then fails in
 * {@link parseLegacyEnvelope} with a clear error instead of passing through as a plain secret.
 * Format detection must use this rather than strict JSON.parse, which rejects every recipe output
 * whose secret was long enough for GNU base64 to wrap.
 *
 * @example
 * ```ts
 * if (isLegacyEnvelopeText(secretString)) return openLegacy(secretString, { provider, subject: name });
 * ```
 */
export function isLegacyEnvelopeText(text: string): boolean {
  if (typeof text !== 'string' || !text.includes('encryptedSecret') || !text.includes('encryptedDataKey')) {
    return false;
  }
  let parsed: unknown;
  try {
    parsed = parseLenientJson(text);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const object = parsed as Record<string, unknown>;
  return typeof object.encryptedSecret === 'string' && typeof object.encryptedDataKey === 'string';
}

/**
 * Parses a legacy envelope made by the seed recipe. Tolerates raw newlines (and other control
 * characters) inside the JSON strings and whitespace inside the base64, as GNU `base64` writes it.
 * An empty `encryptedSecret` is returned as empty bytes: that is what the recipe stores when
 * `openssl enc` failed (see {@link openLegacy}), and telling that case apart needs the data key.
 *
 * Errors never quote the text: a JSON.parse message would echo a slice of the ciphertext, so it is
 * not kept as `cause` either.
 *
 * @throws LegacyMalformedError (`ERR_LEGACY_MALFORMED`) for text that is not a JSON object, a missing
 *   or non-string field (named in the message), bad base64 or an empty `encryptedDataKey`.
 *
 * @example
 * ```ts
 * const { encryptedSecret, encryptedDataKey } = parseLegacyEnvelope(
 *   '{"encryptedSecret": "U2FsdGVkX1+...\n...==", "encryptedDataKey": "AQIDAHh..."}',
 * );
 * ```
 */
export function parseLegacyEnvelope(text: string): LegacyEnvelope {
  if (typeof text !== 'string')
    throw new LegacyMalformedError(`legacy envelope must be a string, got ${typeOf(text)}`);
  let parsed: unknown;
  try {
    parsed = parseLenientJson(text);
  } catch {
    throw new LegacyMalformedError('legacy envelope is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LegacyMalformedError(`legacy envelope must be a JSON object, got ${typeOf(parsed)}`);
  }
  const object = parsed as Record<string, unknown>;
  const encryptedSecret = decodeBase64Field(stringField(object, 'encryptedSecret'), 'encryptedSecret');
  const encryptedDataKey = decodeBase64Field(stringField(object, 'encryptedDataKey'), 'encryptedDataKey');
  if (encryptedDataKey.length === 0)
    throw new LegacyMalformedError('legacy envelope field encryptedDataKey is empty');
  return { encryptedSecret, encryptedDataKey };
}
