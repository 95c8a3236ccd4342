// SecretsManagerSource against moto over HTTP with the real SDK clients. Where a test needs what moto
// does not do (refuse BatchGetSecretValue, throttle, count calls per operation), the testkit fault
// proxy sits between the SDK and moto.
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type FaultProxy, resetMoto, startFaultProxy, testClientOptions } from '@envelope-kit/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory } from '../src/clients.js';
import { createLimiter } from '../src/limit.js';
import { BATCH_SIZE, type SecretResult, SecretsManagerSource } from '../src/secrets.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
const sm = factory.secretsManager();

/** A value that must never show up in an error message. */
const secretValue = (name: string) => `value-of-${name}-s3cr3t`;

async function createSecrets(client: SecretsManagerClient, names: string[]): Promise<Map<string, string>> {
  const limit = createLimiter(16);
  const arns = new Map<string, string>();
  await Promise.all(
    names.map((name) =>
      limit(async () => {
        const out = await client.send(
          new CreateSecretCommand({ Name: name, SecretString: secretValue(name) }),
        );
        arns.set(name, out.ARN as string);
      }),
    ),
  );
  return arns;
}

function expectValue(result: SecretResult | undefined, value: string | Uint8Array): void {
  expect(result && 'value' in result ? result.value : result).toEqual(value);
}

let proxy: FaultProxy | undefined;
/** A source whose traffic goes through a fresh fault proxy (closed after each test). */
async function proxied(rules: Parameters<typeof startFaultProxy>[0]['rules'], maxAttempts = 3) {
  proxy = await startFaultProxy({ target: endpoint, seed: 1, rules });
  const through = new AwsClientFactory({ ...testClientOptions(proxy.endpoint), maxAttempts });
  return { source: new SecretsManagerSource(through), proxy };
}

beforeAll(() => resetMoto(endpoint));
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(() => factory.destroy());

describe('listByPrefix', () => {
  it('returns every match across ListSecrets pages (130 > one page of 100), exact prefix only', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `list/app/${String(i).padStart(3, '0')}`);
    await createSecrets(sm, [...names, 'list/other', 'List/app/case', 'x/list/app/inner']);
    const { source, proxy } = await proxied({});
    const listed = await source.listByPrefix('list/app/');
    expect(listed.map((s) => s.name).sort()).toEqual(names);
    expect(listed.every((s) => s.arn.startsWith('arn:aws:secretsmanager:us-east-1:'))).toBe(true);
    expect(proxy.stats()['secretsmanager.ListSecrets']?.forwarded).toBe(2);
  });

  it('filters client-side when the prefix would be a negated filter', async () => {
    await createSecrets(sm, ['!neg/a']);
    const source = new SecretsManagerSource(factory);
    expect((await source.listByPrefix('!neg/')).map((s) => s.name)).toEqual(['!neg/a']);
  });
});

