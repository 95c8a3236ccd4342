// A fleet of secrets in moto for the fleet tests (test/fleet.test.ts) and the fleet benchmark
// (bench/fleet.mjs), in plain JavaScript so that both can import it: v1 envelopes sealed with
// envelope-core and a KMS key, legacy envelopes made by the seed recipe with the real `openssl`
// and `base64` binaries, and plain values. Set-up speaks moto's AWS JSON 1.1 protocol directly,
// not through the CLI under test.
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AwsClientFactory, createLimiter, KmsKeyProvider } from '@envelope-kit/aws-adapter';
import { seal } from '@envelope-kit/envelope-core';

const run = promisify(execFile);
const REGION = 'us-east-1';

/**
 * One AWS JSON 1.1 call to moto.
 *
 * @param {string} endpoint
 * @param {'secretsmanager' | 'kms'} service
 * @param {string} operation
 * @param {Record<string, unknown>} body
 */
export async function motoCall(endpoint, service, operation, body) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${service === 'kms' ? 'TrentService' : 'secretsmanager'}.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=00`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto ${service}.${operation}: HTTP ${response.status}`);
  return JSON.parse(text);
}

/**
 * GenerateDataKey (AES_256) at moto, as the recipe's `aws kms generate-data-key --output json`.
 *
 * @param {string} endpoint
 * @param {string} keyId
 */
export function generateDataKey(endpoint, keyId) {
  return motoCall(endpoint, 'kms', 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256' });
}

let sequence = 0;

/**
 * The rest of the seed recipe (DESIGN.md) once the data key is generated: the real `openssl enc`
 * with `-pass file:` over `echo "$SECRET"`, then GNU `base64` (wrapped at 76 columns: raw newlines
 * inside the JSON string, as the recipe stores them). `dir` holds the key file for a moment.
 *
 * `opensslArgs` adds options to `openssl enc` (the recipe's `-pbkdf2` variant: `['-pbkdf2']`).
 *
 * @param {string} dir
 * @param {string} secret
 * @param {{ Plaintext: string, CiphertextBlob: string }} dataKey
 * @param {readonly string[]} [opensslArgs]
 */
export async function opensslRecipe(dir, secret, dataKey, opensslArgs = []) {
  const tag = `${process.pid}-${sequence++}`;
  const keyFile = join(dir, `data-key-plaintext-${tag}.bin`);
  const encrypted = join(dir, `secret-encrypted-${tag}.bin`);
  await writeFile(keyFile, Buffer.from(dataKey.Plaintext, 'base64'), { mode: 0o600 });
  try {
    // Through sh, as the recipe runs: /dev/stdin is then a real pipe (node gives children a socket,
    // which openssl cannot fopen), and echo adds the newline the decoder strips.
    await run(
      'sh',
      [
        '-c',
        'echo "$SECRET" | openssl enc -aes-256-cbc "$@" -salt -in /dev/stdin -out "$OUT" -pass "file:$KEYFILE"',
        'sh',
        ...opensslArgs,
      ],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SECRET: secret, OUT: encrypted, KEYFILE: keyFile },
      },
    );
    const { stdout } = await run('base64', [encrypted], { encoding: 'utf8' });
    return `{"encryptedSecret": "${stdout.trimEnd()}", "encryptedDataKey": "${dataKey.CiphertextBlob}"}`;
  } finally {
    await rm(keyFile, { force: true });
    await rm(encrypted, { force: true });
  }
}

/**
 * A data key the recipe can use: with a first byte of 0x00, `openssl -pass file:` fails ("Error
 * reading password from BIO", 1 key in 256) and the recipe stores no envelope at all, so such keys
 * are drawn again.
 *
 * @param {string} endpoint
 * @param {string} keyId
 */
async function usableDataKey(endpoint, keyId) {
  for (;;) {
    const dataKey = await generateDataKey(endpoint, keyId);
    if (Buffer.from(dataKey.Plaintext, 'base64')[0] !== 0) return dataKey;
  }
}

/**
 * The value stored (sealed or not) in the fleet secret `name`: recognisable, so that a test can
 * check that no output holds one.
 *
 * @param {string} name
 */
export function fleetValue(name) {
  return `fleet-value:${name}:Qx7`;
}

/**
 * Creates `v1 + legacy + plain` secrets named `${prefix}v1/0001`, `${prefix}legacy/0001`,
 * `${prefix}plain/0001`... The v1 envelopes are sealed with `keyAlias` and bound to their secret
 * (secret=<name>), the legacy ones come from the recipe with `keyAlias`, and each holds
 * {@link fleetValue}. Returns the names by format.
 *
 * @param {{ endpoint: string, dir: string, prefix: string, keyAlias: string, v1: number, legacy: number, plain: number, concurrency?: number }} options
 */
export async function populateFleet(options) {
  const { endpoint, dir, prefix, keyAlias } = options;
  const factory = new AwsClientFactory({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const provider = new KmsKeyProvider(factory, keyAlias);
  const limit = createLimiter(options.concurrency ?? 8);
  // moto answers one request at a time anyway; creating secrets one by one also keeps clear of a
  // race in moto's threaded server that answered HTTP 500 to concurrent CreateSecret calls on a
  // loaded machine. openssl and sealing still run in parallel.
  const one = createLimiter(1);
  /** @param {string} kind @param {number} count */
  const names = (kind, count) =>
    Array.from({ length: count }, (_, i) => `${prefix}${kind}/${String(i + 1).padStart(4, '0')}`);
  const fleet = {
    v1: names('v1', options.v1),
    legacy: names('legacy', options.legacy),
    plain: names('plain', options.plain),
  };
  /** @param {string} name @param {string} value */
  const create = (name, value) =>
    one(() => motoCall(endpoint, 'secretsmanager', 'CreateSecret', { Name: name, SecretString: value }));
  try {
    await Promise.all([
      ...fleet.v1.map((name) =>
        limit(async () => {
          const text = await seal(new TextEncoder().encode(fleetValue(name)), {
            providers: [provider],
            context: { secret: name },
          });
          await create(name, text);
        }),
      ),
      ...fleet.legacy.map((name) =>
        limit(async () =>
          create(name, await opensslRecipe(dir, fleetValue(name), await usableDataKey(endpoint, keyAlias))),
        ),
      ),
      ...fleet.plain.map((name) => limit(() => create(name, fleetValue(name)))),
    ]);
  } finally {
    factory.destroy();
  }
  return fleet;
}
