// Property tests (fast-check): round trips over random plaintexts, contexts and key sets; random
// mutations of a valid envelope only ever raise typed errors that never hold the plaintext.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EnvelopeKitError,
  inspect,
  type KeyProvider,
  LocalKeyProvider,
  open,
  RsaKeyProvider,
  rewrap,
  seal,
} from '../src/index.js';
import { rsaPemPair } from './helpers.js';

const rsaPair = rsaPemPair();
const pool: KeyProvider[] = [
  LocalKeyProvider.fromBytes(randomBytes(32)),
  LocalKeyProvider.fromBytes(randomBytes(32), 'local-two'),
  LocalKeyProvider.fromBytes(randomBytes(32), 'ключ/ü'),
  RsaKeyProvider.fromPem({
    keyId: 'rsa-1',
    publicKeyPem: rsaPair.publicKey,
    privateKeyPem: rsaPair.privateKey,
  }),
];

const contextArb = fc.dictionary(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20, size: 'max' }),
  fc.string({ unit: 'grapheme', maxLength: 40, size: 'max' }),
  { maxKeys: 6, size: 'max' },
);
const keySetArb = fc.subarray(pool, { minLength: 1 });

/**
 * Plaintexts of every length from 0 B to 64 KiB, with the AES block and size edges often. A plain
 * `fc.uint8Array({ maxLength })` keeps lengths under ~10 at fast-check's default size.
 */
const plaintextArb = fc
  .oneof(fc.constantFrom(0, 1, 15, 16, 17, 4_095, 4_096, 65_535, 65_536), fc.integer({ min: 0, max: 65_536 }))
  .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

const KNOWN_CODES = new Set([
  'ERR_ENVELOPE_MALFORMED',
  'ERR_ENVELOPE_UNSUPPORTED',
  'ERR_DECRYPTION_FAILED',
  'ERR_NO_USABLE_KEY',
  'ERR_TOO_MANY_KEYS',
]);

describe('properties', () => {
  it('seal then open returns the plaintext, for 0 B to 64 KiB, random contexts and key sets', async () => {
    const lengths: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        plaintextArb,
        contextArb,
        keySetArb,
        fc.nat(),
        async (plaintext, context, keys, pick) => {
          lengths.push(plaintext.length);
          const envelope = await seal(plaintext, { providers: keys, context });
          expect(envelope).not.toContain('\n');
          const opener = keys[pick % keys.length] as KeyProvider;
          const result = await open(envelope, { providers: [opener], requiredContext: context });
          expect(Buffer.from(result.plaintext).equals(Buffer.from(plaintext))).toBe(true);
          expect(result.context).toEqual(context);
          expect(inspect(envelope).keys.map((k) => k.keyId)).toEqual(keys.map((k) => k.keyId));
        },
      ),
      { numRuns: 60 },
    );
    // The generator really spans the range (a guard against fast-check's small default size).
    expect(Math.max(...lengths)).toBeGreaterThan(32_768);
    expect(Math.min(...lengths)).toBeLessThan(64);
  });

  it('string plaintexts round-trip as UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200, size: 'max' }), async (plaintext) => {
        const envelope = await seal(plaintext, { providers: [pool[0] as KeyProvider] });
        expect(Buffer.from((await open(envelope, { providers: pool })).plaintext).toString('utf8')).toBe(
          plaintext,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('rewrap to a random key set keeps the ciphertext and opens with each new key', async () => {
    await fc.assert(
      fc.asyncProperty(keySetArb, keySetArb, async (from, to) => {
        const envelope = await seal('rewrap property', { providers: from, context: { a: 'b' } });
        const remove = from.filter((k) => !to.includes(k)).map((k) => k.keyId as string);
        const out = await rewrap(envelope, { providers: from, add: to, remove });
        expect(JSON.parse(out).ct).toBe(JSON.parse(envelope).ct);
        expect(
          inspect(out)
            .keys.map((k) => k.keyId)
            .sort(),
        ).toEqual(to.map((k) => k.keyId).sort());
        for (const key of to) {
          expect(Buffer.from((await open(out, { providers: [key] })).plaintext).toString()).toBe(
            'rewrap property',
          );
        }
      }),
      { numRuns: 30 },
    );
  });

  it('random mutations of a valid envelope raise only typed errors with known codes, never the plaintext', async () => {
    const plaintext = 'PLAINTEXT-SENTINEL-7d1e';
    const envelope = await seal(plaintext, {
      providers: [pool[0] as KeyProvider, pool[3] as KeyProvider],
      context: { secret: 'x/y' },
    });
    const mutation = fc.oneof(
      // flip one bit of one character
      fc.tuple(fc.constant('flip' as const), fc.nat(envelope.length - 1), fc.integer({ min: 0, max: 6 })),
      // delete a span
      fc.tuple(fc.constant('delete' as const), fc.nat(envelope.length - 1), fc.integer({ min: 1, max: 20 })),
      // insert random text
      fc.tuple(fc.constant('insert' as const), fc.nat(envelope.length), fc.string({ maxLength: 10 })),
      // swap two characters
      fc.tuple(fc.constant('swap' as const), fc.nat(envelope.length - 1), fc.nat(envelope.length - 1)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        let text = envelope;
        for (const [kind, at, arg] of mutations) {
          const i = Math.min(at, text.length);
          if (kind === 'flip')
            text =
              text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << arg)) + text.slice(i + 1);
          else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + arg);
          else if (kind === 'insert') text = text.slice(0, i) + arg + text.slice(i);
          else {
            const j = Math.min(arg, text.length - 1);
            const chars = [...text];
            [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
            text = chars.join('');
          }
        }
        if (text === envelope) return;
        try {
          const result = await open(text, { providers: pool });
          // A mutation can be harmless only outside the authenticated bytes: e.g. none exists in v1
          // besides whitespace around the envelope and the choice among key entries.
          expect(Buffer.from(result.plaintext).toString()).toBe(plaintext);
        } catch (error) {
          expect(error).toBeInstanceOf(EnvelopeKitError);
          expect(KNOWN_CODES).toContain((error as EnvelopeKitError).code);
          expect((error as Error).message).not.toContain(plaintext);
        }
      }),
      { numRuns: 300 },
    );
  });
});
