/** `envelope seal`: reads a value from stdin or --in, prints a one-line v1 envelope. */
import { seal } from '@envelope-kit/envelope-core';
import { noPositionals, parsePairs, stringList, stringOption } from '../args.js';
import { about, awsFactory, type Command, GLOBAL_HELP } from '../command.js';
import { UsageError } from '../errors.js';
import { readInput, writeOutput } from '../io.js';
import { clearKeys, providersFor } from '../keys.js';
import { promptSecret } from '../prompt.js';

/**
 * The `seal` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['seal', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const sealCommand: Command = {
  name: 'seal',
  summary: 'seal a value from stdin or a file into a v1 envelope',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    context: { type: 'string', multiple: true, short: 'c' },
    in: { type: 'string' },
    out: { type: 'string' },
    'allow-empty': { type: 'boolean' },
  },
  help: `Usage: envelope seal --key KEY... [--context k=v]... [--in F] [--out F]

Reads a value from stdin (or --in F) and prints a one-line v1 envelope. The first --key
generates the data key; every further key wraps the same data key (two regions, a break-glass key).

Options:
  -k, --key KEY          key to seal with (repeatable, at least one); see "Key specs" below
  -c, --context k=v      encryption context pair (repeatable), stored in clear and authenticated
  --in F                 read the value from file F (default: stdin)
  --out F                write the envelope to F, created with mode 0600 (default: stdout)
  --allow-empty          at a terminal, accept an empty value

At a terminal (stdin is a TTY, no --in) the value is asked for twice, not shown, and sealed
exactly as typed, without the Enter that ends it; an empty value is refused unless --allow-empty.
From a pipe or a file the bytes are sealed exactly as they come (a trailing newline included).

Key specs:
  alias/NAME | KMS key ARN    AWS KMS symmetric key (GenerateDataKey / Encrypt)
  aws-kms-rsa:ARN             AWS KMS RSA key (wraps offline with its public key)
  rsa-public:FILE.pem         offline RSA public key (rsa-private:FILE.pem opens)
  local:FILE                  32-byte key-encryption key in a file

Examples:
  printf '%s' "$DB_PASSWORD" | envelope seal --key alias/prod-secrets --context env=prod
  envelope seal --key alias/prod --key local:break-glass.key --in value.txt --out value.env.json

${GLOBAL_HELP}`,
  async run(values, positionals) {
    noPositionals('seal', positionals);
    const keys = stringList(values, 'key');
    if (keys.length === 0) throw new UsageError('seal: at least one --key is required');
    const context = parsePairs(stringList(values, 'context'), '--context');
    const providers = providersFor(keys, awsFactory(values));
    const input = stringOption(values, 'in');
    const plaintext =
      (input === undefined || input === '-') && process.stdin.isTTY === true
        ? await promptSecret(process.stdin, { allowEmpty: values['allow-empty'] === true })
        : await readInput(input);
    let envelope: string;
    try {
      envelope = await about(
        stringOption(values, 'in') ?? 'stdin',
        () => seal(plaintext, { providers, context }),
        'file',
      );
    } finally {
      plaintext.fill(0);
      clearKeys(providers);
    }
    await writeOutput(stringOption(values, 'out'), `${envelope}\n`);
    return 0;
  },
};
