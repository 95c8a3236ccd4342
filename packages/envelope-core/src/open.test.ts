import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  DecryptionFailedError,
  type KeyProvider,
  KeyProviderError,
  LocalKeyProvider,
  open,
  RsaKeyProvider,
  seal,
  type WrappedDataKey,
} from './index.js';

const a = LocalKeyProvider.fromBytes(randomBytes(32), 'a');
const b = LocalKeyProvider.fromBytes(randomBytes(32), 'b');
const context = { secret: 'prod/db', repository: 'o/r' };
const envelope = await seal('the value', { providers: [a, b], context });
const text = (r: { plaintext: Uint8Array }) => Buffer.from(r.plaintext).toString();

/** A provider that records calls and delegates to `inner` (or fails with `fail`). */
function spy(inner: KeyProvider, fail?: unknown, answerKeyId?: string): KeyProvider & { calls: number } {
  const s = {
    provider: inner.provider,
    keyId: inner.keyId,
    calls: 0,
    handles: (w: Pick<WrappedDataKey, 'provider' | 'keyId'>) => inner.handles(w),
    wrapDataKey: (k: Uint8Array, c: Record<string, string>) => inner.wrapDataKey(k, c),
    async unwrapDataKey(w: WrappedDataKey, c: Record<string, string>) {
      s.calls++;
      if (fail !== undefined) throw fail;
      const r = await inner.unwrapDataKey(w, c);
      return answerKeyId === undefined ? r : { ...r, keyId: answerKeyId };
    },
  };
  return s;
}

