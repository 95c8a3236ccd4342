/** `envelope push`: seals a value and stores it as a secret (created, or a new version). */
import { seal } from '@envelope-kit/envelope-core';
import { parsePairs, secretIdPositional, stringList, stringOption } from '../args.js';
import { about, awsFactory, type Command, GLOBAL_HELP, putSecret, secretNameOf } from '../command.js';
import { UsageError } from '../errors.js';
import { printLine, readInput } from '../io.js';
import { clearKeys, providersFor } from '../keys.js';
import { refuseOversizedEnvelope, refuseOversizedValue } from './size.js';

/**
 * The `push` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['push', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const pushCommand: Command = {
  name: 'push',
  summary: 'seal a value and store it in Secrets Manager (create or new version)',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    context: { type: 'string', multiple: true, short: 'c' },
    in: { type: 'string' },
    description: { type: 'string' },
    tag: { type: 'string', multiple: true },
    'no-secret-context': { type: 'boolean' },
    'dry-run': { type: 'boolean', short: 'n' },
  },
  help: `Usage: envelope push SECRET_ID --key KEY... [--context k=v]... [--in F]
                     [--description TEXT] [--tag k=v]... [--no-secret-context]

Reads a value from stdin (or --in F), seals it, and stores the envelope in the secret SECRET_ID:
creates the secret, or adds a new version (AWSCURRENT) when it exists. The context gets
secret=<SECRET name> so the envelope opens only from this secret (--no-secret-context: not).
A SecretString holds at most 65,536 characters and an envelope takes about 4/3 of the value:
a value too large is refused before any AWS call, with the size it may have.

Options:
  -k, --key KEY            key to seal with (repeatable; the first generates the data key)
  -c, --context k=v        extra encryption context pair (repeatable)
  --in F                   read the value from F (default: stdin)
  --description TEXT       the secret's description
  --tag k=v                tag the secret (repeatable)
  --no-secret-context      do not add secret=<name> to the context
  -n, --dry-run            check the value and say what would be stored; no AWS call
  --json                   print {"arn","versionId","created"}

Examples:
  printf '%s' "$DB_PASSWORD" | envelope push prod/db --key alias/prod-secrets --context env=prod
  envelope push prod/api --key alias/prod --key alias/prod-eu --in token.txt --json

${GLOBAL_HELP}`,
  async run(values, positionals) {
    const secretId = secretIdPositional('push', positionals);
    const keys = stringList(values, 'key');
    if (keys.length === 0) throw new UsageError('push: at least one --key is required');
    const extra = parsePairs(stringList(values, 'context'), '--context');
    const tags = parsePairs(stringList(values, 'tag'), '--tag');
    const name = secretNameOf(secretId);
    if (values['no-secret-context'] !== true && extra.secret !== undefined && extra.secret !== name) {
      throw new UsageError(`push: --context secret=${extra.secret} contradicts the secret name`);
    }
    const context = values['no-secret-context'] === true ? extra : { ...extra, secret: name };
    const factory = awsFactory(values);
    const providers = providersFor(keys, factory);
    const plaintext = await readInput(stringOption(values, 'in'));
    let envelope: string;
    try {
      refuseOversizedValue(plaintext.length, context, secretId);
      if (values['dry-run'] === true) {
        await printLine(
          values.json === true
            ? JSON.stringify({ dryRun: true, secret: secretId, valueBytes: plaintext.length, keys, context })
            : `would store a ${plaintext.length}-byte value in ${secretId}, sealed with ${keys.join(', ')} (dry run, nothing written)`,
        );
        return 0;
      }
      envelope = await about(secretId, () => seal(plaintext, { providers, context }));
      refuseOversizedEnvelope(envelope, plaintext.length, secretId);
    } finally {
      plaintext.fill(0);
      clearKeys(providers);
    }
    const description = stringOption(values, 'description');
    const result = await putSecret(values, secretId, envelope, {
      ...(description === undefined ? {} : { description }),
      ...(Object.keys(tags).length === 0 ? {} : { tags }),
    });
    await printLine(
      values.json === true
        ? JSON.stringify(result)
        : `${result.created ? 'created' : 'updated'} ${result.arn} (version ${result.versionId})`,
    );
    return 0;
  },
};
