/**
 * Opening a value the way the action does: detect the format, then open v1 (with the caller's
 * required context, and for a secret its own name as `ctx.secret`), legacy (KMS Decrypt without
 * context, warning when the openssl password was shortened), or pass a plain value through where
 * envelope-core's plain-value rule lets it (never under `--require-context`, never with
 * `--plaintext deny`).
 * `--key` supplies local and RSA keys and limits which keys may open the value.
 */
import { type AwsClientFactory, isKmsAlias, KmsKeyProvider, resolveKeyIds } from '@envelope-kit/aws-adapter';
import {
  ContextMismatchError,
  detectFormat,
  type EncryptionContext,
  EnvelopeKitError,
  inspect,
  isEnvelopeKitError,
  KeyNotAllowedError,
  type KeyProvider,
  type LegacyKdf,
  type LegacyMode,
  legacyVerdict,
  open,
  openLegacy,
  type PlaintextMode,
  PlaintextRefusedError,
  plainVerdict,
} from '@envelope-kit/envelope-core';
import { about } from './command.js';
import { CliError, markSubjectKind, UsageError } from './errors.js';
import { commandHint, retryHint } from './hint.js';
import { type KeySpec, parseKeySpec, providerFor } from './keys.js';

/** The format a value was found in. */
export type ValueFormat = 'v1' | 'legacy' | 'plain';

/** What {@link openValue} returns. The caller zeroes `plaintext` once written. */
export interface OpenedValue {
  readonly plaintext: Uint8Array;
  readonly format: ValueFormat;
  readonly keyId: string | undefined;
  readonly context: Readonly<Record<string, string>>;
  /** Never a value or key material. */
  readonly warnings: readonly string[];
  /** Legacy only: the openssl password problem, if any. */
  readonly legacyPassword?: 'shortened' | 'empty' | undefined;
}

/** The keys an open may use: providers to try, and the allow-list (undefined: any key). */
export interface OpenKeys {
  readonly providers: readonly KeyProvider[];
  /** KMS discovery; `clear()` it once done, to zero the data keys it keeps for deduplication. */
  readonly kms: KmsKeyProvider;
  readonly allowedKeyIds: readonly string[] | undefined;
}

/**
 * Parses `--legacy-kdf`: `auto`, `sha256`, `md5`, `pbkdf2` (10,000 iterations, openssl's default)
 * or `pbkdf2:ITER`.
 *
 * @example
 * ```ts
 * parseLegacyKdf('pbkdf2:100000'); // { pbkdf2: 100000 }
 * ```
 */
export function parseLegacyKdf(text: string | undefined): LegacyKdf {
  if (text === undefined || text === 'auto') return 'auto';
  if (text === 'sha256' || text === 'md5') return text;
  const match = /^pbkdf2(?::([1-9][0-9]{0,8}))?$/.exec(text);
  if (match) return { pbkdf2: match[1] === undefined ? 10_000 : Number(match[1]) };
  throw new UsageError('--legacy-kdf expects auto, sha256, md5, pbkdf2 or pbkdf2:ITER');
}

/** `--legacy` and `--accept-weak-legacy` (the action's `legacy-envelopes` and `accept-weak-legacy`). */
export interface LegacyPolicy {
  readonly mode: LegacyMode;
  /** Secret ids whose weak legacy envelope is accepted. */
  readonly acceptWeak: readonly string[];
}

/** The options pull and run declare for {@link parseLegacyPolicy}. */
export const LEGACY_POLICY_OPTIONS = {
  legacy: { type: 'string' },
  'accept-weak-legacy': { type: 'string', multiple: true },
} as const;

/** Help lines for {@link LEGACY_POLICY_OPTIONS}. */
export const LEGACY_POLICY_HELP = `  --legacy MODE              legacy envelopes: auto (default: refused under --require-context),
                             allow (opened even then) or deny
  --accept-weak-legacy ID    open this secret's legacy envelope although its openssl password is
                             under 80 bits (refused by default: ERR_LEGACY_WEAK) (repeatable)`;

