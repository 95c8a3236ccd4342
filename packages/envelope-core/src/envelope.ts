/**
 * The v1 envelope as data, its strict parser and its serializer (docs/FORMAT.md, "Envelope").
 * Internal: seal, open, rewrap and inspect are the public faces.
 */
import { fromBase64Strict, hasLoneSurrogate, toBase64 } from './bytes.js';
import { internContext } from './context.js';
import { EnvelopeMalformedError, EnvelopeUnsupportedError } from './errors.js';

/**
 * The `v` of every envelope this library writes and opens.
 *
 * @example
 * ```ts
 * inspect(envelope).version === ENVELOPE_VERSION; // true for every envelope open() accepts
 * ```
 */
export const ENVELOPE_VERSION = 'envelope-kit/1';
/**
 * The one `alg` of v1: AES-256-GCM, HKDF-SHA512 key derivation, key commitment.
 *
 * @example
 * ```ts
 * inspect(envelope).alg === ENVELOPE_ALG; // true
 * ```
 */
export const ENVELOPE_ALG = 'A256GCM-HKDF-SHA512-COMMIT';
/**
 * Longest envelope text (UTF-16 code units, as JavaScript's `length`) parsed at all, a bound on the work an input can cause;
 * seal refuses to produce longer ones. A SecretString holds at most 65,536 characters (about 48 KiB
 * of plaintext); envelope files may be larger, up to this (about 760 KiB of plaintext).
 *
 * @example
 * ```ts
 * if (text.length > MAX_ENVELOPE_LENGTH) throw new Error('not an envelope');
 * ```
 */
export const MAX_ENVELOPE_LENGTH = 1_048_576;

export const MID_BYTES = 32;
export const CMT_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** Longest `keys[].p`, in UTF-16 code units (docs/FORMAT.md section 2). */
export const MAX_PROVIDER_CHARS = 64;
/** Longest `keys[].id`, in UTF-16 code units (docs/FORMAT.md section 2). */
export const MAX_KEY_ID_CHARS = 2048;
export const MAX_EDK_BYTES = 4096;

