import { describe, expect, it } from 'vitest';
import { detectFormat } from './index.js';

describe('detectFormat', () => {
  it.each([
    ['{"v":"envelope-kit/1","alg":"A256GCM-HKDF-SHA512-COMMIT"}', 'v1'],
    ['  {"v":"envelope-kit/1", truncated', 'v1'], // damaged v1 is not passed through as plain
    ['{"alg":"x","v":"envelope-kit/9"}', 'v1'],
    ['{"v":"envelope-kit/1"}\n', 'v1'],
    ['{"encryptedSecret": "U2FsdGVkX1+abc\ndef=", "encryptedDataKey": "AQID"}', 'legacy'],
    ['{\n  "encryptedDataKey": "AQID",\n  "encryptedSecret": "U2Fs"\n}', 'legacy'],
    ['{"encryptedSecret": "U2Fs"}', 'plain'],
    ['{"v":"other/1"}', 'plain'],
    ['{"user":"a","password":"b"}', 'plain'],
    ['hunter2', 'plain'],
    ['', 'plain'],
    ['"encryptedSecret": "encryptedDataKey":', 'plain'],
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