/**
 * Parses `--legacy` (auto, allow, deny) and `--accept-weak-legacy` (repeatable).
 *
 * @example
 * ```ts
 * parseLegacyPolicy('allow', ['prod/db']); // { mode: 'allow', acceptWeak: ['prod/db'] }
 * ```
 */
export function parseLegacyPolicy(mode: string | undefined, acceptWeak: readonly string[]): LegacyPolicy {
  if (mode !== undefined && mode !== 'auto' && mode !== 'allow' && mode !== 'deny') {
    throw new UsageError('--legacy expects auto, allow or deny');
  }
  return { mode: mode ?? 'auto', acceptWeak };
}

/** The option pull and run declare for {@link parsePlaintextMode} (the action's `plaintext-secrets`). */
export const PLAINTEXT_OPTION = { plaintext: { type: 'string' } } as const;

/** Help lines for {@link PLAINTEXT_OPTION}. */
export const PLAINTEXT_HELP = `  --plaintext MODE           a secret that is no envelope: allow (default: passed through, but
                             refused under --require-context: ERR_CONTEXT_MISMATCH) or deny
                             (ERR_PLAINTEXT_REFUSED); --key alone does not refuse it`;

/**
 * Parses `--plaintext` (allow, deny), the action's `plaintext-secrets`.
 *
 * @example
 * ```ts
 * parsePlaintextMode('deny'); // 'deny'
 * ```
 */
export function parsePlaintextMode(text: string | undefined): PlaintextMode {
  if (text === undefined || text === 'allow' || text === 'deny') return text ?? 'allow';
  throw new UsageError('--plaintext expects allow or deny');
}

/**
 * Builds the providers and allow-list of an open from `--key` specs. Without any `--key`, every
 * KMS key the credentials may use is allowed (KMS discovery). Aliases are resolved to key ARNs,
 * which is what KMS Decrypt answers with.
 *
 * @example
 * ```ts
 * const keys = await openKeys(['alias/prod', 'local:kek.bin'], factory);
 * ```
 */
export async function openKeys(specs: readonly string[], factory: AwsClientFactory): Promise<OpenKeys> {
  const parsed: KeySpec[] = specs.map(parseKeySpec);
  const providers: KeyProvider[] = [];
  const allowed: string[] = [];
  const kmsIds: string[] = [];
  for (const spec of parsed) {
    if (spec.kind === 'aws-kms') {
      kmsIds.push(spec.keyId);
      continue;
    }
    const provider = providerFor(spec, factory);
    providers.push(provider);
    if (provider.keyId !== undefined) allowed.push(provider.keyId);
  }
  if (kmsIds.length > 0) {
    const aliases = kmsIds.filter(isKmsAlias);
    // An alias that does not resolve is about the key, not the secret or file being opened.
    const resolved =
      aliases.length === 0
        ? []
        : await resolveKeyIds(factory, aliases).catch((error: unknown) => {
            throw markSubjectKind(error, 'key');
          });
    allowed.push(...kmsIds.filter((id) => !isKmsAlias(id)), ...resolved);
  }
  const allowedKeyIds = parsed.length === 0 ? undefined : [...new Set(allowed)];
  const kms = KmsKeyProvider.discovery(
    factory,
    allowedKeyIds === undefined ? undefined : { allowedKeyIds: [...allowedKeyIds] },
  );
  providers.push(kms);
  return { providers, kms, allowedKeyIds };
}

/** Options of {@link openValue}. */
export interface OpenValueOptions {
  readonly keys: OpenKeys;
  /** Pairs every v1 envelope must carry (`--require-context`). */
  readonly requireContext: EncryptionContext;
  readonly legacyKdf: LegacyKdf;
  /** The secret id or file path, for errors. */
  readonly subject: string;
  /** When the value comes from a secret: its name, which an envelope's `ctx.secret` must equal. */
  readonly secretName?: string | undefined;
  /**
   * For a secret's value (pull, run): the `--plaintext` mode under which a value that is no envelope
   * passes envelope-core's `plainVerdict`, the action's rule. Unset (open, files): it is refused.
   */
  readonly plaintext?: PlaintextMode | undefined;
  /**
   * When set (pull, run), a legacy envelope passes the action's legacy rule (envelope-core
   * `legacyVerdict`); unset (open, migrate: how users get off legacy), it opens with warnings.
   */
  readonly legacy?: LegacyPolicy | undefined;
}

