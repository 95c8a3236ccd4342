// Issue 11, finding 10: an envelope's `keys` list is not authenticated, so whoever can write the value
// can plant `aws-kms` entries in bogus regions before the real one. Real SDK clients against moto:
// the real key's region goes through a counting fault proxy, the planted regions to a second proxy
// that accepts every request and never answers (a blackholed region). Shown: each planted entry
// costs one per-call deadline (ERR_DEADLINE) and opening then goes on to the real entry; with
// allowedKeyIds set, the planted entries cost no request at all.
import { CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { open, seal } from '@envelope-kit/envelope-core';
import { type FaultProxy, startFaultProxy, testClientOptions } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory } from '../src/clients.js';
import { DeadlineError } from '../src/errors.js';
import { KmsKeyProvider } from '../src/kms.js';
import { KmsRsaKeyProvider } from '../src/kms-rsa.js';

const endpoint = inject('motoEndpoint');
const ctx = { secret: 'prod/db' };
const PLANTED = 4;
// Long enough for moto to answer the real entry on a loaded CI machine (at 300 ms one run's real
// Decrypt missed its deadline), short enough for the planted entries to stay cheap.
const CALL_TIMEOUT_MS = 1_500;

let real: FaultProxy;
let blackhole: FaultProxy;
let keyArn: string;

/** Planted regions (`xx-bogus-N`) go to the blackhole, every other region to moto through `real`. */
class RoutedFactory extends AwsClientFactory {
  readonly #planted: AwsClientFactory;
  constructor(plantedEndpoint: string, realEndpoint: string, maxConcurrency?: number) {
    // Long request timeouts, so that what fires is the provider's per-call deadline.
    const limits = maxConcurrency === undefined ? {} : { maxConcurrency };
    super({ ...testClientOptions(realEndpoint), requestTimeoutMs: 60_000, ...limits });
    this.#planted = new AwsClientFactory({
      ...testClientOptions(plantedEndpoint),
      requestTimeoutMs: 60_000,
      ...limits,
    });
  }
  override kms(region?: string): KMSClient {
    return region?.startsWith('xx-bogus-') ? this.#planted.kms(region) : super.kms(region);
  }
  override destroy(): void {
    this.#planted.destroy();
    super.destroy();
  }
}

const requests = (p: FaultProxy) => p.stats()['TrentService.Decrypt']?.requests ?? 0;

/** The envelope with `PLANTED` entries in bogus regions placed before its real entry. */
async function plantedEnvelope(factory: AwsClientFactory): Promise<string> {
  const sealer = new KmsKeyProvider(factory, keyArn);
  const sealed = JSON.parse(await seal('s3cr3t-value', { providers: [sealer], context: ctx })) as {
    keys: { p: string; id: string; edk: string }[];
  };
  const [entry] = sealed.keys;
  const planted = Array.from({ length: PLANTED }, (_, i) => ({
    ...entry,
    id: `arn:aws:kms:xx-bogus-${i + 1}:111122223333:key/00000000-0000-0000-0000-00000000000${i}`,
  }));
  return JSON.stringify({ ...sealed, keys: [...planted, ...sealed.keys] });
}

