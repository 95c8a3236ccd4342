// What a person sees when the AWS setup cannot work: each problem (no region, a bad region, no or
// expired or unknown credentials, a refused connection, a host that does not resolve, an endpoint
// that is no AWS, AccessDenied, throttling) raised by the real SDK clients of AwsClientFactory,
// mapped to its own code, with a message that names the call and ends with the fix.
//
// Real failures where they can be had locally: a closed port, an `.invalid` host (RFC 6761: never
// resolves), no region or credentials in the environment, an HTTP server that is no AWS. moto does
// not check credential expiry, and answers an IAM denial in XML that the JSON-protocol clients cannot
// read (tried with INITIAL_NO_AUTH_ACTION_COUNT: the SDK sees a Deserialization error), so
// AccessDenied and throttling come from the fault proxy in front of moto, and expired/unknown
// credentials from a small server that answers as AWS does (JSON 1.1 `__type`, AWS's own wording).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DecryptCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { freePort, resetMoto, startFaultProxy, testClientOptions } from '@envelope-kit/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory, type AwsClientOptions } from '../src/clients.js';
import { awsCallOf, toAwsError } from '../src/errors.js';

const motoEndpoint = inject('motoEndpoint');
const credentials = testClientOptions(motoEndpoint).credentials;
const CLI_SETTINGS = { region: 'pass --region', endpoint: '--endpoint-url' };

/** The environment variables the SDK reads for region and credentials, cleared for each test. */
const AWS_ENV = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];
const saved = Object.fromEntries(AWS_ENV.map((name) => [name, process.env[name]]));
beforeEach(() => {
  for (const name of AWS_ENV) delete process.env[name];
  // Nothing from the machine running the tests: no profile files, no instance metadata.
  process.env.AWS_CONFIG_FILE = '/dev/null';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});
