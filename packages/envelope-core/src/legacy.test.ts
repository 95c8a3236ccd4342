/**
 * Unit tests of the legacy decoder that need no child process: committed vectors made by the real
 * openssl recipe, the lenient parser, bad-input tables, and pure-JS properties. The tests that run
 * openssl live in test/legacy-openssl.test.ts.
 */
import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixedDataKeyProvider } from '../test/fixtures/legacy/recipe.js';
import { EnvelopeKitError, isEnvelopeKitError } from './errors.js';
import type { KeyProvider } from './key-provider.js';
import {
  decryptLegacySecret,
  isLegacyEnvelopeText,
  type LegacyKdf,
  openLegacy,
  parseLegacyEnvelope,
} from './legacy.js';
import { chooseCandidate, evpBytesToKey, opensslFilePassword, pkcs7PaddingLength } from './legacy-kdf.js';

interface Vector {
  name: string;
  dataKeyHex: string;
  secret: string;
  opensslFlags: string;
  kdf: LegacyKdf;
  expectKdf: string;
  envelope: string;
}

const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('../test/fixtures/legacy/vectors.golden.json', import.meta.url), 'utf8'),
).vectors;

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const EDK = 'AQIDAHhTZXN0LWVuY3J5cHRlZC1kYXRhLWtleQ==';

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** Encrypts like `openssl enc` with a fixed salt (for pure-JS tests only; openssl is the source of truth elsewhere). */
function jsEncrypt(password: Uint8Array, salt: Uint8Array, plaintext: Uint8Array, digest: 'sha256' | 'md5') {
  const { key, iv } = evpBytesToKey(password, salt, digest);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([Buffer.from('Salted__'), salt, cipher.update(plaintext), cipher.final()]);
}

describe('committed vectors from the openssl recipe', () => {
  it('has the cases it claims', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(8);
    // The long secret's envelope really holds raw newlines (GNU base64 wrapping) and strict JSON refuses it.
    expect(vectors[0]!.envelope).toContain('\n');
    expect(() => JSON.parse(vectors[0]!.envelope)).toThrow(SyntaxError);
  });

  for (const vector of vectors) {
    it(`opens: ${vector.name}`, async () => {
      const dataKey = Buffer.from(vector.dataKeyHex, 'hex');
      const provider = new FixedDataKeyProvider(dataKey);
      const result = await openLegacy(vector.envelope, { provider, kdf: vector.kdf });
      expect(text(result.plaintext)).toBe(vector.secret);
      expect(result.kdf).toBe(vector.expectKdf);
      let cut = dataKey.findIndex((b) => b === 0x00 || b === 0x0a);
      if (cut === -1) cut = 32;
      expect(result).toMatchObject({
        passwordLength: cut,
        passwordShortened: cut < 32,
        passwordEmpty: cut === 0,
      });
    });
  }

  it('a PBKDF2 envelope does not open without kdf pbkdf2 (no silent guessing of iterations)', () => {
    const vector = vectors.find((v) => v.opensslFlags === '-pbkdf2')!;
    const { encryptedSecret } = parseLegacyEnvelope(vector.envelope);
    const dataKey = Buffer.from(vector.dataKeyHex, 'hex');
    const error = catchError(() => decryptLegacySecret(encryptedSecret, dataKey));
    // Deterministic for this committed vector: neither EVP_BytesToKey digest passes the padding check.
    expect(error).toMatchObject({ code: 'ERR_DECRYPTION_FAILED', message: 'decryption failed' });
    expect(() => decryptLegacySecret(encryptedSecret, dataKey, { kdf: { pbkdf2: 9999 } })).toThrow(
      EnvelopeKitError,
    );
  });
});

describe('isLegacyEnvelopeText', () => {
  it('recognises recipe output (even wrapped or damaged) and nothing else', () => {
    for (const v of vectors) expect(isLegacyEnvelopeText(v.envelope)).toBe(true);
    expect(isLegacyEnvelopeText('{"encryptedSecret": "not base64 !", "encryptedDataKey": ""}')).toBe(true);
    expect(isLegacyEnvelopeText('{"encryptedSecret": "QUJD"}')).toBe(false);
    expect(isLegacyEnvelopeText('{"encryptedSecret": 1, "encryptedDataKey": "QUJD"}')).toBe(false);
    expect(isLegacyEnvelopeText('my password mentions encryptedSecret and encryptedDataKey')).toBe(false);
    expect(isLegacyEnvelopeText('{"v":"envelope-kit/1"}')).toBe(false);
    expect(isLegacyEnvelopeText('')).toBe(false);
  });
});