const TOP_FIELDS = ['v', 'alg', 'ctx', 'keys', 'mid', 'cmt', 'iv', 'ct'] as const;
const KEY_FIELDS = ['p', 'id', 'edk'] as const;
/** JSON's own whitespace (RFC 8259): allowed around the envelope (a file's final newline), nowhere inside. */
function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * `text` without surrounding JSON whitespace: space, tab, LF, CR and nothing else (not the NBSP,
 * BOM or line separators String#trim also removes). A loop: a regex anchored at `$` scans the whole text.
 */
export function trimJsonWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJsonWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isJsonWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** One `keys` entry, decoded. */
export interface EnvelopeKeyEntry {
  readonly p: string;
  readonly id: string;
  readonly edk: Uint8Array;
}

/** A parsed v1 envelope. */
export interface Envelope {
  readonly v: string;
  readonly alg: string;
  readonly ctx: Readonly<Record<string, string>>;
  readonly keys: readonly EnvelopeKeyEntry[];
  readonly mid: Uint8Array;
  readonly cmt: Uint8Array;
  readonly iv: Uint8Array;
  readonly ct: Uint8Array;
}

/** A short, safe rendering of an untrusted name for an error message. */
function quoteName(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}...` : name);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkFieldSet(object: Record<string, unknown>, fields: readonly string[], where: string): void {
  for (const name of Object.keys(object)) {
    if (!fields.includes(name))
      throw new EnvelopeMalformedError(`${where} has an unknown field ${quoteName(name)}`);
  }
  for (const name of fields) {
    if (!Object.hasOwn(object, name)) throw new EnvelopeMalformedError(`${where} lacks the field "${name}"`);
  }
}

function stringField(object: Record<string, unknown>, name: string, where: string): string {
  const value = object[name];
  if (typeof value !== 'string') {
    throw new EnvelopeMalformedError(`${where} field "${name}" must be a string, got ${kindOf(value)}`);
  }
  return value;
}

function bytesField(object: Record<string, unknown>, name: string, where: string): Uint8Array {
  const bytes = fromBase64Strict(stringField(object, name, where));
  if (bytes === undefined) {
    throw new EnvelopeMalformedError(
      `${where} field "${name}" is not canonical base64 (standard alphabet, padded)`,
    );
  }
  return bytes;
}

function fixedBytesField(object: Record<string, unknown>, name: string, length: number): Uint8Array {
  const bytes = bytesField(object, name, 'envelope');
  if (bytes.length !== length) {
    throw new EnvelopeMalformedError(`envelope field "${name}" must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function parseKeyEntry(value: unknown, index: number): EnvelopeKeyEntry {
  const where = `envelope keys[${index}]`;
  if (!isPlainObject(value))
    throw new EnvelopeMalformedError(`${where} must be an object, got ${kindOf(value)}`);
  checkFieldSet(value, KEY_FIELDS, where);
  const p = stringField(value, 'p', where);
  const id = stringField(value, 'id', where);
  const fault = keyEntryFault(p, id);
  if (fault !== undefined) throw new EnvelopeMalformedError(`${where} ${fault}`);
  const edk = bytesField(value, 'edk', where);
  if (edk.length === 0 || edk.length > MAX_EDK_BYTES) {
    throw new EnvelopeMalformedError(
      `${where} field "edk" must be 1 to ${MAX_EDK_BYTES} bytes, got ${edk.length}`,
    );
  }
  return { p, id, edk };
}

/**
 * What is wrong with a key entry's `p` and `id`, or undefined: lengths in UTF-16 code units, and
 * well-formed Unicode. (JSON may spell a lone surrogate, `"\ud800"`, and JSON.stringify writes it
 * back alike, so the canonical check alone lets it through; it has no UTF-8 form.) Seal checks the
 * same, so that no writer produces what a reader refuses.
 */
export function keyEntryFault(p: string, id: string): string | undefined {
  for (const [field, text, max] of [
    ['p', p, MAX_PROVIDER_CHARS],
    ['id', id, MAX_KEY_ID_CHARS],
  ] as const) {
    if (text.length === 0 || text.length > max)
      return `field "${field}" must have 1 to ${max} UTF-16 code units, got ${text.length}`;
    if (hasLoneSurrogate(text)) return `field "${field}" is not well-formed Unicode`;
  }
  return undefined;
}

const CT_MARKER = ',"ct":"';

/**
 * Fast path for the canonical form, where `ct` (the bulk of the text) is the last field and plain
 * base64, which never contains `"`: JSON.parse only the header and take ct as a slice, instead of
 * having JSON.parse copy tens of kilobytes of base64. Returns undefined when the text does not
 * have that shape, and the caller falls back to JSON.parse of the whole text (same checks after).
 */
function parseSplit(body: string): Record<string, unknown> | undefined {
  // Forward search: the marker sits after the short header, and a JSON string cannot contain it
  // (its quotes would be escaped). lastIndexOf would scan back through all of ct.
  const at = body.indexOf(CT_MARKER);
  if (at < 0 || !body.endsWith('"}')) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(`${body.slice(0, at)}}`);
  } catch {
    return undefined;
  }
  if (!isPlainObject(header) || Object.hasOwn(header, 'ct')) return undefined;
  header.ct = body.slice(at + CT_MARKER.length, -2);
  return header;
}

/**
 * Parses a v1 envelope strictly: exactly the eight top-level fields and three per key, the right
 * types, canonical base64, fixed lengths, a valid context, and the canonical serialization byte for
 * byte (which also rejects duplicate fields, other field orders and other escapes). Surrounding
 * JSON whitespace is ignored.
 *
 * @throws EnvelopeMalformedError for any structural fault, EnvelopeUnsupportedError when `v` or
 *   `alg` is not the v1 one.
 */
