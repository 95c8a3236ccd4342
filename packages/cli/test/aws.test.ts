// The CLI as a process against moto (real KMS and Secrets Manager over HTTP): push, pull, inspect
// --secret-id, rewrap, and migrate of an envelope made by the seed recipe itself (aws CLI +
// openssl), then opened by the action's committed bundle, run as the runner runs it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsTestEnv, cleanupRun, resetMoto, runAction, startFaultProxy } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, envelope, getRawSecret, motoCall, opensslRecipe, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const DB_PASSWORD = 'db-pa55word-Kx81';
let dir: string;
let oldKeyArn: string;
let newKeyArn: string;
let dbArn: string;

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-aws-'));
  oldKeyArn = await createKey(endpoint, 'alias/cli-old');
  newKeyArn = await createKey(endpoint, 'alias/cli-new');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('push, inspect, pull', () => {
  it('push creates the secret, then adds a version; the envelope is bound to the secret name', async () => {
    const first = await envelope(
      endpoint,
      ['push', 'prod/db', '--key', 'alias/cli-old', '--context', 'env=prod', '--json', '--tag', 'team=a'],
      {
        input: DB_PASSWORD,
      },
    );
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout) as { arn: string; versionId: string; created: boolean };
    expect(created.created).toBe(true);
    expect(created.arn).toMatch(/:secret:prod\/db-/);
    dbArn = created.arn;
    const second = await envelope(
      endpoint,
      ['push', 'prod/db', '--key', 'alias/cli-old', '--context', 'env=prod', '--json'],
      {
        input: DB_PASSWORD,
      },
    );
    expect(second.code, second.stderr).toBe(0);
    const updated = JSON.parse(second.stdout) as { versionId: string; created: boolean };
    expect(updated.created).toBe(false);
    expect(updated.versionId).not.toBe(created.versionId);
    expect(await getRawSecret(endpoint, 'prod/db')).not.toContain(DB_PASSWORD);
  });

  it('inspect --secret-id shows the context and key, no value; --endpoint-url wins over AWS_ENDPOINT_URL', async () => {
    const r = await envelope(endpoint, ['inspect', '--secret-id', 'prod/db', '--endpoint-url', endpoint], {
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, // nothing listens there
    });
    expect(r.code, r.stderr).toBe(0);
    const header = JSON.parse(r.stdout) as {
      context: Record<string, string>;
      keys: { provider: string; keyId: string }[];
    };
    expect(header.context).toEqual({ env: 'prod', secret: 'prod/db' });
    expect(header.keys.map((k) => k.provider)).toEqual(['aws-kms']);
    expect(r.stdout).not.toContain(DB_PASSWORD);
  });

  it('pull prints the plaintext, with --require-context and --key limits', async () => {
    const r = await envelope(endpoint, [
      'pull',
      'prod/db',
      '--key',
      'alias/cli-old',
      '--require-context',
      'env=prod',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(DB_PASSWORD);
  });

  it('pull of a missing secret fails with ERR_SECRET_NOT_FOUND naming it', async () => {
    const r = await envelope(endpoint, ['pull', 'prod/missing']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^envelope: ERR_SECRET_NOT_FOUND: .*\(secret: prod\/missing\)$/m);
  });

  it('an envelope copied into another secret does not open there', async () => {
    await putRawSecret(endpoint, 'prod/copy', await getRawSecret(endpoint, 'prod/db'));
    const r = await envelope(endpoint, ['pull', 'prod/copy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^envelope: ERR_CONTEXT_MISMATCH: .*\(secret: prod\/copy\)$/m);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(DB_PASSWORD);
  });
});

describe('rewrap', () => {
  it('swaps the old key for the new one (secret named by ARN), same ciphertext, as a new version', async () => {
    const before = JSON.parse(await getRawSecret(endpoint, 'prod/db')) as Record<string, unknown>;
    const { VersionId: beforeVersion } = await motoCall<{ VersionId: string }>(
      endpoint,
      'secretsmanager',
      'GetSecretValue',
      { SecretId: 'prod/db' },
    );
    // Through the fault proxy (no faults) to count the KMS calls: ReEncrypt, never Decrypt.
    const proxy = await startFaultProxy({ target: endpoint });
    const r = await envelope(
      endpoint,
      ['rewrap', dbArn, '--key', 'alias/cli-new', '--remove-key', 'alias/cli-old', '--json'],
      { env: { AWS_ENDPOINT_URL: proxy.endpoint } },
    ).finally(() => proxy.close());
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      counts: { changed: number };
      secrets: { status: string; versionId: string; removed: string[] }[];
    };
    expect(summary.counts.changed).toBe(1);
    const [result] = summary.secrets;
    expect(result?.status).toBe('changed');
    expect(result?.removed).toEqual([oldKeyArn]);
    expect(result?.versionId).not.toBe(beforeVersion);
    expect(proxy.stats()['TrentService.ReEncrypt']?.forwarded).toBe(1);
    expect(proxy.stats()['TrentService.Decrypt']).toBeUndefined();
    const after = JSON.parse(await getRawSecret(endpoint, 'prod/db')) as Record<string, unknown> & {
      keys: { id: string }[];
    };
    for (const field of ['ct', 'iv', 'mid', 'cmt', 'ctx']) expect(after[field]).toEqual(before[field]);
    expect(after.keys).toHaveLength(1);
    expect(JSON.stringify(after.keys)).not.toContain(oldKeyArn);

    const withNew = await envelope(endpoint, ['pull', 'prod/db', '--key', 'alias/cli-new']);
    expect(withNew.code, withNew.stderr).toBe(0);
    expect(withNew.stdout).toBe(DB_PASSWORD);
    const withOld = await envelope(endpoint, ['pull', 'prod/db', '--key', 'alias/cli-old']);
    expect(withOld.code).toBe(1);
    expect(withOld.stderr).toMatch(
      /^envelope: ERR_(NO_USABLE_KEY|KEY_NOT_ALLOWED): .*\(secret: prod\/db\)$/m,
    );
    expect(withOld.stdout).toBe('');
  });
});

/** GenerateDataKey with alias/cli-old until the plaintext key satisfies `wanted` (at most `tries` calls). */
async function dataKeyWhere(
  wanted: (key: Buffer) => boolean,
  tries: number,
): Promise<{ Plaintext: string; CiphertextBlob: string }> {
  for (let i = 0; i < tries; i++) {
    const candidate = await motoCall<{ Plaintext: string; CiphertextBlob: string }>(
      endpoint,
      'kms',
      'GenerateDataKey',
      {
        KeyId: 'alias/cli-old',
        KeySpec: 'AES_256',
      },
    );
    if (wanted(Buffer.from(candidate.Plaintext, 'base64'))) return candidate;
  }
  throw new Error(`no data key of the wanted shape in ${tries} GenerateDataKey calls`);
}

/** The openssl password (the data key up to its first 0x00/0x0A) is all 32 bytes: not weak. */
function strongKey(key: Buffer): boolean {
  return !key.includes(0x00) && !key.includes(0x0a);
}

/** The seed recipe, as DESIGN.md writes it: aws CLI generate-data-key, openssl enc with -pass file:. */
async function recipeEnvelope(
  secret: string,
  dataKeyJson?: { Plaintext: string; CiphertextBlob: string },
): Promise<string> {
  const env = { ...process.env, ...awsTestEnv(endpoint) };
  const generated =
    dataKeyJson ??
    (JSON.parse(
      execFileSync(
        'aws',
        [
          'kms',
          'generate-data-key',
          '--endpoint-url',
          endpoint,
          '--key-id',
          'alias/cli-old',
          '--key-spec',
          'AES_256',
          '--output',
          'json',
        ],
        { env, encoding: 'utf8' },
      ),
    ) as { Plaintext: string; CiphertextBlob: string });
  return opensslRecipe(dir, secret, generated);
}

describe('migrate', () => {
  const LEGACY_VALUE = 'legacy-value-that-is-longer-than-thirty-one-characters-Q7';

  it('turns a seed-recipe secret into v1 with a fresh data key; the action path opens it', async () => {
    // A strong openssl password (pull refuses a weak one by default, see 'legacy policy').
    await putRawSecret(
      endpoint,
      'legacy/app',
      await recipeEnvelope(LEGACY_VALUE, await dataKeyWhere(strongKey, 50)),
    );
    const pulled = await envelope(endpoint, ['pull', 'legacy/app']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toBe(LEGACY_VALUE);
    expect(pulled.stderr).toContain('envelope migrate legacy/app');
    const header = await envelope(endpoint, ['inspect', '--secret-id', 'legacy/app']);
    expect(JSON.parse(header.stdout)).toEqual({ secret: 'legacy/app', format: 'legacy' });

    const r = await envelope(endpoint, ['migrate', 'legacy/app', '--key', 'alias/cli-new', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [report] = (JSON.parse(r.stdout) as { secrets: { legacyKeyId: string; kdf: string }[] }).secrets;
    if (report === undefined) throw new Error('no outcome in the summary');
    expect(report.legacyKeyId).toBe(oldKeyArn);
    expect(report.kdf).toBe('sha256');
    const stored = await getRawSecret(endpoint, 'legacy/app');
    expect(stored).not.toContain('encryptedSecret');

    // The action's committed bundle, run as the runner runs it (Node 24), opens the migrated secret:
    // v1 now, bound to secret=legacy/app, the new key in the summary.
    const { AWS_ENDPOINT_URL: _, ...stepEnv } = awsTestEnv(endpoint);
    const step = await runAction({
      entry: 'main',
      inputs: { 'secret-ids': 'APP,legacy/app', 'endpoint-url': endpoint },
      env: stepEnv,
    });
    try {
      expect(step.exitCode, step.stdout + step.stderr).toBe(0);
      expect(step.env.APP === LEGACY_VALUE, 'APP exported with the legacy value').toBe(true);
      expect(step.summary).toContain('v1');
      expect(step.summary).toContain(newKeyArn);
      expect(step.commands.filter((c) => c.command === 'warning')).toEqual([]);
    } finally {
      await cleanupRun(step);
    }

    // A second run changes nothing and says so.
    const again = await envelope(endpoint, ['migrate', 'legacy/app', '--key', 'alias/cli-new']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^unchanged {2}legacy\/app: already a v1 envelope$/m);
    expect(await getRawSecret(endpoint, 'legacy/app')).toBe(stored);
  });

  it('reports an empty openssl password when the data key started with a LF', async () => {
    // openssl read an empty first line as the password: the secret was effectively unencrypted.
    // About 1 data key in 256 starts with 0x0A.
    const generated = await dataKeyWhere((key) => key[0] === 0x0a, 3000);
    await putRawSecret(endpoint, 'legacy/empty', await recipeEnvelope('empty-pw-value', generated));
    const r = await envelope(endpoint, ['migrate', 'legacy/empty', '--key', 'alias/cli-new', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(legacyPasswordIn(r.stdout)).toBe('empty');
    expect(r.stderr).toMatch(/empty openssl password/);
    const pulled = await envelope(endpoint, ['pull', 'legacy/empty']);
    expect(pulled.stdout).toBe('empty-pw-value');
  }, 60_000);

  it('reports a shortened openssl password (never key material) when the data key held a LF or NUL', async () => {
    // A key with a 0x0A or 0x00 after byte 0 (about 22% of keys), byte 0 not one.
    const generated = await dataKeyWhere((key) => key.findIndex((b) => b === 0x0a || b === 0x00) > 0, 200);
    await putRawSecret(endpoint, 'legacy/short', await recipeEnvelope('short-pw-value', generated));
    const r = await envelope(endpoint, ['migrate', 'legacy/short', '--key', 'alias/cli-new', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(legacyPasswordIn(r.stdout)).toBe('shortened');
    expect(r.stderr).toMatch(/openssl password was shortened/);
    expect(r.stderr).not.toContain(generated?.Plaintext ?? '');
    const pulled = await envelope(endpoint, ['pull', 'legacy/short']);
    expect(pulled.stdout).toBe('short-pw-value');
  });
});

/** The legacyPassword of the one secret of a `migrate --json` summary. */
function legacyPasswordIn(stdout: string): string | null | undefined {
  return (JSON.parse(stdout) as { secrets: { legacyPassword: string | null }[] }).secrets[0]?.legacyPassword;
}

describe('legacy policy (pull, run): the action rules, F6', () => {
  // Secret legacy-swap/db held a v1 envelope with ctx stage=prod; someone with PutSecretValue only
  // replaces it with a legacy envelope (same KMS key) of their own value.
  async function swapped(id: string, value: string, keyWanted: (key: Buffer) => boolean): Promise<void> {
    const pushed = await envelope(
      endpoint,
      ['push', id, '--key', 'alias/cli-old', '--context', 'stage=prod'],
      {
        input: 'the-owners-value',
      },
    );
    expect(pushed.code, pushed.stderr).toBe(0);
    await putRawSecret(endpoint, id, await recipeEnvelope(value, await dataKeyWhere(keyWanted, 3000)));
  }
  const echoDb = ['--', 'sh', '-c', 'printf "DB=%s" "$DB"'];

  it('pull and run refuse a swapped-in legacy value under --require-context; --legacy allow opens it', async () => {
    await swapped('legacy-swap/db', 'ATTACKER', strongKey);
    const pulled = await envelope(endpoint, ['pull', 'legacy-swap/db', '--require-context', 'stage=prod']);
    expect(pulled.code).toBe(1);
    expect(pulled.stdout).toBe('');
    expect(pulled.stderr).toMatch(
      /^envelope: ERR_LEGACY_REFUSED: a legacy envelope carries no context, .*envelope migrate legacy-swap\/db.*--legacy allow.*\(secret: legacy-swap\/db\)$/m,
    );
    const ran = await envelope(endpoint, [
      'run',
      '--secret-ids',
      'DB,legacy-swap/db',
      '--require-context',
      'stage=prod',
      ...echoDb,
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain('ERR_LEGACY_REFUSED');
    expect(ran.stderr).not.toContain('ATTACKER');

    const allowed = await envelope(endpoint, [
      'pull',
      'legacy-swap/db',
      '--require-context',
      'stage=prod',
      '--legacy',
      'allow',
    ]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toBe('ATTACKER');
    expect(allowed.stderr).toContain('envelope migrate legacy-swap/db');
    const ranAllowed = await envelope(endpoint, [
      'run',
      '--secret-ids',
      'DB,legacy-swap/db',
      '--require-context',
      'stage=prod',
      '--legacy',
      'allow',
      ...echoDb,
    ]);
    expect(ranAllowed.code, ranAllowed.stderr).toBe(0);
    expect(ranAllowed.stdout).toBe('DB=ATTACKER');

    const denied = await envelope(endpoint, ['pull', 'legacy-swap/db', '--legacy', 'deny']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/ERR_LEGACY_REFUSED: legacy envelopes are refused \(--legacy deny\)/);
    const bad = await envelope(endpoint, ['pull', 'legacy-swap/db', '--legacy', 'yes']);
    expect(bad.code).toBe(2);
  }, 60_000);

  it('refuses a weak legacy envelope (password under 80 bits) by default; --accept-weak-legacy ID opens it', async () => {
    // The password is the data key up to its first 0x00/0x0A: here 1 to 10 bytes (under 80 bits).
    const cut = (key: Buffer): number => key.findIndex((b) => b === 0x00 || b === 0x0a);
    await swapped('legacy-weak/db', 'WEAK-VALUE', (key) => cut(key) >= 1 && cut(key) <= 10);
    const pulled = await envelope(endpoint, ['pull', 'legacy-weak/db']);
    expect(pulled.code).toBe(1);
    expect(pulled.stdout).toBe('');
    expect(pulled.stderr).toMatch(
      /^envelope: ERR_LEGACY_WEAK: legacy envelope's openssl password is under 80 bits: .*envelope migrate legacy-weak\/db.*\(secret: legacy-weak\/db\)$/m,
    );
    // --legacy allow waives the context rule only, not the weak one.
    const allowOnly = await envelope(endpoint, [
      'run',
      '--secret-ids',
      'DB,legacy-weak/db',
      '--legacy',
      'allow',
      ...echoDb,
    ]);
    expect(allowOnly.code).toBe(1);
    expect(allowOnly.stdout).toBe('');
    expect(allowOnly.stderr).toContain('ERR_LEGACY_WEAK');

    const accepted = await envelope(endpoint, [
      'pull',
      'legacy-weak/db',
      '--accept-weak-legacy',
      'legacy-weak/db',
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toBe('WEAK-VALUE');
    const ran = await envelope(endpoint, [
      'run',
      '--secret-ids',
      'DB,legacy-weak/db',
      '--accept-weak-legacy',
      'legacy-weak/db',
      ...echoDb,
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('DB=WEAK-VALUE');
    // migrate still gets it off legacy.
    const migrated = await envelope(endpoint, ['migrate', 'legacy-weak/db', '--key', 'alias/cli-new']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect((await envelope(endpoint, ['pull', 'legacy-weak/db'])).stdout).toBe('WEAK-VALUE');
  }, 60_000);
});

describe('plain values (pull, run): the action rule, envelope-core plainVerdict (outside review F2)', () => {
  // Secret plain-swap/api held a v1 envelope with ctx stage=prod; someone with PutSecretValue only
  // (no KMS right) replaces it with a plain value of their own.
  const ATTACKER = 'attacker-chosen-token';
  const echoApi = ['--', 'sh', '-c', 'printf "API=%s" "$API"'];
  beforeAll(async () => {
    const pushed = await envelope(
      endpoint,
      ['push', 'plain-swap/api', '--key', 'alias/cli-old', '--context', 'stage=prod'],
      { input: 'the-owners-token' },
    );
    expect(pushed.code, pushed.stderr).toBe(0);
    await putRawSecret(endpoint, 'plain-swap/api', ATTACKER);
  });

  it('pull and run refuse it under --require-context (with --key too): ERR_CONTEXT_MISMATCH, nothing printed or run', async () => {
    for (const plaintext of [[], ['--plaintext', 'allow']]) {
      const pulled = await envelope(endpoint, [
        'pull',
        'plain-swap/api',
        '--require-context',
        'stage=prod',
        '--key',
        oldKeyArn,
        ...plaintext,
      ]);
      expect(pulled.code).toBe(1);
      expect(pulled.stdout).toBe('');
      expect(pulled.stderr).toMatch(
        /^envelope: ERR_CONTEXT_MISMATCH: secret is not an envelope: a plain value carries no context, and --require-context asks for stage \(secret: plain-swap\/api\)$/m,
      );
      expect(pulled.stderr).not.toContain(ATTACKER);
      const ran = await envelope(endpoint, [
        'run',
        '-s',
        'API,plain-swap/api',
        '--require-context',
        'stage=prod',
        '--key',
        oldKeyArn,
        ...plaintext,
        ...echoApi,
      ]);
      expect(ran.code).toBe(1);
      expect(ran.stdout).toBe(''); // the command did not run
      expect(ran.stderr).toMatch(/^envelope: ERR_CONTEXT_MISMATCH: .*\(secret: plain-swap\/api\)$/m);
      expect(ran.stderr).toContain('the command was not run');
      expect(ran.stderr).not.toContain(ATTACKER);
    }
  }, 60_000);

  it('--plaintext deny refuses it (ERR_PLAINTEXT_REFUSED) in pull and run; a bad mode is a usage error', async () => {
    const pulled = await envelope(endpoint, ['pull', 'plain-swap/api', '--plaintext', 'deny']);
    expect(pulled.code).toBe(1);
    expect(pulled.stdout).toBe('');
    expect(pulled.stderr).toMatch(
      /^envelope: ERR_PLAINTEXT_REFUSED: secret is not an envelope, and --plaintext is deny \(secret: plain-swap\/api\)$/m,
    );
    const ran = await envelope(endpoint, [
      'run',
      '-s',
      'API,plain-swap/api',
      '--plaintext',
      'deny',
      ...echoApi,
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/^envelope: ERR_PLAINTEXT_REFUSED: .*\(secret: plain-swap\/api\)$/m);
    expect(`${pulled.stderr}${ran.stderr}`).not.toContain(ATTACKER);
    // deny refuses only what is no envelope: the v1 secret prod/db still opens.
    const v1 = await envelope(endpoint, ['pull', 'prod/db', '--plaintext', 'deny']);
    expect(v1.code, v1.stderr).toBe(0);
    const bad = await envelope(endpoint, ['pull', 'plain-swap/api', '--plaintext', 'yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--plaintext expects allow or deny');
  }, 60_000);

  it('passes it through, with a warning, without --require-context (--key alone does not refuse it, as allowed-key-ids in the action)', async () => {
    const pulled = await envelope(endpoint, ['pull', 'plain-swap/api', '--key', oldKeyArn]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toBe(ATTACKER);
    expect(pulled.stderr).toContain('value is not an envelope');
    const ran = await envelope(endpoint, [
      'run',
      '-s',
      'API,plain-swap/api',
      '--plaintext',
      'allow',
      ...echoApi,
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toBe(`API=${ATTACKER}`);
  }, 60_000);

  it('run names the secret, not only the key, when a legacy envelope is made with a key --key excludes (F6)', async () => {
    // Made with alias/cli-old; opened with --key alias/cli-new only. The KMS provider refuses the
    // key before any Decrypt and names the key; run must name the secret too, as pull does.
    await putRawSecret(
      endpoint,
      'leg/b',
      await recipeEnvelope('legacy-under-key-B', await dataKeyWhere(strongKey, 50)),
    );
    const ran = await envelope(endpoint, ['run', '-s', 'L,leg/b', '--key', newKeyArn, '--', 'true']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^envelope: ERR_KEY_NOT_ALLOWED: .*secret: leg\/b\)$/m);
    expect(ran.stderr).not.toMatch(/\(secret: arn:aws:kms:/);
    const pulled = await envelope(endpoint, ['pull', 'leg/b', '--key', newKeyArn]);
    expect(pulled.code).toBe(1);
    // The same line in run as in pull.
    const line = (text: string) => text.split('\n').find((l) => l.includes('ERR_KEY_NOT_ALLOWED'));
    expect(line(ran.stderr)).toBe(line(pulled.stderr));
    expect(`${ran.stderr}${pulled.stderr}`).not.toContain('legacy-under-key-B');
  }, 60_000);
});
