// Issue 11's attacks on the committed bundle (Node 24, moto), each a regression test. Run them
// against another bundle with EK_ACTION_DIST=<its dist folder> (src/bundle-under-test.ts): which of
// them fail on the bundle of abe2743 (issue 11 was filed against it), and which only document a
// limitation and pass there too, is the table in ../README.md ("Issue 11: finding -> test"),
// itself checked by test/findings.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClientFactory, KmsKeyProvider } from '@envelope-kit/aws-adapter';
import { LocalKeyProvider, seal } from '@envelope-kit/envelope-core';
import {
  awsTestEnv,
  cleanupRun,
  type PreviousStep,
  parseFileCommands,
  type RunActionResult,
  resetMoto,
  runAction,
  testClientOptions,
} from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleUnderTest, createKmsKey, storeEnvelope } from '../src/index.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
const results: RunActionResult[] = [];
const work = mkdtempSync(join(tmpdir(), 'ek-attacks-'));
const MARKER = join(work, 'fsmonitor-ran');
let keyArn: string;

async function step(
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; after?: PreviousStep; workdir?: string } = {},
): Promise<RunActionResult> {
  const result = await runAction({
    entry: 'main',
    inputs,
    env: { ...awsTestEnv(endpoint), ...options.env },
    ...(options.after ? { after: options.after } : {}),
    ...(options.workdir ? { workdir: options.workdir } : {}),
    ...bundleUnderTest('main'),
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

describe('finding 4: the environment binding comes from GITHUB_ENVIRONMENT, which any earlier step can set', () => {
  beforeAll(async () => {
    await storeEnvelope(factory, keyArn, 'env/prod-db', 'production-only-value', {
      secret: 'env/prod-db',
      environment: 'production',
    });
  });

  it('a spoofed GITHUB_ENVIRONMENT opens an envelope bound to it (a guardrail, not a boundary: the documented limitation)', async () => {
    // The runner does not set GITHUB_ENVIRONMENT; an earlier step can, with
    // `echo GITHUB_ENVIRONMENT=production >> "$GITHUB_ENV"`. Only a KMS key policy on
    // kms:EncryptionContext:environment with an OIDC-bound role stops this (SECURITY.md).
    const earlier: PreviousStep = { env: { GITHUB_ENVIRONMENT: 'production' }, state: {} };
    const result = await step({ 'secret-ids': 'env/prod-db' }, { after: earlier });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(parseFileCommands(result.envFileRaw).ENV_PROD_DB).toBe('production-only-value');
  });

  it('its refusals name GITHUB_ENVIRONMENT as the source and say the runner does not verify it', async () => {
    const unset = await step({ 'secret-ids': 'env/prod-db' });
    expect(unset.exitCode).toBe(1);
    expect(unset.stdout).toContain('ERR_CONTEXT_UNAVAILABLE');
    expect(unset.stdout).toMatch(/GITHUB_ENVIRONMENT \([^)]*not verified by the runner\)/);
    const other = await step({ 'secret-ids': 'env/prod-db' }, { env: { GITHUB_ENVIRONMENT: 'staging' } });
    expect(other.exitCode).toBe(1);
    expect(other.stdout).toContain('ERR_CONTEXT_MISMATCH');
    expect(other.stdout).toMatch(/GITHUB_ENVIRONMENT \([^)]*not verified by the runner\) is staging/);
    expect(other.envFileRaw).toBe('');
  });
});

/**
 * A proxy to moto that plays blackholed regions: a request naming a key in `xx-bogus-*` is held
 * and never answered; every other request is forwarded. Counts both.
 */
async function startKeyRouter(target: string) {
  const stats = { planted: 0, decrypt: 0 };
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.includes('xx-bogus-')) {
        stats.planted++;
        held.add(res);
        return;
      }
      if (req.headers['x-amz-target'] === 'TrentService.Decrypt') stats.decrypt++;
      const upstream = request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    close: () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('finding 10: planted entries in the unauthenticated keys list', () => {
  it('nine aws-kms entries in blackholed regions before the real one cost no call under allowed-key-ids', async () => {
    // Without allowed-key-ids each planted entry costs one KMS call under a 60 s deadline; that bound
    // is shown with a short deadline by packages/aws-adapter/test/kms-deadline.test.ts.
    const router = await startKeyRouter(endpoint);
    try {
      const sealed = JSON.parse(
        await seal('planted-keys-value', {
          providers: [new KmsKeyProvider(factory, keyArn)],
          context: { secret: 'planted/db' },
        }),
      ) as { keys: { p: string; id: string; edk: string }[] };
      const [real] = sealed.keys;
      const planted = Array.from({ length: 9 }, (_, i) => ({
        ...real,
        id: `arn:aws:kms:xx-bogus-${i + 1}:111122223333:key/00000000-0000-0000-0000-00000000000${i}`,
      }));
      await putSecret('planted/db', JSON.stringify({ ...sealed, keys: [...planted, ...sealed.keys] }));
      const result = await step({
        'secret-ids': 'planted/db',
        'allowed-key-ids': keyArn,
        'endpoint-url': router.endpoint,
      });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(parseFileCommands(result.envFileRaw).PLANTED_DB).toBe('planted-keys-value');
      expect(router.stats.planted).toBe(0);
      expect(router.stats.decrypt).toBe(1);
    } finally {
      await router.close();
    }
  });
});

// What stops replay and what does not (SECURITY.md, "Replay", names these tests). "Strict" settings:
// allowed-key-ids, plaintext-secrets: deny, legacy-envelopes: deny.
describe('finding 11: replay', () => {
  let rotatedArn: string;
  let oldEnvelope: string;
  beforeAll(async () => {
    rotatedArn = await createKmsKey(factory);
    oldEnvelope = (await storeEnvelope(factory, keyArn, 'replay/db', 'replay-old-value')).stored;
    // The owner rotates: a new version sealed with the new key...
    const current = await seal('replay-current-value', {
      providers: [new KmsKeyProvider(factory, rotatedArn)],
      context: { secret: 'replay/db' },
    });
    await factory
      .secretsManager()
      .send(new PutSecretValueCommand({ SecretId: 'replay/db', SecretString: current }));
    // ...and someone who can only write the value puts the previous envelope back.
    await factory
      .secretsManager()
      .send(new PutSecretValueCommand({ SecretId: 'replay/db', SecretString: oldEnvelope }));
  });
  const strict = { 'plaintext-secrets': 'deny', 'legacy-envelopes': 'deny' };

  it("not stopped: the secret's own previous envelope opens while its key is allowed", async () => {
    const result = await step({
      'secret-ids': 'replay/db',
      'allowed-key-ids': `${keyArn}\n${rotatedArn}`,
      ...strict,
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(parseFileCommands(result.envFileRaw).REPLAY_DB).toBe('replay-old-value');
  });

  it('stopped: a rotated key removed from allowed-key-ids refuses the old envelope', async () => {
    const result = await step({ 'secret-ids': 'replay/db', 'allowed-key-ids': rotatedArn, ...strict });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/replay\/db: ERR_KEY_NOT_ALLOWED /);
    expect(result.envFileRaw).toBe('');
  });

  it('stopped: an envelope whose secret context names another secret is refused', async () => {
    await putSecret('replay/copy', oldEnvelope);
    const result = await step({ 'secret-ids': 'replay/copy', 'allowed-key-ids': keyArn, ...strict });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/replay\/copy: ERR_CONTEXT_MISMATCH /);
    expect(result.envFileRaw).toBe('');
  });

  it('not stopped: a v1 envelope sealed without a secret context opens from any secret', async () => {
    const loose = await storeEnvelope(factory, keyArn, 'replay/loose-a', 'loose-value', { stage: 'prod' });
    await putSecret('replay/loose-b', loose.stored);
    const result = await step({
      'secret-ids': 'replay/loose-a\nreplay/loose-b',
      'allowed-key-ids': keyArn,
      'require-context': 'stage=prod',
      ...strict,
    });
    expect(result.exitCode, result.stdout).toBe(0);
    const env = parseFileCommands(result.envFileRaw);
    expect([env.REPLAY_LOOSE_A, env.REPLAY_LOOSE_B]).toEqual(['loose-value', 'loose-value']);
  });
});

describe('finding 13: an envelope file whose bytes are not UTF-8', () => {
  it('is refused (ERR_ENVELOPE_MALFORMED), not read as U+FFFD into a second byte form of the envelope', async () => {
    const kek = randomBytes(32);
    const local = LocalKeyProvider.fromBytes(new Uint8Array(kek));
    // A context value holding U+FFFD, then the same envelope with the byte 0xFF in its place: a
    // reader that decodes with toString('utf8') sees the same text and opens it.
    const sealed = await seal('utf8-file-value', { providers: [local], context: { stage: 'prod\uFFFD' } });
    const canonical = Buffer.from(sealed, 'utf8');
    const replacement = Buffer.from('\uFFFD', 'utf8');
    const at = canonical.indexOf(replacement);
    expect(at).toBeGreaterThan(0);
    const workspace = join(work, 'utf8-workspace');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'canonical.json'), canonical);
    writeFileSync(
      join(workspace, 'other-bytes.json'),
      Buffer.concat([
        canonical.subarray(0, at),
        Buffer.from([0xff]),
        canonical.subarray(at + replacement.length),
      ]),
    );
    const inputs = { 'local-key': kek.toString('base64') };
    const good = await step({ 'envelope-files': 'F,canonical.json', ...inputs }, { workdir: workspace });
    expect(good.exitCode, good.stdout).toBe(0);
    expect(parseFileCommands(good.envFileRaw).F).toBe('utf8-file-value');
    const other = await step({ 'envelope-files': 'F,other-bytes.json', ...inputs }, { workdir: workspace });
    expect(other.exitCode).toBe(1);
    expect(other.stdout).toContain('ERR_ENVELOPE_MALFORMED');
    expect(other.envFileRaw).toBe('');
  });
});
