// Helpers of the CLI's process tests: run the built `envelope` (dist/bin.js) as a user would, with
// the environment pointing at moto; create KMS keys and raw secrets by speaking moto's AWS JSON 1.1
// protocol directly, so that the set-up does not go through the code under test.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { awsTestEnv } from '@envelope-kit/testkit';

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
  /** Working directory (default: this process's). */
  readonly cwd?: string;
  /** Called with the child once spawned (to send it signals). */
  readonly onSpawn?: (child: ChildProcess) => void;
  /** The Node binary (default: the one running the tests). */
  readonly node?: string;
}

/** The environment the CLI runs with in tests: PATH, and the AWS variables that point at moto. */
export function cliEnv(endpoint: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...awsTestEnv(endpoint),
  };
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
    const child = spawn(options.node ?? process.execPath, [BIN, ...args], {
      env: { ...cliEnv(endpoint), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
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

// moto calls and the seed recipe live in fleet-fixture.mjs, shared with the fleet benchmark.
import { motoCall } from './fleet-fixture.mjs';

export { type DataKeyJson, generateDataKey, motoCall, opensslRecipe } from './fleet-fixture.mjs';

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
