/**
 * `envelope rewrap`: changes the key set of envelopes without touching their ciphertext, for one
 * file or for many secrets (ids and `PREFIX*`). Keys are compared as the envelope records them
 * (an alias is resolved to its key ARN first), so adding a key the envelope already has, or
 * removing one it does not have, changes nothing and writes nothing: a second run is a no-op.
 */
import {
  type AwsClientFactory,
  isKmsAlias,
  KMS_PROVIDER,
  KMS_RSA_PROVIDER,
  KmsKeyProvider,
  keyStates,
  resolveKeyIds,
  SecretsManagerSource,
} from '@envelope-kit/aws-adapter';
import {
  ContextMismatchError,
  detectFormat,
  type EnvelopeHeader,
  inspect,
  type KeyProvider,
  rewrap,
} from '@envelope-kit/envelope-core';
import { type ParsedValues, stringList, stringOption } from '../args.js';
import { about, type Command, GLOBAL_HELP } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { commandHint } from '../hint.js';
import { readInputText, warn, writeOutput } from '../io.js';
import { clearKeys, type KeySpec, parseKeySpec, providerFor } from '../keys.js';
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

/** Key ids as `inspect` prints them that name no file: a local KEK's and an offline RSA key's. */
const PRINTED_KEY_ID = /^(local:[0-9a-f]{16}|rsa:sha256:[0-9a-f]{64})$/;

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
  summary: 'add or remove keys of envelopes (secrets, prefixes or a file); same ciphertext',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    'remove-key': { type: 'string', multiple: true },
    'unwrap-key': { type: 'string', multiple: true },
    in: { type: 'string' },
    out: { type: 'string' },
    ...FLEET_OPTIONS,
  },
  help: `Usage: envelope rewrap SECRET_ID|PREFIX*... [--key KEY]... [--remove-key KEY]... [--unwrap-key KEY]...
       envelope rewrap --in F [--out F] [--key KEY]... [--remove-key KEY]...

Changes which keys can open envelopes without re-encrypting the data: --key wraps the data key
for one more key (KMS ReEncrypt when both keys are KMS keys: the data key never leaves KMS),
--remove-key drops a key's entry. Each secret that changes gets the result as a new version; a
key it already has, or a key to remove it does not have, changes nothing, and a secret with
nothing to change is not written (a second run writes nothing). Removing the last key that can
still open an envelope (KMS keys must be Enabled) is refused. An envelope from --in F (or
stdin) is written to stdout or --out F.

Options:
  -k, --key KEY            key to add (repeatable)
  --remove-key KEY         key to remove (repeatable): its id as "envelope inspect" prints it
                           (arn:...:key/..., local:<hex>, rsa:sha256:<hex>), an alias, or a key spec
  --unwrap-key KEY         a local or RSA key that can open the current envelope (repeatable);
                           KMS keys are found by themselves
  --in F                   rewrap the envelope in F instead of secrets ("-": stdin)
  --out F                  with --in: write the result to F, mode 0600 (default: stdout)
${FLEET_HELP}
  --json                   with secrets: print the summary as JSON

Examples:
  envelope rewrap prod/db --key alias/prod-2026 --remove-key alias/prod-2025
  envelope rewrap 'prod/*' --key alias/break-glass --dry-run
  envelope rewrap prod/db --remove-key local:66b448d09841ab54
  envelope rewrap --in db.env.json --key local:break-glass.key --out db.env.json

${GLOBAL_HELP}`,
  async run(values, positionals) {
    const input = stringOption(values, 'in');
    if (positionals.length > 0 === (input !== undefined)) {
      throw new UsageError('rewrap: give either SECRET_ID|PREFIX*... or --in F');
    }
    const addSpecs = stringList(values, 'key');
    const removeSpecs = stringList(values, 'remove-key');
    if (addSpecs.length === 0 && removeSpecs.length === 0) {
      throw new UsageError('rewrap: at least one --key or --remove-key is required');
    }
    if (input !== undefined && values.json === true) throw new UsageError('rewrap: --json needs SECRET_ID');
    const concurrency = concurrencyOf(values);
    const factory = fleetFactory(values);
    const keys = await rewrapKeys(values, factory);
    try {
      if (input !== undefined) return await rewrapFile(values, input, keys);
      const source = new SecretsManagerSource(factory);
      const { targets, failures } = await expandTargets(source, positionals);
      const outcomes = await forEachSecret(source, targets, concurrency, 'rewrap', (secret) =>
        rewrapSecret(secret, source, keys, values['dry-run'] === true),
      );
      return await printSummary('rewrap', [...failures, ...outcomes], {
        json: values.json === true,
        dryRun: values['dry-run'] === true,
        words: { changed: 'rewrapped', dryRunChanged: 'would be rewrapped' },
      });
    } finally {
      clearKeys(keys.unwrap);
      factory.destroy();
    }
  },
};

