/** `envelope migrate`: turns a legacy recipe envelope into v1 with a fresh data key. */
import { detectFormat, openLegacy, seal } from '@envelope-kit/envelope-core';
import { parsePairs, secretIdPositional, stringList, stringOption } from '../args.js';
import {
  about,
  awsFactory,
  type Command,
  fetchSecretText,
  GLOBAL_HELP,
  putSecret,
  secretsSource,
} from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { printLine, warn } from '../io.js';
import { clearKeys, providersFor } from '../keys.js';
import { openKeys, parseLegacyKdf } from '../opener.js';

/**
 * The `migrate` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['migrate', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'turn a legacy openssl-recipe secret into a v1 envelope (fresh data key, new version)',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    context: { type: 'string', multiple: true, short: 'c' },
    'legacy-kdf': { type: 'string' },
    'no-secret-context': { type: 'boolean' },
  },
  help: `Usage: envelope migrate SECRET_ID --key KEY... [--context k=v]... [--legacy-kdf K]

Opens the legacy envelope stored in SECRET_ID (the aws kms generate-data-key + openssl enc
recipe), seals the value anew under a fresh data key with the given keys and the context
secret=<name>, and stores it as a new version. The legacy data key is not reused: with the
recipe, openssl may have used only part of it (or none) as the password. That problem, if the
envelope had it, is reported on stderr (and in --json).

Options:
  -k, --key KEY            key to seal with (repeatable; the first generates the data key)
  -c, --context k=v        extra encryption context pair (repeatable)
  --legacy-kdf K           auto (default), sha256, md5, pbkdf2[:ITER]
  --no-secret-context      do not add secret=<name> to the context
  --json                   print {"arn","versionId","legacyKeyId","kdf","legacyPassword"}

Examples:
  envelope migrate prod/db --key alias/prod-secrets
  envelope migrate prod/db --key alias/prod --legacy-kdf md5 --json

${GLOBAL_HELP}`,
  async run(values, positionals) {
    const secretId = secretIdPositional('migrate', positionals);
    const keys = stringList(values, 'key');
    if (keys.length === 0) throw new UsageError('migrate: at least one --key is required');
    const extra = parsePairs(stringList(values, 'context'), '--context');
    const legacyKdf = parseLegacyKdf(stringOption(values, 'legacy-kdf'));
    const factory = awsFactory(values);
    const providers = providersFor(keys, factory);
    return about(secretId, async () => {
      const source = secretsSource(factory);
      const { name, text } = await fetchSecretText(source, secretId);
      const format = detectFormat(text);
      if (format !== 'legacy') {
        throw new CliError(
          'ERR_NOT_LEGACY',
          `secret holds a ${format === 'v1' ? 'v1 envelope already' : 'value that is no legacy envelope'}`,
        );
      }
      const { kms } = await openKeys([], factory);
      const opened = await openLegacy(text, { provider: kms, kdf: legacyKdf, subject: secretId }).finally(
        () => kms.clear(),
      );
      const context = values['no-secret-context'] === true ? extra : { ...extra, secret: name };
      let envelope: string;
      try {
        envelope = await seal(opened.plaintext, { providers, context });
      } finally {
        opened.plaintext.fill(0);
        clearKeys(providers);
      }
      const legacyPassword = opened.passwordEmpty ? 'empty' : opened.passwordShortened ? 'shortened' : null;
      // Never more than this: where the password stopped reveals bytes of the old data key.
      if (legacyPassword === 'empty')
        warn('the legacy envelope had an empty openssl password (it was effectively unencrypted)');
      if (legacyPassword === 'shortened')
        warn("the legacy envelope's openssl password was shortened (weaker than intended)");
      const result = await putSecret(values, secretId, envelope);
      await printLine(
        values.json === true
          ? JSON.stringify({
              arn: result.arn,
              versionId: result.versionId,
              legacyKeyId: opened.keyId,
              kdf: opened.kdf,
              legacyPassword,
            })
          : `migrated ${result.arn} to v1 (version ${result.versionId})`,
      );
      return 0;
    });
  },
};
