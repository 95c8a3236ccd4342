import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Strict, lengthPrefixed } from './bytes.js';

/** The obviously-correct definition: canonical iff decoding then encoding gives the text back. */
function reference(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

describe('fromBase64Strict', () => {
  it('agrees with decode-then-re-encode on texts dense in special characters', () => {
    const char = fc.oneof(
      fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
      fc.constantFrom('=', '-', '_', ' ', '\n', '\t', '.', 'é', '\u0000', '\u{1f600}'),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 16, size: 'max' }), (chars) => {
        const text = chars.join('');
        const expected = reference(text);
        const actual = fromBase64Strict(text);
        expect(actual === undefined).toBe(expected === undefined);
        if (expected !== undefined) expect(actual && Buffer.from(actual).equals(expected)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts the canonical encoding of any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100, size: 'max' }), (bytes) => {
        const decoded = fromBase64Strict(Buffer.from(bytes).toString('base64'));
        expect(decoded && Buffer.from(decoded).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it.each(['AA==AAAA', 'A===', '====', 'AAA=AAA=', 'AB==', 'AAB=', 'AA-_', 'AAA\u00e9'])(
    'rejects %j',
    (text) => {
      expect(fromBase64Strict(text)).toBeUndefined();
    },
  );
});

describe('lengthPrefixed', () => {
  it('writes u32be lengths before each part', () => {
    expect(Buffer.from(lengthPrefixed([Buffer.from('ab'), new Uint8Array(0)])).toString('hex')).toBe(
      '00000002616200000000',
    );
  });
});
