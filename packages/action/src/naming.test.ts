// The naming rules themselves are tested in packages/aws-adapter/src/env-names.test.ts; these cases
// pin what the action adds: its ERR_INPUT (code, message, subject) and Failure values.
import { describe, expect, it } from 'vitest';
import { checkNames, splitAlias, toEnvName } from './naming.js';

describe('splitAlias (the action: ERR_INPUT naming the input)', () => {
  it('splits as the shared rules do', () => {
    expect(splitAlias('DB, prod/db', 'uppercase')).toEqual({ alias: 'DB', id: 'prod/db' });
    expect(toEnvName('0/test/secret', 'uppercase')).toBe('_0_TEST_SECRET');
  });

  it.each([
    [
      'db, prod/db',
      'secret-ids',
      'prod/db',
      "input 'secret-ids': alias 'db' is not a valid environment name under name-transformation uppercase",
    ],
    ['A,b,c', 'secret-ids', 'b', "input 'secret-ids': expected one line as [ALIAS,]ID"],
    ['A,', 'secret-ids', 'secret-ids', "input 'secret-ids': expected one line as [ALIAS,]ID"],
    ['A,', 'envelope-files', 'envelope-files', "input 'envelope-files': expected one line as [ALIAS,]ID"],
  ] as const)('refuses %s in %s with ERR_INPUT', (line, inputName, subject, message) => {
    expect(() => splitAlias(line, 'uppercase', inputName)).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT', subject, message }),
    );
  });
});

describe('checkNames (the action: Failures)', () => {
  it('returns plain failures naming the subject and the allow-overwrite input', () => {
    expect(
      checkNames(
        [
          { name: 'PATH', subject: 'a' },
          { name: 'HOME_DIR', subject: 'b' },
        ],
        { HOME_DIR: '/x' },
        false,
      ),
    ).toStrictEqual([
      { subject: 'a', code: 'ERR_NAME_RESERVED', message: "variable name 'PATH' is reserved" },
      {
        subject: 'b',
        code: 'ERR_NAME_EXISTS',
        message: "variable 'HOME_DIR' is already set; set an alias or allow-overwrite: true",
      },
    ]);
  });
});
