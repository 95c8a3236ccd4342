/**
 * `envelope migrate`: turns legacy recipe envelopes into v1 under a fresh data key, for many
 * secrets (ids and `PREFIX*`) or one file. A v1 envelope is left as it is, so a second run writes
 * nothing.
 */
import { KmsKeyProvider, type SecretsManagerSource } from '@envelope-kit/aws-adapter';
import {
  detectFormat,
  type EncryptionContext,
  type KeyProvider,
  type LegacyKdf,
  type LegacyOpenResult,
  openLegacy,
  seal,
} from '@envelope-kit/envelope-core';
import { type ParsedValues, parsePairs, stringList, stringOption } from '../args.js';
import { about, type Command, GLOBAL_HELP, secretsSource } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { readInputText, warn, writeOutput } from '../io.js';
import { clearKeys, providersFor } from '../keys.js';
import { parseLegacyKdf } from '../opener.js';
import {
  concurrencyOf,
  expandTargets,
  type FetchedSecret,
  FLEET_HELP,
  FLEET_OPTIONS,
  fleetFactory,
  forEachSecret,
  type Outcome,
  printSummary,
} from './fleet.js';
import { refuseOversizedEnvelope, refuseOversizedValue } from './size.js';

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
  summary: 'turn legacy openssl-recipe secrets (or a file) into v1 envelopes with a fresh data key',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    context: { type: 'string', multiple: true, short: 'c' },
    'legacy-kdf': { type: 'string' },
    'no-secret-context': { type: 'boolean' },
    in: { type: 'string' },
    out: { type: 'string' },
    ...FLEET_OPTIONS,
  },
  help: `Usage: envelope migrate SECRET_ID|PREFIX*... --key KEY... [--context k=v]... [--legacy-kdf K]
       envelope migrate --in F [--out F] --key KEY... [--context k=v]... [--legacy-kdf K]

Opens each legacy envelope (the aws kms generate-data-key + openssl enc recipe), seals the value
anew under a fresh data key with the given keys and the context secret=<name>, and stores it as
a new version of its secret. The legacy data key is not reused: with the recipe, openssl may have
used only part of it (or none) as the password; that weakness, if any, is reported. A secret
that already holds a v1 envelope is left as it is (a second run writes nothing); a plain value
named by a prefix is skipped, one named by its id fails. With --in F, the v1 envelope of the file
goes to stdout or --out F (which may be F itself); no secret context is added.

Options:
  -k, --key KEY            key to seal with (repeatable; the first generates the data key)
  -c, --context k=v        extra encryption context pair (repeatable)
  --legacy-kdf K           auto (default), sha256, md5, pbkdf2[:ITER]
  --no-secret-context      do not add secret=<name> to the context
  --in F                   migrate the legacy envelope in F ("-": stdin) instead of secrets
  --out F                  with --in: write the v1 envelope to F, mode 0600 (default: stdout)
${FLEET_HELP}
  --json                   print the summary as JSON: per secret its status, arn, versionId,
                           legacyKeyId, kdf and legacyPassword ("shortened", "empty" or null)

Examples:
  envelope migrate prod/db --key alias/prod-secrets
  envelope migrate 'legacy/*' --key alias/prod --dry-run
  envelope migrate 'legacy/*' prod/api --key alias/prod --legacy-kdf md5 --json
  envelope migrate --in legacy.json --key local:kek.bin --out db.env.json

${GLOBAL_HELP}`,
  async run(values, positionals) {
    const input = stringOption(values, 'in');
    if (positionals.length > 0 === (input !== undefined)) {
      throw new UsageError('migrate: give either SECRET_ID|PREFIX*... or --in F');
    }
    const keySpecs = stringList(values, 'key');
    if (keySpecs.length === 0) throw new UsageError('migrate: at least one --key is required');
    if (input !== undefined && values.json === true) throw new UsageError('migrate: --json needs SECRET_ID');
    const settings: MigrateSettings = {
      extra: parsePairs(stringList(values, 'context'), '--context'),
      secretContext: values['no-secret-context'] !== true && input === undefined,
      legacyKdf: parseLegacyKdf(stringOption(values, 'legacy-kdf')),
      dryRun: values['dry-run'] === true,
    };
    const concurrency = concurrencyOf(values);
    const factory = fleetFactory(values);
    // Each legacy data key is distinct: nothing to gain from keeping them, so none is kept.
    const kms = KmsKeyProvider.discovery(factory, { keepDataKeys: false });
    const providers = providersFor(keySpecs, factory);
    try {
      if (input !== undefined) return await migrateFile(values, input, { ...settings, kms, providers });
      const source = secretsSource(factory);
      const { targets, failures } = await expandTargets(source, positionals);
      const outcomes = await forEachSecret(source, targets, concurrency, 'migrate', (secret) =>
        migrateSecret(secret, source, { ...settings, kms, providers }),
      );
      return await printSummary('migrate', [...failures, ...outcomes], {
        json: values.json === true,
        dryRun: settings.dryRun,
        words: { changed: 'migrated', dryRunChanged: 'would be migrated' },
      });
    } finally {
      kms.clear();
      clearKeys(providers);
      factory.destroy();
    }
  },
};

