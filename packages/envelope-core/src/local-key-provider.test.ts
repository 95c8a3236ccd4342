import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalKeyProvider, localKeyId } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'envelope-local-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const kek = randomBytes(32);
const K = randomBytes(32);

describe('LocalKeyProvider: bad inputs', () => {
  it.each([
    ['31 bytes', Buffer.alloc(31), /expected 32-byte local key, got 31-byte Uint8Array/],
    ['33 bytes', Buffer.alloc(33), /got 33-byte/],
    ['empty', new Uint8Array(0), /got 0-byte/],
    ['a string', 'x'.repeat(32), /got string/],
    ['null', null, /got null/],
    ['an array', Array(32).fill(0), /got array/],
  ])('fromBytes(%s) -> ERR_INVALID_ARGUMENT', (_name, value, message) => {
    expect(() => LocalKeyProvider.fromBytes(value as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(message) }),
    );
  });

  it.each([
    ['31 bytes', Buffer.alloc(31, 7).toString('base64')],
    ['url alphabet', Buffer.alloc(32, 0xfb).toString('base64url')],
    ['not base64', '!!!!'],
    ['empty', ''],
  ])('fromBase64(%s) -> ERR_INVALID_ARGUMENT without the value', (_name, value) => {
    try {
      LocalKeyProvider.fromBase64(value);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
      if (value.length > 4) expect((error as Error).message).not.toContain(value);
    }
  });

  it('fromEnv names the variable when unset or bad, never the value', () => {
    delete process.env.EK_TEST_UNSET;
    expect(() => LocalKeyProvider.fromEnv('EK_TEST_UNSET')).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARGUMENT',
        subject: 'EK_TEST_UNSET',
        message: expect.stringContaining('EK_TEST_UNSET'),
      }),
    );
    process.env.EK_TEST_BAD = Buffer.alloc(16, 0x61).toString('base64');
    expect(() => LocalKeyProvider.fromEnv('EK_TEST_BAD')).toThrow(
      expect.objectContaining({
        subject: 'EK_TEST_BAD',
        message: expect.not.stringContaining(process.env.EK_TEST_BAD),
      }),
    );
    delete process.env.EK_TEST_BAD;
  });

  it('fromFile names the file, never its content', () => {
    const missing = join(dir, 'missing.key');
    expect(() => LocalKeyProvider.fromFile(missing)).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARGUMENT',
        subject: missing,
        message: expect.stringContaining('ENOENT'),
      }),
    );
    const short = join(dir, 'short.key');
    writeFileSync(short, 'c2hvcnQta2V5LXZhbHVl\n');
    expect(() => LocalKeyProvider.fromFile(short)).toThrow(
      expect.objectContaining({ subject: short, message: expect.not.stringContaining('c2hvcnQ') }),
    );
  });

  it('rejects a bad key id', () => {
    expect(() => LocalKeyProvider.fromBytes(kek, '')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});

describe('LocalKeyProvider: sources agree', () => {
  it('bytes, base64, env, raw file and base64 file give the same key id and unwrap each other', async () => {
    const raw = join(dir, 'raw.key');
    const text = join(dir, 'text.key');
    writeFileSync(raw, kek);
    writeFileSync(text, `${kek.toString('base64')}\n`);
    process.env.EK_TEST_KEY = kek.toString('base64');
    const providers = [
      LocalKeyProvider.fromBytes(kek),
      LocalKeyProvider.fromBase64(` ${kek.toString('base64')} `),
      LocalKeyProvider.fromEnv('EK_TEST_KEY'),
      LocalKeyProvider.fromFile(raw),
      LocalKeyProvider.fromFile(text),
    ];
    delete process.env.EK_TEST_KEY;
    expect(new Set(providers.map((p) => p.keyId))).toEqual(new Set([localKeyId(kek)]));
    expect(providers[0]?.keyId).toMatch(/^local:[0-9a-f]{16}$/);
    const wrapped = await providers[0]?.wrapDataKey(K, { a: 'b' });
    for (const p of providers) {
      expect(Buffer.from((await p.unwrapDataKey(wrapped as never, { a: 'b' })).dataKey).equals(K)).toBe(true);
    }
  });

  it('copies the KEK: zeroing the caller buffer does not change the provider', async () => {
    const mine = Buffer.from(kek);
    const p = LocalKeyProvider.fromBytes(mine);
    mine.fill(0);
    const wrapped = await p.wrapDataKey(K, {});
    expect(
      Buffer.from((await LocalKeyProvider.fromBytes(kek).unwrapDataKey(wrapped, {})).dataKey).equals(K),
    ).toBe(true);
  });
});

describe('LocalKeyProvider: wrap and unwrap', () => {
  const p = LocalKeyProvider.fromBytes(kek, 'ci');

  it('edk is iv(12) || ct(32) || tag(16), fresh iv each time', async () => {
    const a = await p.wrapDataKey(K, {});
    const b = await p.wrapDataKey(K, {});
    expect(a).toMatchObject({ provider: 'local', keyId: 'ci' });
    expect(a.encryptedKey.length).toBe(60);
    expect(Buffer.from(a.encryptedKey).equals(Buffer.from(b.encryptedKey))).toBe(false);
  });

  it.each([
    ['another KEK', LocalKeyProvider.fromBytes(randomBytes(32), 'ci'), { a: 'b' }],
    ['another context', p, { a: 'c' }],
    ['an empty context', p, {}],
  ])('%s -> ERR_DECRYPTION_FAILED', async (_name, opener, ctx) => {
    const wrapped = await p.wrapDataKey(K, { a: 'b' });
    await expect(opener.unwrapDataKey(wrapped, ctx)).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
      message: 'decryption failed',
    });
  });

  it('binds the key id: the same KEK under another id fails', async () => {
    const wrapped = await p.wrapDataKey(K, {});
    const renamed = LocalKeyProvider.fromBytes(kek, 'other');
    await expect(renamed.unwrapDataKey({ ...wrapped, keyId: 'other' }, {})).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
    });
  });

  it.each([59, 61, 0])('an edk of %i bytes -> ERR_DECRYPTION_FAILED', async (n) => {
    await expect(
      p.unwrapDataKey({ provider: 'local', keyId: 'ci', encryptedKey: Buffer.alloc(n) }, {}),
    ).rejects.toMatchObject({ code: 'ERR_DECRYPTION_FAILED' });
  });

  it.each([31, 33])('wrapping a %i-byte data key -> ERR_INVALID_ARGUMENT', async (n) => {
    await expect(p.wrapDataKey(Buffer.alloc(n), {})).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('handles only its own provider and key id', () => {
    expect(p.handles({ provider: 'local', keyId: 'ci' })).toBe(true);
    expect(p.handles({ provider: 'local', keyId: 'cj' })).toBe(false);
    expect(p.handles({ provider: 'rsa', keyId: 'ci' })).toBe(false);
  });
});

describe('LocalKeyProvider: clear', () => {
  it('zeroes its own KEK copy: wrap and unwrap then fail with ERR_KEY_PROVIDER, the caller keeps theirs', async () => {
    const mine = Buffer.from(kek);
    const p = LocalKeyProvider.fromBytes(mine, 'ci');
    const wrapped = await p.wrapDataKey(K, { a: 'b' });
    p.clear();
    p.clear();
    await expect(p.unwrapDataKey(wrapped, { a: 'b' })).rejects.toMatchObject({
      code: 'ERR_KEY_PROVIDER',
      subject: 'ci',
    });
    await expect(p.wrapDataKey(K, {})).rejects.toMatchObject({ code: 'ERR_KEY_PROVIDER' });
    expect(mine.equals(kek)).toBe(true);
    const again = await LocalKeyProvider.fromBytes(mine, 'ci').unwrapDataKey(wrapped, { a: 'b' });
    expect(Buffer.from(again.dataKey).equals(K)).toBe(true);
  });
});
