// `envelope run` as a process against moto: variables named as the action names them (alias,
// PREFIX*, JSON flattening), the child's exit code and death by signal passed through, signals
// forwarded, and nothing run when a secret fails or a name is refused.
import { resetMoto } from '@envelope-kit/testkit';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, envelope, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const DB_PASSWORD = 'run-db-pa55-Lm3';

beforeAll(async () => {
  await resetMoto(endpoint);
  await createKey(endpoint, 'alias/cli-run');
  const push = async (id: string, value: string) => {
    const r = await envelope(endpoint, ['push', id, '--key', 'alias/cli-run'], { input: value });
    expect(r.code, r.stderr).toBe(0);
  };
  await push('app/db_password', DB_PASSWORD);
  await putRawSecret(endpoint, 'app/config', '{"user":"u1","nested":{"port":5432}}');
});

describe('run', () => {
  it('passes the variables (names, alias, prefix, JSON) and the exit code of the child', async () => {
    const script = [
      `test "$APP_DB_PASSWORD" = '${DB_PASSWORD}' || exit 3`,
      'test "$CFG_USER" = u1 || exit 4',
      'test "$CFG_NESTED_PORT" = 5432 || exit 5',
      'exit 7',
    ].join('\n');
    const r = await envelope(endpoint, [
      'run',
      '--secret-ids',
      'app/db*',
      '-s',
      'CFG,app/config',
      '--parse-json',
      '--',
      'sh',
      '-c',
      script,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(7);
  });

  it('exits 128 + N when the child dies of signal N', async () => {
    const killed = await envelope(endpoint, [
      'run',
      '-s',
      'app/db_password',
      '--',
      'sh',
      '-c',
      'kill -KILL $$',
    ]);
    expect(killed.code).toBe(128 + 9);
  });

  it.each([
    ['SIGTERM', 'TERM'],
    ['SIGINT', 'INT'],
    ['SIGHUP', 'HUP'],
  ] as const)('forwards %s to the child and passes its exit code', async (signal, trap) => {
    const forwarded = await envelope(
      endpoint,
      [
        'run',
        '-s',
        'app/db_password',
        '--',
        'sh',
        '-c',
        `trap "exit 42" ${trap}; echo ready; i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done`,
      ],
      {
        onSpawn: (child) => {
          child.stdout?.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('ready')) child.kill(signal);
          });
        },
      },
    );
    expect(forwarded.code).toBe(42);
  });

  it('a blank alias on a prefix is no alias, as in the action: names keep the secret name', async () => {
    const r = await envelope(endpoint, [
      'run',
      '-s',
      ',app/con*',
      '--parse-json',
      '--',
      'sh',
      '-c',
      'test "$APP_CONFIG_USER" = u1 || exit 3; test -z "$NESTED_PORT" || exit 4',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs nothing when a secret is missing or a name is reserved; lists every failure, no value', async () => {
    const r = await envelope(endpoint, [
      'run',
      '-s',
      'app/missing',
      '-s',
      'PATH,app/db_password',
      '--',
      'sh',
      '-c',
      'echo ran',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^envelope: ERR_SECRET_NOT_FOUND: .*\(secret: app\/missing\)$/m);
    expect(r.stderr).toMatch(
      /^envelope: ERR_NAME_RESERVED: variable name 'PATH' is reserved \(secret: app\/db_password\)$/m,
    );
    expect(r.stderr).not.toContain(DB_PASSWORD);
    const usage = await envelope(endpoint, ['run', '-s', 'app/db_password']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/ERR_USAGE: run: a command is required after --/);
  });

  it('refuses a bad alias or a malformed [ALIAS,]ID line as a usage error (exit 2), before any fetch', async () => {
    const alias = await envelope(endpoint, ['run', '-s', 'db,app/db_password', '--', 'true']);
    expect(alias.code).toBe(2);
    expect(alias.stderr).toMatch(
      /ERR_USAGE: --secret-ids: alias 'db' is not a valid environment name under name-transformation uppercase/,
    );
    const syntax = await envelope(endpoint, ['run', '-s', 'A,b,c', '--', 'true']);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/ERR_USAGE: --secret-ids: expected one line as \[ALIAS,\]ID/);
  });
});
