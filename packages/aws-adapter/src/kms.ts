/**
 * The `aws-kms` key provider: the data key K is generated or wrapped by a symmetric KMS key with the
 * envelope's context as KMS EncryptionContext, unwrapped with Decrypt, and rewrapped with ReEncrypt
 * so that K never leaves KMS. Identical Decrypt calls made through one provider share one answer.
 */
import {
  DecryptCommand,
  type DecryptCommandInput,
  type DecryptCommandOutput,
  EncryptCommand,
  GenerateDataKeyCommand,
  type KMSClient,
  ReEncryptCommand,
  type ReEncryptCommandOutput,
} from '@aws-sdk/client-kms';
import {
  DecryptionFailedError,
  type EncryptionContext,
  type EnvelopeKitError,
  type GeneratedDataKey,
  InvalidArgumentError,
  KeyNotAllowedError,
  type KeyProvider,
  KeyProviderError,
  type UnwrappedDataKey,
  type WrappedDataKey,
} from '@envelope-kit/envelope-core';
import type { AwsClientFactory } from './clients.js';
import { DeadlineError, KeyIdMismatchError, toAwsError } from './errors.js';
import { isKmsAlias, isKmsKeyArn, sameKmsKey } from './key-ids.js';

/** Provider name written as `p` in envelopes. */
export const KMS_PROVIDER = 'aws-kms';

/** Options of {@link KmsKeyProvider.discovery}. */
export interface KmsDiscoveryOptions {
  /**
   * Key ARNs (or bare key ids) this provider may unwrap with; others are not handled (and for a legacy
   * envelope, whose key is only known after Decrypt, refused with ERR_KEY_NOT_ALLOWED). Resolve
   * aliases first with `resolveKeyIds`. Absent: any key the credentials can use.
   */
  allowedKeyIds?: readonly string[];
}

/** Options of the {@link KmsKeyProvider} constructor and of {@link KmsKeyProvider.discovery}. */
export interface KmsKeyProviderOptions {
  /**
   * Keep each unwrapped data key (one copy) until `clear()`, so identical wrapped keys opened later in
   * the batch cost no KMS call (default true). False: share only calls in flight, keep nothing.
   */
  keepDataKeys?: boolean;
  /**
   * How long one Decrypt may take, in ms, from the moment it gets its concurrency slot (see
   * AwsClientFactory's limiter) to its answer, every retry and backoff included (default
   * {@link DEFAULT_KMS_CALL_TIMEOUT_MS}). Time spent queued for a slot does not count: it measures
   * the provider, not the size of the batch. Past it the call is aborted and fails with
   * ERR_DEADLINE, and `open` goes on with the envelope's next entry. An envelope's `keys` list is
   * not authenticated, so this bounds what a planted entry (a bogus or blackholed region) can cost:
   * at most `maxKeys` (default 10) deadlines of provider time per envelope.
   */
  callTimeoutMs?: number;
}

/**
 * The default per-call deadline of a KMS Decrypt ({@link KmsKeyProviderOptions.callTimeoutMs}),
 * counted from the call's concurrency slot: it must let a call that KMS would answer finish its
 * retries. With BURST_RETRY_OPTIONS (10 attempts, waits capped at 2 s) the waits of a call that
 * keeps being throttled add up to about 13 s, and each attempt that gets no answer costs the
 * request timeout (10 s). 30 s was measured too short: with the machine loaded, the seeded
 * 100-envelope fault run (packages/reliability/test/faults.test.ts) had 18 Decrypts still retrying
 * in their slot at 30 s against a starved moto. So 60 s. One envelope then costs at most 10 entries
 * x 60 s = 600 s of KMS calls (a planted `keys` list in blackholed regions; `allowed-key-ids` makes
 * them free), on top of any time its calls wait for a slot behind other calls, each bounded alike.
 *
 * @example
 * ```ts
 * new KmsKeyProvider(factory, keyArn, { callTimeoutMs: 2 * DEFAULT_KMS_CALL_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_KMS_CALL_TIMEOUT_MS = 60_000;

/** Validates a `callTimeoutMs` option. Internal, shared with the RSA provider. */
export function checkCallTimeout(callTimeoutMs: number | undefined): number {
  const timeout = callTimeoutMs ?? DEFAULT_KMS_CALL_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeout) || timeout < 1) {
    throw new InvalidArgumentError(`callTimeoutMs must be a positive integer, got ${timeout}`);
  }
  return timeout;
}

