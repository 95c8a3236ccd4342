/** `envelope inspect`: prints an envelope's header as JSON; never decrypts, never prints a value. */
import { detectFormat, inspect } from '@envelope-kit/envelope-core';
import { noPositionals, stringOption } from '../args.js';
import { about, awsFactory, type Command, fetchSecretText, GLOBAL_HELP, secretsSource } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { printLine, readInputText } from '../io.js';

/**
 * The `inspect` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['inspect', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'print an envelope header as JSON (no decryption, no value)',
  options: {
    in: { type: 'string' },
    'secret-id': { type: 'string' },
  },
  help: `Usage: envelope inspect [--in F | --secret-id ID]

Prints the header of an envelope as JSON, read from stdin, --in F or a secret: for v1 the
version, algorithm, context and keys; for a legacy recipe envelope {"format":"legacy"}. Anything
else is no envelope: exit 1 with ERR_NOT_ENVELOPE ("envelope audit" lists plain secrets too).
Never decrypts and never prints a value.

Options:
  --in F              read the envelope from F (default: stdin)
  --secret-id ID      read the envelope from this secret (name or ARN)

Examples:
  envelope inspect --secret-id prod/db
  envelope inspect --in db.env.json | jq .keys

${GLOBAL_HELP}`,
  async run(values, positionals) {
    noPositionals('inspect', positionals);
    const input = stringOption(values, 'in');
    const secretId = stringOption(values, 'secret-id');
    if (input !== undefined && secretId !== undefined) {
      throw new UsageError('inspect: give either --in or --secret-id, not both');
    }
    const text =
      secretId === undefined
        ? await readInputText(input)
        : (await fetchSecretText(secretsSource(awsFactory(values)), secretId)).text;
    const format = detectFormat(text);
    const subject = secretId === undefined ? {} : { secret: secretId };
    if (format === 'v1') {
      const header = await about(
        secretId ?? input ?? 'stdin',
        () => inspect(text),
        secretId === undefined ? 'file' : 'secret',
      );
      await printLine(JSON.stringify({ ...subject, ...header }));
    } else if (format === 'legacy') {
      await printLine(JSON.stringify({ ...subject, format }));
    } else {
      throw new CliError(
        'ERR_NOT_ENVELOPE',
        `${secretId === undefined ? 'input' : 'secret'} is neither a v1 envelope nor a legacy recipe envelope`,
        { subject: secretId ?? input ?? 'stdin', kind: secretId === undefined ? 'file' : 'secret' },
      );
    }
    return 0;
  },
};
