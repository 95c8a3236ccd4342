import { describe, expect, it } from 'vitest';
import { decodeEnvelopeText, detectFormat } from './index.js';

describe('detectFormat', () => {
  it.each([
    ['{"v":"envelope-kit/1","alg":"A256GCM-HKDF-SHA512-COMMIT"}', 'v1'],
    ['  {"v":"envelope-kit/1", truncated', 'v1'], // damaged v1 is not passed through as plain
    ['{"alg":"x","v":"envelope-kit/9"}', 'v1'],
    ['{"v":"envelope-kit/1"}\n', 'v1'],
    ['\r\n\t {"alg":"x","v":"envelope-kit/9"} \n', 'v1'],
    ['{"encryptedSecret": "U2FsdGVkX1+abc\ndef=", "encryptedDataKey": "AQID"}', 'legacy'],
    ['{\n  "encryptedDataKey": "AQID",\n  "encryptedSecret": "U2Fs"\n}', 'legacy'],
    ['\ufeff{"encryptedSecret": "U2Fs", "encryptedDataKey": "AQID"}', 'legacy'], // the legacy parser skips a BOM
    ['\ufeff \n{"encryptedSecret": "U2Fs", "encryptedDataKey": "AQID"}', 'legacy'],
    ['{"encryptedSecret": "U2Fs"}', 'plain'],
    ['{"v":"other/1"}', 'plain'],
    ['{"user":"a","password":"b"}', 'plain'],
    ['hunter2', 'plain'],
    ['', 'plain'],
    ['"encryptedSecret": "encryptedDataKey":', 'plain'],
    // Only JSON whitespace (space, tab, LF, CR) is skipped, not all that String#trim removes
    // (docs/FORMAT.md section 2, "Detection").
    ['\u00a0{"alg":"x","v":"envelope-kit/9"}', 'plain'],
    ['\u2028{"alg":"x","v":"envelope-kit/9"}\u2029', 'plain'],
    ['\ufeff{"alg":"x","v":"envelope-kit/9"}', 'v1'], // one BOM is skipped; the parser refuses it
    ['\ufeff\ufeff{"alg":"x","v":"envelope-kit/9"}', 'plain'],
    ['\ufeff{"v":"envelope-kit/1"', 'v1'],
    ['\u000b{"encryptedSecret": "U2Fs", "encryptedDataKey": "AQID"}', 'plain'],
    ['\f{"encryptedSecret": "U2Fs", "encryptedDataKey": "AQID"}', 'plain'],
    ['{"encryptedSecret"\u00a0: "U2Fs", "encryptedDataKey": "AQID"}', 'plain'],
    // Only the top level counts: ordinary JSON that nests the two names is a plain secret.
    ['{"service":"billing","blob":{"encryptedSecret":"abc","encryptedDataKey":"def"}}', 'plain'],
    ['{"a":{"encryptedSecret":"x"},"b":{"encryptedDataKey":"y"}}', 'plain'],
    ['{"list":[{"encryptedSecret":"x","encryptedDataKey":"y"}]}', 'plain'],
    // Top-level fields of the wrong type are a damaged envelope (it then fails as malformed).
    ['{"encryptedSecret": 1, "encryptedDataKey": null}', 'legacy'],
    // Not JSON even leniently but naming both fields: a damaged envelope, not plain text.
    ['{"encryptedSecret": "U2Fs", "encryptedDataKey": "AQID"', 'legacy'],
  ])('%j -> %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

describe('decodeEnvelopeText', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

  it('decodes UTF-8 unchanged, keeping a BOM and U+FFFD written as UTF-8', () => {
    expect(decodeEnvelopeText(bytes('{"v":"é😀\ufffd"}'))).toBe('{"v":"é😀\ufffd"}');
    expect(decodeEnvelopeText(bytes([0xef, 0xbb, 0xbf], '{}'))).toBe('\ufeff{}');
  });

  it.each([
    ['a lone 0xFF', [0xff]],
    ['a continuation byte alone', [0x80]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a surrogate in UTF-8', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('refuses %s with ERR_ENVELOPE_MALFORMED', (_name, bad) => {
    expect(() => decodeEnvelopeText(bytes('{"v":"', bad, '"}'))).toThrow(
      expect.objectContaining({
        code: 'ERR_ENVELOPE_MALFORMED',
        message: 'envelope text is not valid UTF-8',
      }),
    );
  });
});