describe('parseLegacyEnvelope', () => {
  it('accepts raw LF, CRLF and tabs inside strings, whitespace in base64, a BOM and extra fields', () => {
    const body = Buffer.from('Salted__12345678 and then some ciphertext!').toString('base64');
    const wrapped = `${body.slice(0, 20)}\r\n${body.slice(20, 40)}\n\t ${body.slice(40)}`;
    const parsed = parseLegacyEnvelope(
      `\ufeff{\n  "encryptedSecret": "${wrapped}",\n  "encryptedDataKey": "${EDK}",\n  "note": "a\nb"\n}\n`,
    );
    expect(Buffer.from(parsed.encryptedSecret).toString('base64')).toBe(body);
    expect(Buffer.from(parsed.encryptedDataKey).toString('base64')).toBe(EDK);
  });

  it('keeps escapes in strings working (an escaped quote or backslash does not end the string)', () => {
    const parsed = parseLegacyEnvelope(
      `{"x": "a \\" quoted \\\\", "encryptedSecret": "QUJD\nREVG", "encryptedDataKey": "${EDK}"}`,
    );
    expect(text(parsed.encryptedSecret)).toBe('ABCDEF');
  });

  it('returns an empty encryptedSecret as empty bytes (what the recipe stores when openssl failed)', () => {
    expect(
      parseLegacyEnvelope(`{"encryptedSecret": "", "encryptedDataKey": "${EDK}"}`).encryptedSecret,
    ).toHaveLength(0);
  });

  const malformed: [string, string, RegExp][] = [
    ['not JSON', 'encryptedSecret=abc', /not valid JSON/],
    ['truncated JSON', '{"encryptedSecret": "QUJD", "encryptedDataKey": "AQID', /not valid JSON/],
    ['a JSON array', '["encryptedSecret"]', /JSON object, got array/],
    ['JSON null', 'null', /JSON object, got null/],
    ['missing encryptedSecret', `{"encryptedDataKey": "${EDK}"}`, /lacks the field encryptedSecret/],
    ['missing encryptedDataKey', '{"encryptedSecret": "QUJD"}', /lacks the field encryptedDataKey/],
    [
      'number encryptedSecret',
      `{"encryptedSecret": 5, "encryptedDataKey": "${EDK}"}`,
      /encryptedSecret must be a string, got number/,
    ],
    [
      'object encryptedDataKey',
      '{"encryptedSecret": "QUJD", "encryptedDataKey": {}}',
      /encryptedDataKey must be a string, got object/,
    ],
    [
      'bad base64 character',
      `{"encryptedSecret": "QU*D", "encryptedDataKey": "${EDK}"}`,
      /encryptedSecret is not valid base64/,
    ],
    [
      'base64url',
      `{"encryptedSecret": "QU-_", "encryptedDataKey": "${EDK}"}`,
      /encryptedSecret is not valid base64/,
    ],
    [
      'truncated base64',
      `{"encryptedSecret": "QUJDR", "encryptedDataKey": "${EDK}"}`,
      /encryptedSecret is not valid base64/,
    ],
    [
      'padding in the middle',
      `{"encryptedSecret": "QQ==QUJD", "encryptedDataKey": "${EDK}"}`,
      /encryptedSecret is not valid base64/,
    ],
    [
      'non-canonical trailing bits',
      `{"encryptedSecret": "QR==", "encryptedDataKey": "${EDK}"}`,
      /encryptedSecret is not valid base64/,
    ],
    [
      'empty encryptedDataKey',
      '{"encryptedSecret": "QUJD", "encryptedDataKey": ""}',
      /encryptedDataKey is empty/,
    ],
  ];
  for (const [label, input, message] of malformed) {
    it(`rejects ${label} with ERR_LEGACY_MALFORMED`, () => {
      const error = catchError(() => parseLegacyEnvelope(input));
      expect(error).toMatchObject({ code: 'ERR_LEGACY_MALFORMED' });
      expect(error.message).toMatch(message);
      // Never quotes the input (JSON.parse's own message would; it is not kept as cause either).
      expect(error.message).not.toContain('QUJD');
      expect(error.cause).toBeUndefined();
    });
  }
});

