// Every command as a process: its --help, an unknown option, and bad input that fails with exit 1,
// a stable code and the secret, file or key it concerns (never a value); seal and open with a KMS
// key against moto.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COMMANDS } from '../src/main.js';
import { createKey, envelope, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const VALUE = 'bad-input-s3cret-Wq4';
let dir: string;
let malformed: string;
let keyArn: string;

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-bad-'));
  malformed = join(dir, 'malformed.json');
  writeFileSync(malformed, '{"v":"envelope-kit/1","alg":"A256GCM-HKDF-SHA512-COMMIT","ctx":{},"keys":[]}\n');
  keyArn = await createKey(endpoint, 'alias/cli-bad');
  await putRawSecret(
    endpoint,
    'bad/malformed-v1',
    '{"v":"envelope-kit/1","alg":"A256GCM-HKDF-SHA512-COMMIT"}',
  );
  await putRawSecret(
    endpoint,
    'bad/malformed-legacy',
    '{"encryptedSecret": "not base64!", "encryptedDataKey": "AA=="}',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every command', () => {
  it.each(COMMANDS.map((c) => c.name))(
    '%s --help prints its usage with examples and exits 0',
    async (name) => {
      const r = await envelope(endpoint, [name, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: envelope ${name}`));
      expect(r.stdout).toContain('Examples:');
    },
  );

  it.each(COMMANDS.map((c) => c.name))('%s with an unknown option exits 2 naming it', async (name) => {
    const r = await envelope(endpoint, [name, '--bogus-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`ERR_USAGE: ${name}: unknown option --bogus-option`));
    expect(r.stdout).toBe('');
  });
});

describe('usage errors', () => {
  it('no command: the help on stderr, nothing on stdout, exit 2', async () => {
    const r = await envelope(endpoint, []);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: envelope /);
  });

  it.each(['open', 'seal', 'run'])(
    '%s --json is a usage error (it prints the value itself)',
    async (name) => {
      const r = await envelope(endpoint, [name, '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`ERR_USAGE: ${name}: --json is not an option of this command`));
      expect(r.stdout).toBe('');
    },
  );
});

describe('bad input: exit 1, a code, and what it concerns', () => {
  it.each([
    [
      'seal with a missing key file',
      ['seal', '--key', 'local:/nonexistent/kek.bin'],
      /ERR_INVALID_ARGUMENT: .*\/nonexistent\/kek\.bin/,
    ],
    [
      'seal with an unknown KMS key',
      ['seal', '--key', 'alias/does-not-exist'],
      /^envelope: ERR_KEY_NOT_FOUND: KMS key alias\/does-not-exist not found in us-east-1 .*\(key: alias\/does-not-exist, file: stdin\)$/m,
    ],
    [
      'inspect of a malformed file',
      () => ['inspect', '--in', malformed],
      /^envelope: ERR_ENVELOPE_MALFORMED: .*\(file: .*malformed\.json\)$/m,
    ],
    [
      'inspect of a missing secret',
      ['inspect', '--secret-id', 'bad/missing'],
      /^envelope: ERR_SECRET_NOT_FOUND: .*\(secret: bad\/missing\)$/m,
    ],
    [
      'inspect of a malformed secret',
      ['inspect', '--secret-id', 'bad/malformed-v1'],
      /^envelope: ERR_ENVELOPE_MALFORMED: .*\(secret: bad\/malformed-v1\)$/m,
    ],
    [
      'open of a malformed file',
      () => ['open', '--in', malformed],
      /^envelope: ERR_ENVELOPE_MALFORMED: .*\(file: .*malformed\.json\)$/m,
    ],
    [
      'push with an unknown KMS key',
      ['push', 'bad/new', '--key', 'alias/does-not-exist'],
      /^envelope: ERR_KEY_NOT_FOUND: .*\(key: alias\/does-not-exist, secret: bad\/new\)$/m,
    ],
    [
      'pull of a malformed secret',
      ['pull', 'bad/malformed-v1'],
      /^envelope: ERR_ENVELOPE_MALFORMED: .*\(secret: bad\/malformed-v1\)$/m,
    ],
    [
      'rewrap of a missing secret',
      ['rewrap', 'bad/missing', '--key', 'alias/cli-bad'],
      /^envelope: ERR_SECRET_NOT_FOUND: .*\(secret: bad\/missing\)$/m,
    ],
    [
      'rewrap of a malformed secret',
      ['rewrap', 'bad/malformed-v1', '--key', 'alias/cli-bad'],
      /^envelope: ERR_ENVELOPE_MALFORMED: .*\(secret: bad\/malformed-v1\)$/m,
    ],
    [
      'rewrap of a malformed file',
      () => ['rewrap', '--in', malformed, '--key', 'alias/cli-bad'],
      /^envelope: ERR_ENVELOPE_MALFORMED: .*\(file: .*malformed\.json\)$/m,
    ],
    [
      'migrate of a missing secret',
      ['migrate', 'bad/missing', '--key', 'alias/cli-bad'],
      /^envelope: ERR_SECRET_NOT_FOUND: .*\(secret: bad\/missing\)$/m,
    ],
    [
      'migrate of a malformed legacy envelope',
      ['migrate', 'bad/malformed-legacy', '--key', 'alias/cli-bad'],
      /^envelope: ERR_LEGACY_MALFORMED: .*\(secret: bad\/malformed-legacy\)$/m,
    ],
    [
      'run with a missing secret',
      ['run', '--secret-ids', 'bad/missing', '--', 'true'],
      /ERR_SECRET_NOT_FOUND: .*bad\/missing/,
    ],
  ] as const)('%s', async (_name, args, message) => {
    const argv = typeof args === 'function' ? args() : args;
    const r = await envelope(endpoint, argv, { input: VALUE });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(VALUE);
    // The fleet commands end with their summary on stdout; every other command prints nothing.
    const fleet =
      (argv[0] === 'rewrap' || argv[0] === 'migrate') && !(argv as readonly string[]).includes('--in');
    if (fleet) expect(r.stdout).toMatch(/^(rewrap|migrate): 1 secret\(s\): .*, 1 failed\n$/);
    else expect(r.stdout).toBe('');
  });

  it('push that fails creates no secret', async () => {
    const r = await envelope(endpoint, ['inspect', '--secret-id', 'bad/new']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ERR_SECRET_NOT_FOUND/);
  });
});

describe('seal and open with a KMS key', () => {
  it('seals stdin with the KMS key; open finds the key itself, and refuses another --key', async () => {
    const sealed = await envelope(endpoint, ['seal', '--key', 'alias/cli-bad', '--context', 'app=web'], {
      input: VALUE,
    });
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).not.toContain(VALUE);
    const file = join(dir, 'kms.env.json');
    writeFileSync(file, sealed.stdout);
    const header = JSON.parse((await envelope(endpoint, ['inspect', '--in', file])).stdout) as {
      keys: { provider: string; keyId: string }[];
    };
    expect(header.keys).toEqual([{ provider: 'aws-kms', keyId: keyArn }]);

    const opened = await envelope(endpoint, ['open', '--in', file, '--require-context', 'app=web']);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toBe(VALUE);

    const other = await createKey(endpoint, 'alias/cli-bad-other');
    const refused = await envelope(endpoint, ['open', '--in', file, '--key', other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^envelope: ERR_(KEY_NOT_ALLOWED|NO_USABLE_KEY): .*\(file: .*kms\.env\.json\)$/m,
    );
    expect(refused.stdout).toBe('');
  });
});