afterEach(() => {
  for (const name of AWS_ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** GetSecretValue of `prod/db` through a factory with `options`; the mapped error. */
async function failure(options: AwsClientOptions) {
  const factory = new AwsClientFactory({ maxAttempts: 1, settingNames: CLI_SETTINGS, ...options });
  try {
    await factory.secretsManager().send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
  } catch (error) {
    return toAwsError(error, 'prod/db');
  } finally {
    factory.destroy();
  }
  throw new Error('the call succeeded');
}

/** A server that answers every call as AWS answers an error of the JSON 1.1 protocol. */
async function awsErrorServer(status: number, type: string, message: string): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': 'c0ffee00-0000-4000-8000-000000000001',
      });
      response.end(JSON.stringify({ __type: type, message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('AWS setup errors, from the real SDK clients', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const server of servers) server.close();
  });
  beforeAll(() => resetMoto(motoEndpoint));

  it('no region anywhere: ERR_NO_REGION with the fix', async () => {
    const error = await failure({ endpoint: motoEndpoint, credentials });
    expect(error).toMatchObject({ code: 'ERR_NO_REGION', subject: 'prod/db' });
    expect(error.message).toBe('no AWS region: set AWS_REGION or pass --region');
  });

  it("a region that is no region code ('us east'): ERR_BAD_REGION naming it", async () => {
    const error = await failure({ region: 'us east', endpoint: motoEndpoint, credentials });
    expect(error.code).toBe('ERR_BAD_REGION');
    expect(error.message).toBe(
      'AWS region "us east" is not a region code: set AWS_REGION or pass --region to one such as us-east-1',
    );
  });

  it('no credentials anywhere: ERR_NO_CREDENTIALS saying where credentials come from', async () => {
    const error = await failure({ region: 'us-east-1', endpoint: motoEndpoint });
    expect(error.code).toBe('ERR_NO_CREDENTIALS');
    expect(error.message).toMatch(
      /^no AWS credentials: set AWS_PROFILE .* or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY$/,
    );
  });

  it('a closed port: ERR_CONNECTION_REFUSED (not a timeout), naming the address', async () => {
    const port = await freePort(); // released at once: nothing listens there
    const error = await failure({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials });
    expect(error.code).toBe('ERR_CONNECTION_REFUSED');
    expect(error.message).toBe(
      `connection refused by 127.0.0.1:${port} (ECONNREFUSED): nothing listens there; check --endpoint-url (or AWS_ENDPOINT_URL)`,
    );
  });

  it('a host that does not resolve: ERR_HOST_NOT_FOUND naming the host', async () => {
    const error = await failure({
      region: 'us-east-1',
      endpoint: 'http://aws.envelope-kit.invalid',
      credentials,
    });
    expect(error.code).toBe('ERR_HOST_NOT_FOUND');
    expect(error.message).toMatch(
      /^cannot resolve host aws\.envelope-kit\.invalid \((ENOTFOUND|EAI_AGAIN)\): check --endpoint-url/,
    );
  });

  it('an endpoint that is no URL, or no AWS (an HTML 404 page): ERR_BAD_ENDPOINT', async () => {
    expect((await failure({ region: 'us-east-1', endpoint: 'not a url', credentials })).code).toBe(
      'ERR_BAD_ENDPOINT',
    );
    const html = createServer((_, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html><body>Not Found</body></html>');
    });
    servers.push(html);
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const error = await failure({ region: 'us-east-1', endpoint: urlOf(html), credentials });
    expect(error.code).toBe('ERR_BAD_ENDPOINT');
    expect(error.message).toBe(
      `the endpoint ${urlOf(html)} gave no AWS answer to secretsmanager:GetSecretValue (HTTP 404): check --endpoint-url (or AWS_ENDPOINT_URL)`,
    );
  });

  it.each([
    [
      'ExpiredTokenException',
      'The security token included in the request is expired',
      'ERR_CREDENTIALS_EXPIRED',
    ],
    [
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      'ERR_CREDENTIALS_INVALID',
    ],
  ])('AWS answers %s: %s', async (type, message, code) => {
    const server = await awsErrorServer(400, type, message);
    servers.push(server);
    const error = await failure({ region: 'us-east-1', endpoint: urlOf(server), credentials });
    expect(error.code).toBe(code);
    expect(error.message).not.toContain(message);
  });

  it("AccessDenied names the IAM action AWS denied, from AWS's message, and the secret", async () => {
    const server = await awsErrorServer(
      400,
      'AccessDeniedException',
      'User: arn:aws:sts::123456789012:assumed-role/ci/x is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db because no identity-based policy allows the secretsmanager:GetSecretValue action',
    );
    servers.push(server);
    const error = await failure({ region: 'us-east-1', endpoint: urlOf(server), credentials });
    expect(error.code).toBe('ERR_ACCESS_DENIED');
    expect(error.message).toBe(
      'access denied to secretsmanager:GetSecretValue on prod/db (AccessDeniedException): allow it in the IAM policy of your AWS identity (and in the key or resource policy)',
    );
  });

  it('AccessDenied and throttling through the fault proxy name the operation of the call', async () => {
    const proxy = await startFaultProxy({
      target: motoEndpoint,
      rules: { GetSecretValue: { accessDenied: 1 }, ListSecrets: { throttle: 1 } },
    });
    try {
      const denied = await failure({ region: 'us-east-1', endpoint: proxy.endpoint, credentials });
      expect(denied.code).toBe('ERR_ACCESS_DENIED');
      expect(denied.message).toMatch(/^access denied to secretsmanager:GetSecretValue on prod\/db /);
      expect(awsCallOf(denied.cause)).toMatchObject({
        service: 'secretsmanager',
        operation: 'GetSecretValue',
        region: 'us-east-1',
      });
      const factory = new AwsClientFactory({
        region: 'us-east-1',
        endpoint: proxy.endpoint,
        credentials,
        maxAttempts: 2,
      });
      const throttled = await factory
        .secretsManager()
        .send(new ListSecretsCommand({}))
        .then(
          () => undefined,
          (e: unknown) => toAwsError(e, 'prod/*'),
        );
      factory.destroy();
      expect(throttled?.code).toBe('ERR_THROTTLED');
      expect(throttled?.message).toMatch(
        /^throttled by AWS on secretsmanager:ListSecrets after every retry \(ThrottlingException\): retry later/,
      );
    } finally {
      await proxy.close();
    }
  });

  it('a KMS key that does not exist (moto answers NotFoundException): ERR_KEY_NOT_FOUND naming the key and region', async () => {
    const factory = new AwsClientFactory({
      region: 'eu-west-1',
      endpoint: motoEndpoint,
      credentials,
      maxAttempts: 1,
      settingNames: CLI_SETTINGS,
    });
    const arn = 'arn:aws:kms:eu-west-1:123456789012:key/0b3c8f4e-0000-4000-8000-000000000000';
    const mapped = (id: string) => (e: unknown) => toAwsError(e, id);
    try {
      const alias = await factory
        .kms()
        .send(new DescribeKeyCommand({ KeyId: 'alias/typo' }))
        .then(() => undefined, mapped('alias/typo'));
      expect(alias).toMatchObject({ code: 'ERR_KEY_NOT_FOUND', subject: 'alias/typo' });
      expect(alias?.message).toBe(
        'KMS key alias/typo not found in eu-west-1 (NotFoundException): check the alias or key id, or the region (set AWS_REGION or pass --region)',
      );
      const decrypt = await factory
        .kms(factory.regionOf(arn))
        .send(new DecryptCommand({ KeyId: arn, CiphertextBlob: new Uint8Array(64) }))
        .then(() => undefined, mapped(arn));
      expect(decrypt?.code).toBe('ERR_KEY_NOT_FOUND');
      expect(decrypt?.message).toBe(
        `KMS key ${arn} not found in eu-west-1 (NotFoundException): check the key ARN (account, region, key id)`,
      );
    } finally {
      factory.destroy();
    }
  });
});