describe('decryptLegacySecret: bad inputs', () => {
  const key = Buffer.alloc(32, 0x42);
  const good = jsEncrypt(key, Buffer.alloc(8, 7), Buffer.from('hello\n'), 'sha256');
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty (openssl failed, key did not start with 0x00)', new Uint8Array(0), /empty/],
    ['no Salted__ header', Buffer.concat([Buffer.from('Xalted__'), good.subarray(8)]), /Salted__/],
    ['shorter than the header', good.subarray(0, 10), /Salted__/],
    ['header and salt only', good.subarray(0, 16), /whole 16-byte AES blocks after the salt, got 0 bytes/],
    ['ciphertext cut mid-block', good.subarray(0, 31), /got 15 bytes/],
    ['ciphertext with an extra byte', Buffer.concat([good, Buffer.from([1])]), /got 17 bytes/],
  ];
  for (const [label, input, message] of cases) {
    it(`rejects ${label} with ERR_LEGACY_MALFORMED`, () => {
      const error = catchError(() => decryptLegacySecret(input, key));
      expect(error).toMatchObject({ code: 'ERR_LEGACY_MALFORMED' });
      expect(error.message).toMatch(message);
    });
  }

  it('a data key starting with 0x00 is ERR_LEGACY_UNRECOVERABLE whatever encryptedSecret holds', () => {
    const nulKey = Buffer.concat([Buffer.from([0]), key.subarray(1)]);
    for (const input of [new Uint8Array(0), good, Buffer.from('garbage')]) {
      expect(catchError(() => decryptLegacySecret(input, nulKey))).toMatchObject({
        code: 'ERR_LEGACY_UNRECOVERABLE',
      });
    }
  });

  it('rejects bad kdf options with ERR_INVALID_ARGUMENT', () => {
    for (const kdf of [
      { pbkdf2: 0 },
      { pbkdf2: 1.5 },
      { pbkdf2: -1 },
      { pbkdf2: 1e12 },
      'sha1',
      {},
    ] as unknown[]) {
      expect(catchError(() => decryptLegacySecret(good, key, { kdf: kdf as LegacyKdf }))).toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
      });
    }
  });

  it('stripTrailingNewline removes exactly one \\n', () => {
    const twice = jsEncrypt(key, Buffer.alloc(8, 1), Buffer.from('x\n\n'), 'sha256');
    expect(text(decryptLegacySecret(twice, key).plaintext)).toBe('x\n');
    expect(text(decryptLegacySecret(twice, key, { stripTrailingNewline: false }).plaintext)).toBe('x\n\n');
    const none = jsEncrypt(key, Buffer.alloc(8, 1), Buffer.from('x\r'), 'sha256');
    expect(text(decryptLegacySecret(none, key).plaintext)).toBe('x\r');
  });
});

describe('openLegacy and its provider', () => {
  const vector = vectors[1]!;
  const dataKey = Buffer.from(vector.dataKeyHex, 'hex');

  it('refuses a data key that is not 32 bytes, and zeroes it', async () => {
    const short = new FixedDataKeyProvider(dataKey.subarray(0, 16));
    await expect(openLegacy(vector.envelope, { provider: short, subject: 'app/x' })).rejects.toMatchObject({
      code: 'ERR_LEGACY_MALFORMED',
      subject: 'app/x',
      message: 'legacy data key must be 32 bytes (AES_256), got 16 bytes',
    });
    expect(short.handedOut[0]!.every((b) => b === 0)).toBe(true);
  });

  it('passes typed provider errors through with the subject, and wraps untyped ones as ERR_KEY_PROVIDER', async () => {
    const failing = (error: unknown): KeyProvider => ({
      provider: 'aws-kms',
      keyId: undefined,
      handles: () => true,
      wrapDataKey: () => Promise.reject(new Error('unused')),
      unwrapDataKey: () => Promise.reject(error),
    });
    const typed = new EnvelopeKitError('ERR_KEY_NOT_ALLOWED', 'key not allowed');
    await expect(openLegacy(vector.envelope, { provider: failing(typed), subject: 'app/y' })).rejects.toBe(
      typed,
    );
    expect(typed.subject).toBe('app/y');
    const cause = new TypeError('socket hang up');
    await expect(
      openLegacy(vector.envelope, { provider: failing(cause), subject: 'app/z' }),
    ).rejects.toMatchObject({
      code: 'ERR_KEY_PROVIDER',
      subject: 'app/z',
      cause,
    });
  });

  it('does not call the provider for a malformed envelope', async () => {
    const provider = new FixedDataKeyProvider(dataKey);
    await expect(openLegacy('{}', { provider, subject: 'app/w' })).rejects.toMatchObject({
      code: 'ERR_LEGACY_MALFORMED',
      subject: 'app/w',
    });
    expect(provider.calls).toHaveLength(0);
  });
});