/**
 * Opens one value (v1, legacy or plain).
 *
 * @example
 * ```ts
 * const opened = await openValue(text, { keys, requireContext: {}, legacyKdf: 'auto', subject: 'prod/db', secretName: 'prod/db' });
 * try { await writeOutput(undefined, opened.plaintext); } finally { opened.plaintext.fill(0); }
 * ```
 */
export async function openValue(text: string, options: OpenValueOptions): Promise<OpenedValue> {
  const { keys, requireContext, legacyKdf, subject, secretName } = options;
  const format = detectFormat(text);
  if (format === 'plain') {
    if (options.plaintext === undefined) {
      throw new CliError('ERR_NOT_ENVELOPE', 'input is neither a v1 nor a legacy envelope', { subject });
    }
    const verdict = plainVerdict({
      mode: options.plaintext,
      requireContext: Object.keys(requireContext).length > 0,
    });
    if (!verdict.ok) {
      throw verdict.reason === 'denied'
        ? new PlaintextRefusedError('secret is not an envelope, and --plaintext is deny', { subject })
        : new ContextMismatchError(
            `secret is not an envelope: a plain value carries no context, and --require-context asks for ${Object.keys(requireContext).join(', ')}`,
            { subject },
          );
    }
    return {
      plaintext: new Uint8Array(Buffer.from(text, 'utf8')),
      format,
      keyId: undefined,
      context: {},
      warnings: ['value is not an envelope; passed through unchanged'],
    };
  }
  if (format === 'legacy') {
    const opened = await openLegacy(text, { provider: keys.kms, kdf: legacyKdf, subject }).catch(
      (error: unknown) => {
        throw legacyKdfHint(error, legacyKdf);
      },
    );
    if (keys.allowedKeyIds !== undefined && !keys.allowedKeyIds.includes(opened.keyId)) {
      opened.plaintext.fill(0);
      throw new KeyNotAllowedError(
        `the legacy envelope's key ${opened.keyId} is not among the --key keys (${keys.allowedKeyIds.join(', ')})`,
        { subject },
      );
    }
    if (options.legacy !== undefined) {
      const verdict = legacyVerdict({
        passwordLength: opened.passwordLength,
        requireContext: Object.keys(requireContext).length > 0,
        mode: options.legacy.mode,
        acceptWeak: options.legacy.acceptWeak.includes(subject),
      });
      if (!verdict.ok) {
        opened.plaintext.fill(0);
        const migrate = `re-seal it: ${commandHint('legacy-refused-migrate', ['migrate', subject, '--key', 'KEY'])}`;
        // Never the password length itself: where it stops tells which data key byte is 0x00/0x0A.
        const message =
          verdict.reason === 'denied'
            ? `legacy envelopes are refused (--legacy deny); ${migrate}`
            : verdict.reason === 'context'
              ? `a legacy envelope carries no context, and --require-context is set; ${migrate} (or open it anyway: ${retryHint('legacy-refused-allow', { drop: ['--legacy'], add: ['--legacy', 'allow'] })})`
              : `legacy envelope's openssl password is ${verdict.reason === 'empty' ? 'empty' : 'under 80 bits'}: ` +
                `anyone who can write the secret can forge it; ${migrate} (or accept it: ${retryHint('legacy-refused-accept-weak', { add: ['--accept-weak-legacy', subject] })})`;
        throw new CliError(verdict.code, message, { subject });
      }
    }
    const warnings: string[] = [];
    // Never say more than this: where the password stopped reveals bytes of the data key.
    const legacyPassword = opened.passwordEmpty
      ? 'empty'
      : opened.passwordShortened
        ? 'shortened'
        : undefined;
    if (legacyPassword === 'empty')
      warnings.push('legacy envelope: empty openssl password (effectively unencrypted)');
    if (legacyPassword === 'shortened') warnings.push('legacy envelope: openssl password was shortened');
    // A secret is migrated in place; a file (open --in F) to a v1 envelope on stdout or --out.
    const migrate =
      secretName !== undefined
        ? commandHint('legacy-migrate-secret', ['migrate', subject, '--key', 'KEY'])
        : commandHint('legacy-migrate-file', [
            'migrate',
            '--in',
            subject === 'stdin' ? 'FILE' : subject,
            '--key',
            'KEY',
            '--out',
            'NEW_FILE',
          ]);
    warnings.push(`legacy envelope: re-seal it with: ${migrate}`);
    return {
      plaintext: opened.plaintext,
      format,
      keyId: opened.keyId,
      context: {},
      warnings,
      legacyPassword,
    };
  }
  const header = await about(subject, () => inspect(text));
  const required: Record<string, string> = { ...requireContext };
  const bound = header.context.secret;
  if (secretName !== undefined && bound !== undefined) {
    // An envelope copied into another secret does not open there (DESIGN.md, v1 format).
    if (bound !== secretName) {
      throw new ContextMismatchError(`envelope is bound to secret=${bound}, fetched from ${secretName}`, {
        subject,
      });
    }
    required.secret = bound;
  }
  const opened = await open(text, {
    providers: keys.providers,
    requiredContext: required,
    ...(keys.allowedKeyIds === undefined ? {} : { allowedKeyIds: keys.allowedKeyIds }),
    subject,
  }).catch((error: unknown) => {
    throw noUsableKeyHint(error, header.keys, keys.allowedKeyIds);
  });
  return { plaintext: opened.plaintext, format, keyId: opened.keyId, context: opened.context, warnings: [] };
}

