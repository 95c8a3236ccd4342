// AwsClientFactory with the real SDK clients: region choice, endpoint from the environment, user
// agent, timeouts and resets (through the fault proxy, a stall or a dropped connection becomes ERR_TIMEOUT).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { type FaultProxy, resetMoto, startFaultProxy, testClientOptions } from '@envelope-kit/testkit';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory, regionOf, USER_AGENT, VERSION } from '../src/clients.js';
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