describe('internals', () => {
  it('opensslFilePassword stops at 0x00 or 0x0A and at 1023 bytes', () => {
    expect(opensslFilePassword(Buffer.from('ab\ncd'))).toEqual(Buffer.from('ab'));
    expect(opensslFilePassword(Buffer.from('ab\0c\nd'))).toEqual(Buffer.from('ab'));
    expect(opensslFilePassword(Buffer.from('a\rb'))).toEqual(Buffer.from('a\rb'));
    expect(opensslFilePassword(Buffer.alloc(5000, 1))).toHaveLength(1023);
  });

  it('chooseCandidate: one pass wins, UTF-8 breaks a tie, else ambiguous; rejected outputs are zeroed', () => {
    const utf8 = () => Buffer.from('text ✓');
    const binary = () => Buffer.from([0xff, 0xfe, 0xc0]);
    const sha = (plaintext?: Buffer) => ({ kdf: 'sha256' as const, plaintext });
    const md5 = (plaintext?: Buffer) => ({ kdf: 'md5' as const, plaintext });

    expect(chooseCandidate([sha(), md5(binary())]).kdf).toBe('md5');
    expect(chooseCandidate([sha(binary()), md5()]).kdf).toBe('sha256');
    const loser = md5(binary());
    expect(chooseCandidate([sha(utf8()), loser]).kdf).toBe('sha256');
    expect(loser.plaintext!.every((b) => b === 0)).toBe(true);
    expect(chooseCandidate([sha(binary()), md5(utf8())]).kdf).toBe('md5');

    const bothText = [sha(utf8()), md5(utf8())];
    expect(catchError(() => chooseCandidate(bothText))).toMatchObject({ code: 'ERR_LEGACY_AMBIGUOUS' });
    expect(bothText.every((c) => c.plaintext!.every((b) => b === 0))).toBe(true);
    expect(catchError(() => chooseCandidate([sha(binary()), md5(binary())]))).toMatchObject({
      code: 'ERR_LEGACY_AMBIGUOUS',
    });
    expect(catchError(() => chooseCandidate([sha(), md5()]))).toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
      message: 'decryption failed',
    });
  });

  it('pkcs7PaddingLength accepts exactly the valid paddings', () => {
    const block = (tail: number[]) =>
      Buffer.concat([Buffer.alloc(32 - tail.length, 0xaa), Buffer.from(tail)]);
    expect(pkcs7PaddingLength(block([1]))).toBe(1);
    expect(pkcs7PaddingLength(block([3, 3, 3]))).toBe(3);
    expect(pkcs7PaddingLength(block(Array(16).fill(16)))).toBe(16);
    expect(pkcs7PaddingLength(block([2, 3, 3]))).toBe(0);
    expect(pkcs7PaddingLength(block([0]))).toBe(0);
    expect(pkcs7PaddingLength(block([17]))).toBe(0);
    expect(pkcs7PaddingLength(Buffer.alloc(16, 0xaa))).toBe(0);
    expect(pkcs7PaddingLength(Buffer.alloc(15, 1))).toBe(0);
  });
});

describe('properties (pure JS; openssl-made envelopes are the main tests)', () => {
  it('round trip over random keys, salts, plaintexts and digests matches node:crypto', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => k[0] !== 0),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.string({ unit: 'grapheme', maxLength: 200, size: 'max' }),
        fc.constantFrom<'sha256' | 'md5'>('sha256', 'md5'),
        (key, salt, secret, digest) => {
          const encrypted = jsEncrypt(opensslFilePassword(key), salt, Buffer.from(`${secret}\n`), digest);
          const result = decryptLegacySecret(encrypted, key, { kdf: digest });
          expect(text(result.plaintext)).toBe(secret);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('random mutations of an envelope text only ever raise typed errors, never leaking the key or secret', async () => {
    const vector = vectors[0]!;
    const dataKey = Buffer.from(vector.dataKeyHex, 'hex');
    await fc.assert(
      fc.asyncProperty(
        fc.nat(vector.envelope.length - 1),
        fc.integer({ min: 0, max: 0xffff }),
        fc.nat(3),
        async (position, code, kind) => {
          const s = vector.envelope;
          const mutated =
            kind === 0
              ? s.slice(0, position) + String.fromCharCode(code) + s.slice(position + 1)
              : kind === 1
                ? s.slice(0, position)
                : kind === 2
                  ? s.slice(0, position) + s.slice(position + 1)
                  : s.slice(0, position) + String.fromCharCode(code) + s.slice(position);
          try {
            const result = await openLegacy(mutated, { provider: new FixedDataKeyProvider(dataKey) });
            // CBC has no integrity (the recipe's weakness): a mutation that keeps the bytes intact must
            // open to the secret; one that changes an early block may open to garbage, as openssl would.
            const original = parseLegacyEnvelope(s).encryptedSecret;
            if (Buffer.from(parseLegacyEnvelope(mutated).encryptedSecret).equals(original)) {
              expect(text(result.plaintext)).toBe(vector.secret);
            }
          } catch (error) {
            expect(isEnvelopeKitError(error)).toBe(true);
            const message = (error as Error).message;
            expect(message).not.toContain(vector.dataKeyHex);
            expect(message).not.toContain('p4ss');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