interface MigrateSettings {
  readonly extra: EncryptionContext;
  readonly secretContext: boolean;
  readonly legacyKdf: LegacyKdf;
  readonly dryRun: boolean;
}

interface MigrateKeys extends MigrateSettings {
  readonly kms: KmsKeyProvider;
  readonly providers: readonly KeyProvider[];
}

/** The legacy weakness of an opened envelope, as reported (never more: it would reveal key bytes). */
function legacyPasswordOf(opened: LegacyOpenResult): 'empty' | 'shortened' | null {
  return opened.passwordEmpty ? 'empty' : opened.passwordShortened ? 'shortened' : null;
}

const WEAKNESS_NOTE = {
  empty: 'it had an empty openssl password (it was effectively unencrypted)',
  shortened: 'its openssl password was shortened (weaker than intended)',
} as const;

/**
 * Opens a legacy envelope and seals its value as v1 (unless a dry run), zeroing the plaintext.
 * Returns the envelope (undefined on a dry run) and what the legacy envelope was.
 */
async function reseal(
  text: string,
  subject: string,
  context: EncryptionContext,
  keys: MigrateKeys,
): Promise<{ envelope: string | undefined; opened: LegacyOpenResult }> {
  const opened = await openLegacy(text, { provider: keys.kms, kdf: keys.legacyKdf, subject });
  try {
    refuseOversizedValue(opened.plaintext.length, context, subject);
    if (keys.dryRun) return { envelope: undefined, opened };
    const envelope = await seal(opened.plaintext, { providers: keys.providers, context });
    refuseOversizedEnvelope(envelope, opened.plaintext.length, subject);
    return { envelope, opened };
  } finally {
    opened.plaintext.fill(0);
  }
}

async function migrateSecret(
  secret: FetchedSecret,
  source: SecretsManagerSource,
  keys: MigrateKeys,
): Promise<Outcome> {
  const subject = secret.target.subject;
  return about(subject, async () => {
    const format = detectFormat(secret.text);
    if (format === 'v1') {
      return { secret: subject, arn: secret.arn, status: 'unchanged', note: 'already a v1 envelope' };
    }
    if (format === 'plain') {
      if (secret.target.byPrefix) {
        return {
          secret: subject,
          arn: secret.arn,
          status: 'skipped',
          note: 'plain value, no legacy envelope',
        };
      }
      throw new CliError('ERR_NOT_LEGACY', 'secret holds a value that is no legacy envelope');
    }
    const context = keys.secretContext ? { ...keys.extra, secret: secret.name } : keys.extra;
    const { envelope, opened } = await reseal(secret.text, subject, context, keys);
    const legacyPassword = legacyPasswordOf(opened);
    const report = { legacyKeyId: opened.keyId, kdf: opened.kdf, legacyPassword };
    const weakness = legacyPassword === null ? '' : `; ${WEAKNESS_NOTE[legacyPassword]}`;
    // Never more than this: where the password stopped reveals bytes of the old data key.
    if (legacyPassword !== null) warn(`${subject}: the legacy envelope: ${WEAKNESS_NOTE[legacyPassword]}`);
    if (envelope === undefined) {
      return {
        secret: subject,
        arn: secret.arn,
        ...report,
        status: 'changed',
        note: `would migrate to v1${weakness}`,
      };
    }
    const written = await source.putValue(secret.arn || secret.target.fetchId, envelope);
    return {
      secret: subject,
      arn: written.arn || secret.arn,
      versionId: written.versionId,
      ...report,
      status: 'changed',
      note: `migrated to v1 (version ${written.versionId})${weakness}`,
    };
  });
}

async function migrateFile(values: ParsedValues, input: string, keys: MigrateKeys): Promise<number> {
  return about(
    input,
    async () => {
      const text = await readInputText(input);
      const format = detectFormat(text);
      if (format === 'v1') {
        warn('already a v1 envelope: nothing to migrate, nothing written');
        return 0;
      }
      if (format === 'plain') throw new CliError('ERR_NOT_LEGACY', 'input is no legacy envelope');
      const { envelope, opened } = await reseal(text, input, keys.extra, keys);
      const legacyPassword = legacyPasswordOf(opened);
      if (legacyPassword !== null) warn(`the legacy envelope: ${WEAKNESS_NOTE[legacyPassword]}`);
      if (envelope === undefined) {
        warn(`would migrate to v1 (legacy key ${opened.keyId}, kdf ${opened.kdf}); nothing written`);
        return 0;
      }
      await writeOutput(stringOption(values, 'out'), `${envelope}\n`);
      return 0;
    },
    'file',
  );
}
