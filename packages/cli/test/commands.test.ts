// Issue 14's single-command gaps, against moto: push and migrate refuse a value whose envelope
// would not fit a SecretString (65,536 characters) before writing, saying how large it may be;
// pull --json; push --dry-run; migrate --in FILE, the command `open --in legacy.json` advises.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMoto, startFaultProxy } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKey,
  envelope,
  generateDataKey,
  getRawSecret,
  opensslRecipe,
  putRawSecret,
  versionIds,
} from './helpers.js';

const endpoint = inject('motoEndpoint');
let dir: string;
let kek: string;
let keyArn: string;

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-commands-'));
  kek = join(dir, 'kek.bin');
  writeFileSync(kek, randomBytes(32), { mode: 0o600 });
  keyArn = await createKey(endpoint, 'alias/cmd-key');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `may be at most N bytes` of an ERR_VALUE_TOO_LARGE message. */
function allowedBytes(stderr: string): number {
  const match = /the value may be at most (\d+) bytes/.exec(stderr);
  if (match === null) throw new Error(`no size in: ${stderr}`);
  return Number(match[1]);
}

describe('push: the 65,536-character SecretString limit', { timeout: 120_000 }, () => {
  it('refuses a 60,000-byte value before any AWS call, saying how large it may be', async () => {
    const proxy = await startFaultProxy({ target: endpoint });
    const value = 'x'.repeat(60_000);
    const r = await envelope(endpoint, ['push', 'big/one', '--key', 'alias/cmd-key'], {
      input: value,
      env: { AWS_ENDPOINT_URL: proxy.endpoint },
    }).finally(() => proxy.close());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^envelope: ERR_VALUE_TOO_LARGE: a value of 60000 bytes makes an envelope of at least 80\d{3} characters, and a SecretString holds at most 65536: the value may be at most \d+ bytes .*\(secret: big\/one\)$/m,
    );
    expect(allowedBytes(r.stderr)).toBeLessThan(49_152);
    expect(proxy.stats()).toEqual({}); // not one request
    expect(r.stderr).not.toContain('xxxxxxxx');
  });

  it('with the exact size it names after sealing, one byte more is refused and that size is stored', async () => {
    // 48,930 bytes pass the check before sealing but not with a key entry: refused before
    // Secrets Manager is called, with the exact size for this key and context.
    const proxy = await startFaultProxy({ target: endpoint });
    const tooBig = await envelope(endpoint, ['push', 'big/two', '--key', `local:${kek}`], {
      input: 'y'.repeat(48_930),
      env: { AWS_ENDPOINT_URL: proxy.endpoint },
    }).finally(() => proxy.close());
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(
      /ERR_VALUE_TOO_LARGE: .*with these keys and this context the value may be at most/,
    );
    expect(proxy.stats()).toEqual({});
    const max = allowedBytes(tooBig.stderr);
    const over = await envelope(endpoint, ['push', 'big/two', '--key', `local:${kek}`], {
      input: 'y'.repeat(max + 3),
    });
    expect(over.code).toBe(1);
    expect(allowedBytes(over.stderr)).toBe(max);
    const fits = await envelope(endpoint, ['push', 'big/two', '--key', `local:${kek}`], {
      input: 'y'.repeat(max),
    });
    expect(fits.code, fits.stderr).toBe(0);
    expect((await getRawSecret(endpoint, 'big/two')).length).toBeLessThanOrEqual(65_536);
  });

  it('--dry-run says what would be stored and calls nothing', async () => {
    const proxy = await startFaultProxy({ target: endpoint });
    const r = await envelope(endpoint, ['push', 'dry/one', '--key', 'alias/cmd-key', '--dry-run', '--json'], {
      input: 'dry-value-Pk3',
      env: { AWS_ENDPOINT_URL: proxy.endpoint },
    }).finally(() => proxy.close());
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      dryRun: true,
      secret: 'dry/one',
      valueBytes: 13,
      keys: ['alias/cmd-key'],
      context: { secret: 'dry/one' },
    });
    expect(proxy.stats()).toEqual({});
  });
});

