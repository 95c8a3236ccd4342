// rewrap against moto (issue 14, problem 2): adding a key the envelope already has writes nothing,
// --remove-key takes every id as `inspect` prints it, the last usable key is never removed, and
// many secrets (ids and prefixes) are rewrapped in one idempotent run, with --dry-run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, envelope, getRawSecret, motoCall, versionIds } from './helpers.js';

const endpoint = inject('motoEndpoint');
const VALUE = 'rewrap-value-Hq2x';
let dir: string;
let kek: string;
let mainArn: string;
let glassArn: string;

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-rewrap-'));
  kek = join(dir, 'kek.bin');
  writeFileSync(kek, randomBytes(32), { mode: 0o600 });
  mainArn = await createKey(endpoint, 'alias/rw-main');
  glassArn = await createKey(endpoint, 'alias/break-glass');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function keyIdsOf(name: string): Promise<string[]> {
  const r = await envelope(endpoint, ['inspect', '--secret-id', name]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { keys: { keyId: string }[] }).keys.map((k) => k.keyId);
}

async function push(name: string, keys: string[]): Promise<void> {
  const r = await envelope(endpoint, ['push', name, ...keys.flatMap((k) => ['--key', k])], { input: VALUE });
  expect(r.code, r.stderr).toBe(0);
}

