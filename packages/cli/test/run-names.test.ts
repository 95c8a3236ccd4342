// `envelope run` applies the action's name rules (aws-adapter's checkNames and deny-list; issue 11,
// finding 1 for the CLI): a name a secret chose (a JSON key, a secret found by PREFIX* without an
// alias) may not be one that runs code or redirects trust, unless --allow-names lists it; a name
// the user wrote (an alias, a secret id) may, except the runner's own; names equal but for case
// are refused. Each refusal runs nothing.
import { resetMoto } from '@envelope-kit/testkit';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { envelope, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
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
});

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
