import { describe, expect, it } from 'vitest';
import { bindContextToDataKey, canonicalContext, unbindContextFromDataKey } from './index.js';

describe('canonicalContext', () => {
  it('encodes the example of FORMAT.md byte for byte', () => {
    expect(Buffer.from(canonicalContext({ secret: 'prod/db' })).toString('hex')).toBe(
      '00000001' +
        '00000006' +
        Buffer.from('secret').toString('hex') +
        '00000007' +
        Buffer.from('prod/db').toString('hex'),
    );
    expect(Buffer.from(canonicalContext({})).toString('hex')).toBe('00000000');
  });

  it('sorts by UTF-8 bytes, not by UTF-16 code units or insertion order', () => {
    // U+FF61 is EF BD A1 in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 it sorts after (FF61 > D83D).
    const a = canonicalContext({ '\u{1f600}': '1', '\uff61': '2', b: '3', a: '4' });
    const b = canonicalContext({ a: '4', b: '3', '\uff61': '2', '\u{1f600}': '1' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const keys: string[] = [];
    let offset = 4;
    const view = Buffer.from(a);
    for (let i = 0; i < 4; i++) {
      const kl = view.readUInt32BE(offset);
      keys.push(view.subarray(offset + 4, offset + 4 + kl).toString('utf8'));
      offset += 4 + kl;
      offset += 4 + view.readUInt32BE(offset);
    }
    expect(keys).toEqual(['a', 'b', '\uff61', '\u{1f600}']);
  });

  it('keeps pairs apart: {ab: c} and {a: bc} differ', () => {
    expect(
      Buffer.from(canonicalContext({ ab: 'c' })).equals(Buffer.from(canonicalContext({ a: 'bc' }))),
    ).toBe(false);
  });

  it.each([
    ['empty key', { '': 'x' }],
    ['non-string value', { a: 1 }],
    ['null value', { a: null }],
    ['lone surrogate in key', { '\ud800': 'x' }],
    ['lone surrogate in value', { a: '\udc00' }],
    ['key of 257 bytes', { [`${'é'.repeat(128)}x`]: 'v' }],
    ['value of 1025 bytes', { k: 'x'.repeat(1025) }],
    ['65 pairs', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']))],
    ['an array', ['a']],
    ['null', null],
  ])('%s -> ERR_INVALID_ARGUMENT', (_name, ctx) => {
    expect(() => canonicalContext(ctx as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  it('accepts the bounds: key of 256 bytes, value of 1024 bytes, 64 pairs, empty value', () => {
    expect(() => canonicalContext({ ['k'.repeat(256)]: 'v'.repeat(1024), e: '' })).not.toThrow();
    expect(() =>
      canonicalContext(Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, 'v']))),
    ).not.toThrow();
  });

  it('never puts a value in an error message', () => {
    expect(() => canonicalContext({ k: `hunter2${'x'.repeat(2000)}` })).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining('hunter2') }),
    );
  });
});

describe('bindContextToDataKey / unbindContextFromDataKey', () => {
  const K = Buffer.alloc(32, 0x42);
  it('is SHA-384(canonical ctx) || K and round-trips', async () => {
    const { createHash } = await import('node:crypto');
    const payload = bindContextToDataKey(K, { secret: 'a' });
    const digest = createHash('sha384')
      .update(canonicalContext({ secret: 'a' }))
      .digest();
    expect(Buffer.from(payload).equals(Buffer.concat([digest, K]))).toBe(true);
    expect(Buffer.from(unbindContextFromDataKey(payload, { secret: 'a' })).equals(K)).toBe(true);
  });

  it('fails with ERR_DECRYPTION_FAILED for another context, a flipped digest bit or a wrong length', () => {
    const payload = Buffer.from(bindContextToDataKey(K, { secret: 'a' }));
    expect(() => unbindContextFromDataKey(payload, { secret: 'b' })).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
    expect(() => unbindContextFromDataKey(payload, {})).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
    const flipped = Buffer.from(payload);
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    expect(() => unbindContextFromDataKey(flipped, { secret: 'a' })).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
    expect(() => unbindContextFromDataKey(payload.subarray(1), { secret: 'a' })).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
  });

  it.each([31, 33, 0])('rejects a %i-byte data key with ERR_INVALID_ARGUMENT', (n) => {
    expect(() => bindContextToDataKey(Buffer.alloc(n), {})).toThrow(/expected 32-byte data key, got \d+/);
  });
});
