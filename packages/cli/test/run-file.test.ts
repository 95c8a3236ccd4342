// `envelope run --file [ALIAS,]PATH` by the action's envelope-files rules (aws-adapter's
// envelope-files module, the action's own), and `run --dry-run`, which lists names, never values.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, envelope, generateDataKey, opensslRecipe, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const TOKEN = 'file-token-Vb8q';
const LEGACY = 'file-legacy-value-longer-than-thirty-one-chars-Ww';
const JSON_VALUE = '{"user":"svc","port":6543}';
let workspace: string;
let outside: string;
let kek: string;

async function sealTo(path: string, value: string, key: string): Promise<void> {
  const r = await envelope(endpoint, ['seal', '--key', key, '--out', path], { input: value });
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  await resetMoto(endpoint);
  await createKey(endpoint, 'alias/run-file');
  workspace = mkdtempSync(join(tmpdir(), 'envelope-cli-run-file-'));
  outside = mkdtempSync(join(tmpdir(), 'envelope-cli-outside-'));
  mkdirSync(join(workspace, 'secrets'));
  kek = join(workspace, 'kek.bin');
  writeFileSync(kek, randomBytes(32), { mode: 0o600 });
  await sealTo(join(workspace, 'secrets', 'api-token.env.json'), TOKEN, `local:${kek}`);
  await sealTo(join(workspace, 'secrets', 'config.env.json'), JSON_VALUE, 'alias/run-file');
  writeFileSync(
    join(workspace, 'secrets', 'old.json'),
    await opensslRecipe(workspace, LEGACY, await generateDataKey(endpoint, 'alias/run-file')),
  );
  writeFileSync(join(workspace, 'secrets', 'plain.txt'), 'plain-file-value');
  await sealTo(join(outside, 'far.env.json'), TOKEN, `local:${kek}`);
  symlinkSync(join(outside, 'far.env.json'), join(workspace, 'secrets', 'link.env.json'));
  await putRawSecret(endpoint, 'app/db', 'db-plain-Zx1');
});
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('run --file', { timeout: 120_000 }, () => {
  it('names a file by its alias, else by its name without the last extension; v1 (local, KMS) and legacy', async () => {
    const script = [
      `test "$TOKEN" = '${TOKEN}' || exit 3`,
      `test "$OLD" = '${LEGACY}' || exit 4`,
      'test "$CONFIG_ENV_USER" = svc || exit 5',
      'test "$CONFIG_ENV_PORT" = 6543 || exit 6',
      'test "$APP_DB" = db-plain-Zx1 || exit 7',
      'exit 0',
    ].join('\n');
    const r = await envelope(
      endpoint,
      [
        'run',
        '--file',
        'TOKEN,secrets/api-token.env.json',
        '-f',
        'secrets/config.env.json\nsecrets/old.json',
        '-s',
        'app/db',
        '--key',
        `local:${kek}`,
        '--key',
        'alias/run-file',
        '--parse-json',
        '--',
        'sh',
        '-c',
        script,
      ],
      { cwd: workspace },
    );
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('envelope migrate --in secrets/old.json --key KEY --out NEW_FILE');
    expect(r.stderr).toMatch(/\(file: secrets\/old\.json\)/);
  });

  it('refuses a plain file, a path outside the current directory and a link that leaves it; runs nothing', async () => {
    const marker = join(outside, 'ran');
    const plain = await envelope(endpoint, ['run', '--file', 'secrets/plain.txt', '--', 'touch', marker], {
      cwd: workspace,
    });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^envelope: ERR_NOT_ENVELOPE: .*secrets\/plain\.txt/m);
    expect(plain.stderr).not.toContain('plain-file-value');

    const far = await envelope(
      endpoint,
      ['run', '--file', `../${outside.split('/').pop()}/far.env.json`, '--', 'touch', marker],
      {
        cwd: workspace,
      },
    );
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/ERR_USAGE: --file: an envelope file must be inside the current directory/);

    const link = await envelope(
      endpoint,
      ['run', '--file', 'secrets/link.env.json', '--key', `local:${kek}`, '--', 'touch', marker],
      { cwd: workspace },
    );
    expect(link.code).toBe(1);
    expect(link.stderr).toMatch(
      /^envelope: ERR_PATH_OUTSIDE_WORKSPACE: envelope file resolves outside the workspace \(file: secrets\/link\.env\.json\)$/m,
    );
    expect(existsSync(marker)).toBe(false);
  });
});

describe('run --dry-run', { timeout: 120_000 }, () => {
  it('lists the names it would set and where they come from, never a value, and runs nothing', async () => {
    const marker = join(outside, 'dry-ran');
    const r = await envelope(
      endpoint,
      [
        'run',
        '--dry-run',
        '-f',
        'TOKEN,secrets/api-token.env.json',
        '-f',
        'secrets/config.env.json',
        '-s',
        'app/db',
        '--key',
        `local:${kek}`,
        '--key',
        'alias/run-file',
        '--parse-json',
        '--',
        'touch',
        marker,
      ],
      { cwd: workspace },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'TOKEN\t(file: secrets/api-token.env.json)',
        'CONFIG_ENV_USER\t(file: secrets/config.env.json)',
        'CONFIG_ENV_PORT\t(file: secrets/config.env.json)',
        'APP_DB\t(secret: app/db)',
        'run (dry run): would set 4 variable(s), ran nothing',
        '',
      ].join('\n'),
    );
    for (const value of [TOKEN, 'svc', '6543', 'db-plain-Zx1'])
      expect(r.stdout + r.stderr).not.toContain(value);
    expect(existsSync(marker)).toBe(false);
    const noCommand = await envelope(endpoint, ['run', '-n', '-s', 'app/db'], { cwd: workspace });
    expect(noCommand.code, noCommand.stderr).toBe(0);
    expect(noCommand.stdout).toBe(
      'APP_DB\t(secret: app/db)\nrun (dry run): would set 1 variable(s), ran nothing\n',
    );
  });
});
