// Cross-check of the AEAD layer against bare node:crypto AES-256-GCM, including edge sizes.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commitmentMatches, deriveKeys, gcmDecrypt, gcmEncrypt } from './v1-crypto.js';

describe('AES-256-GCM layer against node:crypto', () => {
  it('gcmEncrypt equals createCipheriv output and gcmDecrypt opens createCipheriv output', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 64, size: 'max' }),
        // size 'max': lengths across the whole range (the default size keeps them under ~10 bytes).
        fc.uint8Array({ maxLength: 4096, size: 'max' }),
        (key, iv, aad, plaintext) => {
          const c = createCipheriv('aes-256-gcm', key, iv);
          c.setAAD(aad);
          const reference = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
          expect(Buffer.from(gcmEncrypt(key, iv, aad, plaintext)).equals(reference)).toBe(true);
          expect(Buffer.from(gcmDecrypt(key, iv, aad, reference)).equals(Buffer.from(plaintext))).toBe(true);
          const d = createDecipheriv('aes-256-gcm', key, iv);
          d.setAAD(aad);
          d.setAuthTag(reference.subarray(reference.length - 16));
          expect(
            Buffer.concat([d.update(reference.subarray(0, -16)), d.final()]).equals(Buffer.from(plaintext)),
          ).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects a wrong tag, AAD or key with ERR_DECRYPTION_FAILED', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const sealed = gcmEncrypt(key, iv, Buffer.from('aad'), Buffer.from('plaintext'));
    const badTag = Buffer.from(sealed);
    badTag[badTag.length - 1] = (badTag[badTag.length - 1] ?? 0) ^ 0x80;
    expect(() => gcmDecrypt(key, iv, Buffer.from('aad'), badTag)).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
    expect(() => gcmDecrypt(key, iv, Buffer.from('aaD'), sealed)).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
    expect(() => gcmDecrypt(randomBytes(32), iv, Buffer.from('aad'), sealed)).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
    expect(() => gcmDecrypt(key, iv, Buffer.from('aad'), sealed.subarray(0, 15))).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }),
    );
  });

  it('NIST GCM test case 14 (AES-256, zero key and iv, one zero block)', () => {
    // From the GCM spec (McGrew & Viega), test case 14.
    const out = Buffer.from(
      gcmEncrypt(Buffer.alloc(32), Buffer.alloc(12), Buffer.alloc(0), Buffer.alloc(16)),
    );
    expect(out.toString('hex')).toBe('cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
  });
});

describe('key derivation and commitment', () => {
  it('the content key and the commitment differ and depend on K and mid', () => {
    const K = Buffer.alloc(32, 1);
    const mid = Buffer.alloc(32, 2);
    const a = deriveKeys(K, mid);
    expect(Buffer.from(a.contentKey).equals(Buffer.from(a.commitment))).toBe(false);
    expect(
      Buffer.from(deriveKeys(Buffer.alloc(32, 3), mid).commitment).equals(Buffer.from(a.commitment)),
    ).toBe(false);
    expect(Buffer.from(deriveKeys(K, Buffer.alloc(32, 3)).commitment).equals(Buffer.from(a.commitment))).toBe(
      false,
    );
    expect(commitmentMatches(K, mid, a.commitment)).toBe(true);
    expect(commitmentMatches(Buffer.alloc(32, 3), mid, a.commitment)).toBe(false);
  });
});