describe('pull --json', { timeout: 120_000 }, () => {
  it('prints secret, arn, format, key, context and the value as JSON', async () => {
    const pushed = await envelope(
      endpoint,
      ['push', 'json/db', '--key', 'alias/cmd-key', '--context', 'env=prod'],
      {
        input: 'pa55-"quoted"\nline',
      },
    );
    expect(pushed.code, pushed.stderr).toBe(0);
    const r = await envelope(endpoint, ['pull', 'json/db', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      secret: 'json/db',
      format: 'v1',
      keyId: keyArn,
      context: { env: 'prod', secret: 'json/db' },
      value: 'pa55-"quoted"\nline',
    });
    expect(out.arn).toMatch(/:secret:json\/db-/);
  });

  it('a value that is not UTF-8 comes as valueBase64', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x41]);
    expect(
      (await envelope(endpoint, ['push', 'json/bin', '--key', 'alias/cmd-key'], { input: bytes })).code,
    ).toBe(0);
    const r = await envelope(endpoint, ['pull', 'json/bin', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { valueBase64: string; value?: string };
    expect(out.value).toBeUndefined();
    expect(Buffer.from(out.valueBase64, 'base64')).toEqual(bytes);
  });
});

describe('migrate --in FILE', { timeout: 120_000 }, () => {
  const LEGACY = 'file-legacy-value-long-enough-to-wrap-base64-lines-Zz';

  it('open --in advises a migrate command that works, and it writes a v1 file that opens', async () => {
    const legacy = join(dir, 'legacy.json');
    writeFileSync(legacy, await opensslRecipe(dir, LEGACY, await generateDataKey(endpoint, 'alias/cmd-key')));
    const opened = await envelope(endpoint, ['open', '--in', legacy]);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toBe(LEGACY);
    const advice = /re-seal it with: (envelope migrate .*)$/m.exec(opened.stderr)?.[1];
    expect(advice).toBe(`envelope migrate --in ${legacy} --key KEY --out NEW_FILE`);
    const v1 = join(dir, 'db.env.json');
    const args = (advice as string)
      .split(' ')
      .slice(1)
      .map((a) => (a === 'KEY' ? `local:${kek}` : a === 'NEW_FILE' ? v1 : a));
    const migrated = await envelope(endpoint, args);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(statSync(v1).mode & 0o777).toBe(0o600);
    const header = JSON.parse((await envelope(endpoint, ['inspect', '--in', v1])).stdout) as {
      format: string;
    };
    expect(header.format).toBe('v1');
    const back = await envelope(endpoint, ['open', '--in', v1, '--key', `local:${kek}`]);
    expect(back.stdout).toBe(LEGACY);
    // A second run on the v1 file changes nothing and says so.
    const before = readFileSync(v1, 'utf8');
    const again = await envelope(endpoint, ['migrate', '--in', v1, '--key', `local:${kek}`, '--out', v1]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/already a v1 envelope: nothing to migrate, nothing written/);
    expect(readFileSync(v1, 'utf8')).toBe(before);
  });

  it('migrate --in --dry-run opens the legacy file and writes nothing', async () => {
    const legacy = join(dir, 'legacy-dry.json');
    writeFileSync(legacy, await opensslRecipe(dir, LEGACY, await generateDataKey(endpoint, 'alias/cmd-key')));
    const out = join(dir, 'never.json');
    const r = await envelope(endpoint, [
      'migrate',
      '--in',
      legacy,
      '--key',
      `local:${kek}`,
      '--out',
      out,
      '-n',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`would migrate to v1 (legacy key ${keyArn}, kdf sha256); nothing written`);
    expect(() => statSync(out)).toThrow();
  });
});

describe('migrate: the SecretString limit', { timeout: 120_000 }, () => {
  it('refuses a legacy value whose v1 envelope would not fit, without writing a version', async () => {
    // 48,000 bytes: the legacy envelope fits a SecretString; the v1 envelope with a 1,500-character
    // context pair does not.
    const value = 'z'.repeat(48_000);
    await putRawSecret(
      endpoint,
      'legacy/huge',
      await opensslRecipe(dir, value, await generateDataKey(endpoint, 'alias/cmd-key')),
    );
    const stored = await getRawSecret(endpoint, 'legacy/huge');
    expect(stored.length).toBeLessThanOrEqual(65_536);
    const proxy = await startFaultProxy({ target: endpoint });
    const pad = `pad=${'p'.repeat(1_500)}`;
    const r = await envelope(
      endpoint,
      ['migrate', 'legacy/huge', '--key', 'alias/cmd-key', '--context', pad],
      {
        env: { AWS_ENDPOINT_URL: proxy.endpoint },
      },
    ).finally(() => proxy.close());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^envelope: ERR_VALUE_TOO_LARGE: a value of 48000 bytes .* may be at most \d+ bytes.*\(secret: legacy\/huge\)$/m,
    );
    expect(proxy.stats()['secretsmanager.PutSecretValue']).toBeUndefined();
    expect(await getRawSecret(endpoint, 'legacy/huge')).toBe(stored);
    expect(r.stderr + r.stdout).not.toContain('zzzzzzzz');
    expect(await versionIds(endpoint, 'legacy/huge')).toHaveLength(1);
  });
});
