// The aws-kms provider against moto over HTTP with the real SDK, sealing and opening through
// envelope-core's seal/open/rewrap. Where a test needs what moto does not do (answer Decrypt with
// another KeyId), a middleware on a real client rewrites the answer after it came back from moto;
// the fault proxy counts calls per operation.
import { CreateAliasCommand, CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  type EncryptionContext,
  type GeneratedDataKey,
  inspect,
  type KeyProvider,
  open,
  rewrap,
  seal,
} from '@envelope-kit/envelope-core';
import { type FaultProxy, resetMoto, startFaultProxy, testClientOptions } from '@envelope-kit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory } from '../src/clients.js';
import { resolveKeyIds } from '../src/key-ids.js';
import { KmsKeyProvider } from '../src/kms.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
const kms = factory.kms();
const SECRET = 'postgres://app:s3cr3t-value@db/prod';
const ctx = { secret: 'prod/db', repo: 'acme/api' };

interface TestKey {
  arn: string;
  id: string;
  alias: string;
}

let aliasCounter = 0;
async function createKey(client: KMSClient = kms): Promise<TestKey> {
  const out = await client.send(new CreateKeyCommand({ Description: 'envelope-kit kms test' }));
  const arn = out.KeyMetadata?.Arn as string;
  const id = out.KeyMetadata?.KeyId as string;
  const alias = `alias/kms-test-${process.pid}-${++aliasCounter}`;
  await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: id }));
  return { arn, id, alias };
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** The envelope's fields other than `keys`, which rewrap must leave byte-identical. */
function body(envelope: string): Record<string, unknown> {
  const { keys: _keys, ...rest } = JSON.parse(envelope) as Record<string, unknown>;
  return rest;
}

let proxy: FaultProxy | undefined;
async function proxiedFactory(): Promise<{ factory: AwsClientFactory; proxy: FaultProxy }> {
  proxy = await startFaultProxy({ target: endpoint, seed: 1 });
  return { factory: new AwsClientFactory(testClientOptions(proxy.endpoint)), proxy };
}
const calls = (p: FaultProxy, operation: string) => p.stats()[`TrentService.${operation}`]?.requests ?? 0;

