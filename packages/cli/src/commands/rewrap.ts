/** `envelope rewrap`: changes an envelope's key set without touching its ciphertext. */
import { isKmsAlias, KmsKeyProvider, resolveKeyIds } from '@envelope-kit/aws-adapter';
import { ContextMismatchError, detectFormat, inspect, rewrap } from '@envelope-kit/envelope-core';
import { stringList, stringOption } from '../args.js';
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
import { printLine, readInputText, writeOutput } from '../io.js';
import { clearKeys, parseKeySpec, providersFor } from '../keys.js';

/**
 * The `rewrap` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['rewrap', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const rewrapCommand: Command = {
  name: 'rewrap',
  summary: 'add or remove keys of an envelope; same ciphertext, stored as a new version',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    'remove-key': { type: 'string', multiple: true },
    'unwrap-key': { type: 'string', multiple: true },
    in: { type: 'string' },
    out: { type: 'string' },
  },
  help: `Usage: envelope rewrap SECRET_ID [--key KEY]... [--remove-key KEY]... [--unwrap-key KEY]...
       envelope rewrap --in F [--out F] [--key KEY]... [--remove-key KEY]...

Changes which keys can open an envelope without re-encrypting the data: --key wraps the data key
for one more key (KMS ReEncrypt when both keys are KMS keys: the data key never leaves KMS),
--remove-key drops a key's entry. A secret gets the result as a new version; an envelope from
--in F (or stdin) is written to stdout or --out F.

Options:
  -k, --key KEY          key to add (repeatable)
  --remove-key KEY       key to remove: its id as in the envelope, an alias, or a spec (repeatable)
  --unwrap-key KEY       a local or RSA key that can open the current envelope (repeatable);
                         KMS keys are found by themselves
  --in F                 rewrap the envelope in F instead of a secret ("-": stdin)
  --out F                with --in: write the result to F, mode 0600 (default: stdout)
  --json                 with SECRET_ID: print {"arn","versionId","created"}

Examples:
  envelope rewrap prod/db --key alias/prod-2026 --remove-key alias/prod-2025
  envelope rewrap --in db.env.json --key local:break-glass.key --out db.env.json

${GLOBAL_HELP}`,
  async run(values, positionals) {
    const input = stringOption(values, 'in');
    if (positionals.length > 1 || (positionals.length === 1) === (input !== undefined)) {
      throw new UsageError('rewrap: give either one SECRET_ID or --in F');
    }
    const secretId = positionals[0];
    const add = stringList(values, 'key');
    const removeSpecs = stringList(values, 'remove-key');
    if (add.length === 0 && removeSpecs.length === 0) {
      throw new UsageError('rewrap: at least one --key or --remove-key is required');
    }
    if (secretId === undefined && values.json === true)
      throw new UsageError('rewrap: --json needs SECRET_ID');
    const factory = awsFactory(values);
    const subject = secretId ?? input ?? 'stdin';
    return about(
      subject,
      async () => {
        const source = secretsSource(factory);
        let text: string;
        if (secretId === undefined) {
          text = await readInputText(input);
        } else {
          const fetched = await fetchSecretText(source, secretId);
          text = fetched.text;
          if (detectFormat(text) !== 'v1') {
            throw new CliError(
              'ERR_NOT_ENVELOPE',
              'secret holds no v1 envelope (legacy: use envelope migrate)',
              {
                subject: secretId,
              },
            );
          }
          const bound = inspect(text).context.secret;
          if (bound !== undefined && bound !== fetched.name) {
            throw new ContextMismatchError(
              `envelope is bound to secret=${bound}, fetched from ${fetched.name}`,
            );
          }
        }
        const remove = await removeIds(
          removeSpecs,
          inspect(text).keys.map((k) => k.keyId),
          factory,
        );
        const added = providersFor(add, factory);
        // Unwrapping may use the --unwrap-key keys, any KMS key the credentials allow, and the added keys.
        const unwrap = [
          ...providersFor(stringList(values, 'unwrap-key'), factory),
          // Discovery before the added keys: an added KMS alias would claim every aws-kms entry of its
          // region and fail on those of other keys, where discovery uses each entry's own key.
          KmsKeyProvider.discovery(factory),
          ...added,
        ];
        const rewrapped = await rewrap(text, { providers: unwrap, add: added, remove }).finally(() =>
          clearKeys(unwrap),
        );
        if (secretId === undefined) {
          await writeOutput(stringOption(values, 'out'), `${rewrapped}\n`);
          return 0;
        }
        const result = await putSecret(values, secretId, rewrapped);
        await printLine(
          values.json === true
            ? JSON.stringify(result)
            : `rewrapped ${result.arn} (version ${result.versionId})`,
        );
        return 0;
      },
      secretId === undefined ? 'file' : 'secret',
    );
  },
};

/**
 * The key ids to remove, as the envelope records them. A spec may name a key by alias (envelopes
 * record the key ARN KMS answers with), by ARN, by key spec or by the id written in the envelope.
 * A spec that matches no entry is passed as written, so that rewrap reports it.
 */
async function removeIds(
  specs: readonly string[],
  envelopeIds: readonly string[],
  factory: ReturnType<typeof awsFactory>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) {
    const candidates = [spec];
    let parsed: ReturnType<typeof parseKeySpec> | undefined;
    try {
      parsed = parseKeySpec(spec);
    } catch {
      // not a key spec: an id as it appears in the envelope
    }
    if (parsed?.kind === 'aws-kms' || parsed?.kind === 'aws-kms-rsa') {
      candidates.push(parsed.keyId);
      if (isKmsAlias(parsed.keyId)) candidates.push(...(await resolveKeyIds(factory, [parsed.keyId])));
    } else if (parsed !== undefined) {
      const [provider] = providersFor([spec], factory);
      if (provider?.keyId !== undefined) candidates.push(provider.keyId);
    }
    const present = candidates.filter((id) => envelopeIds.includes(id));
    ids.push(...(present.length > 0 ? present : [spec]));
  }
  return [...new Set(ids)];
}
