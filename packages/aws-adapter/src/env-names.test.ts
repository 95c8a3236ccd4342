import { describe, expect, it } from 'vitest';
import {
  checkNames,
  EnvNameError,
  flattenSecret,
  isReservedName,
  isSecretArn,
  nameChooser,
  regionOfSecretArn,
  secretNameFromArn,
  splitAlias,
  toEnvName,
} from './env-names.js';

describe('toEnvName (official transformToValidEnvName)', () => {
  it.each([
    ['exampleSecretName', 'uppercase', 'EXAMPLESECRETNAME'],
    ['0/test/secret', 'uppercase', '_0_TEST_SECRET'],
    ['/prod/example/secret', 'uppercase', '_PROD_EXAMPLE_SECRET'],
    ['test/secret', 'uppercase', 'TEST_SECRET'],
    ['my-secret.v2', 'uppercase', 'MY_SECRET_V2'],
    ['a+b=c@d', 'uppercase', 'A_B_C_D'],
    ['Mixed/Case-1', 'lowercase', 'mixed_case_1'],
    ['Mixed/Case-1', 'none', 'Mixed_Case_1'],
    ['9lives', 'none', '_9lives'],
    ['ünïcode', 'uppercase', '_N_CODE'],
  ] as const)('%s (%s) -> %s', (input, transform, expected) => {
    expect(toEnvName(input, transform)).toBe(expected);
  });

  it('gives a JSON key after a prefix no leading underscore', () => {
    expect(toEnvName('1key', 'uppercase', true)).toBe('1KEY');
  });
});

describe('ARNs', () => {
  const arn = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:test1-a1b2c3';
  it('recognises ARNs in every partition and names the region', () => {
    expect(isSecretArn(arn)).toBe(true);
    expect(isSecretArn('arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x-AbCdEf')).toBe(
      true,
    );
    expect(isSecretArn('prod/db')).toBe(false);
    expect(regionOfSecretArn(arn)).toBe('us-east-2');
    expect(regionOfSecretArn('prod/db')).toBeUndefined();
  });
  it('drops the 6-character random suffix of the name', () => {
    expect(secretNameFromArn(arn)).toBe('test1');
    expect(
      secretNameFromArn('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-main-Zz09Yy'),
    ).toBe('prod/db-main');
    expect(secretNameFromArn('prod/db')).toBeUndefined();
  });
});

