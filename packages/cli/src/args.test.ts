import { describe, expect, it } from 'vitest';
import { noPositionals, parseCommandArgs, parsePairs, secretIdPositional, stringList } from './args.js';
import { CliError, exitCodeOf, formatError, UsageError } from './errors.js';

describe('argument parsing', () => {
  it('parses repeatable options and global ones', () => {
    const { values, positionals } = parseCommandArgs(
      'seal',
      ['-k', 'alias/a', '--key', 'local:f', '--json', 'x'],
      {
        key: { type: 'string', multiple: true, short: 'k' },
      },
    );
    expect(stringList(values, 'key')).toEqual(['alias/a', 'local:f']);
    expect(values.json).toBe(true);
    expect(positionals).toEqual(['x']);
  });

  it('turns parse errors into usage errors naming the option, never its value', () => {
    const attempt = () => parseCommandArgs('seal', ['--password=hunter2'], {});
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow('seal: unknown option --password');
    try {
      attempt();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
      expect(exitCodeOf(error)).toBe(2);
    }
  });

  it('parses k=v pairs; refuses a missing = and a repeated key', () => {
    expect(parsePairs(['a=1', 'b=x=y', 'c='], '--context')).toEqual({ a: '1', b: 'x=y', c: '' });
    expect(() => parsePairs(['a'], '--context')).toThrow('--context expects KEY=VALUE');
    expect(() => parsePairs(['a=1', 'a=2'], '--context')).toThrow("key 'a' given twice");
  });

  it('refuses values on the command line', () => {
    expect(() => noPositionals('open', ['s3cr3t'])).toThrow(/never from the command line/);
    expect(() => secretIdPositional('pull', [])).toThrow('pull: SECRET_ID is required');
    expect(secretIdPositional('pull', ['prod/db'])).toBe('prod/db');
  });
});

describe('error printing', () => {
  it('prints code, message and subject; foreign errors keep only their class name', () => {
    expect(
      formatError(
        new CliError('ERR_FILE_READ', 'cannot read input file (ENOENT)', { subject: 'in.txt', kind: 'file' }),
      ),
    ).toBe('envelope: ERR_FILE_READ: cannot read input file (ENOENT) (file: in.txt)');
    let parseError: unknown;
    try {
      JSON.parse('{"password": s3cr3t}');
    } catch (error) {
      parseError = error;
    }
    expect(formatError(parseError)).toBe('envelope: ERR_INTERNAL: unexpected SyntaxError');
    expect(exitCodeOf(parseError)).toBe(1);
  });
});