describe('fetch', () => {
  const present = Array.from({ length: 41 }, (_, i) => `fetch/s${i}`);
  const deleted = ['fetch/deleted-1', 'fetch/deleted-2'];
  const missing = ['fetch/missing-1', 'fetch/missing-2', 'fetch/missing-3'];
  let arns: Map<string, string>;

  beforeAll(async () => {
    arns = await createSecrets(sm, [...present, ...deleted]);
    for (const name of deleted)
      await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
  });

  it('answers 45 ids (names, ARNs, partial ARNs, missing, deleted) in 3 BatchGetSecretValue calls, one result per id', async () => {
    const full = arns.get('fetch/s1') as string;
    const partial = (arns.get('fetch/s2') as string).slice(0, -7);
    const ids = [full, partial, ...present.slice(3), ...missing, ...deleted];
    expect(ids).toHaveLength(45);
    const { source, proxy } = await proxied({});

    const results = await source.fetch(ids);

    expect(results.map((r) => r.id)).toEqual(ids);
    expect(proxy.stats()['secretsmanager.BatchGetSecretValue']?.forwarded).toBe(Math.ceil(45 / BATCH_SIZE));
    expect(proxy.stats()['secretsmanager.GetSecretValue']).toBeUndefined();
    expectValue(results[0], secretValue('fetch/s1'));
    expect(results[0]).toMatchObject({ name: 'fetch/s1', arn: full });
    expectValue(results[1], secretValue('fetch/s2'));
    for (const [i, name] of present.slice(3).entries()) expectValue(results[i + 2], secretValue(name));
    const codes = Object.fromEntries(results.filter((r) => 'error' in r).map((r) => [r.id, r.error.code]));
    expect(codes).toEqual({
      'fetch/missing-1': 'ERR_SECRET_NOT_FOUND',
      'fetch/missing-2': 'ERR_SECRET_NOT_FOUND',
      'fetch/missing-3': 'ERR_SECRET_NOT_FOUND',
      'fetch/deleted-1': 'ERR_SECRET_DELETED',
      'fetch/deleted-2': 'ERR_SECRET_DELETED',
    });
    for (const r of results) {
      if (!('error' in r)) continue;
      expect(r.error.subject).toBe(r.id);
      // The subject is carried by `subject` (printed beside the message by the CLI and the action).
      expect(r.error.message).not.toContain(r.id);
      expect(r.error.message).not.toContain('s3cr3t');
    }
  });

  it('hands each batch to onResult as soon as its call answers, every distinct id once', async () => {
    // The first BatchGetSecretValue to arrive stalls until its 1 s request timeout, then is retried:
    // the other batch must be handed over meanwhile.
    proxy = await startFaultProxy({
      target: endpoint,
      rules: { BatchGetSecretValue: { stall: 1, maxFaults: 1 } },
    });
    const through = new AwsClientFactory({ ...testClientOptions(proxy.endpoint), requestTimeoutMs: 1_000 });
    const ids = [...present.slice(0, 30), 'fetch/missing-1', 'fetch/s0'];
    const reported: { id: string; forwarded: number }[] = [];
    const results = await new SecretsManagerSource(through).fetch(ids, {
      onResult: (r) => {
        const forwarded = proxy?.stats()['secretsmanager.BatchGetSecretValue']?.forwarded ?? 0;
        reported.push({ id: r.id, forwarded });
      },
    });
    expect(reported.map((r) => r.id).sort()).toEqual([...new Set(ids)].sort());
    // One batch was reported whole while only one call had been answered, the other after the retry.
    const early = reported.filter((r) => r.forwarded === 1).map((r) => r.id);
    const late = reported.filter((r) => r.forwarded === 2).map((r) => r.id);
    expect([early.length, late.length].sort()).toEqual([11, 20]);
    expect(reported.slice(0, early.length).map((r) => r.id)).toEqual(early);
    expect(results.map((r) => r.id)).toEqual(ids);
    expectValue(results[0], secretValue(present[0] as string));
    through.destroy();
  });

  it('repeats the result for a duplicated id and answers [] for no ids', async () => {
    const source = new SecretsManagerSource(factory);
    const results = await source.fetch(['fetch/s0', 'fetch/missing-1', 'fetch/s0']);
    expect(results.map((r) => r.id)).toEqual(['fetch/s0', 'fetch/missing-1', 'fetch/s0']);
    expectValue(results[2], secretValue('fetch/s0'));
    expect(await source.fetch([])).toEqual([]);
  });

  it('falls back to GetSecretValue per id when BatchGetSecretValue is denied', async () => {
    const ids = [...present.slice(0, 25), 'fetch/missing-1', 'fetch/deleted-1'];
    const { source, proxy } = await proxied({ 'secretsmanager.BatchGetSecretValue': { accessDenied: 1 } });

    const results = await source.fetch(ids);

    for (const [i, name] of present.slice(0, 25).entries()) expectValue(results[i], secretValue(name));
    expect(results.slice(25).map((r) => 'error' in r && r.error.code)).toEqual([
      'ERR_SECRET_NOT_FOUND',
      'ERR_SECRET_DELETED',
    ]);
    const stats = proxy.stats();
    expect(stats['secretsmanager.GetSecretValue']?.forwarded).toBe(ids.length);
    // Both chunks may ask before the first refusal comes back; after it, the source stops asking.
    expect(stats['secretsmanager.BatchGetSecretValue']?.faults.accessDenied).toBeLessThanOrEqual(2);
    await source.fetch(present.slice(0, 3));
    expect(proxy.stats()['secretsmanager.BatchGetSecretValue']?.requests).toBe(
      stats['secretsmanager.BatchGetSecretValue']?.requests,
    );
  });

  it('recovers from a few throttles through retries', async () => {
    const { source, proxy } = await proxied({ BatchGetSecretValue: { throttle: 1, maxFaults: 2 } });
    const results = await source.fetch(present.slice(0, 5));
    for (const [i, name] of present.slice(0, 5).entries()) expectValue(results[i], secretValue(name));
    expect(proxy.stats()['secretsmanager.BatchGetSecretValue']?.faults.throttle).toBe(2);
  });

  it('returns every value exact under mixed throttles, 503s and resets (seeded)', async () => {
    const ids = present.slice(0, 41);
    const { source, proxy } = await proxied({ '*': { throttle: 0.2, error503: 0.05, reset: 0.02 } }, 8);
    const results = await source.fetch(ids);
    for (const [i, name] of ids.entries()) expectValue(results[i], secretValue(name));
    const faults = proxy.stats()['secretsmanager.BatchGetSecretValue']?.faults;
    expect((faults?.throttle ?? 0) + (faults?.error503 ?? 0) + (faults?.reset ?? 0)).toBeGreaterThan(0);
  });

  it('reports ERR_THROTTLED for every id when throttling never stops', async () => {
    const { source, proxy } = await proxied({ '*': { throttle: 1 } }, 2);
    const results = await source.fetch(['fetch/s0', 'fetch/s1']);
    expect(results.map((r) => 'error' in r && [r.error.code, r.error.subject])).toEqual([
      ['ERR_THROTTLED', 'fetch/s0'],
      ['ERR_THROTTLED', 'fetch/s1'],
    ]);
    expect(results[0] && 'error' in results[0] && results[0].error.message).toMatch(
      /^throttled by AWS on secretsmanager:BatchGetSecretValue after every retry/,
    );
    expect(proxy.stats()['secretsmanager.BatchGetSecretValue']?.requests).toBe(2); // maxAttempts
  });

  it('fetches a secret by ARN from its own region while the default region is us-east-1', async () => {
    const euArns = await createSecrets(factory.secretsManager('eu-west-1'), ['region/only-in-eu']);
    const arn = euArns.get('region/only-in-eu') as string;
    expect(factory.regionOf(arn)).toBe('eu-west-1');
    expect(factory.region).toBe('us-east-1');
    const source = new SecretsManagerSource(factory);
    const [byArn, byName] = await source.fetch([arn, 'region/only-in-eu']);
    expectValue(byArn, secretValue('region/only-in-eu'));
    // The bare name is looked up in the default region, where it does not exist.
    expect(byName && 'error' in byName && byName.error.code).toBe('ERR_SECRET_NOT_FOUND');
  });
});