describe('splitAlias (official extractAliasAndSecretIdFromInput)', () => {
  it.each([
    ['prod/db', { alias: undefined, id: 'prod/db' }],
    ['DB, prod/db', { alias: 'DB', id: 'prod/db' }],
    [
      'SECRET_ALIAS_2,arn:aws:secretsmanager:us-east-2:123456789012:secret:test2-a1b2c3',
      {
        alias: 'SECRET_ALIAS_2',
        id: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:test2-a1b2c3',
      },
    ],
    [',secret2', { alias: '', id: 'secret2' }],
  ] as const)('%s', (line, expected) => {
    expect(splitAlias(line, 'uppercase', '--secret-ids')).toEqual(expected);
  });

  it.each([
    ['db, prod/db', 'uppercase', 'ERR_NAME_INVALID', 'prod/db'],
    ['DB, prod/db', 'lowercase', 'ERR_NAME_INVALID', 'prod/db'],
    ['1DB, prod/db', 'uppercase', 'ERR_NAME_INVALID', 'prod/db'],
    ['MY-DB, prod/db', 'none', 'ERR_NAME_INVALID', 'prod/db'],
    ['A,b,c', 'uppercase', 'ERR_SECRET_ID_SYNTAX', 'b'],
    ['A,', 'uppercase', 'ERR_SECRET_ID_SYNTAX', undefined],
  ] as const)(
    'refuses %s under %s with %s, the message led by the label',
    (line, transform, code, subject) => {
      let thrown: unknown;
      try {
        splitAlias(line, transform, "input 'secret-ids'");
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(EnvNameError);
      expect(thrown).toMatchObject({ code, subject });
      expect((thrown as Error).message).toMatch(/^input 'secret-ids': /);
    },
  );

  it('accepts a lower-case alias under lowercase and none', () => {
    expect(splitAlias('db, prod/db', 'lowercase', '--secret-ids').alias).toBe('db');
    expect(splitAlias('Db, prod/db', 'none', '--secret-ids').alias).toBe('Db');
  });
});

describe('flattenSecret (official injectSecret)', () => {
  const flat = (value: string, alias?: string, secretName = 'test/secret', parseJson = true) =>
    flattenSecret({ alias, secretName, value, parseJson, transformation: 'uppercase' });

  it('flattens nested objects with _ and keeps the README example', () => {
    expect(flat('{"api_user":"user","api_key":"key","config":{"active":"true"}}')).toEqual([
      { name: 'TEST_SECRET_API_USER', value: 'user' },
      { name: 'TEST_SECRET_API_KEY', value: 'key' },
      { name: 'TEST_SECRET_CONFIG_ACTIVE', value: 'true' },
    ]);
  });

  it('turns arrays, numbers, booleans and null into JSON text', () => {
    expect(flat('{"list":[1,"a"],"n":1.5,"t":true,"z":null,"e":"","o":{}}')).toEqual([
      { name: 'TEST_SECRET_LIST', value: '[1,"a"]' },
      { name: 'TEST_SECRET_N', value: '1.5' },
      { name: 'TEST_SECRET_T', value: 'true' },
      { name: 'TEST_SECRET_Z', value: 'null' },
      { name: 'TEST_SECRET_E', value: '' },
    ]);
  });

  it('a blank alias drops the prefix; a digit key then gets _', () => {
    expect(flat('{"myusername":"a","1st":"b"}', '')).toEqual([
      { name: 'MYUSERNAME', value: 'a' },
      { name: '_1ST', value: 'b' },
    ]);
  });

  it('a digit key after a prefix gets no extra _; keys needing _ get it', () => {
    expect(flat('{"1st":"b","api-key.v2":"c"}', 'DB')).toEqual([
      { name: 'DB_1ST', value: 'b' },
      { name: 'DB_API_KEY_V2', value: 'c' },
    ]);
  });

  it('a string leaf holding a JSON object is flattened too, as the official action does', () => {
    expect(flat('{"inner":"{\\"k\\":\\"v\\"}"}', 'X')).toEqual([{ name: 'X_INNER_K', value: 'v' }]);
  });

  it('without parse-json, or for a value that is no JSON object, one variable holds the value', () => {
    expect(flat('{"a":"b"}', undefined, 'test/secret', false)).toEqual([
      { name: 'TEST_SECRET', value: '{"a":"b"}' },
    ]);
    expect(flat('[1,2]')).toEqual([{ name: 'TEST_SECRET', value: '[1,2]' }]);
    expect(flat('not json', '')).toEqual([{ name: 'TEST_SECRET', value: 'not json' }]);
    expect(flat('plain', 'ALIAS')).toEqual([{ name: 'ALIAS', value: 'plain' }]);
  });

  it('applies the transformation to keys', () => {
    expect(
      flattenSecret({
        alias: undefined,
        secretName: 'App',
        value: '{"Key":"v"}',
        parseJson: true,
        transformation: 'none',
      }),
    ).toEqual([{ name: 'App_Key', value: 'v' }]);
  });
});

describe('refusals', () => {
  it.each(['GITHUB_TOKEN', 'RUNNER_TEMP', 'ACTIONS_RUNTIME_TOKEN', 'NODE_OPTIONS', 'PATH', 'HOME', 'CI'])(
    'reserves %s',
    (name) => expect(isReservedName(name)).toBe(true),
  );
  it.each(['NODE_ENV', 'DATABASE_URL', 'GITHUBX', 'PATHS', 'CI_TOKEN', 'LD_PRELOAD', 'BASH_ENV'])(
    'does not reserve %s for everybody',
    (name) => expect(isReservedName(name)).toBe(false),
  );
  // Environment names are case-sensitive on Linux and macOS, case-insensitive on Windows.
  it.each(['home', 'Path', 'github_env', 'node_options'])('reserves %s on Windows only', (name) => {
    expect(isReservedName(name, true)).toBe(true);
    expect(isReservedName(name, false)).toBe(false);
  });
  it('follows the OS of this process by default', () => {
    expect(isReservedName('home')).toBe(process.platform === 'win32');
  });

  it('refuses a deny-listed name a secret chose, admits it from the author or allow-names', () => {
    const gitConfig = { name: 'GIT_CONFIG_COUNT', subject: 'prod/flags' };
    expect(checkNames([gitConfig], {}, false).map((f) => f.code)).toEqual(['ERR_NAME_DENIED']);
    expect(checkNames([{ ...gitConfig, chosenBy: 'content' }], {}, false)[0]?.message).toBe(
      "variable name 'GIT_CONFIG_COUNT' was chosen by the secret, and GIT_* is denied " +
        '(git: GIT_CONFIG_COUNT/KEY/VALUE inject config (core.fsmonitor runs a command), GIT_SSH_COMMAND, ' +
        'GIT_ASKPASS, GIT_EXEC_PATH, GIT_DIR); name it with an alias or list it in allow-names',
    );
    expect(checkNames([{ ...gitConfig, chosenBy: 'author' }], {}, false)).toEqual([]);
    expect(checkNames([gitConfig], {}, false, undefined, ['git_config_count'])).toEqual([]);
    expect(checkNames([gitConfig], {}, false, undefined, [], '--allow-name')[0]?.message).toMatch(
      /list it in --allow-name$/,
    );
  });

  it('refuses runner names even from the author and allow-names', () => {
    const path = { name: 'PATH', subject: 'prod/path', chosenBy: 'author' } as const;
    expect(checkNames([path], {}, false, undefined, ['PATH']).map((f) => f.code)).toEqual([
      'ERR_NAME_RESERVED',
    ]);
  });

  it('refuses names that differ only in case, naming both', () => {
    const failures = checkNames(
      [
        { name: 'app_Token', subject: 'a' },
        { name: 'app_TOKEN', subject: 'b' },
      ],
      {},
      false,
    );
    expect(failures.map((f) => [f.subject, f.code])).toEqual([['b', 'ERR_NAME_DUPLICATE']]);
    expect(failures[0]?.message).toBe(
      "variable name 'app_TOKEN' differs only in case from 'app_Token' of a " +
        '(outputs and Windows environments ignore case); set an alias',
    );
  });

  it('reports every refusal at once, naming the subject', () => {
    const failures = checkNames(
      [
        { name: 'OK', subject: 'a' },
        { name: 'GITHUB_TOKEN', subject: 'b' },
        { name: 'OK', subject: 'c' },
        { name: 'HOME_DIR', subject: 'd' },
        { name: '', subject: 'e' },
        { name: 'EMPTY_BEFORE', subject: 'f' },
      ],
      { HOME_DIR: '/x', EMPTY_BEFORE: '' },
      false,
    );
    expect(failures.map((f) => [f.subject, f.code])).toEqual([
      ['b', 'ERR_NAME_RESERVED'],
      ['c', 'ERR_NAME_DUPLICATE'],
      ['d', 'ERR_NAME_EXISTS'],
      ['e', 'ERR_NAME_INVALID'],
    ]);
    expect(failures[1]?.message).toContain('a');
  });

  it('allow-overwrite permits an existing variable but never a reserved one', () => {
    expect(checkNames([{ name: 'HOME_DIR', subject: 'd' }], { HOME_DIR: '/x' }, true)).toEqual([]);
    expect(checkNames([{ name: 'PATH', subject: 'd' }], {}, true)[0]?.code).toBe('ERR_NAME_RESERVED');
  });

  it("names the caller's way to allow overwriting", () => {
    const env = { HOME_DIR: '/x' };
    expect(checkNames([{ name: 'HOME_DIR', subject: 'd' }], env, false)[0]?.message).toBe(
      "variable 'HOME_DIR' is already set; set an alias or allow-overwrite: true",
    );
    expect(
      checkNames([{ name: 'HOME_DIR', subject: 'd' }], env, false, '--allow-overwrite')[0]?.message,
    ).toBe("variable 'HOME_DIR' is already set; set an alias or --allow-overwrite");
  });
});

describe('nameChooser and content-names', () => {
  it.each([
    ['', 'author', true, 'content'],
    ['APP', 'author', true, 'author-prefix'],
    [undefined, 'author', true, 'author-prefix'],
    [undefined, 'content', true, 'content'],
    ['', 'author', false, 'author'],
    [undefined, 'content', false, 'content'],
    ['DB', 'author', false, 'author'],
  ] as const)('alias %j, id chosen by %s, flattened %s: %s', (alias, idChosenBy, flattened, expected) => {
    expect(nameChooser(alias, idChosenBy, flattened)).toBe(expected);
  });

  it('refuses with ERR_NAME_DENIED, naming the secret, what allow-list does not admit', () => {
    const failures = checkNames(
      [
        { name: 'DB_URL', subject: 'prod/flags', chosenBy: 'content' },
        { name: 'APP_TOKEN', subject: 'prod/flags', chosenBy: 'content' },
        { name: 'X_DB_URL', subject: 'prod/x', chosenBy: 'author-prefix' },
      ],
      {},
      false,
      'allow-overwrite: true',
      ['APP_*'],
      'allow-names',
      'allow-list',
    );
    expect(failures.map((f) => [f.code, f.subject])).toEqual([['ERR_NAME_DENIED', 'prod/flags']]);
    expect(failures[0]?.message).toContain(
      "'DB_URL' was chosen by the secret, and content names are allow-list",
    );
  });
});
