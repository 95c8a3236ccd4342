import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type KeyProvider, LocalKeyProvider, open, rewrap, seal, type WrappedDataKey } from './index.js';

const a = LocalKeyProvider.fromBytes(randomBytes(32), 'a');
const b = LocalKeyProvider.fromBytes(randomBytes(32), 'b');
const c = LocalKeyProvider.fromBytes(randomBytes(32), 'c');
const context = { secret: 'prod/db' };
const envelope = await seal('rotate me', { providers: [a], context });
const body = (t: string) => {
  const { keys: _keys, ...rest } = JSON.parse(t);
  return rest;
};

describe('rewrap', () => {
  it('adds a key: same header and ciphertext, the new key alone opens it', async () => {
    const out = await rewrap(envelope, { providers: [a], add: [b] });
    expect(body(out)).toEqual(body(envelope));
    expect(JSON.parse(out).keys.map((k: { id: string }) => k.id)).toEqual(['a', 'b']);
    expect(Buffer.from((await open(out, { providers: [b] })).plaintext).toString()).toBe('rotate me');
  });

  it('rotates: add c, remove a; a no longer opens it', async () => {
    const out = await rewrap(envelope, { providers: [a], add: [c], remove: ['a'] });
    expect(body(out)).toEqual(body(envelope));
    expect(JSON.parse(out).keys.map((k: { id: string }) => k.id)).toEqual(['c']);
    expect(Buffer.from((await open(out, { providers: [c] })).plaintext).toString()).toBe('rotate me');
    await expect(open(out, { providers: [a] })).rejects.toMatchObject({ code: 'ERR_NO_USABLE_KEY' });
  });

  it('removes without unwrapping', async () => {
    const two = await rewrap(envelope, { providers: [a], add: [b] });
    const out = await rewrap(two, { providers: [], remove: ['a'] });
    expect(JSON.parse(out).keys.map((k: { id: string }) => k.id)).toEqual(['b']);
  });

  it('dedupes: adding a key already present is a no-op', async () => {
    expect(await rewrap(envelope, { providers: [a], add: [a] })).toBe(envelope);
    const out = await rewrap(envelope, { providers: [a], add: [b, b] });
    expect(JSON.parse(out).keys).toHaveLength(2);
  });

  it('refuses to remove every key, and unknown key ids', async () => {
    await expect(rewrap(envelope, { providers: [a], remove: ['a'] })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    await expect(rewrap(envelope, { providers: [a], remove: ['zz'] })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      subject: 'zz',
    });
  });

  it('refuses more than maxKeys', async () => {
    await expect(rewrap(envelope, { providers: [a], add: [b, c], maxKeys: 2 })).rejects.toMatchObject({
      code: 'ERR_TOO_MANY_KEYS',
    });
  });

  it('never re-wraps a key that fails the commitment (a swapped-in entry)', async () => {
    const other = await seal('other', { providers: [a], context });
    const swapped = JSON.stringify({ ...JSON.parse(envelope), keys: JSON.parse(other).keys });
    await expect(rewrap(swapped, { providers: [a], add: [b] })).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
    });
  });

  it('without a provider able to unwrap -> ERR_NO_USABLE_KEY', async () => {
    await expect(rewrap(envelope, { providers: [c], add: [b] })).rejects.toMatchObject({
      code: 'ERR_NO_USABLE_KEY',
    });
  });

  it('uses rewrapDataKey (service-side re-encrypt) when the new provider offers it, without unwrapping', async () => {
    const sources: WrappedDataKey[] = [];
    // Stands in for KMS ReEncrypt: the test provider re-encrypts by unwrapping with `a` on "its side".
    const reencrypting: KeyProvider = {
      provider: 'local',
      keyId: 'b',
      handles: (w) => b.handles(w),
      wrapDataKey: () => Promise.reject(new Error('must not be called')),
      unwrapDataKey: (w, ctx) => b.unwrapDataKey(w, ctx),
      async rewrapDataKey(wrapped, ctx) {
        sources.push(wrapped);
        const { dataKey } = await a.unwrapDataKey(wrapped, ctx);
        return b.wrapDataKey(dataKey, ctx);
      },
    };
    const out = await rewrap(envelope, { providers: [], add: [reencrypting], remove: ['a'] });
    expect(sources.map((s) => s.keyId)).toEqual(['a']);
    expect(Buffer.from((await open(out, { providers: [b] })).plaintext).toString()).toBe('rotate me');
  });

  it('falls back to unwrap + wrap when rewrapDataKey returns undefined', async () => {
    const declining: KeyProvider = {
      provider: 'local',
      keyId: 'c',
      handles: (w) => c.handles(w),
      wrapDataKey: (k, ctx) => c.wrapDataKey(k, ctx),
      unwrapDataKey: (w, ctx) => c.unwrapDataKey(w, ctx),
      rewrapDataKey: async () => undefined,
    };
    const out = await rewrap(envelope, { providers: [a], add: [declining] });
    expect(Buffer.from((await open(out, { providers: [c] })).plaintext).toString()).toBe('rotate me');
  });
});