const inRegion = (region: string | undefined) => (region === undefined ? '' : ` in ${region}`);

/**
 * Sends one KMS Decrypt under a per-call deadline that starts when the call gets its concurrency
 * slot: a middleware of this command, after the factory's limiter (initialize step, high priority)
 * and before the retries, starts the clock. Past `timeoutMs` the call is aborted (its socket closed,
 * no further retry) and this rejects with ERR_DEADLINE about `subject`, whatever the SDK is doing.
 * Time spent queued for a slot does not count: behind a small limit, a batch of calls that each
 * answer quickly never times out, while a call that stalls once it is sent still does. Internal,
 * shared with the RSA provider.
 *
 * @example
 * ```ts
 * await decryptWithDeadline(client, { KeyId: keyArn, CiphertextBlob }, { timeoutMs: 60_000, what: 'KMS Decrypt', subject: keyArn });
 * ```
 */
export async function decryptWithDeadline(
  client: KMSClient,
  input: DecryptCommandInput,
  deadline: { readonly timeoutMs: number; readonly what: string; readonly subject: string },
): Promise<DecryptCommandOutput> {
  const { timeoutMs, what, subject } = deadline;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let expire: (error: DeadlineError) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  const startClock = () => {
    // Once per call: the retries run further down the stack, under the same clock.
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      expire(
        new DeadlineError(`${what} had no answer within ${timeoutMs} ms (the per-call deadline)`, {
          subject,
        }),
      );
      controller.abort();
    }, timeoutMs);
  };
  const command = new DecryptCommand(input);
  command.middlewareStack.add(
    (next) => (args) => {
      startClock();
      return next(args);
    },
    { step: 'initialize', priority: 'low', name: 'envelopeKitDeadlineClock' },
  );
  // A real promise whatever `send` is (a stubbed client may throw or return a bare value).
  const running = (async () => client.send(command, { abortSignal: controller.signal }))();
  // After the deadline the aborted call's own rejection has no reader.
  running.catch(() => {});
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** AWS errors that mean "this key or this context does not open this ciphertext". */
const AUTHENTICATION_FAILURES = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

/**
 * Maps an error of a KMS decrypting call: a wrong key or context becomes DecryptionFailedError (so
 * `open` goes on with the envelope's next key); anything else a typed aws-adapter error about `keyId` (a DeadlineError passes through).
 * Internal, shared with the RSA provider.
 *
 * @example
 * ```ts
 * try { await client.send(new DecryptCommand(input)) } catch (e) { throw kmsDecryptError(e, keyArn) }
 * ```
 */
export function kmsDecryptError(error: unknown, keyId: string): EnvelopeKitError {
  if (error instanceof DeadlineError) return error;
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && AUTHENTICATION_FAILURES.has(name)) {
    return new DecryptionFailedError({ subject: keyId, cause: error });
  }
  return toAwsError(error, keyId);
}

/**
 * The key id KMS reported, checked against the one the entry records (`''`: any). Internal, shared
 * with the RSA provider.
 *
 * @throws KeyIdMismatchError (ERR_KEY_ID_MISMATCH) when KMS names another key or none.
 *
 * @example
 * ```ts
 * const keyId = checkReturnedKeyId(out.KeyId, wrapped.keyId);
 * ```
 */