describe('versions and binary values', () => {
  it('reads SecretBinary as bytes', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    await sm.send(new CreateSecretCommand({ Name: 'binary/blob', SecretBinary: bytes }));
    const source = new SecretsManagerSource(factory);
    const [result] = await source.fetch(['binary/blob']);
    expect(result && 'value' in result && result.value).toBeInstanceOf(Uint8Array);
    expectValue(result, bytes);
  });

  it('puts (create, then a new version) and reads AWSPREVIOUS and a VersionId', async () => {
    const source = new SecretsManagerSource(factory);
    const first = await source.put('version/app', 'one', { description: 'test', tags: { team: 'a' } });
    expect(first).toMatchObject({ created: true, arn: expect.stringContaining(':secret:version/app-') });
    const second = await source.put('version/app', 'two');
    expect(second).toMatchObject({ created: false, arn: first.arn });
    expect(second.versionId).not.toBe(first.versionId);

    const [current] = await source.fetch(['version/app']);
    expect(current).toMatchObject({ value: 'two', versionId: second.versionId });
    const [previous] = await source.fetch(['version/app'], { versionStage: 'AWSPREVIOUS' });
    expect(previous).toMatchObject({ value: 'one', versionId: first.versionId });
    const [byId] = await source.fetch([first.arn], { versionId: first.versionId });
    expect(byId).toMatchObject({ id: first.arn, value: 'one' });
    const [noVersion] = await source.fetch(['version/app'], {
      versionId: '00000000-0000-0000-0000-000000000000',
    });
    expect(noVersion && 'error' in noVersion && noVersion.error.code).toBe('ERR_SECRET_NOT_FOUND');
  });

  it('passes description, tags and KmsKeyId through on create, and updates them on a new version', async () => {
    const source = new SecretsManagerSource(factory);
    const key = (await factory.kms().send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
    const describe = () =>
      factory.secretsManager().send(new DescribeSecretCommand({ SecretId: 'version/meta' }));
    await source.put('version/meta', 'one', { description: 'first', tags: { team: 'a' }, kmsKeyId: key });
    expect(await describe()).toMatchObject({
      Description: 'first',
      KmsKeyId: key,
      Tags: [{ Key: 'team', Value: 'a' }],
    });
    const again = await source.put('version/meta', 'two', { description: 'new', tags: { env: 'prod' } });
    expect(again.created).toBe(false);
    const [current] = await source.fetch(['version/meta']);
    expectValue(current, 'two');
    const described = await describe();
    expect(described.Description).toBe('new');
    expect(described.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'a' },
        { Key: 'env', Value: 'prod' },
      ]),
    );
  });

  it('names the secret, never the value, when put fails', async () => {
    const { source } = await proxied({ CreateSecret: { accessDenied: 1 } });
    const failure = await source.put('put/denied', 'hunter2-s3cr3t').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'ERR_ACCESS_DENIED', subject: 'put/denied' });
    expect((failure as Error).message).toContain('put/denied');
    expect((failure as Error).message).not.toContain('hunter2');
  });
});
