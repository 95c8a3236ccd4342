// AwsClientFactory with the real SDK clients: region choice, endpoint from the environment, user
// agent, timeouts and resets (through the fault proxy, a stall or a dropped connection becomes ERR_TIMEOUT).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import {
  type FaultProxy,
  type RequestTiming,
  resetMoto,
  startFaultProxy,
  testClientOptions,
} from '@envelope-kit/testkit';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory, regionOf, SERVICE_CONCURRENCY, USER_AGENT, VERSION } from '../src/clients.js';
import { toAwsError } from '../src/errors.js';

const endpoint = inject('motoEndpoint');
const credentials = testClientOptions(endpoint).credentials;

beforeAll(() => resetMoto(endpoint));

describe('regionOf', () => {
  it.each([
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf', 'eu-west-1'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db', 'eu-west-1'],
    ['arn:aws:kms:ap-south-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'ap-south-2'],
    ['arn:aws-cn:kms:cn-north-1:123456789012:alias/x', 'cn-north-1'],
    ['arn:aws:iam::123456789012:role/x', undefined],
    ['prod/db', undefined],
    ['alias/my-key', undefined],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', undefined],
  ])('%s -> %s', (id, region) => {
    expect(regionOf(id)).toBe(region);
  });
});

describe('AwsClientFactory', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of [
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    ]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('takes the region from the option, else AWS_REGION, else AWS_DEFAULT_REGION', async () => {
    process.env.AWS_REGION = 'eu-central-1';
    process.env.AWS_DEFAULT_REGION = 'eu-west-3';
    expect(new AwsClientFactory({ region: 'us-west-2' }).region).toBe('us-west-2');
    expect(new AwsClientFactory().region).toBe('eu-central-1');
    delete process.env.AWS_REGION;
    const factory = new AwsClientFactory();
    expect(factory.region).toBe('eu-west-3');
    expect(await factory.kms().config.region()).toBe('eu-west-3');
  });

  it('caches one client per service and region', async () => {
    const factory = new AwsClientFactory({ region: 'us-east-1', credentials });
    expect(factory.secretsManager()).toBe(factory.secretsManager('us-east-1'));
    expect(factory.secretsManager('eu-west-1')).not.toBe(factory.secretsManager());
    expect(await factory.secretsManager('eu-west-1').config.region()).toBe('eu-west-1');
    expect(factory.kms('eu-west-1')).toBe(factory.kms('eu-west-1'));
    const config = factory.kms().config;
    expect(await config.maxAttempts()).toBe(5);
    expect((await config.retryStrategy()) as { mode?: string }).toMatchObject({ mode: 'adaptive' });
    factory.destroy();
  });

  it('lets the SDK honour AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL when no endpoint is given', async () => {
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint;
    const factory = new AwsClientFactory({ region: 'us-east-1', credentials });
    await factory
      .secretsManager()
      .send(new CreateSecretCommand({ Name: 'clients/env-endpoint', SecretString: 'x' }));
    delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL = endpoint;
    const other = new AwsClientFactory({ region: 'us-east-1', credentials });
    const listed = await other.secretsManager().send(new ListSecretsCommand({}));
    expect(listed.SecretList?.map((s) => s.Name)).toContain('clients/env-endpoint');
    factory.destroy();
    other.destroy();
  });

  it('sends a user agent naming envelope-kit and its version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    let agent = '';
    const server = createServer((req, res) => {
      agent = `${req.headers['user-agent']} ${req.headers['x-amz-user-agent']}`;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{"SecretList":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const factory = new AwsClientFactory(testClientOptions(url));
    await factory.secretsManager().send(new ListSecretsCommand({}));
    factory.destroy();
    server.close();
    expect(agent).toContain(USER_AGENT);
  });
});

describe('timeouts and dropped connections', () => {
  let proxy: FaultProxy;
  afterEach(() => proxy?.close());

  it('turns a stall into ERR_TIMEOUT after requestTimeoutMs on every attempt', async () => {
    proxy = await startFaultProxy({ target: endpoint, rules: { ListSecrets: { stall: 1 } } });
    const factory = new AwsClientFactory({
      ...testClientOptions(proxy.endpoint),
      requestTimeoutMs: 200,
      maxAttempts: 2,
    });
    const started = Date.now();
    const failure = await factory
      .secretsManager()
      .send(new ListSecretsCommand({}))
      .catch((e: unknown) => toAwsError(e, 'prefix*'));
    expect(failure).toMatchObject({ code: 'ERR_TIMEOUT', subject: 'prefix*' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(proxy.stats()['secretsmanager.ListSecrets']?.faults.stall).toBe(2);
    factory.destroy();
  });

  it('retries a reset connection, and reports ERR_TIMEOUT when it keeps happening', async () => {
    proxy = await startFaultProxy({ target: endpoint, rules: { ListSecrets: { reset: 1, maxFaults: 1 } } });
    const factory = new AwsClientFactory({ ...testClientOptions(proxy.endpoint), maxAttempts: 2 });
    await expect(factory.secretsManager().send(new ListSecretsCommand({}))).resolves.toBeDefined();
    proxy.setRules({ ListSecrets: { reset: 1 } });
    const failure = await factory
      .secretsManager()
      .send(new ListSecretsCommand({}))
      .catch((e: unknown) => toAwsError(e, 'prefix*'));
    expect(failure).toMatchObject({ code: 'ERR_TIMEOUT' });
    factory.destroy();
  });
});

/** The most requests the proxy had in flight at one time. */
function peakInFlight(log: readonly RequestTiming[]): number {
  const events = log.flatMap((t): [number, number][] => [
    [t.arrivedAt, 1],
    [t.answeredAt, -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let inFlight = 0;
  let peak = 0;
  for (const [, change] of events) {
    inFlight += change;
    peak = Math.max(peak, inFlight);
  }
  return peak;
}

describe('concurrency per service', () => {
  let proxy: FaultProxy;
  afterEach(() => proxy?.close());
  const listSecrets = (factory: AwsClientFactory, count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        factory.secretsManager().send(new ListSecretsCommand({ MaxResults: 1 })),
      ),
    );

  it('defaults to the published quotas in one burst, and max-concurrency caps both services', () => {
    const factory = new AwsClientFactory({ region: 'us-east-1', credentials });
    expect(factory.limiter('secretsManager').max).toBe(SERVICE_CONCURRENCY.secretsManager);
    expect(factory.limiter('kms').max).toBe(SERVICE_CONCURRENCY.kms);
    expect(factory.limiter('kms', 'eu-west-1')).not.toBe(factory.limiter('kms'));
    const capped = new AwsClientFactory({ region: 'us-east-1', credentials, maxConcurrency: 5 });
    expect([capped.limiter('secretsManager').max, capped.limiter('kms').max]).toEqual([5, 5]);
  });

  it("sends every call up to the limit at once (past the SDK agent's 50 sockets), no more", {
    timeout: 60_000,
  }, async () => {
    // Answers held 300 ms, so that every call the limiter lets through is in flight together.
    proxy = await startFaultProxy({ target: endpoint, rules: { '*': { latencyMs: 300 } } });
    const factory = new AwsClientFactory({
      ...testClientOptions(proxy.endpoint),
      concurrency: { secretsManager: 70 },
    });
    await listSecrets(factory, 100);
    expect(peakInFlight(proxy.log())).toBe(70);
    // The other 30 waited for answers. (It can count 3: moto answers one request at a time, so an
    // answer of the second wave can come before the last of the first.)
    expect(proxy.roundTrips()).toBeGreaterThanOrEqual(2);
    factory.destroy();

    proxy.resetStats();
    const capped = new AwsClientFactory({ ...testClientOptions(proxy.endpoint), maxConcurrency: 4 });
    await listSecrets(capped, 10);
    expect(peakInFlight(proxy.log())).toBe(4);
    expect(proxy.roundTrips()).toBeGreaterThanOrEqual(3);
    capped.destroy();
  });

  it('in standard mode, tells the limiter of throttles and retries past the SDK retry quota', {
    timeout: 60_000,
  }, async () => {
    // 150 throttles at once: the SDK's standard quota (500 tokens, 5 per throttled retry) would
    // refuse the retries after the first 100 and fail 50 calls that the service then answers.
    // Answers held 500 ms, so that the 150 throttles are those of the 150 first attempts.
    proxy = await startFaultProxy({
      target: endpoint,
      rules: { ListSecrets: { throttle: 1, maxFaults: 150, latencyMs: 500 } },
    });
    const factory = new AwsClientFactory({
      ...testClientOptions(proxy.endpoint),
      retryMode: 'standard',
      maxAttempts: 4,
      maxBackoffMs: 50,
      concurrency: { secretsManager: 150 },
    });
    const answers = await listSecrets(factory, 150);
    expect(answers).toHaveLength(150);
    expect(proxy.stats()['secretsmanager.ListSecrets']?.faults.throttle).toBe(150);
    expect(factory.limiter('secretsManager').throttles).toBe(150);
    factory.destroy();
  });
});
