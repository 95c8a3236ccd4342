/** detectFormat: tell a v1 envelope, a legacy recipe envelope and a plain secret apart. */
import { MAX_ENVELOPE_LENGTH } from './envelope.js';
import { parseLenientJson } from './legacy-parse.js';

// Every v1 envelope this library writes starts like this; matching the prefix leniently means a
// damaged v1 envelope is reported as malformed rather than passed through as a plain secret.
const V1_PREFIX = /^[ \t\r\n]*\{[ \t\r\n]*"v"[ \t\r\n]*:[ \t\r\n]*"envelope-kit\//;
// Legacy JSON may hold raw newlines inside strings (GNU base64 wraps), so no JSON.parse here.
const LEGACY_SECRET_FIELD = /"encryptedSecret"\s*:/;
const LEGACY_KEY_FIELD = /"encryptedDataKey"\s*:/;

/** The kinds of secret text envelope-kit knows. */
export type SecretFormat = 'v1' | 'legacy' | 'plain';

/**
 * Classifies a secret's text: `v1` when it is (or starts like) a JSON object whose `v` starts with
 * `envelope-kit/`; `legacy` when its top-level object has both field names of the seed recipe,
 * `encryptedSecret` and `encryptedDataKey` (or it names both and is not JSON even with raw newlines
 * in strings: a damaged envelope); otherwise `plain`. Does not validate: open/inspect/openLegacy do that.
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
  if (V1_PREFIX.test(text)) return 'v1';
  const trimmed = text.trim();
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
