/**
 * detectFormat: tell a v1 envelope, a legacy recipe envelope and a plain secret apart; and
 * decodeEnvelopeText: the one way bytes become envelope text (docs/FORMAT.md section 2).
 */
import { MAX_ENVELOPE_LENGTH, trimJsonWhitespace } from './envelope.js';
import { EnvelopeMalformedError } from './errors.js';
import { parseLenientJson } from './legacy-parse.js';

// Every v1 envelope this library writes starts like this; matching the prefix leniently means a
// damaged v1 envelope is reported as malformed rather than passed through as a plain secret.
const V1_PREFIX = /^[ \t\r\n]*\{[ \t\r\n]*"v"[ \t\r\n]*:[ \t\r\n]*"envelope-kit\//;
// Legacy JSON may hold raw newlines inside strings (GNU base64 wraps), so no JSON.parse here. A
// field name is the quoted name, then JSON whitespace, then `:`.
const LEGACY_SECRET_FIELD = /"encryptedSecret"[ \t\r\n]*:/;
const LEGACY_KEY_FIELD = /"encryptedDataKey"[ \t\r\n]*:/;
const BOM = 0xfeff;

/** The kinds of secret text envelope-kit knows. */
export type SecretFormat = 'v1' | 'legacy' | 'plain';

/**
 * Classifies a secret's text (docs/FORMAT.md section 2, "Detection"): `v1` when it is (or starts
 * like) a JSON object whose `v` starts with `envelope-kit/`; `legacy` when it starts with `{` and
 * its top-level object has both field names of the seed recipe, `encryptedSecret` and
 * `encryptedDataKey` (or it names both and is not JSON even with raw newlines in strings: a damaged
 * envelope); otherwise `plain`. Only one leading BOM and JSON whitespace (space, tab, LF, CR) are skipped.
 * Does not validate: open/inspect/openLegacy do that.
 *
 * @example
 * ```ts
 * detectFormat('{"v":"envelope-kit/1",...}'); // 'v1'
 * detectFormat('{"encryptedSecret": "U2Fs...", "encryptedDataKey": "AQIC..."}'); // 'legacy'
 * detectFormat('hunter2'); // 'plain'
 * ```
 */
export function detectFormat(text: string): SecretFormat {
  if (typeof text !== 'string') return 'plain';
  // One leading BOM (a file saved by a Windows editor) is skipped: the legacy parser ignores it, and
  // a v1 envelope behind one is damaged, so it is refused as malformed rather than passed through.
  const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  if (V1_PREFIX.test(body)) return 'v1';
  const trimmed = trimJsonWhitespace(body);
  if (trimmed.startsWith('{') && text.length <= MAX_ENVELOPE_LENGTH) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const v = (parsed as Record<string, unknown>).v;
        if (typeof v === 'string' && v.startsWith('envelope-kit/')) return 'v1';
      }
    } catch {
      // Not JSON: may still be a legacy envelope with raw newlines.
    }
  }
  if (
    trimmed.startsWith('{') &&
    LEGACY_SECRET_FIELD.test(text) &&
    LEGACY_KEY_FIELD.test(text) &&
    legacyFieldsAtTopLevel(text)
  )
    return 'legacy';
  return 'plain';
}

/**
 * Only the top level makes a legacy envelope: ordinary JSON that nests an object with the two
 * field names (`{"blob":{"encryptedSecret":...,"encryptedDataKey":...}}`) is a plain secret, as
 * aws-actions/aws-secretsmanager-get-secrets exports it. Text that does not parse even leniently
 * is taken for a damaged envelope, so that it fails as malformed instead of being exported as
 * ciphertext.
 */
function legacyFieldsAtTopLevel(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = parseLenientJson(text);
  } catch {
    return true;
  }
  return (
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.hasOwn(parsed, 'encryptedSecret') &&
    Object.hasOwn(parsed, 'encryptedDataKey')
  );
}

// fatal: bytes that are not UTF-8 throw instead of becoming U+FFFD. ignoreBOM: a BOM stays in the
// text (v1 then refuses it; the legacy parser skips it) instead of being dropped silently.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes the bytes of a stored envelope (a file, stdin, a SecretBinary) to its text. Refuses bytes
 * that are not well-formed UTF-8 (invalid sequences, overlong forms, encoded surrogates, truncated
 * sequences) instead of replacing them with U+FFFD, which would give one envelope several byte
 * forms. A leading BOM is kept, not removed.
 *
 * @throws EnvelopeMalformedError (`ERR_ENVELOPE_MALFORMED`) when `bytes` is not UTF-8.
 *
 * @example
 * ```ts
 * const text = decodeEnvelopeText(await readFile('prod-db.envelope'));
 * const header = inspect(text);
 * ```
 */
export function decodeEnvelopeText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new EnvelopeMalformedError('envelope text is not valid UTF-8');
  }
}
