import { describe, expect, it } from 'vitest';
import { checkNames, flattenSecret, isReservedName, splitAlias, toEnvName } from './naming.js';

// The same cases as packages/action/src/naming.test.ts: the CLI's `run` must name as the action does.
describe('naming (same rules as the action)', () => {
  it.each([
    ['prod/db', 'uppercase', 'PROD_DB'],
    ['0/test/secret', 'uppercase', '_0_TEST_SECRET'],
    ['My-Key.x', 'none', 'My_Key_x'],
    ['My-Key', 'lowercase', 'my_key'],
  ] as const)('toEnvName(%s, %s) = %s', (text, t, want) => {
    expect(toEnvName(text, t)).toBe(want);
  });

  it('splits [ALIAS,]ID and refuses bad aliases and extra parts', () => {
    expect(splitAlias('DB, prod/db', 'uppercase')).toEqual({ alias: 'DB', id: 'prod/db' });
    expect(splitAlias(',prod/db', 'uppercase')).toEqual({ alias: '', id: 'prod/db' });
    expect(splitAlias('prod/db', 'uppercase')).toEqual({ alias: undefined, id: 'prod/db' });
    expect(() => splitAlias('db,prod/db', 'uppercase')).toThrow(
      expect.objectContaining({ code: 'ERR_USAGE' }),
    );
    expect(() => splitAlias('A,b,c', 'uppercase')).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
  });

  it('flattens JSON objects as the official action (nested, non-string leaves, blank alias)', () => {
    const value = '{"api_user":"u","config":{"active":true},"n":1,"list":[1,2]}';
    expect(
      flattenSecret({
        alias: undefined,
        secretName: 'test/secret',
        value,
        parseJson: true,
        transformation: 'uppercase',
      }),
    ).toEqual([
      { name: 'TEST_SECRET_API_USER', value: 'u' },
      { name: 'TEST_SECRET_CONFIG_ACTIVE', value: 'true' },
      { name: 'TEST_SECRET_N', value: '1' },
      { name: 'TEST_SECRET_LIST', value: '[1,2]' },
    ]);
    expect(
      flattenSecret({
        alias: '',
        secretName: 's',
        value: '{"1a":"x"}',
        parseJson: true,
        transformation: 'uppercase',
      }),
    ).toEqual([
      { name: '_1A', value: 'x' }, // the whole name starts with a digit
    ]);
    expect(
      flattenSecret({
        alias: 'A',
        secretName: 's',
        value: '{"k":"v"}',
        parseJson: false,
        transformation: 'uppercase',
      }),
    ).toEqual([{ name: 'A', value: '{"k":"v"}' }]);
  });

  it('refuses reserved, invalid, duplicate and already-set names, every one at once', () => {
    expect(isReservedName('github_token')).toBe(true);
    expect(isReservedName('NODE_ENV')).toBe(false);
    const failures = checkNames(
      [
        { name: 'PATH', subject: 'a' },
        { name: '1A', subject: 'b' },
        { name: 'X', subject: 'c' },
        { name: 'X', subject: 'd' },
        { name: 'SET', subject: 'e' },
      ],
      { SET: 'already' },
      false,
    );
    expect(failures.map((f) => [f.code, f.subject])).toEqual([
      ['ERR_NAME_RESERVED', 'a'],
      ['ERR_NAME_INVALID', 'b'],
      ['ERR_NAME_DUPLICATE', 'd'],
      ['ERR_NAME_EXISTS', 'e'],
    ]);
    expect(checkNames([{ name: 'SET', subject: 'e' }], { SET: 'already' }, true)).toEqual([]);
  });
});