let a: TestKey;
let b: TestKey;
let c: TestKey;
beforeAll(async () => {
  await resetMoto(endpoint);
  [a, b, c] = [await createKey(), await createKey(), await createKey()];
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(() => factory.destroy());

describe('seal and open', () => {
  it('seals with one key given by alias and records the key ARN KMS returned', async () => {
    const envelope = await seal(SECRET, { providers: [new KmsKeyProvider(factory, a.alias)], context: ctx });
    expect(inspect(envelope).keys).toEqual([{ provider: 'aws-kms', keyId: a.arn }]);
    expect(envelope).not.toContain(SECRET);

    for (const provider of [
      new KmsKeyProvider(factory, a.alias),
      new KmsKeyProvider(factory, a.arn),
      new KmsKeyProvider(factory, a.id),
      KmsKeyProvider.discovery(factory, { allowedKeyIds: [a.arn] }),
    ]) {
      const opened = await open(envelope, { providers: [provider], requiredContext: ctx });
      expect(text(opened.plaintext)).toBe(SECRET);
      expect(opened).toMatchObject({ provider: 'aws-kms', keyId: a.arn, context: ctx });
    }
  });

  it('seals with three keys (GenerateDataKey once, Encrypt twice) and opens with each key alone', async () => {
    const { factory: through, proxy: p } = await proxiedFactory();
    const envelope = await seal(SECRET, {
      providers: [
        new KmsKeyProvider(through, a.alias),
        new KmsKeyProvider(through, b.arn),
        new KmsKeyProvider(through, c.id),
      ],
      context: ctx,
    });
    expect(calls(p, 'GenerateDataKey')).toBe(1);
    expect(calls(p, 'Encrypt')).toBe(2);
    expect(inspect(envelope).keys.map((k) => k.keyId)).toEqual([a.arn, b.arn, c.arn]);

    for (const key of [a, b, c]) {
      for (const provider of [
        new KmsKeyProvider(factory, key.arn),
        new KmsKeyProvider(factory, key.alias),
        KmsKeyProvider.discovery(factory, { allowedKeyIds: [key.arn] }),
      ]) {
        const opened = await open(envelope, { providers: [provider], allowedKeyIds: [key.arn] });
        expect(text(opened.plaintext)).toBe(SECRET);
        expect(opened.keyId).toBe(key.arn);
      }
    }
  });

  it('Decrypt asks for the key (the entry ARN, or the provider own id) with the context', async () => {
    const envelope = await seal(SECRET, { providers: [new KmsKeyProvider(factory, a.arn)], context: ctx });
    const recording = new AwsClientFactory(testClientOptions(endpoint));
    const inputs: Record<string, unknown>[] = [];
    // Records the SDK input of each call; the request still goes to moto unchanged.
    recording.kms().middlewareStack.add(
      (next) => async (args) => {
        inputs.push(args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize', name: 'recordInput' },
    );
    await open(envelope, { providers: [KmsKeyProvider.discovery(recording)] });
    await open(envelope, { providers: [new KmsKeyProvider(recording, a.alias)] });
    expect(inputs.map(({ KeyId, EncryptionContext }) => ({ KeyId, EncryptionContext }))).toEqual([
      { KeyId: a.arn, EncryptionContext: ctx },
      { KeyId: a.alias, EncryptionContext: ctx },
    ]);
    recording.destroy();
  });

  it('an alias provider goes past entries of other keys (IncorrectKeyException -> next entry)', async () => {
    const envelope = await seal(SECRET, {
      providers: [new KmsKeyProvider(factory, a.arn), new KmsKeyProvider(factory, c.arn)],
    });
    const { factory: through, proxy: p } = await proxiedFactory();
    const opened = await open(envelope, { providers: [new KmsKeyProvider(through, c.alias)] });
    expect(opened.keyId).toBe(c.arn);
    // One refused Decrypt for a's entry (asked with c's alias), one that worked for c's.
    expect(calls(p, 'Decrypt')).toBe(2);
  });

  it('a key that is not in the envelope opens nothing', async () => {
    const envelope = await seal(SECRET, { providers: [new KmsKeyProvider(factory, a.arn)] });
    await expect(open(envelope, { providers: [new KmsKeyProvider(factory, b.arn)] })).rejects.toMatchObject({
      code: 'ERR_NO_USABLE_KEY',
    });
    await expect(
      open(envelope, { providers: [KmsKeyProvider.discovery(factory, { allowedKeyIds: [b.arn] })] }),
    ).rejects.toMatchObject({ code: 'ERR_NO_USABLE_KEY' });
    // An alias of another key is tried (which key it names is known to KMS only) and refused by KMS.
    // AWS answers IncorrectKeyException (-> ERR_DECRYPTION_FAILED, see src/kms.test.ts); moto 5.2
    // answers AccessDeniedException for a KeyId that is not the blob's key.
    await expect(open(envelope, { providers: [new KmsKeyProvider(factory, b.alias)] })).rejects.toMatchObject(
      {
        code: 'ERR_ACCESS_DENIED',
        subject: a.arn,
      },
    );
  });
});

describe('context', () => {
  it('KMS refuses another EncryptionContext (InvalidCiphertextException -> ERR_DECRYPTION_FAILED)', async () => {
    const provider = new KmsKeyProvider(factory, a.arn);
    const generated = await provider.generateDataKey(ctx);
    generated.dataKey.fill(0);
    for (const other of [
      {},
      { ...ctx, secret: 'prod/other' },
      { ...ctx, extra: 'x' },
    ] as EncryptionContext[]) {
      const error = await provider.unwrapDataKey(generated.wrapped, other).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_DECRYPTION_FAILED', message: 'decryption failed' });
      expect((error as Error).cause).toMatchObject({ name: 'InvalidCiphertextException' });
    }
    const right = await provider.unwrapDataKey(generated.wrapped, { repo: ctx.repo, secret: ctx.secret });
    expect(right.keyId).toBe(a.arn);
  });

  it('an envelope whose context was edited does not open; a missing required pair is ERR_CONTEXT_MISMATCH', async () => {
    const envelope = await seal(SECRET, { providers: [new KmsKeyProvider(factory, a.arn)], context: ctx });
    const edited = envelope.replace('"prod/db"', '"prod/other"');
    expect(edited).not.toBe(envelope);
    await expect(open(edited, { providers: [new KmsKeyProvider(factory, a.arn)] })).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
    });
    await expect(
      open(envelope, {
        providers: [new KmsKeyProvider(factory, a.arn)],
        requiredContext: { secret: 'prod/x' },
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONTEXT_MISMATCH' });
  });
});

describe('KeyId checks', () => {
  it('refuses a Decrypt answer naming another key (ERR_KEY_ID_MISMATCH)', async () => {
    // moto always answers with the key that really decrypted, so a middleware on a real client
    // (own factory, so no other test sees it) rewrites the KeyId of moto's answer.
    const lying = new AwsClientFactory(testClientOptions(endpoint));
    lying.kms().middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        (result.output as { KeyId?: string }).KeyId = b.arn;
        return result;
      },
      { step: 'initialize', name: 'answerWithAnotherKeyId' },
    );
    const envelope = await seal(SECRET, { providers: [new KmsKeyProvider(factory, a.arn)], context: ctx });
    for (const provider of [
      new KmsKeyProvider(lying, a.arn),
      KmsKeyProvider.discovery(lying, { allowedKeyIds: [a.arn] }),
    ]) {
      const error = await open(envelope, { providers: [provider] }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_KEY_ID_MISMATCH', subject: a.arn });
      expect((error as Error).message).not.toContain(SECRET);
    }
    lying.destroy();
  });

  it('maps other KMS errors to typed errors naming the key, with the SDK error as cause', async () => {
    const missing = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000';
    const error = await new KmsKeyProvider(factory, missing).generateDataKey({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_KEY_NOT_FOUND', subject: missing });
    expect((error as Error).cause).toMatchObject({ name: 'NotFoundException' });
  });

  it('a discovery provider cannot wrap', async () => {
    const discovery = KmsKeyProvider.discovery(factory);
    expect(discovery.keyId).toBeUndefined();
    await expect(discovery.wrapDataKey(new Uint8Array(32), {})).rejects.toMatchObject({
      code: 'ERR_KEY_PROVIDER',
    });
    await expect(discovery.generateDataKey({})).rejects.toMatchObject({ code: 'ERR_KEY_PROVIDER' });
    await expect(seal(SECRET, { providers: [discovery] })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });

  it('resolveKeyIds turns aliases, alias ARNs and key ids into key ARNs', async () => {
    const aliasArn = a.arn.replace(/key\/.*$/, a.alias);
    await expect(resolveKeyIds(factory, [a.alias, aliasArn, b.id, c.arn])).resolves.toEqual([
      a.arn,
      a.arn,
      b.arn,
      c.arn,
    ]);
    await expect(resolveKeyIds(factory, ['alias/does-not-exist'])).rejects.toMatchObject({
      subject: 'alias/does-not-exist',
    });
  });
});

describe('rewrap', () => {
  it('moves the envelope to another key with ReEncrypt only: no Decrypt, ciphertext byte-identical', async () => {
    const envelope = await seal(SECRET, { providers: [new KmsKeyProvider(factory, a.alias)], context: ctx });
    const { factory: through, proxy: p } = await proxiedFactory();
    const rotated = await rewrap(envelope, {
      providers: [new KmsKeyProvider(through, a.arn)],
      add: [new KmsKeyProvider(through, b.alias)],
      remove: [a.arn],
    });
    expect(calls(p, 'ReEncrypt')).toBe(1);
    expect(calls(p, 'Decrypt')).toBe(0);
    expect(calls(p, 'Encrypt')).toBe(0);

    expect(inspect(rotated).keys).toEqual([{ provider: 'aws-kms', keyId: b.arn }]);
    expect(body(rotated)).toEqual(body(envelope)); // v, alg, ctx, mid, cmt, iv, ct
    const opened = await open(rotated, { providers: [new KmsKeyProvider(factory, b.arn)] });
    expect(text(opened.plaintext)).toBe(SECRET);
    await expect(open(rotated, { providers: [new KmsKeyProvider(factory, a.arn)] })).rejects.toMatchObject({
      code: 'ERR_NO_USABLE_KEY',
    });
  });

  it('ReEncrypt checks the source context: a blob moved to another envelope context is refused', async () => {
    const provider = new KmsKeyProvider(factory, a.arn);
    const generated = await provider.generateDataKey(ctx);
    generated.dataKey.fill(0);
    await expect(
      new KmsKeyProvider(factory, b.arn).rewrapDataKey(generated.wrapped, { secret: 'other' }),
    ).rejects.toMatchObject({ code: 'ERR_DECRYPTION_FAILED' });
    // Not re-encryptable on KMS's side: another provider's entry, another region.
    const local = { provider: 'local', keyId: 'k', encryptedKey: new Uint8Array(60) };
    await expect(new KmsKeyProvider(factory, b.arn).rewrapDataKey(local, ctx)).resolves.toBeUndefined();
    const otherRegion = new KmsKeyProvider(factory, b.arn.replace('us-east-1', 'eu-west-1'));
    await expect(otherRegion.rewrapDataKey(generated.wrapped, ctx)).resolves.toBeUndefined();
  });
});

/** Hands out one KMS-generated data key (and its one wrapping) to every seal: 20 envelopes, one edk. */
function sharedDataKey(inner: KmsKeyProvider): KeyProvider {
  let first: Promise<GeneratedDataKey> | undefined;
  return {
    provider: inner.provider,
    keyId: inner.keyId,
    handles: (w) => inner.handles(w),
    wrapDataKey: (k, c) => inner.wrapDataKey(k, c),
    unwrapDataKey: (w, c) => inner.unwrapDataKey(w, c),
    async generateDataKey(context) {
      first ??= inner.generateDataKey(context);
      const { dataKey, wrapped } = await first;
      return { dataKey: Uint8Array.from(dataKey), wrapped };
    },
  };
}

describe('dedupe', () => {
  async function twentyEnvelopes(): Promise<string[]> {
    const shared = sharedDataKey(new KmsKeyProvider(factory, a.arn));
    const envelopes: string[] = [];
    for (let i = 0; i < 20; i++)
      envelopes.push(await seal(`${SECRET}-${i}`, { providers: [shared], context: ctx }));
    expect(new Set(envelopes.map((e) => JSON.parse(e).keys[0].edk)).size).toBe(1);
    return envelopes;
  }

  it('20 envelopes sharing one wrapped key, opened in parallel: one Decrypt', async () => {
    const envelopes = await twentyEnvelopes();
    const { factory: through, proxy: p } = await proxiedFactory();
    const provider = KmsKeyProvider.discovery(through, { allowedKeyIds: [a.arn] });
    const opened = await Promise.all(envelopes.map((e) => open(e, { providers: [provider] })));
    expect(opened.map((o) => text(o.plaintext))).toEqual(envelopes.map((_, i) => `${SECRET}-${i}`));
    expect(calls(p, 'Decrypt')).toBe(1);

    // Kept until clear(): later opens (bounded concurrency) cost nothing; after clear() KMS is asked again.
    await open(envelopes[0] as string, { providers: [provider] });
    expect(calls(p, 'Decrypt')).toBe(1);
    provider.clear();
    await open(envelopes[0] as string, { providers: [provider] });
    expect(calls(p, 'Decrypt')).toBe(2);
  });

  it('every caller gets its own copy of K; keepDataKeys false shares only calls in flight', async () => {
    const envelopes = await twentyEnvelopes();
    const { factory: through, proxy: p } = await proxiedFactory();
    const provider = KmsKeyProvider.discovery(through, { keepDataKeys: false });
    const wrapped = {
      provider: 'aws-kms',
      keyId: a.arn,
      encryptedKey: Buffer.from(JSON.parse(envelopes[0] as string).keys[0].edk, 'base64'),
    };
    const [one, two] = await Promise.all([
      provider.unwrapDataKey(wrapped, ctx),
      provider.unwrapDataKey(wrapped, ctx),
    ]);
    expect(calls(p, 'Decrypt')).toBe(1);
    expect(one?.dataKey).not.toBe(two?.dataKey);
    one?.dataKey.fill(0);
    expect(two?.dataKey.some((byte) => byte !== 0)).toBe(true);

    // Nothing kept: one after the other, each open asks KMS.
    await open(envelopes[1] as string, { providers: [provider] });
    await open(envelopes[2] as string, { providers: [provider] });
    expect(calls(p, 'Decrypt')).toBe(3);
  });

  it('failed calls are not remembered', async () => {
    const { factory: through, proxy: p } = await proxiedFactory();
    const provider = new KmsKeyProvider(through, a.arn);
    const generated = await new KmsKeyProvider(factory, a.arn).generateDataKey(ctx);
    generated.dataKey.fill(0);
    await expect(provider.unwrapDataKey(generated.wrapped, {})).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
    });
    await expect(provider.unwrapDataKey(generated.wrapped, {})).rejects.toMatchObject({
      code: 'ERR_DECRYPTION_FAILED',
    });
    expect(calls(p, 'Decrypt')).toBe(2);
  });
});