/** The keys of one rewrap run, resolved once for every envelope. */
interface RewrapKeys {
  readonly factory: AwsClientFactory;
  /** Keys to add, KMS aliases already resolved to the key ARNs envelopes record. */
  readonly add: readonly KeyProvider[];
  /** How the user wrote each added key (`alias/x`), for notes. */
  readonly labels: ReadonlyMap<KeyProvider, string>;
  /** Per --remove-key: the ids an envelope entry may have for it. */
  readonly remove: readonly { readonly spec: string; readonly ids: readonly string[] }[];
  /** What may unwrap the data key when an added key cannot re-encrypt a KMS entry. */
  readonly unwrap: readonly KeyProvider[];
  /** DescribeKey states, asked once per key. */
  readonly states: Map<string, Promise<string>>;
}

async function rewrapKeys(values: ParsedValues, factory: AwsClientFactory): Promise<RewrapKeys> {
  const addWritten = stringList(values, 'key');
  const addSpecs = addWritten.map(parseKeySpec);
  const kmsAliases = addSpecs.flatMap((s) =>
    (s.kind === 'aws-kms' || s.kind === 'aws-kms-rsa') && isKmsAlias(s.keyId) ? [s.keyId] : [],
  );
  const removeSpecs = stringList(values, 'remove-key');
  const removeAliases = removeSpecs.flatMap((spec) => {
    const parsed = keySpecOrUndefined(spec);
    return (parsed?.kind === 'aws-kms' || parsed?.kind === 'aws-kms-rsa') && isKmsAlias(parsed.keyId)
      ? [parsed.keyId]
      : [];
  });
  const aliases = [...new Set([...kmsAliases, ...removeAliases])];
  const arns = await resolveKeyIds(factory, aliases);
  const resolved = new Map(aliases.map((alias, i) => [alias, arns[i] as string]));
  const arnOf = (keyId: string) => resolved.get(keyId) ?? keyId;
  // Envelopes record the key ARN KMS answers with: a provider built on the alias would not be
  // recognised as a key the envelope already has, and would add it a second time.
  const add = addSpecs.map((spec) =>
    spec.kind === 'aws-kms' || spec.kind === 'aws-kms-rsa'
      ? providerFor({ kind: spec.kind, keyId: arnOf(spec.keyId) }, factory)
      : providerFor(spec, factory),
  );
  const remove = removeSpecs.map((spec) => {
    const ids = new Set([spec]);
    const parsed = PRINTED_KEY_ID.test(spec) ? undefined : keySpecOrUndefined(spec);
    if (parsed?.kind === 'aws-kms' || parsed?.kind === 'aws-kms-rsa') {
      ids.add(parsed.keyId).add(arnOf(parsed.keyId));
    } else if (parsed !== undefined) {
      const provider = providerFor(parsed, factory);
      if (provider.keyId !== undefined) ids.add(provider.keyId);
      clearKeys([provider]);
    }
    return { spec, ids: [...ids] };
  });
  const unwrap = [
    ...stringList(values, 'unwrap-key').map((spec) => providerFor(parseKeySpec(spec), factory)),
    // Discovery before the added keys: an added KMS key would claim every aws-kms entry of its
    // region and fail on those of other keys, where discovery uses each entry's own key.
    KmsKeyProvider.discovery(factory),
    ...add,
  ];
  const labels = new Map(
    add.map((provider, i) => {
      const written = addWritten[i] as string;
      return [provider, written === provider.keyId ? written : `${written} (${provider.keyId})`];
    }),
  );
  return { factory, add, labels, remove, unwrap, states: new Map() };
}

function keySpecOrUndefined(spec: string): KeySpec | undefined {
  try {
    return parseKeySpec(spec);
  } catch {
    return undefined; // not a key spec: an id as the envelope records it
  }
}

/** What one envelope would get: the ids to remove, the keys to add, and notes on the rest. */
interface RewrapPlan {
  readonly remove: string[];
  readonly add: KeyProvider[];
  readonly notes: string[];
}

async function planRewrap(header: EnvelopeHeader, keys: RewrapKeys): Promise<RewrapPlan> {
  const entryIds = header.keys.map((k) => k.keyId);
  const remove: string[] = [];
  const notes: string[] = [];
  for (const { spec, ids } of keys.remove) {
    const present = entryIds.filter((id) => ids.includes(id));
    if (present.length === 0) notes.push(`${spec} is not one of its keys`);
    for (const id of present) if (!remove.includes(id)) remove.push(id);
  }
  const add: KeyProvider[] = [];
  for (const provider of keys.add) {
    const has = header.keys.some(
      (k) => k.provider === provider.provider && k.keyId === provider.keyId && !remove.includes(k.keyId),
    );
    if (has) notes.push(`${keys.labels.get(provider) ?? provider.keyId} is already one of its keys`);
    else if (!add.includes(provider)) add.push(provider);
  }
  if (remove.length > 0 && add.length === 0) await refuseLastUsableKey(header, remove, keys);
  return { remove, add, notes };
}

/**
 * Refuses a removal that would leave no key able to open the envelope: no entry at all, or only KMS
 * keys that are not Enabled (disabled, pending deletion, unknown). Local and RSA keys are files
 * this run cannot judge: they count as usable.
 */