/**
 * A legacy envelope that no `auto` derivation opens was perhaps made with `openssl enc -pbkdf2`,
 * which `auto` does not try (DESIGN.md: only on request): say how to ask. The hint is the same for
 * every failure under `auto`, so it tells nothing about the data key that `decryption failed` does
 * not; and whoever sees it has just had KMS decrypt that key for them.
 */
function legacyKdfHint(error: unknown, kdf: LegacyKdf): unknown {
  if (kdf !== 'auto' || !isEnvelopeKitError(error, 'ERR_DECRYPTION_FAILED')) return error;
  const retry = retryHint('legacy-pbkdf2', { drop: ['--legacy-kdf'], add: ['--legacy-kdf', 'pbkdf2'] });
  return new EnvelopeKitError(
    'ERR_DECRYPTION_FAILED',
    `${error.message} with openssl's EVP_BytesToKey (SHA-256, MD5); if the secret was made with openssl enc -pbkdf2, try: ${retry} (-iter N: --legacy-kdf pbkdf2:N)`,
    { cause: error, ...(error.subject === undefined ? {} : { subject: error.subject }) },
  );
}

/** The `--key` that supplies the key of an envelope entry no provider handled. */
function keyOptionFor(entry: { readonly provider: string; readonly keyId: string }): string {
  switch (entry.provider) {
    case 'local':
      return 'local:FILE';
    case 'rsa':
      return 'rsa-private:FILE.pem';
    case 'aws-kms-rsa':
      return `aws-kms-rsa:${entry.keyId}`;
    default:
      return entry.keyId;
  }
}

/**
 * ERR_NO_USABLE_KEY: none of the envelope's (allowed) keys has a provider, because its key is
 * local or RSA and no `--key` supplied it. Name each such key and the command that supplies it.
 */
function noUsableKeyHint(
  error: unknown,
  entries: readonly { readonly provider: string; readonly keyId: string }[],
  allowed: readonly string[] | undefined,
): unknown {
  if (!isEnvelopeKitError(error, 'ERR_NO_USABLE_KEY')) return error;
  const candidates = entries
    .filter((entry) => allowed === undefined || allowed.includes(entry.keyId))
    .slice(0, 3);
  const runs = candidates.map(
    (entry) => `${retryHint('no-usable-key', { add: ['--key', keyOptionFor(entry)] })} (key ${entry.keyId})`,
  );
  return new EnvelopeKitError(
    'ERR_NO_USABLE_KEY',
    `${error.message}; supply its key: ${runs.join(', or ')}`,
    { cause: error, ...(error.subject === undefined ? {} : { subject: error.subject }) },
  );
}
