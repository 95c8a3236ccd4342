// Helpers of the CLI's process tests: run the built `envelope` (dist/bin.js) as a user would, with
// the environment pointing at moto; create KMS keys and raw secrets by speaking moto's AWS JSON 1.1
// protocol directly, so that the set-up does not go through the code under test.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsTestEnv, TEST_REGION } from '@envelope-kit/testkit';

/** The built CLI. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm -F @envelope-kit/cli build first`);

/** What one run of the CLI did. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link envelope}. */
export interface CliOptions {
  /** Bytes for stdin (default: none, stdin closed at once). */
  readonly input?: string | Uint8Array;
  /** Extra environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Called with the child once spawned (to send it signals). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/**
 * Runs `node dist/bin.js ...args` against `endpoint` (moto) and collects its output.
 */
export function envelope(
  endpoint: string,
  args: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...awsTestEnv(endpoint),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
    child.stdin.end(options.input ?? '');
    options.onSpawn?.(child);
  });
}

/** One AWS JSON 1.1 call to moto. */
export async function motoCall<T = Record<string, unknown>>(
  endpoint: string,
  service: 'secretsmanager' | 'kms',
  operation: string,
  body: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${service === 'kms' ? 'TrentService' : 'secretsmanager'}.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${TEST_REGION}/${service}/aws4_request, SignedHeaders=host, Signature=00`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto ${service}.${operation}: HTTP ${response.status}`);
  return JSON.parse(text) as T;
}

/** Creates a symmetric KMS key with an alias; returns the key ARN. */
export async function createKey(endpoint: string, alias: string): Promise<string> {
  const created = await motoCall<{ KeyMetadata: { Arn: string; KeyId: string } }>(
    endpoint,
    'kms',
    'CreateKey',
    {
      Description: 'envelope-kit cli test',
    },
  );
  await motoCall(endpoint, 'kms', 'CreateAlias', {
    AliasName: alias,
    TargetKeyId: created.KeyMetadata.KeyId,
  });
  return created.KeyMetadata.Arn;
}

/** Creates (or adds a version to) a secret holding `value` as it is, bypassing the CLI. */
export async function putRawSecret(endpoint: string, name: string, value: string): Promise<void> {
  try {
    await motoCall(endpoint, 'secretsmanager', 'CreateSecret', { Name: name, SecretString: value });
  } catch {
    await motoCall(endpoint, 'secretsmanager', 'PutSecretValue', { SecretId: name, SecretString: value });
  }
}

/** The current SecretString of a secret, bypassing the CLI. */
export async function getRawSecret(endpoint: string, name: string): Promise<string> {
  const got = await motoCall<{ SecretString: string }>(endpoint, 'secretsmanager', 'GetSecretValue', {
    SecretId: name,
  });
  return got.SecretString;
}

/** The version ids of a secret, sorted, bypassing the CLI: a write adds one. */
export async function versionIds(endpoint: string, name: string): Promise<string[]> {
  const out = await motoCall<{ Versions: { VersionId: string }[] }>(
    endpoint,
    'secretsmanager',
    'ListSecretVersionIds',
    { SecretId: name },
  );
  return out.Versions.map((v) => v.VersionId).sort();
}

/** Asserts-friendly: true when `text` contains none of `values`. */
export function leaksNone(text: string, values: readonly string[]): boolean {
  return values.every((v) => !text.includes(v));
}

/** A KMS GenerateDataKey answer, as the recipe's `aws kms generate-data-key --output json` prints it. */
export interface DataKeyJson {
  readonly Plaintext: string;
  readonly CiphertextBlob: string;
}

/** GenerateDataKey (AES_256) with `keyId` at moto, bypassing the CLI. */
export function generateDataKey(endpoint: string, keyId: string): Promise<DataKeyJson> {
  return motoCall<DataKeyJson>(endpoint, 'kms', 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256' });
}

/**
 * The rest of the seed recipe (DESIGN.md) once the data key is generated: the real `openssl enc`
 * with `-pass file:` over `echo "$SECRET"`, GNU `base64` (wrapped at 76 columns: raw newlines
 * inside the JSON string, as the recipe stores them). `dir` holds the key file for a moment.
 */
export function opensslRecipe(dir: string, secret: string, dataKey: DataKeyJson): string {
  const keyFile = join(dir, `data-key-plaintext-${process.pid}.bin`);
  const encrypted = join(dir, `secret-encrypted-${process.pid}.bin`);
  writeFileSync(keyFile, Buffer.from(dataKey.Plaintext, 'base64'), { mode: 0o600 });
  try {
    // Through sh, as the recipe runs: /dev/stdin is then a real pipe (node gives children a socket,
    // which openssl cannot fopen), and echo adds the newline the decoder strips.
    execFileSync(
      'sh',
      [
        '-c',
        'echo "$SECRET" | openssl enc -aes-256-cbc -salt -in /dev/stdin -out "$OUT" -pass "file:$KEYFILE"',
      ],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SECRET: secret, OUT: encrypted, KEYFILE: keyFile },
      },
    );
    const b64 = execFileSync('base64', [encrypted], { encoding: 'utf8' }).trimEnd();
    return `{"encryptedSecret": "${b64}", "encryptedDataKey": "${dataKey.CiphertextBlob}"}`;
  } finally {
    rmSync(keyFile, { force: true });
    rmSync(encrypted, { force: true });
  }
}
