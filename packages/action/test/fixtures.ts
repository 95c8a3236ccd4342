// Fixtures of the bundle's end-to-end tests: KMS keys and secrets in moto, envelopes sealed as a
// secret owner would (envelope-core seal + aws-adapter's KMS provider; the legacy shell recipe with
// the aws CLI and openssl), and assertions on what the fake runner read back.
//
// Keys and secrets are created by speaking moto's AWS JSON 1.1 protocol directly (moto reads the
// region and service from the Authorization scope and checks no signature): creating 150 secrets
// then takes well under a second, and the set-up does not go through the code under test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClientFactory, KmsKeyProvider } from '@envelope-kit/aws-adapter';
import { type EncryptionContext, seal } from '@envelope-kit/envelope-core';
import { awsTestEnv, type RunActionResult, TEST_REGION, testClientOptions } from '@envelope-kit/testkit';
import { expect } from 'vitest';

/** One AWS JSON 1.1 call to moto. */
export async function motoCall<T = Record<string, unknown>>(
  endpoint: string,
  service: 'secretsmanager' | 'kms',
  operation: string,
  body: Record<string, unknown>,
  region: string = TEST_REGION,
): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${service === 'kms' ? 'TrentService' : 'secretsmanager'}.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`moto ${service}.${operation}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** Creates a symmetric KMS key (and an alias when given); returns the key ARN. */
export async function createKey(endpoint: string, alias?: string): Promise<string> {
  const created = await motoCall<{ KeyMetadata: { Arn: string; KeyId: string } }>(
    endpoint,
    'kms',
    'CreateKey',
    { Description: 'envelope-kit e2e' },
  );
  if (alias !== undefined) {
    await motoCall(endpoint, 'kms', 'CreateAlias', {
      AliasName: alias,
      TargetKeyId: created.KeyMetadata.KeyId,
    });
  }
  return created.KeyMetadata.Arn;
}

/** Creates a secret holding `value` (in `region`, default us-east-1); returns its ARN. */
export async function createSecret(
  endpoint: string,
  name: string,
  value: string,
  region: string = TEST_REGION,
): Promise<string> {
  const created = await motoCall<{ ARN: string }>(
    endpoint,
    'secretsmanager',
    'CreateSecret',
    { Name: name, SecretString: value },
    region,
  );
  return created.ARN;
}

/**
 * Creates many secrets, one at a time: moto answers concurrent CreateSecret calls with HTTP 500 now
 * and then (seen on a loaded CI machine with 16 at a time).
 */
export async function createSecrets(endpoint: string, secrets: ReadonlyMap<string, string>): Promise<void> {
  for (const [name, value] of secrets) await createSecret(endpoint, name, value);
}

/** A client factory for moto with dummy credentials. */
export function motoFactory(endpoint: string): AwsClientFactory {
  return new AwsClientFactory(testClientOptions(endpoint));
}

/** Seals `value` for the secret `name` with a KMS key, as `envelope push` does (ctx secret=<name>). */
export async function sealForSecret(
  factory: AwsClientFactory,
  keyId: string,
  name: string,
  value: string,
  context: EncryptionContext = {},
): Promise<string> {
  return seal(value, {
    providers: [new KmsKeyProvider(factory, keyId)],
    context: { secret: name, ...context },
  });
}

/**
 * The legacy shell recipe of DESIGN.md, verbatim (aws CLI generate-data-key, `openssl enc
 * -aes-256-cbc -salt -pass file:`, GNU base64 wrapping at 76 columns), against moto. Retries the 1 in
 * 256 data keys whose first byte is NUL, for which openssl refuses the password file.
 */
export function legacyRecipe(endpoint: string, keyId: string, secret: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ek-legacy-'));
  const script = [
    'set -euo pipefail',
    'aws kms generate-data-key --key-id "$KEY" --key-spec AES_256 --output json --endpoint-url "$ENDPOINT" > data-key.json',
    'jq -r .Plaintext data-key.json | base64 --decode > data-key-plaintext.bin',
    'echo "$SECRET" | openssl enc -aes-256-cbc -salt -in /dev/stdin -out secret-encrypted.bin -pass file:./data-key-plaintext.bin',
    'printf \'{"encryptedSecret": "%s", "encryptedDataKey": "%s"}\' "$(base64 secret-encrypted.bin)" "$(jq -r .CiphertextBlob data-key.json)"',
  ].join('\n');
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return execFileSync('bash', ['-c', script], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, ...awsTestEnv(endpoint), KEY: keyId, ENDPOINT: endpoint, SECRET: secret },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The legacy recipe with a data key whose password `-pass file:` cuts short (a 0x0A or 0x00 after
 * byte 0: OpenSSL app_get_pass stops there), so that the action must warn. The data key comes from
 * KMS GenerateDataKey (moto) until one fits, about 1 in 9; the rest is the recipe's openssl line.
 */
export async function legacyRecipeShortened(
  endpoint: string,
  keyId: string,
  secret: string,
): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const key = await motoCall<{ Plaintext: string; CiphertextBlob: string }>(
      endpoint,
      'kms',
      'GenerateDataKey',
      {
        KeyId: keyId,
        KeySpec: 'AES_256',
      },
    );
    const bytes = Buffer.from(key.Plaintext, 'base64');
    const cut = bytes.findIndex((b) => b === 0x00 || b === 0x0a);
    bytes.fill(0);
    if (cut < 1) continue;
    const dir = mkdtempSync(join(tmpdir(), 'ek-legacy-'));
    try {
      const script = [
        'set -euo pipefail',
        'printf %s "$PLAINTEXT_B64" | base64 --decode > data-key-plaintext.bin',
        'echo "$SECRET" | openssl enc -aes-256-cbc -salt -in /dev/stdin -out secret-encrypted.bin -pass file:./data-key-plaintext.bin',
        'printf \'{"encryptedSecret": "%s", "encryptedDataKey": "%s"}\' "$(base64 secret-encrypted.bin)" "$BLOB"',
      ].join('\n');
      return execFileSync('bash', ['-c', script], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          PLAINTEXT_B64: key.Plaintext,
          BLOB: key.CiphertextBlob,
          SECRET: secret,
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error('no shortened data key in 200 GenerateDataKey calls');
}

/** The environment of the action's step: dummy AWS credentials and region (the endpoint is an input). */
export function stepEnv(endpoint: string): Record<string, string> {
  const { AWS_ENDPOINT_URL: _, ...env } = awsTestEnv(endpoint);
  return env;
}

/**
 * Asserts GITHUB_ENV byte for byte: exactly these variables, in this order, each written as
 * @actions/core writes it (`NAME<<ghadelimiter_<uuid>\nVALUE\nghadelimiter_<uuid>\n`), and nothing
 * else. Failure messages show names and offsets, not values.
 */
export function expectEnvFile(raw: string, entries: readonly (readonly [string, string])[]): void {
  let at = 0;
  for (const [name, value] of entries) {
    const header = /^([^\n]*?)<<(ghadelimiter_[0-9a-f-]{36})\n/.exec(raw.slice(at));
    expect(header?.[1], `GITHUB_ENV header at byte ${at}`).toBe(name);
    const delimiter = header?.[2] ?? '';
    at += header?.[0].length ?? 0;
    expect(raw.slice(at, at + value.length) === value, `value of ${name} in GITHUB_ENV`).toBe(true);
    at += value.length;
    expect(raw.slice(at, at + delimiter.length + 2), `closing delimiter of ${name}`).toBe(`\n${delimiter}\n`);
    at += delimiter.length + 2;
  }
  expect(at, 'GITHUB_ENV has nothing more').toBe(raw.length);
}

/** The `::error::` messages of a step. */
export function errorsOf(result: RunActionResult): string[] {
  return result.commands.filter((c) => c.command === 'error').map((c) => c.message);
}

/**
 * Asserts an all-or-nothing refusal: non-zero exit, GITHUB_ENV and GITHUB_OUTPUT untouched, no
 * state for the post step, and for each expected failure an error line naming the subject and code.
 */
export function expectRefused(
  result: RunActionResult,
  failures: readonly (readonly [string, string])[],
): void {
  expect(result.exitCode).not.toBe(0);
  expect(result.envFileRaw).toBe('');
  expect(result.outputs).toEqual({});
  const lines = errorsOf(result).flatMap((m) => m.split('\n'));
  for (const [subject, code] of failures) {
    expect(
      lines.some((line) => line.includes(subject) && line.includes(code)),
      `an error line names ${subject} and ${code}; got:\n${lines.join('\n')}`,
    ).toBe(true);
  }
}

/** Asserts that no value (nor any line of a multi-line value) appears in the summary. */
export function expectSummaryHoldsNoValue(summary: string, values: readonly string[]): void {
  for (const [i, value] of values.entries()) {
    for (const part of [value, ...value.split('\n')].filter((p) => p.trim().length >= 4)) {
      expect(summary.includes(part), `summary holds value #${i}`).toBe(false);
    }
  }
}
