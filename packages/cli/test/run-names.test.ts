// `envelope run` applies the action's name rules (aws-adapter's checkNames and deny-list; issue 11,
// finding 1 for the CLI): a name a secret chose (a JSON key, a secret found by PREFIX* without an
// alias) may not be one that runs code or redirects trust, unless --allow-names lists it; a name
// the user wrote (an alias, a secret id) may, except the runner's own; names equal but for case
// are refused. Each refusal runs nothing.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { envelope, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const work = mkdtempSync(join(tmpdir(), 'ek-run-names-'));
const RM_RAN = join(work, 'rm-ran');
// The review's payload: a later `git status` would run the fsmonitor command, perl would run -M.
const ATTACK = {
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'core.fsmonitor',
  GIT_CONFIG_VALUE_0: 'touch pwned-by-run',
  PERL5OPT: '-Mstrict',
  HTTPS_PROXY: 'http://attacker.invalid:3128',
  NODE_OPTIONS: '--require ./evil.js',
  OK_NAME: 'fine',
};

beforeAll(async () => {
  await resetMoto(endpoint);
  await putRawSecret(endpoint, 'names/flags', JSON.stringify(ATTACK));
  await putRawSecret(endpoint, 'names/proxy', '{"HTTPS_PROXY":"http://proxy.internal:3128"}');
  await putRawSecret(endpoint, 'names/plain', 'plain-value-7Qx');
  await putRawSecret(endpoint, 'BASH_ENV', 'bash-env-value');
  await putRawSecret(endpoint, 'names/case', '{"app_Token":"a","app_TOKEN":"b"}');
  // External review F1, second round: `envelope run -s ,prod/flags2 --parse-json -- make clean` ran it.
  await putRawSecret(
    endpoint,
    'names/build',
    JSON.stringify({ RM: `sh -c 'touch ${RM_RAN}' ;`, APP_PORT: '8080' }),
  );
  await putRawSecret(endpoint, 'names/app', '{"APP_PORT":"8080","DB_URL":"db-url-7Qx"}');
  writeFileSync(join(work, 'Makefile'), 'clean:\n\t$(RM) build.o\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('run: names a secret chose', () => {
  it('refuses JSON keys on the deny-list under a blank alias (GIT_CONFIG_*, PERL5OPT, HTTPS_PROXY), runs nothing', async () => {
    const r = await envelope(endpoint, [
      'run',
      '-s',
      ',names/flags',
      '--parse-json',
      '--',
      'sh',
      '-c',
      'echo ran',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const name of [
      'GIT_CONFIG_COUNT',
      'GIT_CONFIG_KEY_0',
      'GIT_CONFIG_VALUE_0',
      'PERL5OPT',
      'HTTPS_PROXY',
    ]) {
      expect(r.stderr).toMatch(
        new RegExp(
          `^envelope: ERR_NAME_DENIED: variable name '${name}' was chosen by the secret, .*--allow-names \\(secret: names/flags\\)$`,
          'm',
        ),
      );
    }
    expect(r.stderr).toMatch(/^envelope: ERR_NAME_RESERVED: variable name 'NODE_OPTIONS' is reserved/m);
    expect(r.stderr).not.toMatch(/OK_NAME/);
    // No value in the errors (core.fsmonitor is in the rule's own reason, so it is not a witness).
    for (const value of [
      'touch pwned-by-run',
      'http://attacker.invalid:3128',
      '--require ./evil.js',
      '-Mstrict',
    ])
      expect(r.stderr).not.toContain(value);
  });

  it('--allow-names admits a denied name on purpose', async () => {
    const args = ['run', '-s', ',names/proxy', '--parse-json'];
    const script = ['--', 'sh', '-c', 'test "$HTTPS_PROXY" = http://proxy.internal:3128 || exit 3'];
    const refused = await envelope(endpoint, [...args, ...script]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ERR_NAME_DENIED: variable name 'HTTPS_PROXY'/);
    const admitted = await envelope(endpoint, [...args, '--allow-names', 'HTTPS_PROXY', ...script]);
    expect(admitted.stderr).toBe('');
    expect(admitted.code).toBe(0);
  });

  it("a name derived from a secret found by PREFIX* is the secret name's choice; the same id written is the user's", async () => {
    const byPrefix = await envelope(endpoint, ['run', '-s', 'BASH_*', '--', 'sh', '-c', 'echo ran']);
    expect(byPrefix.code).toBe(1);
    expect(byPrefix.stdout).toBe('');
    expect(byPrefix.stderr).toMatch(
      /^envelope: ERR_NAME_DENIED: variable name 'BASH_ENV' was chosen by the secret/m,
    );
    const written = await envelope(endpoint, [
      'run',
      '-s',
      'BASH_ENV',
      '--',
      'sh',
      '-c',
      'test "$BASH_ENV" = bash-env-value',
    ]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
  });
});

describe('run: names the user wrote', () => {
  it("an alias may set a deny-listed name, but never the runner's own", async () => {
    const alias = await envelope(endpoint, [
      'run',
      '-s',
      'GIT_CONFIG_GLOBAL,names/plain',
      '--',
      'sh',
      '-c',
      'test "$GIT_CONFIG_GLOBAL" = plain-value-7Qx',
    ]);
    expect(alias.stderr).toBe('');
    expect(alias.code).toBe(0);
    const runner = await envelope(endpoint, [
      'run',
      '-s',
      'NODE_OPTIONS,names/plain',
      '--',
      'sh',
      '-c',
      'echo ran',
    ]);
    expect(runner.code).toBe(1);
    expect(runner.stdout).toBe('');
    expect(runner.stderr).toMatch(/ERR_NAME_RESERVED: variable name 'NODE_OPTIONS' is reserved/);
  });
});

describe('run: names equal but for case', () => {
  it('are refused (Windows environments and step outputs ignore case), nothing runs', async () => {
    const r = await envelope(endpoint, [
      'run',
      '-s',
      ',names/case',
      '--parse-json',
      '--name-transformation',
      'none',
      '--',
      'sh',
      '-c',
      'echo ran',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^envelope: ERR_NAME_DUPLICATE: variable name 'app_TOKEN' differs only in case from 'app_Token'/m,
    );
  });
});

describe('run: build tools a secret names (review F1, second round)', () => {
  it('refuses RM as a JSON key under a blank alias: `make clean` is not run, so neither is the payload', async () => {
    const r = await envelope(endpoint, ['run', '-s', ',names/build', '--parse-json', '--', 'make', 'clean'], {
      cwd: work,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^envelope: ERR_NAME_DENIED: variable name 'RM' was chosen by the secret.*\(secret: names\/build\)$/m,
    );
    expect(existsSync(RM_RAN)).toBe(false);
    // Control: the same make with that RM does run it, so the assertion above can fail.
    const control = await envelope(endpoint, ['run', '-s', 'RM_UNUSED,names/plain', '--', 'make', 'clean'], {
      cwd: work,
      env: { RM: `sh -c 'touch ${RM_RAN}' ;` },
    });
    expect(control.code).not.toBe(0);
    expect(existsSync(RM_RAN)).toBe(true);
    rmSync(RM_RAN);
  });
});

describe('run: --content-names allow-list', () => {
  const args = ['run', '-s', ',names/app', '--parse-json', '--content-names', 'allow-list'];
  const script = ['--', 'sh', '-c', 'test "$APP_PORT:$DB_URL" = 8080:db-url-7Qx || exit 3'];

  it('refuses a name a secret chose entirely unless --allow-names admits it (NAME or PREFIX*)', async () => {
    const refused = await envelope(endpoint, [...args, '--allow-names', 'APP_*', ...script]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^envelope: ERR_NAME_DENIED: variable name 'DB_URL' was chosen by the secret, and content names are allow-list: only names --allow-names admits.*\(secret: names\/app\)$/m,
    );
    expect(refused.stderr).not.toMatch(/APP_PORT/);
    expect(refused.stderr).not.toContain('db-url-7Qx');
    const admitted = await envelope(endpoint, [...args, '--allow-names', 'APP_*,DB_URL', ...script]);
    expect(admitted.stderr).toBe('');
    expect(admitted.code).toBe(0);
  });

  it('leaves names under an alias to the deny-list, and keeps the deny-list under a pattern', async () => {
    const aliased = await envelope(endpoint, [
      'run',
      '-s',
      'CFG,names/app',
      '--parse-json',
      '--content-names',
      'allow-list',
      '--',
      'sh',
      '-c',
      'test "$CFG_DB_URL" = db-url-7Qx',
    ]);
    expect(aliased.stderr).toBe('');
    expect(aliased.code).toBe(0);
    const pattern = await envelope(
      endpoint,
      [
        'run',
        '-s',
        ',names/build',
        '--parse-json',
        '--content-names',
        'allow-list',
        '--allow-names',
        'R*,APP_*',
        '--',
        'make',
        'clean',
      ],
      { cwd: work },
    );
    expect(pattern.code).toBe(1);
    expect(pattern.stderr).toMatch(
      /ERR_NAME_DENIED: variable name 'RM' was chosen by the secret, and RM is denied/,
    );
    expect(existsSync(RM_RAN)).toBe(false);
  });

  it('is a usage error (exit 2) for an unknown mode or an allow-names entry that is no name or PREFIX*', async () => {
    for (const bad of [
      ['--content-names', 'allowlist'],
      ['--allow-names', '*'],
      ['--allow-names', '*_URL'],
    ]) {
      const r = await envelope(endpoint, ['run', '-s', 'names/plain', ...bad, '--', 'true']);
      expect(r.code, bad.join(' ')).toBe(2);
    }
  });
});