export function checkReturnedKeyId(returned: string | undefined, expected: string): string {
  if (returned === undefined || returned === '') {
    throw new KeyIdMismatchError(`KMS answered without a KeyId for ${expected}`, { subject: expected });
  }
  if (expected !== '' && !sameKmsKey(returned, expected)) {
    throw new KeyIdMismatchError(`KMS decrypted with ${returned}, not ${expected}`, { subject: expected });
  }
  return returned;
}

/** An order-independent text form of a context, for cache keys. */
function contextKey(ctx: EncryptionContext): string {
  return JSON.stringify(Object.entries(ctx).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface CachedKey {
  /** The provider's own copy of K; handed out only as copies, zeroed by clear(). */
  dataKey: Uint8Array;
  keyId: string;
}

/** A Decrypt call in flight and how many callers still have to copy its answer. */
interface InFlight {
  promise: Promise<CachedKey>;
  waiters: number;
}

/**
 * AWS KMS key provider (`aws-kms`) for one symmetric key, or in discovery mode for any key.
 *
 * - seal: GenerateDataKey (AES_256) for the first key, Encrypt for the others, with the envelope's
 *   context as EncryptionContext; the entry records the key ARN KMS returns (never an alias).
 * - open: Decrypt with KeyId and EncryptionContext; the KeyId KMS answers must be the entry's
 *   (else ERR_KEY_ID_MISMATCH). A wrong key or context is ERR_DECRYPTION_FAILED, so `open` tries
 *   the next entry.
 * - rewrap: ReEncrypt from another `aws-kms` entry in the same region, K never leaves KMS.
 * - legacy (entry id `''`, used by `openLegacy`): Decrypt without context; a discovery provider sends
 *   no KeyId (the recipe's CiphertextBlob names its key) and applies `allowedKeyIds` to the answer.
 *
 * Dedupe: identical Decrypt calls (same key, wrapped key and context) through one provider instance
 * go to KMS once: concurrent callers share the in-flight call and later callers the kept answer. Each
 * caller receives its own copy of K (and may zero it). The provider keeps one copy of each data key
 * it unwrapped until {@link KmsKeyProvider.clear} zeroes them: create one provider per run (one
 * batch of secrets) and call `clear()` when the batch is done. Pass `{ keepDataKeys: false }` to
 * share only in-flight calls and keep nothing (a batch opened with bounded concurrency then may
 * decrypt the same wrapped key more than once).
 *
 * @example
 * ```ts
 * const factory = new AwsClientFactory({ region: 'eu-west-1' });
 * const main = new KmsKeyProvider(factory, 'alias/prod-secrets');
 * const breakGlass = new KmsKeyProvider(factory, 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
 * const text = await seal('s3cr3t', { providers: [main, breakGlass], context: { secret: 'prod/db' } });
 * const { plaintext } = await open(text, { providers: [main] });
 * main.clear();
 * ```
 */
export class KmsKeyProvider implements KeyProvider {
  readonly provider = KMS_PROVIDER;
  /** The key this provider wraps with (alias, key id or ARN); `undefined` in discovery mode. */
  readonly keyId: string | undefined;
  readonly #factory: AwsClientFactory;
  readonly #allowed: readonly string[] | undefined;
  readonly #keepDataKeys: boolean;
  readonly #callTimeoutMs: number;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #kept = new Map<string, CachedKey>();

  /**
   * @param factory where KMS clients come from (region from a key ARN or alias ARN, else its default).
   * @param keyId an alias (`alias/x`), alias ARN, key id or key ARN.
   * @param options.keepDataKeys keep unwrapped data keys until `clear()` (default true), see above.
   */
  constructor(factory: AwsClientFactory, keyId: string, options: KmsKeyProviderOptions = {}) {
    // Set by discovery() just before it constructs (synchronously), so no caller can reach it.
    const discovery = KmsKeyProvider.#discovering;
    KmsKeyProvider.#discovering = undefined;
    if (discovery === undefined && (typeof keyId !== 'string' || keyId === '')) {
      throw new InvalidArgumentError('KMS key id must be a non-empty string (alias, key id or ARN)');
    }
    this.#factory = factory;
    this.keyId = discovery === undefined ? keyId : undefined;
    this.#allowed = discovery?.allowedKeyIds === undefined ? undefined : [...discovery.allowedKeyIds];
    this.#keepDataKeys = options.keepDataKeys ?? true;
    this.#callTimeoutMs = checkCallTimeout(options.callTimeoutMs);
  }

  static #discovering: KmsDiscoveryOptions | undefined;

  /**
   * A provider that unwraps any `aws-kms` entry (or only those of `allowedKeyIds`) with the key the
   * entry names, in the entry's region. It cannot wrap (`keyId` is `undefined`).
   *
   * @example
   * ```ts
   * const allowed = await resolveKeyIds(factory, ['alias/prod-secrets']);
   * const kms = KmsKeyProvider.discovery(factory, { allowedKeyIds: allowed });
   * const { plaintext, keyId } = await open(text, { providers: [kms], allowedKeyIds: allowed });
   * ```
   */
  static discovery(
    factory: AwsClientFactory,
    options: KmsDiscoveryOptions & KmsKeyProviderOptions = {},
  ): KmsKeyProvider {
    KmsKeyProvider.#discovering = options;
    return new KmsKeyProvider(factory, '', options);
  }

  /** Whether this provider tries the entry: its own key (aliases: any key of their region), or for discovery any allowed key. */
  handles(wrapped: Pick<WrappedDataKey, 'provider' | 'keyId'>): boolean {
    if (wrapped.provider !== KMS_PROVIDER) return false;
    if (wrapped.keyId === '') return true; // legacy: the key is known only after Decrypt
    if (this.keyId === undefined) return this.#isAllowed(wrapped.keyId);
    if (isKmsAlias(this.keyId)) {
      // Which key an alias names is known to KMS only; Decrypt with the alias as KeyId refuses others.
      const own = this.#regionOfKey(this.keyId);
      const theirs = this.#regionOfKey(wrapped.keyId);
      return own === undefined || theirs === undefined || own === theirs;
    }
    return isKmsKeyArn(this.keyId) ? wrapped.keyId === this.keyId : sameKmsKey(wrapped.keyId, this.keyId);
  }

  /** Generates K with GenerateDataKey (AES_256) bound to `context`; the caller zeroes `dataKey`. */
  async generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey> {
    const keyId = this.#wrappingKey();
    try {
      const out = await this.#client(keyId).send(
        new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
      );
      if (out.Plaintext === undefined || out.CiphertextBlob === undefined || !out.KeyId) {
        throw new KeyProviderError(`GenerateDataKey with ${keyId} answered without key, blob or KeyId`, {
          subject: keyId,
        });
      }
      return {
        dataKey: out.Plaintext,
        wrapped: { provider: KMS_PROVIDER, keyId: out.KeyId, encryptedKey: out.CiphertextBlob },
      };
    } catch (error) {
      throw toAwsError(error, keyId);
    }
  }

  /** Wraps K with Encrypt bound to `context`. Does not keep or zero `dataKey`. */
  async wrapDataKey(dataKey: Uint8Array, context: EncryptionContext): Promise<WrappedDataKey> {
    const keyId = this.#wrappingKey();
    if (!(dataKey instanceof Uint8Array) || dataKey.length !== 32) {
      throw new InvalidArgumentError(
        `expected 32-byte data key, got ${dataKey instanceof Uint8Array ? dataKey.length : typeof dataKey}`,
      );
    }
    try {
      const out = await this.#client(keyId).send(
        new EncryptCommand({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: { ...context } }),
      );
      if (out.CiphertextBlob === undefined || !out.KeyId) {
        throw new KeyProviderError(`Encrypt with ${keyId} answered without blob or KeyId`, {
          subject: keyId,
        });
      }
      return { provider: KMS_PROVIDER, keyId: out.KeyId, encryptedKey: out.CiphertextBlob };
    } catch (error) {
      throw toAwsError(error, keyId);
    }
  }

  /**
   * Unwraps with Decrypt(KeyId, EncryptionContext). Returns a fresh copy of K (the caller zeroes it)
   * and the key ARN KMS reported.
   */
  async unwrapDataKey(wrapped: WrappedDataKey, context: EncryptionContext): Promise<UnwrappedDataKey> {
    if (!this.handles(wrapped)) {
      throw new KeyNotAllowedError(`${this.keyId ?? 'KMS discovery'} does not unwrap ${wrapped.keyId}`, {
        subject: wrapped.keyId,
      });
    }
    const legacy = wrapped.keyId === '';
    // Ask KMS for this provider's own key when it has one (KMS then refuses another key's blob); a
    // discovery provider asks for the entry's key, and for a legacy blob for no key at all (the
    // recipe's CiphertextBlob names its key).
    const askedKeyId = this.keyId ?? (legacy ? undefined : wrapped.keyId);
    // The id the answer must carry: the entry's, or for a legacy blob this provider's key when it is
    // no alias ('' accepts any; an alias is enforced by KMS itself, as it was the KeyId asked for).
    const expected = legacy
      ? this.keyId !== undefined && !isKmsAlias(this.keyId)
        ? this.keyId
        : ''
      : wrapped.keyId;
    const region = this.#factory.regionOf(askedKeyId ?? '') ?? this.#factory.regionOf(wrapped.keyId);
    const input: DecryptCommandInput = {
      CiphertextBlob: wrapped.encryptedKey,
      ...(askedKeyId === undefined ? {} : { KeyId: askedKeyId }),
      // The recipe calls generate-data-key without a context, so its blob opens only without one.
      ...(Object.keys(context).length === 0 ? {} : { EncryptionContext: { ...context } }),
    };
    const subject = legacy ? (askedKeyId ?? 'legacy data key') : wrapped.keyId;
    const cacheKey = [
      region ?? '',
      askedKeyId ?? '',
      expected,
      Buffer.from(wrapped.encryptedKey).toString('base64'),
      contextKey(context),
    ].join('\n');

    const answer = await this.#decryptOnce(cacheKey, () => this.#decrypt(region, input, expected, subject));
    if (this.keyId === undefined && !this.#isAllowed(answer.keyId)) {
      answer.dataKey.fill(0);
      // A key this provider may not use is not kept either (only a legacy blob gets here).
      this.#kept.get(cacheKey)?.dataKey.fill(0);
      this.#kept.delete(cacheKey);
      throw new KeyNotAllowedError(`data key was unwrapped by ${answer.keyId}, which is not allowed`, {
        subject: answer.keyId,
      });
    }
    return answer;
  }

  /**
   * Wraps the K held by another `aws-kms` entry under this provider's key with ReEncrypt (K never
   * leaves KMS). Returns `undefined` when that is impossible (another provider, a legacy entry, a key
   * in another region), and `rewrap` then falls back to unwrap + wrap.
   */
  async rewrapDataKey(
    wrapped: WrappedDataKey,
    context: EncryptionContext,
  ): Promise<WrappedDataKey | undefined> {
    const keyId = this.#wrappingKey();
    if (wrapped.provider !== KMS_PROVIDER || wrapped.keyId === '') return undefined;
    // KMS keys are regional: ReEncrypt cannot read a blob of another region's key.
    const region = this.#factory.regionOf(keyId) ?? this.#factory.region;
    if ((this.#factory.regionOf(wrapped.keyId) ?? this.#factory.region) !== region) return undefined;
    const ctx = Object.keys(context).length === 0 ? undefined : { ...context };
    let out: ReEncryptCommandOutput;
    try {
      out = await this.#factory.kms(region).send(
        new ReEncryptCommand({
          CiphertextBlob: wrapped.encryptedKey,
          SourceKeyId: wrapped.keyId,
          DestinationKeyId: keyId,
          ...(ctx === undefined ? {} : { SourceEncryptionContext: ctx, DestinationEncryptionContext: ctx }),
        }),
      );
    } catch (error) {
      throw kmsDecryptError(error, wrapped.keyId);
    }
    if (out.SourceKeyId !== undefined) checkReturnedKeyId(out.SourceKeyId, wrapped.keyId);
    if (out.CiphertextBlob === undefined || !out.KeyId) {
      throw new KeyProviderError(`ReEncrypt to ${keyId} answered without blob or KeyId`, { subject: keyId });
    }
    return { provider: KMS_PROVIDER, keyId: out.KeyId, encryptedKey: out.CiphertextBlob };
  }

  /** Zeroes and forgets every data key this provider kept for dedupe. Call it when the batch is done. */
  clear(): void {
    for (const entry of this.#kept.values()) entry.dataKey.fill(0);
    this.#kept.clear();
  }

  /**
   * Runs `decrypt` once per cache key and hands every caller its own copy of K. The shared copy is
   * kept (until clear()) or, with keepDataKeys false, zeroed when the last waiting caller has copied it.
   */
  async #decryptOnce(cacheKey: string, decrypt: () => Promise<CachedKey>): Promise<CachedKey> {
    const kept = this.#kept.get(cacheKey);
    if (kept !== undefined) return { dataKey: Uint8Array.from(kept.dataKey), keyId: kept.keyId };
    let flight = this.#inFlight.get(cacheKey);
    if (flight === undefined) {
      const started: InFlight = { promise: decrypt(), waiters: 0 };
      flight = started;
      this.#inFlight.set(cacheKey, started);
      // Settled calls leave the in-flight map at once; errors are not remembered, so a later call
      // (after a throttle, say) asks KMS again.
      started.promise.then(
        (answer) => {
          this.#inFlight.delete(cacheKey);
          if (this.#keepDataKeys) this.#kept.set(cacheKey, answer);
        },
        () => this.#inFlight.delete(cacheKey),
      );
    }
    flight.waiters++;
    let shared: CachedKey | undefined;
    try {
      shared = await flight.promise;
      return { dataKey: Uint8Array.from(shared.dataKey), keyId: shared.keyId };
    } finally {
      flight.waiters--;
      if (shared !== undefined && flight.waiters === 0 && !this.#keepDataKeys) shared.dataKey.fill(0);
    }
  }

  async #decrypt(
    region: string | undefined,
    input: DecryptCommandInput,
    expected: string,
    subject: string,
  ): Promise<CachedKey> {
    let plaintext: Uint8Array | undefined;
    let keyId: string | undefined;
    try {
      const out = await decryptWithDeadline(this.#factory.kms(region), input, {
        timeoutMs: this.#callTimeoutMs,
        what: `KMS Decrypt${inRegion(region)}`,
        subject,
      });
      plaintext = out.Plaintext;
      keyId = out.KeyId;
    } catch (error) {
      throw kmsDecryptError(error, subject);
    }
    try {
      if (plaintext === undefined) {
        throw new KeyProviderError(`Decrypt answered without a plaintext for ${subject}`, { subject });
      }
      return { dataKey: Uint8Array.from(plaintext), keyId: checkReturnedKeyId(keyId, expected) };
    } finally {
      plaintext?.fill(0);
    }
  }

  #wrappingKey(): string {
    if (this.keyId === undefined) {
      throw new KeyProviderError('a KMS discovery provider only unwraps; give a key id to wrap');
    }
    return this.keyId;
  }

  #isAllowed(keyId: string): boolean {
    const allowed = this.#allowed;
    return allowed === undefined || allowed.some((id) => sameKmsKey(keyId, id));
  }

  #regionOfKey(keyId: string): string | undefined {
    return this.#factory.regionOf(keyId) ?? this.#factory.region;
  }

  #client(keyId: string) {
    return this.#factory.kms(this.#factory.regionOf(keyId));
  }
}