describe('rewrap of one secret', { timeout: 120_000 }, () => {
  it('adding a key the envelope already has (by alias) changes nothing, writes no version, says so', async () => {
    await push('rw/db', ['alias/rw-main', 'alias/break-glass']);
    const before = await versionIds(endpoint, 'rw/db');
    const stored = await getRawSecret(endpoint, 'rw/db');
    const r = await envelope(endpoint, ['rewrap', 'rw/db', '--key', 'alias/break-glass']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `unchanged  rw/db: nothing to change (alias/break-glass (${glassArn}) is already one of its keys)`,
    );
    expect(r.stdout).toMatch(/nothing to do/);
    expect(await versionIds(endpoint, 'rw/db')).toEqual(before);
    expect(await getRawSecret(endpoint, 'rw/db')).toBe(stored);
    expect(await keyIdsOf('rw/db')).toEqual([mainArn, glassArn]);
  });

  it('--remove-key takes the local id as inspect prints it (local:<hex>), not only a key file', async () => {
    const add = await envelope(endpoint, ['rewrap', 'rw/db', '--key', `local:${kek}`]);
    expect(add.code, add.stderr).toBe(0);
    const ids = await keyIdsOf('rw/db');
    const localId = ids.find((id) => id.startsWith('local:'));
    expect(localId).toMatch(/^local:[0-9a-f]{16}$/);
    const r = await envelope(endpoint, ['rewrap', 'rw/db', '--remove-key', localId as string]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`remove ${localId}`);
    expect(await keyIdsOf('rw/db')).toEqual([mainArn, glassArn]);
  });

  it('--remove-key takes a key ARN as inspect prints it, and an alias resolved to its ARN', async () => {
    const byArn = await envelope(endpoint, ['rewrap', 'rw/db', '--remove-key', glassArn]);
    expect(byArn.code, byArn.stderr).toBe(0);
    expect(await keyIdsOf('rw/db')).toEqual([mainArn]);
    await envelope(endpoint, ['rewrap', 'rw/db', '--key', 'alias/break-glass']);
    const byAlias = await envelope(endpoint, ['rewrap', 'rw/db', '--remove-key', 'alias/break-glass']);
    expect(byAlias.code, byAlias.stderr).toBe(0);
    expect(await keyIdsOf('rw/db')).toEqual([mainArn]);
    const pulled = await envelope(endpoint, ['pull', 'rw/db']);
    expect(pulled.stdout).toBe(VALUE);
  });

  it('--remove-key takes an offline RSA key id (rsa:sha256:<hex>) as inspect prints it', async () => {
    const pem = join(dir, 'rsa.pem');
    const pub = join(dir, 'rsa.pub.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(pem, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await envelope(endpoint, ['rewrap', 'rw/db', '--key', `rsa-public:${pub}`])).code).toBe(0);
    const rsaId = (await keyIdsOf('rw/db')).find((id) => id.startsWith('rsa:'));
    expect(rsaId).toMatch(/^rsa:sha256:[0-9a-f]{64}$/);
    const r = await envelope(endpoint, ['rewrap', 'rw/db', '--remove-key', rsaId as string]);
    expect(r.code, r.stderr).toBe(0);
    expect(await keyIdsOf('rw/db')).toEqual([mainArn]);
  });

  it('refuses to remove the last key, and a key whose only companion is pending deletion', async () => {
    const before = await versionIds(endpoint, 'rw/db');
    const last = await envelope(endpoint, ['rewrap', 'rw/db', '--remove-key', 'alias/rw-main']);
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(
      /^envelope: ERR_LAST_USABLE_KEY: refusing to remove arn:\S+: no key would be left; add a key first \(--key\) \(secret: rw\/db\)$/m,
    );
    // A second key that KMS will delete is no key that can open the envelope.
    const doomedArn = await createKey(endpoint, 'alias/rw-doomed');
    expect((await envelope(endpoint, ['rewrap', 'rw/db', '--key', 'alias/rw-doomed'])).code).toBe(0);
    await motoCall(endpoint, 'kms', 'ScheduleKeyDeletion', {
      KeyId: doomedArn.split('/').pop(),
      PendingWindowInDays: 7,
    });
    const withDoomed = await versionIds(endpoint, 'rw/db');
    const r = await envelope(endpoint, ['rewrap', 'rw/db', '--remove-key', mainArn]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${doomedArn} is PendingDeletion`);
    expect(r.stderr).toMatch(/ERR_LAST_USABLE_KEY/);
    expect(await versionIds(endpoint, 'rw/db')).toEqual(withDoomed);
    expect(withDoomed.length).toBe(before.length + 1);
    // Removing it together with adding a usable key is fine.
    const swap = await envelope(endpoint, [
      'rewrap',
      'rw/db',
      '--remove-key',
      mainArn,
      '--key',
      'alias/break-glass',
    ]);
    expect(swap.code, swap.stderr).toBe(0);
    expect(await keyIdsOf('rw/db')).toEqual([doomedArn, glassArn]);
  });

  it('rewrap --in with a key the file already has writes the envelope unchanged, byte for byte', async () => {
    const file = join(dir, 'one.env.json');
    const sealed = await envelope(endpoint, ['seal', '--key', 'alias/rw-main', '--out', file], {
      input: VALUE,
    });
    expect(sealed.code, sealed.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    const r = await envelope(endpoint, ['rewrap', '--in', file, '--key', mainArn]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(text);
    expect(r.stderr).toMatch(/nothing to change/);
    const dry = await envelope(endpoint, [
      'rewrap',
      '--in',
      file,
      '--key',
      'alias/break-glass',
      '--dry-run',
      '--out',
      file,
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('would add alias/break-glass');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('rewrap of many secrets', { timeout: 120_000 }, () => {
  it('takes ids and prefixes; --dry-run writes nothing; a second run changes nothing', async () => {
    for (const name of ['team/a', 'team/b', 'team/c']) await push(name, ['alias/rw-main']);
    await push('solo/x', ['alias/rw-main']);
    const before = await Promise.all(
      ['team/a', 'team/b', 'team/c', 'solo/x'].map((n) => versionIds(endpoint, n)),
    );
    const dry = await envelope(endpoint, [
      'rewrap',
      'team/*',
      'solo/x',
      '--key',
      'alias/break-glass',
      '--dry-run',
      '--json',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    const drySummary = JSON.parse(dry.stdout) as { dryRun: boolean; counts: Record<string, number> };
    expect(drySummary).toMatchObject({ dryRun: true, counts: { changed: 4, unchanged: 0, failed: 0 } });
    expect(
      await Promise.all(['team/a', 'team/b', 'team/c', 'solo/x'].map((n) => versionIds(endpoint, n))),
    ).toEqual(before);

    const run = await envelope(endpoint, ['rewrap', 'team/*', 'solo/x', '--key', 'alias/break-glass']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rewrap: 4 secret\(s\): 4 rewrapped, 0 unchanged, 0 skipped, 0 failed/);
    for (const name of ['team/a', 'team/b', 'team/c', 'solo/x']) {
      expect(await keyIdsOf(name)).toEqual([mainArn, glassArn]);
    }
    const after = await Promise.all(
      ['team/a', 'team/b', 'team/c', 'solo/x'].map((n) => versionIds(endpoint, n)),
    );
    const again = await envelope(endpoint, ['rewrap', 'team/*', 'solo/x', '--key', 'alias/break-glass']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /rewrap: 4 secret\(s\): 0 rewrapped, 4 unchanged, 0 skipped, 0 failed\nnothing to do/,
    );
    expect(
      await Promise.all(['team/a', 'team/b', 'team/c', 'solo/x'].map((n) => versionIds(endpoint, n))),
    ).toEqual(after);
  }, 120_000);

  it('a prefix that matches nothing fails on its own; the other secrets are still rewrapped', async () => {
    const r = await envelope(endpoint, [
      'rewrap',
      'nothing-here/*',
      'solo/x',
      '--remove-key',
      'alias/break-glass',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^envelope: ERR_PREFIX_NO_MATCH: .*nothing-here\/\*/m);
    expect(await keyIdsOf('solo/x')).toEqual([mainArn]);
  });
});