beforeAll(async () => {
  real = await startFaultProxy({ target: endpoint });
  blackhole = await startFaultProxy({ target: endpoint, rules: { '*': { stall: 1 } } });
  const plain = new AwsClientFactory(testClientOptions(endpoint));
  keyArn = (await plain.kms().send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  plain.destroy();
});

afterAll(async () => {
  await real?.close();
  await blackhole?.close();
});

describe('aws-kms: planted keys entries cost a bounded time', () => {
  it('each planted entry in a blackholed region costs one per-call deadline (ERR_DEADLINE), then the real entry opens', async () => {
    const factory = new RoutedFactory(blackhole.endpoint, real.endpoint);
    try {
      const envelope = await plantedEnvelope(factory);
      real.resetStats();
      blackhole.resetStats();
      const kms = KmsKeyProvider.discovery(factory, { callTimeoutMs: CALL_TIMEOUT_MS });
      const result = await open(envelope, { providers: [kms] });
      expect(Buffer.from(result.plaintext).toString('utf8')).toBe('s3cr3t-value');
      expect(result.keyId).toBe(keyArn);
      // One request per planted entry reached the blackhole (then the deadline aborted it, no retry),
      // and one reached moto.
      expect(requests(blackhole)).toBe(PLANTED);
      expect(requests(real)).toBe(1);
      kms.clear();
    } finally {
      factory.destroy();
    }
  });

  it('an envelope with only planted entries fails with ERR_DEADLINE naming the first planted key', async () => {
    const factory = new RoutedFactory(blackhole.endpoint, real.endpoint);
    try {
      const envelope = JSON.parse(await plantedEnvelope(factory)) as { keys: unknown[] };
      const onlyPlanted = JSON.stringify({ ...envelope, keys: envelope.keys.slice(0, 2) });
      blackhole.resetStats();
      const kms = KmsKeyProvider.discovery(factory, { callTimeoutMs: CALL_TIMEOUT_MS });
      const error = await open(onlyPlanted, { providers: [kms], subject: 'prod/db' }).catch((e) => e);
      expect(error).toBeInstanceOf(DeadlineError);
      // The first planted entry's failure, about its key (the caller's subject is set only when none is).
      expect(error).toMatchObject({ code: 'ERR_DEADLINE', subject: expect.stringContaining(':xx-bogus-1:') });
      expect(error.message).toContain('xx-bogus-1');
      expect(requests(blackhole)).toBe(2);
    } finally {
      factory.destroy();
    }
  });

  it('with allowedKeyIds set, the planted entries cause no request at all', async () => {
    const factory = new RoutedFactory(blackhole.endpoint, real.endpoint);
    try {
      const envelope = await plantedEnvelope(factory);
      real.resetStats();
      blackhole.resetStats();
      // No deadline given: the default one is never needed, since no planted entry is tried.
      const kms = KmsKeyProvider.discovery(factory, { allowedKeyIds: [keyArn] });
      const result = await open(envelope, { providers: [kms], allowedKeyIds: [keyArn] });
      expect(result.keyId).toBe(keyArn);
      expect(requests(blackhole)).toBe(0);
      expect(requests(real)).toBe(1);
      kms.clear();
    } finally {
      factory.destroy();
    }
  });

  it('aws-kms-rsa: a Decrypt in a blackholed region fails with ERR_DEADLINE', async () => {
    const factory = new RoutedFactory(blackhole.endpoint, real.endpoint);
    try {
      const envelope = JSON.parse(await plantedEnvelope(factory)) as { keys: { p: string; id: string }[] };
      const [entry] = envelope.keys;
      const rsaEntry = { ...entry, p: 'aws-kms-rsa' } as { p: string; id: string };
      blackhole.resetStats();
      const rsa = new KmsRsaKeyProvider(factory, rsaEntry.id, { callTimeoutMs: CALL_TIMEOUT_MS });
      const error = await open(JSON.stringify({ ...envelope, keys: [rsaEntry] }), { providers: [rsa] }).catch(
        (e) => e,
      );
      expect(error).toMatchObject({ code: 'ERR_DEADLINE', subject: rsaEntry.id });
      expect(requests(blackhole)).toBe(1);
    } finally {
      factory.destroy();
    }
  });

  it('refuses a callTimeoutMs that is not a positive integer', () => {
    const factory = new AwsClientFactory(testClientOptions(endpoint));
    expect(() => KmsKeyProvider.discovery(factory, { callTimeoutMs: 0 })).toThrow(/callTimeoutMs/);
    expect(() => new KmsKeyProvider(factory, keyArn, { callTimeoutMs: 1.5 })).toThrow(/callTimeoutMs/);
    expect(() => new KmsRsaKeyProvider(factory, keyArn, { callTimeoutMs: -1 })).toThrow(/callTimeoutMs/);
  });
});

describe('aws-kms: the per-call deadline starts when the call gets its concurrency slot', () => {
  const QUEUED = 8;
  const LATENCY_MS = 400;

  it('Decrypts queued behind a limit of 1 do not time out while they wait; each answers in time', async () => {
    // Each Decrypt takes >= 400 ms through the slow proxy, one at a time: the last waits ~2.8 s for
    // its slot, longer than the 1.5 s deadline. Counted from the slot, none misses it.
    const slow = await startFaultProxy({ target: endpoint, rules: { Decrypt: { latencyMs: LATENCY_MS } } });
    const sealing = new AwsClientFactory(testClientOptions(endpoint));
    const factory = new AwsClientFactory({ ...testClientOptions(slow.endpoint), maxConcurrency: 1 });
    try {
      const sealer = new KmsKeyProvider(sealing, keyArn);
      // Distinct data keys: identical wrapped keys would share one Decrypt.
      const envelopes = await Promise.all(
        Array.from({ length: QUEUED }, (_, i) => seal(`queued-${i}`, { providers: [sealer], context: ctx })),
      );
      const kms = KmsKeyProvider.discovery(factory, { callTimeoutMs: CALL_TIMEOUT_MS });
      const opened = await Promise.all(envelopes.map((text) => open(text, { providers: [kms] })));
      expect(opened.map((o) => Buffer.from(o.plaintext).toString('utf8'))).toEqual(
        envelopes.map((_, i) => `queued-${i}`),
      );
      expect(factory.limiter('kms').max).toBe(1);
      expect(slow.stats()['TrentService.Decrypt']?.requests).toBe(QUEUED);
      kms.clear();
    } finally {
      factory.destroy();
      sealing.destroy();
      await slow.close();
    }
  });

  it('a stalled Decrypt still fails with ERR_DEADLINE, and each one queued behind it is sent and gets its own', async () => {
    const factory = new RoutedFactory(blackhole.endpoint, real.endpoint, 1);
    try {
      // Three envelopes (distinct data keys: identical wrapped keys would share one Decrypt) whose
      // only entry names a key in the same blackholed region (one limiter of one slot).
      const sealer = new KmsKeyProvider(factory, keyArn);
      const bogusKey = 'arn:aws:kms:xx-bogus-1:111122223333:key/00000000-0000-0000-0000-000000000000';
      const stalled = await Promise.all(
        [1, 2, 3].map(async (i) => {
          const sealed = JSON.parse(await seal(`stalled-${i}`, { providers: [sealer], context: ctx })) as {
            keys: { id: string }[];
          };
          return JSON.stringify({ ...sealed, keys: sealed.keys.map((k) => ({ ...k, id: bogusKey })) });
        }),
      );
      blackhole.resetStats();
      const kms = KmsKeyProvider.discovery(factory, { callTimeoutMs: CALL_TIMEOUT_MS });
      const errors = await Promise.all(
        stalled.map((text) => open(text, { providers: [kms] }).catch((e) => e)),
      );
      expect(errors.map((e) => e.code)).toEqual(['ERR_DEADLINE', 'ERR_DEADLINE', 'ERR_DEADLINE']);
      // Each reached the blackhole: none timed out while it waited for the slot.
      expect(requests(blackhole)).toBe(3);
    } finally {
      factory.destroy();
    }
  });
});
