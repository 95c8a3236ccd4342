// Issue 11's attacks on the committed bundle (Node 24, moto), each a regression test: they failed
// against the bundle of abe2743 (run with EK_ACTION_DIST=<a checkout of that dist>) and pass now.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClientFactory } from '@envelope-kit/aws-adapter';
import {
  awsTestEnv,
  cleanupRun,
  parseFileCommands,
  type RunActionResult,
  resetMoto,
  runAction,
  testClientOptions,
} from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKmsKey, storeEnvelope } from '../src/index.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
const results: RunActionResult[] = [];
const work = mkdtempSync(join(tmpdir(), 'ek-attacks-'));
const MARKER = join(work, 'fsmonitor-ran');
let keyArn: string;

/** The bundle under test: the committed one, or EK_ACTION_DIST (to show a test fails on old code). */
const dist = process.env.EK_ACTION_DIST;

async function step(inputs: Record<string, string>): Promise<RunActionResult> {
  const result = await runAction({
    entry: 'main',
    inputs,
    env: awsTestEnv(endpoint),
    ...(dist ? { script: join(dist, 'main', 'index.js') } : {}),
  });
  results.push(result);
  return result;
}

async function putSecret(name: string, value: string) {
  await factory.secretsManager().send(new CreateSecretCommand({ Name: name, SecretString: value }));
}

/** A legacy envelope made by the seed recipe with the real openssl, from a strong KMS data key. */
async function legacyEnvelope(plaintext: string): Promise<{ text: string }> {
  for (;;) {
    const out = await factory.kms().send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256' }));
    const key = Buffer.from(out.Plaintext ?? new Uint8Array());
    // At least 11 password bytes (80 bits): not weak, so only the rule under test can refuse it.
    if (key.subarray(0, 11).some((b) => b === 0 || b === 0x0a)) continue;
    const keyFile = join(work, 'key.bin');
    writeFileSync(keyFile, key);
    const encrypted = execFileSync(
      'openssl',
      ['enc', '-aes-256-cbc', '-salt', '-md', 'sha256', '-pass', `file:${keyFile}`],
      { input: `${plaintext}\n` },
    );
    rmSync(keyFile);
    const encryptedDataKey = Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString('base64');
    return { text: JSON.stringify({ encryptedSecret: encrypted.toString('base64'), encryptedDataKey }) };
  }
}

beforeAll(async () => {
  await resetMoto(endpoint);
  keyArn = await createKmsKey(factory);
});
afterAll(async () => {
  await Promise.all(results.map(cleanupRun));
  factory.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('attack 1: a JSON value picks variables that run code in later steps', () => {
  it('a later `git status` with the exported environment does not run the command', async () => {
    await putSecret(
      'prod/flags',
      JSON.stringify({
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'core.fsmonitor',
        GIT_CONFIG_VALUE_0: `touch ${MARKER}; false`,
        PERL5OPT: '-Mattack',
        JAVA_TOOL_OPTIONS: '-javaagent:/tmp/a.jar',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        ComSpec: 'C:\\evil.exe',
      }),
    );
    const result = await step({ 'secret-ids': ',prod/flags', 'parse-json-secrets': 'true' });
    const exported = parseFileCommands(result.envFileRaw);
    // The later step: a git repository, `git status` with the job's environment.
    const repo = join(work, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    spawnSync('git', ['status'], { cwd: repo, env: { ...process.env, ...exported }, stdio: 'ignore' });
    expect(existsSync(MARKER)).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ERR_NAME_DENIED');
    expect(result.envFileRaw).toBe('');
  });
});

describe('attack 2: a legacy envelope under require-context and allowed-key-ids', () => {
  it('is refused under require-context (legacy-envelopes: auto), naming envelope migrate', async () => {
    const legacy = await legacyEnvelope('legacy-value-for-attack-2');
    await putSecret('prod/bound', legacy.text);
    const result = await step({
      'secret-ids': 'prod/bound',
      'require-context': 'stage=prod',
      'allowed-key-ids': keyArn,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ERR_LEGACY_REFUSED');
    expect(result.stdout).toContain('envelope migrate prod/bound');
    expect(result.envFileRaw).toBe('');
  });
  it('is refused under legacy-envelopes: deny', async () => {
    const result = await step({ 'secret-ids': 'prod/bound', 'legacy-envelopes': 'deny' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ERR_LEGACY_REFUSED');
  });
  it('opens with a ::warning:: naming the secret when allowed', async () => {
    const result = await step({ 'secret-ids': 'prod/bound' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/::warning::.*prod\/bound.*envelope migrate prod\/bound/);
  });
});

describe('attack 3: a legacy envelope forged without KMS (empty openssl password)', () => {
  it('is refused by default (ERR_LEGACY_WEAK), opened only when accepted by name', async () => {
    // A data key KMS wrapped whose first byte is 0x0A: openssl's password is empty.
    let forged: string | undefined;
    for (let i = 0; i < 4096 && forged === undefined; i++) {
      const out = await factory.kms().send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256' }));
      if (out.Plaintext?.[0] !== 0x0a) continue;
      // The attacker keeps encryptedDataKey and encrypts a value of their own with an empty password.
      const encrypted = execFileSync(
        'openssl',
        ['enc', '-aes-256-cbc', '-salt', '-md', 'sha256', '-pass', 'pass:'],
        {
          input: 'attacker-chosen-value\n',
        },
      );
      forged = JSON.stringify({
        encryptedSecret: encrypted.toString('base64'),
        encryptedDataKey: Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString('base64'),
      });
    }
    expect(forged).toBeDefined();
    await putSecret('prod/forged', forged ?? '');
    const strict = await step({
      'secret-ids': 'prod/forged',
      'plaintext-secrets': 'deny',
      'allowed-key-ids': keyArn,
    });
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toContain('ERR_LEGACY_WEAK');
    expect(strict.envFileRaw).toBe('');
    const accepted = await step({ 'secret-ids': 'prod/forged', 'accept-weak-legacy': 'prod/forged' });
    expect(accepted.exitCode, accepted.stdout).toBe(0);
    expect(parseFileCommands(accepted.envFileRaw).PROD_FORGED).toBe('attacker-chosen-value');
  });
});

describe('finding 9: names that differ only by case', () => {
  it('refuses app_Token and app_TOKEN (outputs are case-insensitive)', async () => {
    await storeEnvelope(factory, keyArn, 'case/one', 'value-one-abc');
    await storeEnvelope(factory, keyArn, 'case/two', 'value-two-abc');
    const result = await step({
      'secret-ids': 'app_Token,case/one\napp_TOKEN,case/two',
      'name-transformation': 'none',
      'set-outputs': 'true',
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ERR_NAME_DUPLICATE');
    expect(result.envFileRaw).toBe('');
  });
});