export function parseEnvelope(text: string): Envelope {
  if (typeof text !== 'string')
    throw new EnvelopeMalformedError(`envelope must be a string, got ${kindOf(text)}`);
  if (text.length > MAX_ENVELOPE_LENGTH) {
    throw new EnvelopeMalformedError(
      `envelope is ${text.length} characters, at most ${MAX_ENVELOPE_LENGTH} allowed`,
    );
  }
  const body = trimJsonWhitespace(text);
  let parsed: unknown = parseSplit(body);
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new EnvelopeMalformedError('envelope is not valid JSON');
    }
  }
  if (!isPlainObject(parsed))
    throw new EnvelopeMalformedError(`envelope must be a JSON object, got ${kindOf(parsed)}`);
  // Version and algorithm first: a future version may have other fields, and deserves "unsupported".
  // Present but not the v1 value, whatever its JSON type (`"alg":null`), is unsupported; absent is
  // malformed (docs/FORMAT.md section 2, "Classification").
  const v = supportedField(parsed, 'v', ENVELOPE_VERSION, 'version');
  const alg = supportedField(parsed, 'alg', ENVELOPE_ALG, 'algorithm');
  checkFieldSet(parsed, TOP_FIELDS, 'envelope');

  const ctxValue = parsed.ctx;
  if (!isPlainObject(ctxValue))
    throw new EnvelopeMalformedError(`envelope field "ctx" must be an object, got ${kindOf(ctxValue)}`);
  const ctx = internContext(ctxValue, EnvelopeMalformedError);

  const keysValue = parsed.keys;
  if (!Array.isArray(keysValue) || keysValue.length === 0) {
    throw new EnvelopeMalformedError('envelope field "keys" must be a non-empty array');
  }
  const keys = keysValue.map(parseKeyEntry);

  const envelope: Envelope = {
    v,
    alg,
    ctx,
    keys,
    mid: fixedBytesField(parsed, 'mid', MID_BYTES),
    cmt: fixedBytesField(parsed, 'cmt', CMT_BYTES),
    iv: fixedBytesField(parsed, 'iv', IV_BYTES),
    ct: bytesField(parsed, 'ct', 'envelope'),
  };
  if (envelope.ct.length < TAG_BYTES) {
    throw new EnvelopeMalformedError(
      `envelope field "ct" must be at least ${TAG_BYTES} bytes, got ${envelope.ct.length}`,
    );
  }
  // Canonical form: everything before ct must be exactly what the serializer writes; ct itself was
  // checked canonical above, so it is compared as the original string (no second 64 KiB encode).
  const head = serializeHead(envelope);
  const ctText = parsed.ct as string;
  if (body.length !== head.length + ctText.length + 2 || !body.startsWith(head) || !body.endsWith('"}')) {
    throw new EnvelopeMalformedError(
      'envelope is not in canonical form (field order, spacing, string escapes or a duplicate field)',
    );
  }
  return envelope;
}

/** The value of `v` or `alg`, which must be present (else malformed) and equal `expected` (else unsupported). */
function supportedField(
  object: Record<string, unknown>,
  name: 'v' | 'alg',
  expected: string,
  what: string,
): string {
  if (!Object.hasOwn(object, name)) throw new EnvelopeMalformedError(`envelope lacks the field "${name}"`);
  const value = object[name];
  if (value === expected) return expected;
  throw new EnvelopeUnsupportedError(
    `unsupported envelope ${what} ${typeof value === 'string' ? quoteName(value) : `of type ${kindOf(value)}`}`,
  );
}

function sortedContextEntries(ctx: Readonly<Record<string, string>>): [string, string][] {
  // Same order as the canonical context: by the UTF-8 bytes of the key.
  return Object.entries(ctx).sort(([a], [b]) =>
    Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')),
  );
}

/**
 * The one serialization of a v1 envelope: no whitespace, fields in the order v, alg, ctx, keys,
 * mid, cmt, iv, ct; ctx keys sorted by UTF-8 bytes; key entries p, id, edk; strings escaped as
 * ECMAScript JSON.stringify does.
 */
export function serializeEnvelope(envelope: Envelope): string {
  return `${serializeHead(envelope)}${toBase64(envelope.ct)}"}`;
}

/** The serialization up to and including `"ct":"`. */
function serializeHead(envelope: Envelope): string {
  const q = JSON.stringify;
  const ctx = sortedContextEntries(envelope.ctx)
    .map(([key, value]) => `${q(key)}:${q(value)}`)
    .join(',');
  const keys = envelope.keys
    .map((entry) => `{"p":${q(entry.p)},"id":${q(entry.id)},"edk":"${toBase64(entry.edk)}"}`)
    .join(',');
  return (
    `{"v":${q(envelope.v)},"alg":${q(envelope.alg)},"ctx":{${ctx}},"keys":[${keys}],` +
    `"mid":"${toBase64(envelope.mid)}","cmt":"${toBase64(envelope.cmt)}","iv":"${toBase64(envelope.iv)}","ct":"`
  );
}