describe('open', () => {
  it('opens with any one of the keys and reports which', async () => {
    expect(await open(envelope, { providers: [b] })).toMatchObject({
      provider: 'local',
      keyId: 'b',
      context,
    });
    const r = await open(envelope, { providers: [a, b] });
    expect([text(r), r.keyId]).toEqual(['the value', 'a']);
  });

  it('tries entries in envelope order and moves on after a decryption failure', async () => {
    const wrongA = spy(LocalKeyProvider.fromBytes(randomBytes(32), 'a'));
    const r = await open(envelope, { providers: [wrongA, b] });
    expect(wrongA.calls).toBe(1);
    expect(r.keyId).toBe('b');
  });

  it('moves on after a provider service error, and reports it when nothing opens', async () => {
    const broken = spy(a, new Error('socket hang up'));
    expect((await open(envelope, { providers: [broken, b] })).keyId).toBe('b');
    const err = await open(envelope, {
      providers: [broken, spy(b, new DecryptionFailedError())],
      subject: 's',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(KeyProviderError);
    expect(err).toMatchObject({ code: 'ERR_KEY_PROVIDER', subject: 's' });
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('every key wrong -> ERR_DECRYPTION_FAILED with the fixed message and the subject', async () => {
    const err = await open(envelope, {
      providers: [LocalKeyProvider.fromBytes(randomBytes(32), 'a')],
      subject: 'prod/db',
    }).catch((e) => e);
    expect(err).toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
      message: 'decryption failed',
      subject: 'prod/db',
    });
  });

  it('no provider for any entry -> ERR_NO_USABLE_KEY, without a provider call', async () => {
    const c = spy(LocalKeyProvider.fromBytes(randomBytes(32), 'c'));
    await expect(open(envelope, { providers: [c], subject: 'x' })).rejects.toMatchObject({
      code: 'ERR_NO_USABLE_KEY',
      subject: 'x',
    });
    await expect(open(envelope, { providers: [] })).rejects.toMatchObject({ code: 'ERR_NO_USABLE_KEY' });
    expect(c.calls).toBe(0);
  });

  describe('policy', () => {
    it('requiredContext: every pair must match exactly', async () => {
      expect(text(await open(envelope, { providers: [a], requiredContext: { secret: 'prod/db' } }))).toBe(
        'the value',
      );
      const missing = await open(envelope, {
        providers: [a],
        requiredContext: { environment: 'prod' },
      }).catch((e) => e);
      expect(missing).toMatchObject({
        code: 'ERR_CONTEXT_MISMATCH',
        message: expect.stringContaining('"environment"'),
      });
      const other = await open(envelope, { providers: [a], requiredContext: { secret: 'prod/dbx' } }).catch(
        (e) => e,
      );
      expect(other).toMatchObject({ code: 'ERR_CONTEXT_MISMATCH' });
      expect(other.message).not.toContain('prod/dbx');
    });

    it('allowedKeyIds: only allowed entries are tried; none allowed -> ERR_KEY_NOT_ALLOWED before any call', async () => {
      const sa = spy(a);
      const sb = spy(b);
      expect((await open(envelope, { providers: [sa, sb], allowedKeyIds: ['b'] })).keyId).toBe('b');
      expect(sa.calls).toBe(0);
      await expect(
        open(envelope, { providers: [sa, sb], allowedKeyIds: ['c'], subject: 's' }),
      ).rejects.toMatchObject({ code: 'ERR_KEY_NOT_ALLOWED', subject: 's' });
      expect(sa.calls + sb.calls).toBe(1);
    });

    it('allowedKeyIds: a provider answering with another key id -> ERR_KEY_NOT_ALLOWED', async () => {
      const liar = spy(a, undefined, 'arn:other');
      await expect(open(envelope, { providers: [liar], allowedKeyIds: ['a'] })).rejects.toMatchObject({
        code: 'ERR_KEY_NOT_ALLOWED',
      });
    });

    it('maxKeys: more entries than allowed -> ERR_TOO_MANY_KEYS before any provider call', async () => {
      const many = await seal('x', {
        providers: Array.from({ length: 11 }, (_, i) => LocalKeyProvider.fromBytes(randomBytes(32), `k${i}`)),
      });
      const sa = spy(a);
      await expect(open(many, { providers: [sa] })).rejects.toMatchObject({ code: 'ERR_TOO_MANY_KEYS' });
      await expect(open(envelope, { providers: [sa], maxKeys: 1 })).rejects.toMatchObject({
        code: 'ERR_TOO_MANY_KEYS',
      });
      expect(sa.calls).toBe(0);
      await expect(open(envelope, { providers: [a], maxKeys: 0 })).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
      });
    });

    it('a provider returning a data key of the wrong length -> ERR_DECRYPTION_FAILED', async () => {
      const odd: KeyProvider = {
        ...spy(a),
        unwrapDataKey: async () => ({ dataKey: new Uint8Array(31), keyId: 'a' }),
      };
      await expect(open(envelope, { providers: [odd] })).rejects.toMatchObject({
        code: 'ERR_DECRYPTION_FAILED',
      });
    });
  });

  it('zeroes the data key it received from the provider', async () => {
    let seen: Uint8Array | undefined;
    const watcher: KeyProvider = {
      ...spy(a),
      async unwrapDataKey(w, c) {
        const r = await a.unwrapDataKey(w, c);
        seen = r.dataKey;
        return r;
      },
    };
    await open(envelope, { providers: [watcher] });
    expect(seen?.every((x) => x === 0)).toBe(true);
  });

  it('opens envelopes with an rsa key', async () => {
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const sealer = RsaKeyProvider.fromPem({ keyId: 'bg', publicKeyPem: pair.publicKey });
    const opener = RsaKeyProvider.fromPem({ keyId: 'bg', privateKeyPem: pair.privateKey });
    const e = await seal('rsa value', { providers: [sealer], context });
    expect(text(await open(e, { providers: [opener] }))).toBe('rsa value');
  });

  it('rejects bad options with ERR_INVALID_ARGUMENT', async () => {
    await expect(open(envelope, undefined as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});

describe('seal', () => {
  it('takes K from the first provider when it generates one, and wraps it for the others', async () => {
    const K = randomBytes(32);
    const generateDataKey = vi.fn(async (ctx: Record<string, string>) => ({
      dataKey: Buffer.from(K),
      wrapped: await a.wrapDataKey(K, ctx),
    }));
    const generator: KeyProvider = { ...spy(a), generateDataKey };
    const e = await seal('gen', { providers: [generator, b], context });
    expect(generateDataKey).toHaveBeenCalledWith(context);
    expect(text(await open(e, { providers: [b] }))).toBe('gen');
    expect(text(await open(e, { providers: [a] }))).toBe('gen');
  });

  it.each([
    ['no providers', { providers: [] }],
    [
      'a provider without key id',
      { providers: [{ ...a, keyId: undefined, wrapDataKey: a.wrapDataKey.bind(a) }] },
    ],
    ['the same key twice', { providers: [a, a] }],
    ['a bad context', { providers: [a], context: { '': 'x' } }],
    ['a short random', { providers: [a], randomBytes: () => new Uint8Array(3) }],
  ])('%s -> ERR_INVALID_ARGUMENT', async (_name, options) => {
    await expect(seal('x', options as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('rejects a non-string, non-bytes plaintext', async () => {
    await expect(seal(42 as never, { providers: [a] })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });

  it('wraps untyped provider errors in ERR_KEY_PROVIDER naming the key, not the plaintext', async () => {
    const broken: KeyProvider = {
      ...spy(a),
      wrapDataKey: async () => {
        throw new Error('boom');
      },
    };
    const err = await seal('secret-plaintext', { providers: [broken] }).catch((e) => e);
    expect(err).toMatchObject({ code: 'ERR_KEY_PROVIDER', subject: 'a' });
    expect(err.message).not.toContain('secret-plaintext');
  });

  it('refuses to write an envelope longer than MAX_ENVELOPE_LENGTH, naming sizes only', async () => {
    const big = new Uint8Array(800 * 1024);
    const err = await seal(big, { providers: [a] }).catch((e) => e);
    expect(err).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/at most 1048576 allowed/),
    });
  });

  it('refuses a key id a reader would refuse (lone surrogate), so it never writes such an envelope', async () => {
    for (const keyId of ['ops\ud800', '\udfffops']) {
      const err = await seal('x', { providers: [LocalKeyProvider.fromBytes(randomBytes(32), keyId)] }).catch(
        (e) => e,
      );
      expect(err).toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
        message: 'key provider local: field "id" is not well-formed Unicode',
        subject: keyId,
      });
    }
  });

  it('a fresh mid, iv and K each time', async () => {
    const x = JSON.parse(await seal('same', { providers: [a] }));
    const y = JSON.parse(await seal('same', { providers: [a] }));
    for (const f of ['mid', 'cmt', 'iv', 'ct']) expect(x[f]).not.toBe(y[f]);
  });
});