async function refuseLastUsableKey(header: EnvelopeHeader, remove: string[], keys: RewrapKeys) {
  const kept = header.keys.filter((k) => !remove.includes(k.keyId));
  const kms = kept.filter((k) => k.provider === KMS_PROVIDER || k.provider === KMS_RSA_PROVIDER);
  if (kept.length > kms.length) return;
  const states = await Promise.all(
    kms.map((k) => {
      let state = keys.states.get(k.keyId);
      if (state === undefined) {
        state = keyStates(keys.factory, [k.keyId]).then(([s]) => s ?? 'Unknown');
        keys.states.set(k.keyId, state);
      }
      return state;
    }),
  );
  if (states.includes('Enabled')) return;
  const left =
    kms.length === 0
      ? 'no key would be left'
      : `the keys left are not usable: ${kms.map((k, i) => `${k.keyId} is ${states[i]}`).join(', ')}`;
  throw new CliError(
    'ERR_LAST_USABLE_KEY',
    `refusing to remove ${remove.join(', ')}: ${left}; add a key first (--key)`,
  );
}

function describePlan(plan: RewrapPlan, keys: RewrapKeys): string {
  const parts = [
    ...plan.add.map((p) => `add ${keys.labels.get(p) ?? p.keyId}`),
    ...plan.remove.map((id) => `remove ${id}`),
    ...plan.notes,
  ];
  return parts.join('; ');
}

/** What to run for a legacy secret, which rewrap cannot take: migrate, in place. */
function migrateHint(secretId: string): string {
  return commandHint('rewrap-legacy-secret', ['migrate', secretId, '--key', 'KEY']);
}

async function rewrapSecret(
  secret: FetchedSecret,
  source: SecretsManagerSource,
  keys: RewrapKeys,
  dryRun: boolean,
): Promise<Outcome> {
  const subject = secret.target.subject;
  return about(subject, async () => {
    const format = detectFormat(secret.text);
    if (format !== 'v1') {
      if (secret.target.byPrefix) {
        return {
          secret: subject,
          arn: secret.arn,
          status: 'skipped',
          note: `${format} value, not a v1 envelope${format === 'legacy' ? ` (run: ${migrateHint(subject)})` : ''}`,
        };
      }
      throw new CliError(
        'ERR_NOT_ENVELOPE',
        `secret holds no v1 envelope${format === 'legacy' ? ` (legacy: run ${migrateHint(subject)})` : ''}`,
      );
    }
    const header = inspect(secret.text);
    const bound = header.context.secret;
    if (bound !== undefined && bound !== secret.name) {
      throw new ContextMismatchError(`envelope is bound to secret=${bound}, fetched from ${secret.name}`);
    }
    const plan = await planRewrap(header, keys);
    const base = {
      secret: subject,
      arn: secret.arn,
      added: plan.add.map((p) => p.keyId),
      removed: plan.remove,
    };
    if (plan.add.length === 0 && plan.remove.length === 0) {
      return { ...base, status: 'unchanged', note: `nothing to change (${plan.notes.join('; ')})` };
    }
    if (dryRun) return { ...base, status: 'changed', note: `would ${describePlan(plan, keys)}` };
    const rewrapped = await rewrap(secret.text, {
      providers: keys.unwrap,
      add: plan.add,
      remove: plan.remove,
    });
    const written = await source.putValue(secret.arn || secret.target.fetchId, rewrapped);
    return {
      ...base,
      versionId: written.versionId,
      status: 'changed',
      note: `${describePlan(plan, keys)} (version ${written.versionId})`,
    };
  });
}

async function rewrapFile(values: ParsedValues, input: string, keys: RewrapKeys): Promise<number> {
  return about(
    input,
    async () => {
      const text = await readInputText(input);
      if (detectFormat(text) !== 'v1') {
        const migrate = commandHint('rewrap-legacy-file', [
          'migrate',
          '--in',
          input,
          '--key',
          'KEY',
          '--out',
          'NEW_FILE',
        ]);
        throw new CliError(
          'ERR_NOT_ENVELOPE',
          `input is no v1 envelope${detectFormat(text) === 'legacy' ? ` (legacy: run ${migrate})` : ''}`,
        );
      }
      const plan = await planRewrap(inspect(text), keys);
      const unchanged = plan.add.length === 0 && plan.remove.length === 0;
      if (values['dry-run'] === true) {
        warn(
          unchanged ? `nothing to change (${plan.notes.join('; ')})` : `would ${describePlan(plan, keys)}`,
        );
        return 0;
      }
      if (unchanged) {
        // The output is still the envelope (a redirect must not end up empty), byte for byte.
        warn(`nothing to change (${plan.notes.join('; ')}); the envelope is written unchanged`);
        await writeOutput(stringOption(values, 'out'), text.endsWith('\n') ? text : `${text}\n`);
        return 0;
      }
      const rewrapped = await rewrap(text, { providers: keys.unwrap, add: plan.add, remove: plan.remove });
      await writeOutput(stringOption(values, 'out'), `${rewrapped}\n`);
      return 0;
    },
    'file',
  );
}
