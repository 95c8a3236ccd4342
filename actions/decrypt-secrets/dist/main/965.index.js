export const id = 965;
export const ids = [965];
export const modules = {

/***/ 1965:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createAwsDeps: () => (/* binding */ createAwsDeps)
});

// UNUSED EXPORTS: ACTION_MAX_ATTEMPTS, ACTION_MAX_BACKOFF_MS

// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-kms@3.1164.0/node_modules/@aws-sdk/client-kms/dist-cjs/index.js
var dist_cjs = __webpack_require__(1702);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-secrets-manager@3.1164.0/node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var client_secrets_manager_dist_cjs = __webpack_require__(4474);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@smithy+core@3.41.1/node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(4919);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@smithy+node-http-handler@4.14.2/node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(5830);
;// CONCATENATED MODULE: ../aws-adapter/dist/clients.js
/**
 * The one place that creates AWS SDK clients. Everything else receives an {@link AwsClientFactory}
 * and asks it for a client, so region, endpoint, retries, timeouts and user agent are set once.
 */




/**
 * The package version, sent in the user agent. A test checks it against package.json (a constant
 * rather than a JSON import keeps the action's bundle free of package.json files).
 *
 * @example
 * ```ts
 * console.log(`aws-adapter ${VERSION}`);
 * ```
 */
const VERSION = '0.1.0';
/**
 * The user agent suffix every client sends, so service logs and CloudTrail name envelope-kit.
 *
 * @example
 * ```ts
 * USER_AGENT // 'envelope-kit/0.1.0'
 * ```
 */
const USER_AGENT = `envelope-kit/${VERSION}`;
const ARN_REGION = /^arn:[^:]+:[^:]+:([^:]*):/;
/**
 * The region of an ARN (`arn:aws:secretsmanager:eu-west-1:123:secret:x` -> `eu-west-1`), or
 * `undefined` for a name, an alias or a key id.
 *
 * @example
 * ```ts
 * regionOf('arn:aws:kms:eu-west-1:111122223333:key/1234') // 'eu-west-1'
 * regionOf('prod/db')                                      // undefined
 * ```
 */
function regionOf(arnOrId) {
    const region = ARN_REGION.exec(arnOrId)?.[1];
    return region ? region : undefined;
}
/**
 * Creates and caches KMS and Secrets Manager clients, one per region.
 *
 * @example
 * ```ts
 * const factory = new AwsClientFactory({ region: 'us-east-1', maxAttempts: 8 });
 * const sm = factory.secretsManager(factory.regionOf(secretArn)); // the ARN's own region wins
 * ```
 */
class AwsClientFactory {
    /** The default region, when one was given or found in the environment. */
    region;
    #options;
    #kms = new Map();
    #secretsManager = new Map();
    constructor(options = {}) {
        this.#options = options;
        // The JS SDK reads AWS_REGION only; the aws CLI and many CI setups export AWS_DEFAULT_REGION.
        this.region = options.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;
    }
    /** See {@link regionOf}. */
    regionOf(arnOrId) {
        return regionOf(arnOrId);
    }
    /** A KMS client for `region` (default: the factory's region). */
    kms(region) {
        return this.#cached(this.#kms, region, (config) => new dist_cjs/* KMSClient */.pgq(config));
    }
    /** A Secrets Manager client for `region` (default: the factory's region). */
    secretsManager(region) {
        return this.#cached(this.#secretsManager, region, (config) => new client_secrets_manager_dist_cjs/* SecretsManagerClient */._H(config));
    }
    /** Destroys every cached client (closes their sockets). */
    destroy() {
        for (const client of [...this.#kms.values(), ...this.#secretsManager.values()])
            client.destroy();
        this.#kms.clear();
        this.#secretsManager.clear();
    }
    #cached(cache, region, create) {
        const chosen = region ?? this.region;
        // '' keys the client whose region the SDK resolves itself (profile), distinct from explicit ones.
        const key = chosen ?? '';
        let client = cache.get(key);
        if (client === undefined) {
            client = create(this.#config(chosen));
            cache.set(key, client);
        }
        return client;
    }
    #config(region) {
        const options = this.#options;
        const maxAttempts = options.maxAttempts ?? 5;
        const maxBackoffMs = options.maxBackoffMs;
        return {
            ...(region === undefined ? {} : { region }),
            ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
            ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
            retryMode: options.retryMode ?? 'adaptive',
            maxAttempts,
            ...(options.retryMode === 'standard' && maxBackoffMs !== undefined
                ? {
                    // The standard strategy (retry quota included) with the wait capped: full jitter.
                    retryStrategy: new retry.ConfiguredRetryStrategy(maxAttempts, (attempt) => Math.floor(Math.random() * Math.min(maxBackoffMs, 100 * 2 ** attempt))),
                }
                : {}),
            customUserAgent: USER_AGENT,
            requestHandler: new node_http_handler_dist_cjs.NodeHttpHandler({
                connectionTimeout: options.connectionTimeoutMs ?? 3_000,
                requestTimeout: options.requestTimeoutMs ?? 10_000,
                // Without it, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes and
                // a stalled request hangs forever.
                throwOnRequestTimeout: true,
            }),
        };
    }
}
//# sourceMappingURL=clients.js.map
// EXTERNAL MODULE: ../envelope-core/dist/errors.js
var errors = __webpack_require__(3614);
;// CONCATENATED MODULE: ../aws-adapter/dist/errors.js
/**
 * Typed errors of the AWS adapter. Each wraps the SDK error as `cause` and names the secret or key
 * in `subject`. Messages are built from the error's name and the subject only: AWS validation
 * messages can echo request fields (a SecretString, a plaintext), so the SDK's own message is never
 * copied into ours; it stays reachable through `cause` for debugging.
 */

/**
 * The secret does not exist (or has no value for the requested stage or version).
 *
 * @example
 * ```ts
 * if (result.error instanceof SecretNotFoundError) console.error(`${result.id} is missing`);
 * ```
 */
class SecretNotFoundError extends errors/* EnvelopeKitError */.Te {
    code = 'ERR_SECRET_NOT_FOUND';
    constructor(message, options) {
        super('ERR_SECRET_NOT_FOUND', message, options);
    }
}
/**
 * The secret is scheduled for deletion (DeleteSecret with a recovery window); RestoreSecret brings it back.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_SECRET_DELETED')
 * ```
 */
class SecretDeletedError extends errors/* EnvelopeKitError */.Te {
    code = 'ERR_SECRET_DELETED';
    constructor(message, options) {
        super('ERR_SECRET_DELETED', message, options);
    }
}
/**
 * IAM, a resource policy or a key policy refused the call.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_ACCESS_DENIED')
 * ```
 */
class AccessDeniedError extends errors/* EnvelopeKitError */.Te {
    code = 'ERR_ACCESS_DENIED';
    constructor(message, options) {
        super('ERR_ACCESS_DENIED', message, options);
    }
}
/**
 * The service kept throttling after every retry attempt.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_THROTTLED')
 * ```
 */
class ThrottledError extends errors/* EnvelopeKitError */.Te {
    code = 'ERR_THROTTLED';
    constructor(message, options) {
        super('ERR_THROTTLED', message, options);
    }
}
/**
 * No answer in time, or the connection dropped, on every attempt.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_TIMEOUT')
 * ```
 */
class AwsTimeoutError extends errors/* EnvelopeKitError */.Te {
    code = 'ERR_TIMEOUT';
    constructor(message, options) {
        super('ERR_TIMEOUT', message, options);
    }
}
/**
 * KMS answered a Decrypt with another KeyId than the one asked for.
 *
 * @example
 * ```ts
 * throw new KeyIdMismatchError(`KMS decrypted with ${returned}, not ${asked}`, { subject: asked });
 * ```
 */
class KeyIdMismatchError extends errors/* EnvelopeKitError */.Te {
    code = 'ERR_KEY_ID_MISMATCH';
    constructor(message, options) {
        super('ERR_KEY_ID_MISMATCH', message, options);
    }
}
/**
 * Any other AWS service or client error. The message names the SDK error and HTTP status.
 *
 * @example
 * ```ts
 * isEnvelopeKitError(e, 'ERR_AWS')
 * ```
 */
class AwsServiceError extends errors/* EnvelopeKitError */.Te {
    code = 'ERR_AWS';
    constructor(message, options) {
        super('ERR_AWS', message, options);
    }
}
const THROTTLING = new Set([
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'SlowDown',
]);
const ACCESS_DENIED = new Set([
    'AccessDeniedException',
    'AccessDenied',
    'UnauthorizedOperation',
    'Forbidden',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** AWS: "...because it was marked for deletion"; moto: "...currently marked deleted". */
const MARKED_DELETED = /marked (for )?delet/i;
/**
 * Maps an error name (`ErrorCode` of a BatchGetSecretValue entry, or an SDK error's `name`) to a
 * typed error about `subject`. The optional message is only inspected (to tell deleted secrets
 * apart), never copied.
 *
 * @example
 * ```ts
 * const err = errorFromCode('ResourceNotFoundException', 'prod/db', entry.Message, entry);
 * err.code // 'ERR_SECRET_NOT_FOUND'
 * ```
 */
function errorFromCode(name, subject, message, cause, httpStatus) {
    const options = { subject, cause };
    if (name === 'ResourceNotFoundException') {
        return new SecretNotFoundError(`${subject}: secret not found (${name})`, options);
    }
    if (name === 'InvalidRequestException' && typeof message === 'string' && MARKED_DELETED.test(message)) {
        return new SecretDeletedError(`${subject}: secret is scheduled for deletion (${name})`, options);
    }
    if (ACCESS_DENIED.has(name) || httpStatus === 403) {
        return new AccessDeniedError(`${subject}: access denied (${name})`, options);
    }
    if (THROTTLING.has(name) || httpStatus === 429) {
        return new ThrottledError(`${subject}: throttled after every retry (${name})`, options);
    }
    if (TIMEOUT_NAMES.has(name) || NETWORK_CODES.has(name)) {
        return new AwsTimeoutError(`${subject}: no answer in time (${name})`, options);
    }
    const status = httpStatus === undefined ? '' : `, HTTP ${httpStatus}`;
    return new AwsServiceError(`${subject}: AWS error ${name}${status}`, options);
}
/**
 * Wraps any error thrown by an SDK call into a typed envelope-kit error about `subject` (a secret
 * or key id). An envelope-kit error passes through (with `subject` filled in when missing).
 *
 * @example
 * ```ts
 * try { await sm.send(new GetSecretValueCommand({ SecretId: id })) }
 * catch (e) { throw toAwsError(e, id) }
 * ```
 */
function toAwsError(sdkError, subject) {
    if (sdkError instanceof errors/* EnvelopeKitError */.Te)
        return sdkError.about(subject);
    const shape = (typeof sdkError === 'object' && sdkError !== null ? sdkError : {});
    // Node network errors carry the useful part in `code` (ECONNRESET); SDK service errors in `name`.
    const code = typeof shape.code === 'string' && NETWORK_CODES.has(shape.code) ? shape.code : undefined;
    const name = code ?? (typeof shape.name === 'string' && shape.name !== 'Error' ? shape.name : 'UnknownError');
    const message = typeof shape.message === 'string' ? shape.message : undefined;
    return errorFromCode(name, subject, message, sdkError, shape.$metadata?.httpStatusCode);
}
//# sourceMappingURL=errors.js.map
;// CONCATENATED MODULE: ../aws-adapter/dist/key-ids.js
/**
 * KMS key identifiers: key ARNs, alias ARNs, alias names and bare key ids, and their resolution to
 * key ARNs. Envelopes record the key ARN that KMS returned at seal time, so allow-lists must hold
 * key ARNs too: {@link resolveKeyIds} turns the aliases a user writes into them.
 */


const KEY_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:key\/(.+)$/;
const ALIAS_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:alias\/.+$/;
/**
 * Whether `id` is a KMS key ARN (`arn:aws:kms:<region>:<account>:key/<key-id>`), not an alias.
 *
 * @example
 * ```ts
 * isKmsKeyArn('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...') // true
 * isKmsKeyArn('alias/prod')                                          // false
 * ```
 */
function isKmsKeyArn(id) {
    return KEY_ARN.test(id);
}
/**
 * Whether `id` names an alias (`alias/x` or an alias ARN), which KMS resolves to a key at call time.
 *
 * @example
 * ```ts
 * isKmsAlias('alias/prod')                                     // true
 * isKmsAlias('arn:aws:kms:us-east-1:111122223333:alias/prod')  // true
 * ```
 */
function isKmsAlias(id) {
    return id.startsWith('alias/') || ALIAS_ARN.test(id);
}
/**
 * Whether the key id KMS reported (`returned`, a key ARN) names the same key as `expected` (a key
 * ARN, or a bare key id). Aliases never match: they can be repointed, so a recorded or allowed id
 * must be a key ARN or key id.
 *
 * @example
 * ```ts
 * sameKmsKey('arn:aws:kms:us-east-1:1:key/abc', 'abc')                         // true
 * sameKmsKey('arn:aws:kms:us-east-1:1:key/abc', 'arn:aws:kms:us-east-1:1:key/abd') // false
 * ```
 */
function sameKmsKey(returned, expected) {
    if (returned === expected)
        return true;
    if (expected === '' || isKmsAlias(expected) || expected.startsWith('arn:'))
        return false;
    return KEY_ARN.exec(returned)?.[1] === expected;
}
/**
 * Resolves aliases, alias ARNs and bare key ids to key ARNs with DescribeKey (in the region of an
 * ARN, else the factory's region), in parallel and in input order. Key ARNs are returned as they are,
 * without a call. Use it to build `allowedKeyIds`, which envelope-core compares exactly.
 *
 * @throws an aws-adapter error (ERR_AWS for an unknown alias, ERR_ACCESS_DENIED...) naming the id.
 *
 * @example
 * ```ts
 * const allowed = await resolveKeyIds(factory, ['alias/prod-secrets', 'arn:aws:kms:eu-west-1:1:key/abc']);
 * await open(text, { providers: [KmsKeyProvider.discovery(factory, { allowedKeyIds: allowed })], allowedKeyIds: allowed });
 * ```
 */
async function resolveKeyIds(factory, ids) {
    return Promise.all(ids.map(async (id) => {
        if (isKmsKeyArn(id))
            return id;
        try {
            const out = await factory.kms(factory.regionOf(id)).send(new dist_cjs/* DescribeKeyCommand */.spV({ KeyId: id }));
            const arn = out.KeyMetadata?.Arn;
            if (arn === undefined)
                throw new Error('DescribeKey answered without KeyMetadata.Arn');
            return arn;
        }
        catch (error) {
            throw toAwsError(error, id);
        }
    }));
}
//# sourceMappingURL=key-ids.js.map
;// CONCATENATED MODULE: ../aws-adapter/dist/kms.js
/**
 * The `aws-kms` key provider: the data key K is generated or wrapped by a symmetric KMS key with the
 * envelope's context as KMS EncryptionContext, unwrapped with Decrypt, and rewrapped with ReEncrypt
 * so that K never leaves KMS. Identical Decrypt calls made through one provider share one answer.
 */




/** Provider name written as `p` in envelopes. */
const KMS_PROVIDER = 'aws-kms';
/** AWS errors that mean "this key or this context does not open this ciphertext". */
const AUTHENTICATION_FAILURES = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);
/**
 * Maps an error of a KMS decrypting call: a wrong key or context becomes DecryptionFailedError (so
 * `open` goes on with the envelope's next key); anything else a typed aws-adapter error about `keyId`.
 * Internal, shared with the RSA provider.
 *
 * @example
 * ```ts
 * try { await client.send(new DecryptCommand(input)) } catch (e) { throw kmsDecryptError(e, keyArn) }
 * ```
 */
function kmsDecryptError(error, keyId) {
    const name = typeof error === 'object' && error !== null ? error.name : undefined;
    if (typeof name === 'string' && AUTHENTICATION_FAILURES.has(name)) {
        return new errors/* DecryptionFailedError */.j9({ subject: keyId, cause: error });
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
function checkReturnedKeyId(returned, expected) {
    if (returned === undefined || returned === '') {
        throw new KeyIdMismatchError(`KMS answered without a KeyId for ${expected}`, { subject: expected });
    }
    if (expected !== '' && !sameKmsKey(returned, expected)) {
        throw new KeyIdMismatchError(`KMS decrypted with ${returned}, not ${expected}`, { subject: expected });
    }
    return returned;
}
/** An order-independent text form of a context, for cache keys. */
function contextKey(ctx) {
    return JSON.stringify(Object.entries(ctx).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
class KmsKeyProvider {
    provider = KMS_PROVIDER;
    /** The key this provider wraps with (alias, key id or ARN); `undefined` in discovery mode. */
    keyId;
    #factory;
    #allowed;
    #keepDataKeys;
    #inFlight = new Map();
    #kept = new Map();
    /**
     * @param factory where KMS clients come from (region from a key ARN or alias ARN, else its default).
     * @param keyId an alias (`alias/x`), alias ARN, key id or key ARN.
     * @param options.keepDataKeys keep unwrapped data keys until `clear()` (default true), see above.
     */
    constructor(factory, keyId, options = {}) {
        // Set by discovery() just before it constructs (synchronously), so no caller can reach it.
        const discovery = KmsKeyProvider.#discovering;
        KmsKeyProvider.#discovering = undefined;
        if (discovery === undefined && (typeof keyId !== 'string' || keyId === '')) {
            throw new errors/* InvalidArgumentError */.Di('KMS key id must be a non-empty string (alias, key id or ARN)');
        }
        this.#factory = factory;
        this.keyId = discovery === undefined ? keyId : undefined;
        this.#allowed = discovery?.allowedKeyIds === undefined ? undefined : [...discovery.allowedKeyIds];
        this.#keepDataKeys = options.keepDataKeys ?? true;
    }
    static #discovering;
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
    static discovery(factory, options = {}) {
        KmsKeyProvider.#discovering = options;
        return new KmsKeyProvider(factory, '', options);
    }
    /** Whether this provider tries the entry: its own key (aliases: any key of their region), or for discovery any allowed key. */
    handles(wrapped) {
        if (wrapped.provider !== KMS_PROVIDER)
            return false;
        if (wrapped.keyId === '')
            return true; // legacy: the key is known only after Decrypt
        if (this.keyId === undefined)
            return this.#isAllowed(wrapped.keyId);
        if (isKmsAlias(this.keyId)) {
            // Which key an alias names is known to KMS only; Decrypt with the alias as KeyId refuses others.
            const own = this.#regionOfKey(this.keyId);
            const theirs = this.#regionOfKey(wrapped.keyId);
            return own === undefined || theirs === undefined || own === theirs;
        }
        return isKmsKeyArn(this.keyId) ? wrapped.keyId === this.keyId : sameKmsKey(wrapped.keyId, this.keyId);
    }
    /** Generates K with GenerateDataKey (AES_256) bound to `context`; the caller zeroes `dataKey`. */
    async generateDataKey(context) {
        const keyId = this.#wrappingKey();
        try {
            const out = await this.#client(keyId).send(new dist_cjs/* GenerateDataKeyCommand */.OhQ({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
            if (out.Plaintext === undefined || out.CiphertextBlob === undefined || !out.KeyId) {
                throw new errors/* KeyProviderError */.FK(`GenerateDataKey with ${keyId} answered without key, blob or KeyId`, {
                    subject: keyId,
                });
            }
            return {
                dataKey: out.Plaintext,
                wrapped: { provider: KMS_PROVIDER, keyId: out.KeyId, encryptedKey: out.CiphertextBlob },
            };
        }
        catch (error) {
            throw toAwsError(error, keyId);
        }
    }
    /** Wraps K with Encrypt bound to `context`. Does not keep or zero `dataKey`. */
    async wrapDataKey(dataKey, context) {
        const keyId = this.#wrappingKey();
        if (!(dataKey instanceof Uint8Array) || dataKey.length !== 32) {
            throw new errors/* InvalidArgumentError */.Di(`expected 32-byte data key, got ${dataKey instanceof Uint8Array ? dataKey.length : typeof dataKey}`);
        }
        try {
            const out = await this.#client(keyId).send(new dist_cjs/* EncryptCommand */.b8v({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: { ...context } }));
            if (out.CiphertextBlob === undefined || !out.KeyId) {
                throw new errors/* KeyProviderError */.FK(`Encrypt with ${keyId} answered without blob or KeyId`, {
                    subject: keyId,
                });
            }
            return { provider: KMS_PROVIDER, keyId: out.KeyId, encryptedKey: out.CiphertextBlob };
        }
        catch (error) {
            throw toAwsError(error, keyId);
        }
    }
    /**
     * Unwraps with Decrypt(KeyId, EncryptionContext). Returns a fresh copy of K (the caller zeroes it)
     * and the key ARN KMS reported.
     */
    async unwrapDataKey(wrapped, context) {
        if (!this.handles(wrapped)) {
            throw new errors/* KeyNotAllowedError */.lL(`${this.keyId ?? 'KMS discovery'} does not unwrap ${wrapped.keyId}`, {
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
        const input = {
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
            throw new errors/* KeyNotAllowedError */.lL(`data key was unwrapped by ${answer.keyId}, which is not allowed`, {
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
    async rewrapDataKey(wrapped, context) {
        const keyId = this.#wrappingKey();
        if (wrapped.provider !== KMS_PROVIDER || wrapped.keyId === '')
            return undefined;
        // KMS keys are regional: ReEncrypt cannot read a blob of another region's key.
        const region = this.#factory.regionOf(keyId) ?? this.#factory.region;
        if ((this.#factory.regionOf(wrapped.keyId) ?? this.#factory.region) !== region)
            return undefined;
        const ctx = Object.keys(context).length === 0 ? undefined : { ...context };
        let out;
        try {
            out = await this.#factory.kms(region).send(new dist_cjs/* ReEncryptCommand */.ku1({
                CiphertextBlob: wrapped.encryptedKey,
                SourceKeyId: wrapped.keyId,
                DestinationKeyId: keyId,
                ...(ctx === undefined ? {} : { SourceEncryptionContext: ctx, DestinationEncryptionContext: ctx }),
            }));
        }
        catch (error) {
            throw kmsDecryptError(error, wrapped.keyId);
        }
        if (out.SourceKeyId !== undefined)
            checkReturnedKeyId(out.SourceKeyId, wrapped.keyId);
        if (out.CiphertextBlob === undefined || !out.KeyId) {
            throw new errors/* KeyProviderError */.FK(`ReEncrypt to ${keyId} answered without blob or KeyId`, { subject: keyId });
        }
        return { provider: KMS_PROVIDER, keyId: out.KeyId, encryptedKey: out.CiphertextBlob };
    }
    /** Zeroes and forgets every data key this provider kept for dedupe. Call it when the batch is done. */
    clear() {
        for (const entry of this.#kept.values())
            entry.dataKey.fill(0);
        this.#kept.clear();
    }
    /**
     * Runs `decrypt` once per cache key and hands every caller its own copy of K. The shared copy is
     * kept (until clear()) or, with keepDataKeys false, zeroed when the last waiting caller has copied it.
     */
    async #decryptOnce(cacheKey, decrypt) {
        const kept = this.#kept.get(cacheKey);
        if (kept !== undefined)
            return { dataKey: Uint8Array.from(kept.dataKey), keyId: kept.keyId };
        let flight = this.#inFlight.get(cacheKey);
        if (flight === undefined) {
            const started = { promise: decrypt(), waiters: 0 };
            flight = started;
            this.#inFlight.set(cacheKey, started);
            // Settled calls leave the in-flight map at once; errors are not remembered, so a later call
            // (after a throttle, say) asks KMS again.
            started.promise.then((answer) => {
                this.#inFlight.delete(cacheKey);
                if (this.#keepDataKeys)
                    this.#kept.set(cacheKey, answer);
            }, () => this.#inFlight.delete(cacheKey));
        }
        flight.waiters++;
        let shared;
        try {
            shared = await flight.promise;
            return { dataKey: Uint8Array.from(shared.dataKey), keyId: shared.keyId };
        }
        finally {
            flight.waiters--;
            if (shared !== undefined && flight.waiters === 0 && !this.#keepDataKeys)
                shared.dataKey.fill(0);
        }
    }
    async #decrypt(region, input, expected, subject) {
        let plaintext;
        let keyId;
        try {
            const out = await this.#factory.kms(region).send(new dist_cjs/* DecryptCommand */.vIm(input));
            plaintext = out.Plaintext;
            keyId = out.KeyId;
        }
        catch (error) {
            throw kmsDecryptError(error, subject);
        }
        try {
            if (plaintext === undefined) {
                throw new errors/* KeyProviderError */.FK(`Decrypt answered without a plaintext for ${subject}`, { subject });
            }
            return { dataKey: Uint8Array.from(plaintext), keyId: checkReturnedKeyId(keyId, expected) };
        }
        finally {
            plaintext?.fill(0);
        }
    }
    #wrappingKey() {
        if (this.keyId === undefined) {
            throw new errors/* KeyProviderError */.FK('a KMS discovery provider only unwraps; give a key id to wrap');
        }
        return this.keyId;
    }
    #isAllowed(keyId) {
        const allowed = this.#allowed;
        return allowed === undefined || allowed.some((id) => sameKmsKey(keyId, id));
    }
    #regionOfKey(keyId) {
        return this.#factory.regionOf(keyId) ?? this.#factory.region;
    }
    #client(keyId) {
        return this.#factory.kms(this.#factory.regionOf(keyId));
    }
}
//# sourceMappingURL=kms.js.map
;// CONCATENATED MODULE: ../aws-adapter/dist/secrets/limit.js
/**
 * A counting semaphore: at most `concurrency` tasks run at once, the rest wait in FIFO order.
 * Tasks must not wait on other tasks of the same limiter while holding a slot (that could deadlock).
 *
 * @example
 * ```ts
 * const limit = createLimiter(16);
 * const values = await Promise.all(ids.map((id) => limit(() => get(id))));
 * ```
 */
function createLimiter(concurrency) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new RangeError(`expected a concurrency of at least 1, got ${concurrency}`);
    }
    let running = 0;
    const waiting = [];
    // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
    const release = () => {
        const next = waiting.shift();
        if (next)
            next();
        else
            running--;
    };
    return async (task) => {
        if (running >= concurrency)
            await new Promise((resolve) => waiting.push(resolve));
        else
            running++;
        try {
            return await task();
        }
        finally {
            release();
        }
    };
}
//# sourceMappingURL=limit.js.map
;// CONCATENATED MODULE: ../aws-adapter/dist/secrets.js
/**
 * Reads and writes secrets in AWS Secrets Manager.
 *
 * Reading goes through BatchGetSecretValue, 20 ids a call (the API's limit), calls in parallel
 * under one concurrency bound. A role that may not call BatchGetSecretValue (AccessDeniedException)
 * falls back to one GetSecretValue per secret. Every requested id gets exactly one result, a value
 * or a typed error, so a caller can report every failure at once.
 */



/**
 * BatchGetSecretValue accepts at most 20 ids in SecretIdList.
 *
 * @example
 * ```ts
 * Math.ceil(ids.length / BATCH_SIZE) // BatchGetSecretValue calls for ids of one region
 * ```
 */
const BATCH_SIZE = 20;
/**
 * True when `id` designates the secret with this name and ARN: the name itself, the full ARN, or
 * a partial ARN (the full ARN without the `-XXXXXX` suffix Secrets Manager appends).
 */
function designates(id, name, arn) {
    if (id === name || id === arn)
        return true;
    return arn !== undefined && arn.length === id.length + 7 && arn.startsWith(`${id}-`);
}
function found(id, entry) {
    const value = entry.SecretString ?? entry.SecretBinary;
    if (value === undefined)
        return { id, error: new AwsServiceError(`${id}: the answer holds no secret value`, { subject: id }) };
    const result = { id, name: entry.Name ?? id, arn: entry.ARN ?? '', value };
    if (entry.VersionId !== undefined)
        result.versionId = entry.VersionId;
    return result;
}
function isAccessDenied(e) {
    return e?.name === 'AccessDeniedException';
}
/**
 * Fetches, lists and writes Secrets Manager secrets through clients from an {@link AwsClientFactory}.
 * An ARN is always sent to a client of its own region.
 *
 * @example
 * ```ts
 * const source = new SecretsManagerSource(new AwsClientFactory());
 * const names = (await source.listByPrefix('prod/')).map((s) => s.name);
 * for (const r of await source.fetch(['prod/db', 'arn:aws:secretsmanager:eu-west-1:1:secret:x'])) {
 *   if ('error' in r) console.error(r.id, r.error.code);
 * }
 * ```
 */
class SecretsManagerSource {
    #factory;
    #limit;
    /** Regions where BatchGetSecretValue was refused: later calls go straight to GetSecretValue. */
    #batchDenied = new Set();
    constructor(factory, options = {}) {
        this.#factory = factory;
        this.#limit = createLimiter(options.concurrency ?? 16);
    }
    #regionKey(id) {
        return this.#factory.regionOf(id) ?? this.#factory.region ?? '';
    }
    #client(id) {
        return this.#factory.secretsManager(this.#factory.regionOf(id));
    }
    /**
     * Every secret whose name starts with `prefix`, over every ListSecrets page (the official action
     * reads only the first). Secrets scheduled for deletion are left out.
     *
     * @example
     * ```ts
     * await source.listByPrefix('prod/') // [{ name: 'prod/db', arn: 'arn:aws:secretsmanager:...' }, ...]
     * ```
     */
    async listByPrefix(prefix) {
        const client = this.#factory.secretsManager();
        const secrets = [];
        let nextToken;
        do {
            let page;
            try {
                page = await this.#limit(() => client.send(new client_secrets_manager_dist_cjs/* ListSecretsCommand */.j({
                    // A leading '!' negates a ListSecrets filter value: such a prefix is filtered here only.
                    ...(prefix === '' || prefix.startsWith('!')
                        ? {}
                        : { Filters: [{ Key: 'name', Values: [prefix] }] }),
                    MaxResults: 100,
                    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
                })));
            }
            catch (e) {
                throw toAwsError(e, `${prefix}*`);
            }
            for (const secret of page.SecretList ?? []) {
                // The service's name filter also matches words inside names and ignores case: keep exact prefixes.
                if (secret.Name?.startsWith(prefix) && secret.ARN)
                    secrets.push({ name: secret.Name, arn: secret.ARN });
            }
            nextToken = page.NextToken || undefined;
        } while (nextToken !== undefined);
        return secrets;
    }
    /**
     * Fetches secrets by name, full ARN or partial ARN. Resolves to one result per id, in input order;
     * it rejects only on a programming error, never on a service error.
     *
     * @example
     * ```ts
     * const [db] = await source.fetch(['prod/db'], { versionStage: 'AWSPREVIOUS' });
     * if (db && 'value' in db) use(db.value);
     * ```
     */
    async fetch(ids, options = {}) {
        const unique = [...new Set(ids)];
        const results = new Map();
        const version = options.versionStage !== undefined || options.versionId !== undefined;
        if (version) {
            // BatchGetSecretValue has no VersionStage / VersionId: ask for each secret on its own.
            await this.#getEach(unique, options, results);
        }
        else {
            // Group by the region each id resolves to (an ARN of the default region batches with names).
            const byRegion = new Map();
            for (const id of unique) {
                const region = this.#regionKey(id);
                byRegion.set(region, [...(byRegion.get(region) ?? []), id]);
            }
            const chunks = [];
            for (const group of byRegion.values()) {
                for (let i = 0; i < group.length; i += BATCH_SIZE)
                    chunks.push(group.slice(i, i + BATCH_SIZE));
            }
            await Promise.all(chunks.map((chunk) => this.#fetchChunk(chunk, results)));
        }
        return ids.map((id) => results.get(id) ?? {
            id,
            error: new AwsServiceError(`${id}: no result for this secret`, { subject: id }),
        });
    }
    async #fetchChunk(chunk, results) {
        const first = chunk[0];
        const region = this.#regionKey(first);
        if (!this.#batchDenied.has(region)) {
            try {
                const answer = await this.#limit(() => this.#client(first).send(new client_secrets_manager_dist_cjs/* BatchGetSecretValueCommand */.Nr({ SecretIdList: chunk })));
                for (const entry of answer.SecretValues ?? []) {
                    for (const id of chunk)
                        if (designates(id, entry.Name, entry.ARN))
                            results.set(id, found(id, entry));
                }
                for (const entry of answer.Errors ?? []) {
                    // Errors echo the SecretId as sent; ErrorCode is the exception name GetSecretValue would raise.
                    const id = chunk.find((candidate) => candidate === entry.SecretId);
                    if (id === undefined || results.has(id))
                        continue;
                    results.set(id, {
                        id,
                        error: errorFromCode(entry.ErrorCode ?? 'UnknownError', id, entry.Message, entry),
                    });
                }
                return;
            }
            catch (e) {
                if (!isAccessDenied(e)) {
                    for (const id of chunk)
                        results.set(id, { id, error: toAwsError(e, id) });
                    return;
                }
                // The role may read secrets but not batch them (a common least-privilege policy).
                this.#batchDenied.add(region);
            }
        }
        // Outside the batch call's slot: waiting for our own slots while holding one could deadlock.
        await this.#getEach(chunk, {}, results);
    }
    async #getEach(ids, options, results) {
        await Promise.all(ids.map(async (id) => {
            try {
                const answer = await this.#limit(() => this.#client(id).send(new client_secrets_manager_dist_cjs/* GetSecretValueCommand */.d2({
                    SecretId: id,
                    ...(options.versionStage === undefined ? {} : { VersionStage: options.versionStage }),
                    ...(options.versionId === undefined ? {} : { VersionId: options.versionId }),
                })));
                results.set(id, found(id, answer));
            }
            catch (e) {
                results.set(id, { id, error: toAwsError(e, id) });
            }
        }));
    }
    /**
     * Creates the secret, or adds a new version (AWSCURRENT) when it exists.
     *
     * @example
     * ```ts
     * const { arn, created } = await source.put('prod/db', envelope, { kmsKeyId: 'alias/secrets', tags: { team: 'a' } });
     * ```
     */
    async put(name, value, options = {}) {
        const client = this.#client(name);
        const payload = typeof value === 'string' ? { SecretString: value } : { SecretBinary: value };
        const tags = Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
        try {
            try {
                const created = await client.send(new client_secrets_manager_dist_cjs/* CreateSecretCommand */._f({
                    Name: name,
                    ...payload,
                    ...(options.description === undefined ? {} : { Description: options.description }),
                    ...(options.kmsKeyId === undefined ? {} : { KmsKeyId: options.kmsKeyId }),
                    ...(tags.length === 0 ? {} : { Tags: tags }),
                }));
                return { arn: created.ARN ?? '', versionId: created.VersionId ?? '', created: true };
            }
            catch (e) {
                if (e?.name !== 'ResourceExistsException')
                    throw e;
            }
            // UpdateSecret both adds the version and changes the metadata; PutSecretValue only adds the version.
            const updated = options.description !== undefined || options.kmsKeyId !== undefined
                ? await client.send(new client_secrets_manager_dist_cjs/* UpdateSecretCommand */.vn({
                    SecretId: name,
                    ...payload,
                    ...(options.description === undefined ? {} : { Description: options.description }),
                    ...(options.kmsKeyId === undefined ? {} : { KmsKeyId: options.kmsKeyId }),
                }))
                : await client.send(new client_secrets_manager_dist_cjs/* PutSecretValueCommand */.cp({ SecretId: name, ...payload }));
            if (tags.length > 0)
                await client.send(new client_secrets_manager_dist_cjs/* TagResourceCommand */.eq({ SecretId: name, Tags: tags }));
            return { arn: updated.ARN ?? '', versionId: updated.VersionId ?? '', created: false };
        }
        catch (e) {
            throw toAwsError(e, name);
        }
    }
}
//# sourceMappingURL=secrets.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/bytes.js
/**
 * Byte helpers shared by the v1 modules: strict base64, length prefixes, UTF-8. Internal: not
 * exported from the package index.
 */
const utf8Encoder = new TextEncoder();
/** UTF-8 bytes of `text` (callers have already rejected lone surrogates). */
function utf8(text) {
    return utf8Encoder.encode(text);
}
/** Standard base64 (RFC 4648 section 4) with padding. */
function bytes_toBase64(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
    BASE64_VALUE[BASE64_ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d; // '='
/**
 * Decodes standard base64 with padding and accepts only the canonical encoding (RFC 4648 section
 * 3.5: padding bits zero, no whitespace, length a multiple of 4), so that every byte string has
 * exactly one textual form. Returns undefined when `text` is not canonical base64.
 *
 * Node's decoder is lenient (it skips characters outside the alphabet, stops at a misplaced `=`,
 * accepts the URL-safe alphabet and ignores padding bits). Each leniency is caught without a second
 * pass over the text: a skipped or misplaced character makes the output shorter than the length
 * implies; `-` and `_` are searched for; the padding bits are read from the last data character.
 * Equivalent to "re-encoding gives `text` back" (src/bytes.test.ts checks it), about 2x faster on
 * a 64 KiB ciphertext.
 */
function fromBase64Strict(text) {
    const n = text.length;
    if (n % 4 !== 0)
        return undefined;
    if (n === 0)
        return Buffer.alloc(0);
    const pad = text.charCodeAt(n - 1) === PAD ? (text.charCodeAt(n - 2) === PAD ? 2 : 1) : 0;
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length !== (n / 4) * 3 - pad)
        return undefined;
    const last = text.charCodeAt(n - 1 - pad);
    const value = last < 128 ? (BASE64_VALUE[last] ?? -1) : -1;
    if (value < 0 || (pad === 1 && (value & 0x03) !== 0) || (pad === 2 && (value & 0x0f) !== 0))
        return undefined;
    if (text.includes('-') || text.includes('_'))
        return undefined;
    return bytes;
}
/** Concatenates `u32be(len(part)) || part` for every part: an unambiguous encoding of a list of byte strings. */
function lengthPrefixed(parts) {
    let total = 0;
    for (const part of parts)
        total += 4 + part.length;
    const out = Buffer.allocUnsafe(total);
    let offset = 0;
    for (const part of parts) {
        out.writeUInt32BE(part.length, offset);
        out.set(part, offset + 4);
        offset += 4 + part.length;
    }
    return out;
}
/** A short description of a value's type for error messages (never the value itself). */
function describeType(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'array';
    if (value instanceof Uint8Array)
        return `${value.length}-byte Uint8Array`;
    return typeof value;
}
//# sourceMappingURL=bytes.js.map
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ../envelope-core/dist/context.js
/**
 * The encryption context: validation, its canonical byte encoding, and the context digest that RSA
 * wraps carry (KMS accepts no EncryptionContext for RSA keys, so the digest binds it instead).
 */



/** At most this many pairs in a context. */
const MAX_CONTEXT_PAIRS = 64;
/** At most this many UTF-8 bytes in a context key. */
const MAX_CONTEXT_KEY_BYTES = 256;
/** At most this many UTF-8 bytes in a context value. */
const MAX_CONTEXT_VALUE_BYTES = 1024;
// With the `u` flag a surrogate class matches only lone (unpaired) surrogates, which UTF-8 cannot carry.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const DATA_KEY_BYTES = 32;
const CONTEXT_DIGEST_BYTES = 48;
function compareBytes(a, b) {
    return Buffer.compare(a, b);
}
/**
 * Validates `ctx` and returns its pairs as UTF-8, sorted by key bytes (unsigned bytewise, which is
 * also Unicode code point order). Throws InvalidArgumentError naming the offending key (context is
 * not secret) but never a value.
 */
function encodeContextPairs(ctx, ErrorClass = errors/* InvalidArgumentError */.Di) {
    if (typeof ctx !== 'object' || ctx === null || Array.isArray(ctx)) {
        throw new ErrorClass('encryption context must be an object of string values');
    }
    const keys = Object.keys(ctx);
    if (keys.length > MAX_CONTEXT_PAIRS) {
        throw new ErrorClass(`encryption context has ${keys.length} pairs, at most ${MAX_CONTEXT_PAIRS} allowed`);
    }
    const pairs = [];
    for (const key of keys) {
        const value = ctx[key];
        if (key.length === 0)
            throw new ErrorClass('encryption context key must not be empty');
        if (LONE_SURROGATE.test(key))
            throw new ErrorClass('encryption context key is not well-formed Unicode');
        const keyBytes = utf8(key);
        if (keyBytes.length > MAX_CONTEXT_KEY_BYTES) {
            throw new ErrorClass(`encryption context key is ${keyBytes.length} bytes, at most ${MAX_CONTEXT_KEY_BYTES} allowed`);
        }
        if (typeof value !== 'string') {
            throw new ErrorClass(`encryption context value of ${JSON.stringify(key)} must be a string, got ${value === null ? 'null' : typeof value}`);
        }
        if (LONE_SURROGATE.test(value)) {
            throw new ErrorClass(`encryption context value of ${JSON.stringify(key)} is not well-formed Unicode`);
        }
        const valueBytes = utf8(value);
        if (valueBytes.length > MAX_CONTEXT_VALUE_BYTES) {
            throw new ErrorClass(`encryption context value of ${JSON.stringify(key)} is ${valueBytes.length} bytes, at most ${MAX_CONTEXT_VALUE_BYTES} allowed`);
        }
        pairs.push({ key: keyBytes, value: valueBytes });
    }
    pairs.sort((a, b) => compareBytes(a.key, b.key));
    return pairs;
}
function encodeCanonical(pairs) {
    const count = Buffer.allocUnsafe(4);
    count.writeUInt32BE(pairs.length, 0);
    const parts = [];
    for (const pair of pairs)
        parts.push(pair.key, pair.value);
    return Buffer.concat([count, lengthPrefixed(parts)]);
}
// The contexts of parsed and sealed envelopes are frozen copies; their canonical bytes are
// computed once here and reused by the AAD, the local wrap AAD and the RSA digest of one open.
const canonicalCache = new WeakMap();
/**
 * Validates `ctx` and returns a frozen plain copy (own string properties only) whose canonical
 * encoding is cached. Throws `ErrorClass` (InvalidArgumentError by default) when invalid.
 */
function internContext(ctx, ErrorClass = errors/* InvalidArgumentError */.Di) {
    const pairs = encodeContextPairs(ctx, ErrorClass);
    const copy = Object.freeze(Object.fromEntries(Object.entries(ctx)));
    canonicalCache.set(copy, encodeCanonical(pairs));
    return copy;
}
/** Canonical bytes of `ctx`, shared (never hand the result to a caller who might modify it). */
function canonicalContextShared(ctx) {
    const cached = canonicalCache.get(ctx);
    if (cached !== undefined)
        return cached;
    return encodeCanonical(encodeContextPairs(ctx));
}
/**
 * The canonical encoding of an encryption context (docs/FORMAT.md, "Canonical context"):
 * `u32be(n)` then, for each pair sorted by the UTF-8 bytes of its key,
 * `u32be(len(key)) || key || u32be(len(value)) || value` (UTF-8). Used in the v1 AAD, the local
 * wrap AAD and the RSA context digest.
 *
 * @throws InvalidArgumentError when `ctx` is not a valid context (empty key, non-string value,
 *   lone surrogate, more than 64 pairs, key over 256 or value over 1024 UTF-8 bytes).
 *
 * @example
 * ```ts
 * canonicalContext({ secret: 'prod/db' });
 * // 00000001 00000006 736563726574 00000007 70726f642f6462
 * ```
 */
function canonicalContext(ctx) {
    // A copy: the caller may modify it, and the cached bytes must stay intact.
    return Buffer.from(canonicalContextShared(ctx));
}
function contextDigest(ctx) {
    return createHash('sha384').update(canonicalContextShared(ctx)).digest();
}
function checkDataKey(dataKey) {
    if (!(dataKey instanceof Uint8Array) || dataKey.length !== DATA_KEY_BYTES) {
        const got = dataKey instanceof Uint8Array ? String(dataKey.length) : typeof dataKey;
        throw new InvalidArgumentError(`expected 32-byte data key, got ${got}`);
    }
}
/**
 * The payload an RSA wrap encrypts: `SHA-384(canonicalContext(ctx)) || dataKey` (48 + 32 bytes).
 * RSA-OAEP has no associated data and KMS takes no EncryptionContext for RSA keys, so the digest
 * binds the context instead. The caller zeroes the returned buffer once encrypted.
 *
 * @example
 * ```ts
 * const payload = bindContextToDataKey(dataKey, { secret: 'prod/db' });
 * const edk = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, payload);
 * payload.fill(0);
 * ```
 */
function bindContextToDataKey(dataKey, ctx) {
    checkDataKey(dataKey);
    const digest = contextDigest(ctx);
    const payload = Buffer.alloc(CONTEXT_DIGEST_BYTES + DATA_KEY_BYTES);
    payload.set(digest, 0);
    payload.set(dataKey, CONTEXT_DIGEST_BYTES);
    return payload;
}
/**
 * The inverse of {@link bindContextToDataKey}: checks, in constant time, that `payload` starts with
 * the digest of `ctx` and returns a copy of the 32-byte data key (the caller zeroes both).
 *
 * @throws DecryptionFailedError when the payload has the wrong length or the digest differs (the
 *   envelope's context is not the one the key was wrapped with).
 *
 * @example
 * ```ts
 * const payload = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, edk);
 * const dataKey = unbindContextFromDataKey(payload, envelopeContext);
 * payload.fill(0);
 * ```
 */
function unbindContextFromDataKey(payload, ctx) {
    const expected = contextDigest(ctx);
    if (!(payload instanceof Uint8Array) || payload.length !== CONTEXT_DIGEST_BYTES + DATA_KEY_BYTES) {
        throw new DecryptionFailedError();
    }
    if (!timingSafeEqual(payload.subarray(0, CONTEXT_DIGEST_BYTES), expected))
        throw new DecryptionFailedError();
    return Uint8Array.from(payload.subarray(CONTEXT_DIGEST_BYTES));
}
//# sourceMappingURL=context.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/envelope.js
/**
 * The v1 envelope as data, its strict parser and its serializer (docs/FORMAT.md, "Envelope").
 * Internal: seal, open, rewrap and inspect are the public faces.
 */



/**
 * The `v` of every envelope this library writes and opens.
 *
 * @example
 * ```ts
 * inspect(envelope).version === ENVELOPE_VERSION; // true for every envelope open() accepts
 * ```
 */
const ENVELOPE_VERSION = 'envelope-kit/1';
/**
 * The one `alg` of v1: AES-256-GCM, HKDF-SHA512 key derivation, key commitment.
 *
 * @example
 * ```ts
 * inspect(envelope).alg === ENVELOPE_ALG; // true
 * ```
 */
const ENVELOPE_ALG = 'A256GCM-HKDF-SHA512-COMMIT';
/**
 * Longest envelope text (UTF-16 code units) parsed at all, a bound on the work an input can cause;
 * seal refuses to produce longer ones. A SecretString holds at most 65,536 characters (about 48 KiB
 * of plaintext); envelope files may be larger, up to this (about 760 KiB of plaintext).
 *
 * @example
 * ```ts
 * if (text.length > MAX_ENVELOPE_LENGTH) throw new Error('not an envelope');
 * ```
 */
const MAX_ENVELOPE_LENGTH = 1_048_576;
const MID_BYTES = 32;
const CMT_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_PROVIDER_CHARS = 64;
const MAX_KEY_ID_CHARS = 2048;
const MAX_EDK_BYTES = 4096;
const TOP_FIELDS = ['v', 'alg', 'ctx', 'keys', 'mid', 'cmt', 'iv', 'ct'];
const KEY_FIELDS = ['p', 'id', 'edk'];
/** JSON's own whitespace (RFC 8259): allowed around the envelope (a file's final newline), nowhere inside. */
function isJsonWhitespace(code) {
    return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
/** `text` without surrounding JSON whitespace (a loop: a regex anchored at `$` scans the whole text). */
function trimJsonWhitespace(text) {
    let start = 0;
    let end = text.length;
    while (start < end && isJsonWhitespace(text.charCodeAt(start)))
        start++;
    while (end > start && isJsonWhitespace(text.charCodeAt(end - 1)))
        end--;
    return start === 0 && end === text.length ? text : text.slice(start, end);
}
/** A short, safe rendering of an untrusted name for an error message. */
function quoteName(name) {
    return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}...` : name);
}
function kindOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'array';
    return typeof value;
}
function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function checkFieldSet(object, fields, where) {
    for (const name of Object.keys(object)) {
        if (!fields.includes(name))
            throw new errors/* EnvelopeMalformedError */.In(`${where} has an unknown field ${quoteName(name)}`);
    }
    for (const name of fields) {
        if (!Object.hasOwn(object, name))
            throw new errors/* EnvelopeMalformedError */.In(`${where} lacks the field "${name}"`);
    }
}
function stringField(object, name, where) {
    const value = object[name];
    if (typeof value !== 'string') {
        throw new errors/* EnvelopeMalformedError */.In(`${where} field "${name}" must be a string, got ${kindOf(value)}`);
    }
    return value;
}
function bytesField(object, name, where) {
    const bytes = fromBase64Strict(stringField(object, name, where));
    if (bytes === undefined) {
        throw new errors/* EnvelopeMalformedError */.In(`${where} field "${name}" is not canonical base64 (standard alphabet, padded)`);
    }
    return bytes;
}
function fixedBytesField(object, name, length) {
    const bytes = bytesField(object, name, 'envelope');
    if (bytes.length !== length) {
        throw new errors/* EnvelopeMalformedError */.In(`envelope field "${name}" must be ${length} bytes, got ${bytes.length}`);
    }
    return bytes;
}
function parseKeyEntry(value, index) {
    const where = `envelope keys[${index}]`;
    if (!isPlainObject(value))
        throw new errors/* EnvelopeMalformedError */.In(`${where} must be an object, got ${kindOf(value)}`);
    checkFieldSet(value, KEY_FIELDS, where);
    const p = stringField(value, 'p', where);
    const id = stringField(value, 'id', where);
    if (p.length === 0 || p.length > MAX_PROVIDER_CHARS) {
        throw new errors/* EnvelopeMalformedError */.In(`${where} field "p" must have 1 to ${MAX_PROVIDER_CHARS} characters, got ${p.length}`);
    }
    if (id.length === 0 || id.length > MAX_KEY_ID_CHARS) {
        throw new errors/* EnvelopeMalformedError */.In(`${where} field "id" must have 1 to ${MAX_KEY_ID_CHARS} characters, got ${id.length}`);
    }
    const edk = bytesField(value, 'edk', where);
    if (edk.length === 0 || edk.length > MAX_EDK_BYTES) {
        throw new errors/* EnvelopeMalformedError */.In(`${where} field "edk" must be 1 to ${MAX_EDK_BYTES} bytes, got ${edk.length}`);
    }
    return { p, id, edk };
}
const CT_MARKER = ',"ct":"';
/**
 * Fast path for the canonical form, where `ct` (the bulk of the text) is the last field and plain
 * base64, which never contains `"`: JSON.parse only the header and take ct as a slice, instead of
 * having JSON.parse copy tens of kilobytes of base64. Returns undefined when the text does not
 * have that shape, and the caller falls back to JSON.parse of the whole text (same checks after).
 */
function parseSplit(body) {
    // Forward search: the marker sits after the short header, and a JSON string cannot contain it
    // (its quotes would be escaped). lastIndexOf would scan back through all of ct.
    const at = body.indexOf(CT_MARKER);
    if (at < 0 || !body.endsWith('"}'))
        return undefined;
    let header;
    try {
        header = JSON.parse(`${body.slice(0, at)}}`);
    }
    catch {
        return undefined;
    }
    if (!isPlainObject(header) || Object.hasOwn(header, 'ct'))
        return undefined;
    header.ct = body.slice(at + CT_MARKER.length, -2);
    return header;
}
/**
 * Parses a v1 envelope strictly: exactly the eight top-level fields and three per key, the right
 * types, canonical base64, fixed lengths, a valid context, and the canonical serialization byte for
 * byte (which also rejects duplicate fields, other field orders and other escapes). Surrounding
 * JSON whitespace is ignored.
 *
 * @throws EnvelopeMalformedError for any structural fault, EnvelopeUnsupportedError when `v` or
 *   `alg` is not the v1 one.
 */
function parseEnvelope(text) {
    if (typeof text !== 'string')
        throw new errors/* EnvelopeMalformedError */.In(`envelope must be a string, got ${kindOf(text)}`);
    if (text.length > MAX_ENVELOPE_LENGTH) {
        throw new errors/* EnvelopeMalformedError */.In(`envelope is ${text.length} characters, at most ${MAX_ENVELOPE_LENGTH} allowed`);
    }
    const body = trimJsonWhitespace(text);
    let parsed = parseSplit(body);
    if (parsed === undefined) {
        try {
            parsed = JSON.parse(body);
        }
        catch {
            throw new errors/* EnvelopeMalformedError */.In('envelope is not valid JSON');
        }
    }
    if (!isPlainObject(parsed))
        throw new errors/* EnvelopeMalformedError */.In(`envelope must be a JSON object, got ${kindOf(parsed)}`);
    // Version and algorithm first: a future version may have other fields, and deserves "unsupported".
    const v = stringField(parsed, 'v', 'envelope');
    if (v !== ENVELOPE_VERSION)
        throw new errors/* EnvelopeUnsupportedError */.o_(`unsupported envelope version ${quoteName(v)}`);
    const alg = stringField(parsed, 'alg', 'envelope');
    if (alg !== ENVELOPE_ALG)
        throw new errors/* EnvelopeUnsupportedError */.o_(`unsupported envelope algorithm ${quoteName(alg)}`);
    checkFieldSet(parsed, TOP_FIELDS, 'envelope');
    const ctxValue = parsed.ctx;
    if (!isPlainObject(ctxValue))
        throw new errors/* EnvelopeMalformedError */.In(`envelope field "ctx" must be an object, got ${kindOf(ctxValue)}`);
    const ctx = internContext(ctxValue, errors/* EnvelopeMalformedError */.In);
    const keysValue = parsed.keys;
    if (!Array.isArray(keysValue) || keysValue.length === 0) {
        throw new errors/* EnvelopeMalformedError */.In('envelope field "keys" must be a non-empty array');
    }
    const keys = keysValue.map(parseKeyEntry);
    const envelope = {
        v,
        alg,
        ctx,
        keys,
        mid: fixedBytesField(parsed, 'mid', MID_BYTES),
        cmt: fixedBytesField(parsed, 'cmt', CMT_BYTES),
        iv: fixedBytesField(parsed, 'iv', IV_BYTES),
        ct: bytesField(parsed, 'ct', 'envelope'),
    };
    if (envelope.ct.length < TAG_BYTES) {
        throw new errors/* EnvelopeMalformedError */.In(`envelope field "ct" must be at least ${TAG_BYTES} bytes, got ${envelope.ct.length}`);
    }
    // Canonical form: everything before ct must be exactly what the serializer writes; ct itself was
    // checked canonical above, so it is compared as the original string (no second 64 KiB encode).
    const head = serializeHead(envelope);
    const ctText = parsed.ct;
    if (body.length !== head.length + ctText.length + 2 || !body.startsWith(head) || !body.endsWith('"}')) {
        throw new errors/* EnvelopeMalformedError */.In('envelope is not in canonical form (field order, spacing, string escapes or a duplicate field)');
    }
    return envelope;
}
function sortedContextEntries(ctx) {
    // Same order as the canonical context: by the UTF-8 bytes of the key.
    return Object.entries(ctx).sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}
/**
 * The one serialization of a v1 envelope: no whitespace, fields in the order v, alg, ctx, keys,
 * mid, cmt, iv, ct; ctx keys sorted by UTF-8 bytes; key entries p, id, edk; strings escaped as
 * ECMAScript JSON.stringify does.
 */
function serializeEnvelope(envelope) {
    return `${serializeHead(envelope)}${toBase64(envelope.ct)}"}`;
}
/** The serialization up to and including `"ct":"`. */
function serializeHead(envelope) {
    const q = JSON.stringify;
    const ctx = sortedContextEntries(envelope.ctx)
        .map(([key, value]) => `${q(key)}:${q(value)}`)
        .join(',');
    const keys = envelope.keys
        .map((entry) => `{"p":${q(entry.p)},"id":${q(entry.id)},"edk":"${bytes_toBase64(entry.edk)}"}`)
        .join(',');
    return (`{"v":${q(envelope.v)},"alg":${q(envelope.alg)},"ctx":{${ctx}},"keys":[${keys}],` +
        `"mid":"${bytes_toBase64(envelope.mid)}","cmt":"${bytes_toBase64(envelope.cmt)}","iv":"${bytes_toBase64(envelope.iv)}","ct":"`);
}
//# sourceMappingURL=envelope.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/format.js
/** detectFormat: tell a v1 envelope, a legacy recipe envelope and a plain secret apart. */

// Every v1 envelope this library writes starts like this; matching the prefix leniently means a
// damaged v1 envelope is reported as malformed rather than passed through as a plain secret.
const V1_PREFIX = /^[ \t\r\n]*\{[ \t\r\n]*"v"[ \t\r\n]*:[ \t\r\n]*"envelope-kit\//;
// Legacy JSON may hold raw newlines inside strings (GNU base64 wraps), so no JSON.parse here.
const LEGACY_SECRET_FIELD = /"encryptedSecret"\s*:/;
const LEGACY_KEY_FIELD = /"encryptedDataKey"\s*:/;
/**
 * Classifies a secret's text: `v1` when it is (or starts like) a JSON object whose `v` starts with
 * `envelope-kit/`; `legacy` when it has both field names of the seed recipe, `encryptedSecret` and
 * `encryptedDataKey`; otherwise `plain`. Does not validate: open/inspect/openLegacy do that.
 *
 * @example
 * ```ts
 * detectFormat('{"v":"envelope-kit/1",...}'); // 'v1'
 * detectFormat('{"encryptedSecret": "U2Fs...", "encryptedDataKey": "AQIC..."}'); // 'legacy'
 * detectFormat('hunter2'); // 'plain'
 * ```
 */
function detectFormat(text) {
    if (typeof text !== 'string')
        return 'plain';
    if (V1_PREFIX.test(text))
        return 'v1';
    const trimmed = text.trim();
    if (trimmed.startsWith('{') && text.length <= MAX_ENVELOPE_LENGTH) {
        try {
            const parsed = JSON.parse(trimmed);
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
                const v = parsed.v;
                if (typeof v === 'string' && v.startsWith('envelope-kit/'))
                    return 'v1';
            }
        }
        catch {
            // Not JSON: may still be a legacy envelope with raw newlines.
        }
    }
    if (trimmed.startsWith('{') && LEGACY_SECRET_FIELD.test(text) && LEGACY_KEY_FIELD.test(text))
        return 'legacy';
    return 'plain';
}
//# sourceMappingURL=format.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/inspect.js
/** inspect: read an envelope's header without any key. */

/**
 * Parses an envelope strictly and returns its header. Never decrypts, never calls a provider.
 *
 * @throws EnvelopeMalformedError, EnvelopeUnsupportedError
 *
 * @example
 * ```ts
 * const { context, keys } = inspect(envelope);
 * console.log(context.secret, keys.map((k) => k.keyId));
 * ```
 */
function inspect(envelope) {
    const parsed = parseEnvelope(envelope);
    return {
        format: 'v1',
        version: parsed.v,
        alg: parsed.alg,
        context: { ...parsed.ctx },
        keys: parsed.keys.map((entry) => ({ provider: entry.p, keyId: entry.id })),
        ciphertextBytes: parsed.ct.length,
    };
}
//# sourceMappingURL=inspect.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/v1-crypto.js
/**
 * The cryptography of v1 (docs/FORMAT.md, "Key derivation", "AAD", "Content encryption"):
 * HKDF-SHA512 from the data key K and the message id, key commitment, AES-256-GCM with the
 * canonical header as AAD. Internal.
 */




/** HKDF `info` of the content key. */
const CONTENT_KEY_INFO = 'envelope-kit/1 A256GCM-HKDF-SHA512-COMMIT content key';
/** HKDF `info` of the key commitment. */
const COMMITMENT_INFO = 'envelope-kit/1 A256GCM-HKDF-SHA512-COMMIT commitment';
const CONTENT_KEY_INFO_BYTES = utf8(CONTENT_KEY_INFO);
const COMMITMENT_INFO_BYTES = utf8(COMMITMENT_INFO);
/** The HKDF-Expand block counter of T(1). */
const ONE = Uint8Array.of(1);
/**
 * HKDF-SHA512 (RFC 5869) written out with HMAC: one Extract, then a one-block Expand per label
 * (L = 32 <= HashLen, so T(1) truncated is the whole output). Byte-identical to
 * `hkdfSync('sha512', K, mid, info, 32)` (test/golden.test.ts checks it), about 3x faster, and the
 * PRK is shared between the two outputs.
 */
function hkdfSha512(dataKey, mid, infos) {
    const prk = (0,external_node_crypto_.createHmac)('sha512', mid).update(dataKey).digest();
    try {
        return infos.map((info) => {
            const block = (0,external_node_crypto_.createHmac)('sha512', prk).update(info).update(ONE).digest();
            const out = Uint8Array.from(block.subarray(0, 32));
            block.fill(0);
            return out;
        });
    }
    finally {
        prk.fill(0);
    }
}
/** HKDF-SHA512(ikm = K, salt = mid): two expansions with distinct `info` labels, 32 bytes each. */
function deriveKeys(dataKey, mid) {
    const [contentKey, commitment] = hkdfSha512(dataKey, mid, [CONTENT_KEY_INFO_BYTES, COMMITMENT_INFO_BYTES]);
    return { contentKey: contentKey, commitment: commitment };
}
/** HKDF-SHA512 commitment only (rewrap verifies K without needing the content key). */
function deriveCommitment(dataKey, mid) {
    return hkdfSha512(dataKey, mid, [COMMITMENT_INFO_BYTES])[0];
}
/**
 * Derives both outputs and checks, in constant time, that `dataKey` is the key the envelope
 * committed to. Returns the content key (the caller zeroes it) or undefined on a mismatch.
 */
function verifyCommitment(dataKey, mid, cmt) {
    const { contentKey, commitment } = deriveKeys(dataKey, mid);
    const matches = commitment.length === cmt.length && (0,external_node_crypto_.timingSafeEqual)(commitment, cmt);
    commitment.fill(0);
    if (matches)
        return contentKey;
    contentKey.fill(0);
    return undefined;
}
/** Constant-time check that `dataKey` is the key the envelope committed to. */
function commitmentMatches(dataKey, mid, cmt) {
    const contentKey = verifyCommitment(dataKey, mid, cmt);
    contentKey?.fill(0);
    return contentKey !== undefined;
}
/** AAD = lp(v) || lp(alg) || canonicalContext(ctx) || lp(mid) || lp(cmt), lp(x) = u32be(len(x)) || x. */
function envelopeAad(fields) {
    return Buffer.concat([
        lengthPrefixed([utf8(fields.v), utf8(fields.alg)]),
        canonicalContextShared(fields.ctx),
        lengthPrefixed([fields.mid, fields.cmt]),
    ]);
}
/** AES-256-GCM: returns ct || 16-byte tag. */
function gcmEncrypt(key, iv, aad, plaintext) {
    const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-gcm', key, iv, { authTagLength: 16 });
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}
/**
 * AES-256-GCM open of ct || tag. Throws DecryptionFailedError when the tag does not verify, and
 * zeroes the unverified output node:crypto produced before it checked the tag.
 */
function gcmDecrypt(key, iv, aad, sealed) {
    if (sealed.length < 16)
        throw new errors/* DecryptionFailedError */.j9();
    const decipher = (0,external_node_crypto_.createDecipheriv)('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - 16));
    try {
        decipher.final();
    }
    catch {
        plaintext.fill(0);
        throw new errors/* DecryptionFailedError */.j9();
    }
    return plaintext;
}
//# sourceMappingURL=v1-crypto.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/recover-data-key.js


/**
 * Tries each entry in envelope order. An entry whose id is outside `allowedKeyIds` is skipped
 * without a provider call. A provider failure (wrong key, service error, another key id answered,
 * a data key that fails the commitment) moves on to the next entry; when none succeeds, the first
 * failure that is not an authentication failure is thrown (it says more, e.g. ERR_ACCESS_DENIED),
 * else DecryptionFailedError, or NoUsableKeyError when no provider handles any allowed entry.
 */
async function recoverDataKey(envelope, providers, allowedKeyIds) {
    const allowed = allowedKeyIds === undefined ? undefined : new Set(allowedKeyIds);
    const candidates = allowed === undefined ? envelope.keys : envelope.keys.filter((entry) => allowed.has(entry.id));
    if (candidates.length === 0) {
        throw new errors/* KeyNotAllowedError */.lL(`none of the envelope's ${envelope.keys.length} key ids is in the allowed key ids`);
    }
    let tried = 0;
    let firstError;
    for (const entry of candidates) {
        const wrapped = { provider: entry.p, keyId: entry.id, encryptedKey: entry.edk };
        const provider = providers.find((p) => p.handles(wrapped));
        if (provider === undefined)
            continue;
        tried++;
        let dataKey;
        try {
            const unwrapped = await provider.unwrapDataKey(wrapped, envelope.ctx);
            dataKey = unwrapped.dataKey;
            if (allowed !== undefined && !allowed.has(unwrapped.keyId)) {
                throw new errors/* KeyNotAllowedError */.lL(`key provider ${entry.p} unwrapped with a key id outside the allowed key ids`);
            }
            // The commitment proves this is the data key the content was sealed with, so another
            // envelope's wrapped key (or any other key) swapped into `keys` is refused here.
            if (!(dataKey instanceof Uint8Array) || dataKey.length !== 32)
                throw new errors/* DecryptionFailedError */.j9();
            const contentKey = verifyCommitment(dataKey, envelope.mid, envelope.cmt);
            if (contentKey === undefined)
                throw new errors/* DecryptionFailedError */.j9();
            const recovered = { dataKey, contentKey, entry, keyId: unwrapped.keyId };
            dataKey = undefined;
            return recovered;
        }
        catch (error) {
            const typed = error instanceof errors/* EnvelopeKitError */.Te
                ? error
                : new errors/* KeyProviderError */.FK(`key provider ${entry.p} failed to unwrap a data key`, { cause: error });
            if (firstError === undefined ||
                (firstError instanceof errors/* DecryptionFailedError */.j9 && !(typed instanceof errors/* DecryptionFailedError */.j9))) {
                firstError = typed;
            }
        }
        finally {
            if (dataKey instanceof Uint8Array)
                dataKey.fill(0);
        }
    }
    if (tried === 0) {
        const kinds = [...new Set(candidates.map((entry) => entry.p))].join(', ');
        throw new errors/* NoUsableKeyError */.bZ(`no key provider handles any of the envelope's keys (providers: ${kinds})`);
    }
    throw firstError ?? new errors/* DecryptionFailedError */.j9();
}
//# sourceMappingURL=recover-data-key.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/open.js
/** open: check an envelope against the caller's policy, recover its data key, decrypt. */





/**
 * Default cap on the number of keys an envelope may list (open and rewrap).
 *
 * @example
 * ```ts
 * await open(envelope, { providers, maxKeys: DEFAULT_MAX_KEYS + 2 });
 * ```
 */
const DEFAULT_MAX_KEYS = 10;
/** Validates a key cap option. */
function checkMaxKeys(maxKeys) {
    const cap = maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isSafeInteger(cap) || cap < 1)
        throw new errors/* InvalidArgumentError */.Di(`maxKeys must be a positive integer, got ${cap}`);
    return cap;
}
/** The policy checks that need no key: key count and required context. */
function checkPolicy(envelope, maxKeys, requiredContext) {
    if (envelope.keys.length > maxKeys) {
        throw new errors/* TooManyKeysError */.Ws(`envelope lists ${envelope.keys.length} keys, at most ${maxKeys} allowed`);
    }
    if (requiredContext === undefined)
        return;
    for (const [key, value] of Object.entries(requiredContext)) {
        // Context is not secret, but only the key is named: the values can be long or sensitive-looking.
        if (!Object.hasOwn(envelope.ctx, key))
            throw new errors/* ContextMismatchError */.CX(`envelope context lacks the required key ${JSON.stringify(key)}`);
        if (envelope.ctx[key] !== value) {
            throw new errors/* ContextMismatchError */.CX(`envelope context has another value for the required key ${JSON.stringify(key)}`);
        }
    }
}
/**
 * Opens a v1 envelope. In order: parse strictly (ERR_ENVELOPE_MALFORMED, ERR_ENVELOPE_UNSUPPORTED),
 * cap the keys (ERR_TOO_MANY_KEYS), check required context (ERR_CONTEXT_MISMATCH), filter by
 * allowed key ids (ERR_KEY_NOT_ALLOWED), then unwrap entries in order until one yields the
 * committed data key (ERR_DECRYPTION_FAILED, ERR_NO_USABLE_KEY), then AES-256-GCM. Every error
 * carries `subject`. Zeroes the data key and derived keys.
 *
 * @example
 * ```ts
 * const { plaintext, keyId } = await open(envelope, {
 *   providers: [LocalKeyProvider.fromEnv('LOCAL_KEY')],
 *   requiredContext: { secret: 'prod/db' },
 *   subject: 'prod/db',
 * });
 * ```
 */
async function open_open(envelope, options) {
    const subject = options?.subject;
    try {
        if (typeof options !== 'object' || options === null || !Array.isArray(options.providers)) {
            throw new errors/* InvalidArgumentError */.Di(`open needs options { providers }, got ${describeType(options)}`);
        }
        const maxKeys = checkMaxKeys(options.maxKeys);
        const parsed = parseEnvelope(envelope);
        checkPolicy(parsed, maxKeys, options.requiredContext);
        const recovered = await recoverDataKey(parsed, options.providers, options.allowedKeyIds);
        recovered.dataKey.fill(0);
        try {
            const plaintext = gcmDecrypt(recovered.contentKey, parsed.iv, envelopeAad(parsed), parsed.ct);
            return { plaintext, context: { ...parsed.ctx }, provider: recovered.entry.p, keyId: recovered.keyId };
        }
        finally {
            recovered.contentKey.fill(0);
        }
    }
    catch (error) {
        if (error instanceof errors/* EnvelopeKitError */.Te && subject !== undefined)
            error.about(subject);
        throw error;
    }
}
//# sourceMappingURL=open.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/legacy-kdf.js
/**
 * Internals of the legacy decoder: how `openssl enc -pass file:` turns the data key file into a
 * password, how it derives the AES-256-CBC key and IV from that password and the salt, and how the
 * decoder picks among the derivations that pass the padding check.
 * Not exported from the package index; `legacy.ts` is the public face.
 */


/**
 * OpenSSL's `app_get_pass` reads a `file:` password with `BIO_gets(bio, buf, APP_PASS_LEN)`
 * (APP_PASS_LEN = 1024, so at most 1023 bytes), cuts it at the first '\n', and then uses it as a C
 * string, which ends at the first NUL. Checked against the openssl 3.0 binary in the tests.
 */
const OPENSSL_MAX_PASSWORD_BYTES = 1023;
/**
 * The password `openssl enc -pass file:KEYFILE` uses when KEYFILE holds `fileBytes`: the bytes before
 * the first 0x00 or 0x0A, at most 1023. Returns a view into `fileBytes` (no copy, nothing to zero).
 */
function opensslFilePassword(fileBytes) {
    const limit = Math.min(fileBytes.length, OPENSSL_MAX_PASSWORD_BYTES);
    let end = 0;
    while (end < limit && fileBytes[end] !== 0x00 && fileBytes[end] !== 0x0a)
        end++;
    return fileBytes.subarray(0, end);
}
function splitKeyIv(material) {
    // Copies, so that zeroing them and the material leaves nothing behind.
    const key = Buffer.from(material.subarray(0, 32));
    const iv = Buffer.from(material.subarray(32, 48));
    material.fill(0);
    return { key, iv };
}
/**
 * EVP_BytesToKey with count = 1, as `openssl enc` without `-pbkdf2` calls it:
 * D_1 = H(password || salt), D_i = H(D_{i-1} || password || salt), key || iv = D_1 || D_2 || ...
 * `digest` is `sha256` (the default since OpenSSL 1.1.0) or `md5` (OpenSSL 1.0.x, older LibreSSL).
 */
function evpBytesToKey(password, salt, digest) {
    const blocks = [];
    let total = 0;
    let previous;
    while (total < 48) {
        const hash = (0,external_node_crypto_.createHash)(digest);
        if (previous !== undefined)
            hash.update(previous);
        hash.update(password);
        hash.update(salt);
        previous = hash.digest();
        blocks.push(previous);
        total += previous.length;
    }
    const material = Buffer.concat(blocks);
    for (const block of blocks)
        block.fill(0);
    return splitKeyIv(material);
}
/** `openssl enc -pbkdf2 [-iter N]`: PBKDF2-HMAC-SHA256(password, salt, N, 48) -> key (32) || iv (16). */
function pbkdf2KeyIv(password, salt, iterations) {
    return splitKeyIv((0,external_node_crypto_.pbkdf2Sync)(password, salt, iterations, 48, 'sha256'));
}
/**
 * Length of the PKCS#7 padding at the end of `data` (checked over its last 16 bytes), or 0 when the padding is
 * invalid. Branch-free over the 16 bytes, so the time does not depend on where a check fails.
 */
function pkcs7PaddingLength(data) {
    if (data.length < 16 || data.length % 16 !== 0)
        return 0;
    const pad = data[data.length - 1];
    // bad != 0 when pad is 0 or > 16.
    let bad = ((pad - 1) >>> 8) | ((16 - pad) >>> 8);
    for (let i = 1; i <= 16; i++) {
        const byte = data[data.length - i];
        // inPad = -1 (all bits) when i <= pad, else 0: the sign bit of i - pad - 1.
        const inPad = -((i - pad - 1) >>> 31);
        bad |= (byte ^ pad) & inPad;
    }
    return bad === 0 ? pad : 0;
}
function isUtf8(bytes) {
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
    }
    catch {
        return false;
    }
}
/** Picks the one right plaintext among candidates (see DESIGN.md, "Legacy"); zeroes the others. */
function chooseCandidate(candidates) {
    const passed = candidates.filter((c) => c.plaintext !== undefined);
    if (passed.length === 0)
        throw new errors/* DecryptionFailedError */.j9();
    let chosen;
    if (passed.length === 1) {
        chosen = passed[0];
    }
    else {
        // A wrong digest passes the padding check about 1 time in 256; its output is random bytes, which
        // are almost never valid UTF-8, whereas `echo "$SECRET"` nearly always fed text.
        const utf8 = passed.filter((c) => isUtf8(c.plaintext));
        if (utf8.length === 1)
            chosen = utf8[0];
    }
    for (const c of passed)
        if (c !== chosen)
            c.plaintext.fill(0);
    if (chosen === undefined) {
        throw new errors/* LegacyAmbiguousError */.Ok(`legacy envelope opens with both ${passed.map((c) => c.kdf).join(' and ')} key derivations; ` +
            "pass kdf 'sha256' or 'md5' (OpenSSL >= 1.1.0 made it with sha256, 1.0.x with md5)");
    }
    return chosen;
}
//# sourceMappingURL=legacy-kdf.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/legacy-parse.js
/**
 * Parsing of the seed recipe's JSON:
 * `{"encryptedSecret": "$(base64 secret-encrypted.bin)", "encryptedDataKey": "<CiphertextBlob b64>"}`.
 */

/**
 * Escapes raw control characters (U+0000..U+001F) inside JSON strings. GNU `base64` wraps its output
 * at 76 columns and `$(...)` keeps the inner newlines, so the recipe writes raw LF (or CRLF, after a
 * Windows editor) inside the `encryptedSecret` string, which RFC 8259 forbids and JSON.parse rejects.
 */
function escapeControlCharactersInStrings(text) {
    let out = '';
    let inString = false;
    let escaped = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        const code = text.charCodeAt(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (ch === '\\')
                escaped = true;
            else if (ch === '"')
                inString = false;
            else if (code < 0x20) {
                out += `\\u${code.toString(16).padStart(4, '0')}`;
                continue;
            }
        }
        else if (ch === '"') {
            inString = true;
        }
        out += ch;
    }
    return out;
}
const legacy_parse_BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;
/** Decodes standard base64 after removing all whitespace; rejects anything else that is not canonical base64. */
function decodeBase64Field(value, field) {
    const compact = value.replace(/[\t\n\v\f\r ]/g, '');
    if (compact.length % 4 !== 0 || !legacy_parse_BASE64_ALPHABET.test(compact)) {
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope field ${field} is not valid base64`);
    }
    const bytes = Buffer.from(compact, 'base64');
    // Buffer.from ignores stray bits after the last full byte; a canonical round trip catches them.
    if (bytes.toString('base64') !== compact) {
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope field ${field} is not valid base64`);
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
function legacy_parse_stringField(object, field) {
    const value = object[field];
    if (value === undefined)
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope lacks the field ${field}`);
    if (typeof value !== 'string') {
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope field ${field} must be a string, got ${typeOf(value)}`);
    }
    return value;
}
function typeOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'array';
    return typeof value;
}
function parseLenientJson(text) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return JSON.parse(escapeControlCharactersInStrings(body));
}
/**
 * Whether `text` is a legacy envelope by shape: a JSON object (parsed leniently, raw newlines
 * allowed in strings) with string fields `encryptedSecret` and `encryptedDataKey`. Does not check
 * the base64, so a damaged legacy envelope is still recognised and then fails in
 * {@link parseLegacyEnvelope} with a clear error instead of passing through as a plain secret.
 * Format detection must use this rather than strict JSON.parse, which rejects every recipe output
 * whose secret was long enough for GNU base64 to wrap.
 *
 * @example
 * ```ts
 * if (isLegacyEnvelopeText(secretString)) return openLegacy(secretString, { provider, subject: name });
 * ```
 */
function isLegacyEnvelopeText(text) {
    if (typeof text !== 'string' || !text.includes('encryptedSecret') || !text.includes('encryptedDataKey')) {
        return false;
    }
    let parsed;
    try {
        parsed = parseLenientJson(text);
    }
    catch {
        return false;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return false;
    const object = parsed;
    return typeof object.encryptedSecret === 'string' && typeof object.encryptedDataKey === 'string';
}
/**
 * Parses a legacy envelope made by the seed recipe. Tolerates raw newlines (and other control
 * characters) inside the JSON strings and whitespace inside the base64, as GNU `base64` writes it.
 * An empty `encryptedSecret` is returned as empty bytes: that is what the recipe stores when
 * `openssl enc` failed (see {@link openLegacy}), and telling that case apart needs the data key.
 *
 * Errors never quote the text: a JSON.parse message would echo a slice of the ciphertext, so it is
 * not kept as `cause` either.
 *
 * @throws LegacyMalformedError (`ERR_LEGACY_MALFORMED`) for text that is not a JSON object, a missing
 *   or non-string field (named in the message), bad base64 or an empty `encryptedDataKey`.
 *
 * @example
 * ```ts
 * const { encryptedSecret, encryptedDataKey } = parseLegacyEnvelope(
 *   '{"encryptedSecret": "U2FsdGVkX1+...\n...==", "encryptedDataKey": "AQIDAHh..."}',
 * );
 * ```
 */
function parseLegacyEnvelope(text) {
    if (typeof text !== 'string')
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope must be a string, got ${typeOf(text)}`);
    let parsed;
    try {
        parsed = parseLenientJson(text);
    }
    catch {
        throw new errors/* LegacyMalformedError */.Nl('legacy envelope is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope must be a JSON object, got ${typeOf(parsed)}`);
    }
    const object = parsed;
    const encryptedSecret = decodeBase64Field(legacy_parse_stringField(object, 'encryptedSecret'), 'encryptedSecret');
    const encryptedDataKey = decodeBase64Field(legacy_parse_stringField(object, 'encryptedDataKey'), 'encryptedDataKey');
    if (encryptedDataKey.length === 0)
        throw new errors/* LegacyMalformedError */.Nl('legacy envelope field encryptedDataKey is empty');
    return { encryptedSecret, encryptedDataKey };
}
//# sourceMappingURL=legacy-parse.js.map
;// CONCATENATED MODULE: ../envelope-core/dist/legacy.js
/**
 * Decoder for envelopes made by the seed's shell recipe:
 *
 * ```sh
 * aws kms generate-data-key --key-id alias/my-kms-key --key-spec AES_256 --output json > data-key.json
 * jq -r .Plaintext data-key.json | base64 --decode > data-key-plaintext.bin
 * echo "$SECRET" | openssl enc -aes-256-cbc -salt -in /dev/stdin -out secret-encrypted.bin \
 *   -pass file:./data-key-plaintext.bin
 * {"encryptedSecret": "$(base64 secret-encrypted.bin)", "encryptedDataKey": "<CiphertextBlob b64>"}
 * ```
 *
 * Facts it relies on (each checked against the openssl 3.0 binary in test/legacy-openssl.test.ts):
 * - `-pass file:` uses the bytes before the first 0x00 or 0x0A of the key file, at most 1023.
 * - A key file starting with 0x00 makes openssl fail ("Error reading password from BIO", exit 1,
 *   no output file), so the recipe stores an empty (or a previous run's) `encryptedSecret`.
 * - A key file starting with 0x0A gives an empty password, which openssl accepts.
 * - `Salted__` || 8-byte salt || AES-256-CBC with PKCS#7 padding; key and IV from EVP_BytesToKey
 *   (one round, SHA-256 since OpenSSL 1.1.0, MD5 before), or PBKDF2-HMAC-SHA256 with `-pbkdf2`.
 */





const SALTED_MAGIC = Buffer.from('Salted__', 'latin1');
const MAX_PBKDF2_ITERATIONS = 10_000_000;
function validateKdf(kdf) {
    if (kdf === 'auto' || kdf === 'sha256' || kdf === 'md5')
        return;
    if (typeof kdf === 'object' && kdf !== null && 'pbkdf2' in kdf) {
        const n = kdf.pbkdf2;
        if (Number.isSafeInteger(n) && n >= 1 && n <= MAX_PBKDF2_ITERATIONS)
            return;
        throw new errors/* InvalidArgumentError */.Di(`legacy pbkdf2 iterations must be an integer from 1 to ${MAX_PBKDF2_ITERATIONS}`);
    }
    throw new errors/* InvalidArgumentError */.Di("legacy kdf must be 'auto', 'sha256', 'md5' or { pbkdf2: iterations }");
}
/** AES-256-CBC without automatic padding, then our own PKCS#7 check, so both digests can be judged alike. */
function tryDecrypt(kdf, derived, ciphertext) {
    try {
        const decipher = (0,external_node_crypto_.createDecipheriv)('aes-256-cbc', derived.key, derived.iv);
        decipher.setAutoPadding(false);
        const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
        const pad = pkcs7PaddingLength(padded);
        if (pad === 0) {
            padded.fill(0);
            return { kdf, plaintext: undefined };
        }
        // A copy without the padding, so the padded buffer can be zeroed.
        const plaintext = Buffer.from(padded.subarray(0, padded.length - pad));
        padded.fill(0);
        return { kdf, plaintext };
    }
    finally {
        derived.key.fill(0);
        derived.iv.fill(0);
    }
}
/**
 * Decrypts the `encryptedSecret` of a legacy envelope with the unwrapped data key, exactly as
 * `openssl enc -d -aes-256-cbc -pass file:KEYFILE` would with `dataKey` in KEYFILE. Does not zero
 * `dataKey` (the caller owns it); zeroes the derived keys and IVs and every rejected candidate.
 *
 * @throws LegacyUnrecoverableError when `dataKey` starts with 0x00 (openssl refused the empty password
 *   file, so the envelope never held this secret), LegacyMalformedError when `encryptedSecret` is not
 *   `Salted__` || salt || whole AES blocks, DecryptionFailedError (fixed message) when no derivation
 *   passes the padding check, LegacyAmbiguousError when `auto` cannot tell SHA-256 from MD5.
 *
 * @example
 * ```ts
 * const { plaintext, passwordShortened } = decryptLegacySecret(encryptedSecret, dataKey);
 * if (passwordShortened) console.warn('legacy envelope used a shortened password; run envelope migrate');
 * ```
 */
function decryptLegacySecret(encryptedSecret, dataKey, options = {}) {
    const kdf = options.kdf ?? 'auto';
    validateKdf(kdf);
    if (!(dataKey instanceof Uint8Array) || dataKey.length === 0) {
        throw new errors/* InvalidArgumentError */.Di('legacy data key must be a non-empty Uint8Array');
    }
    if (dataKey[0] === 0x00) {
        // openssl's BIO_gets returns 0 for a line that starts with NUL and app_get_pass fails: the recipe
        // went on and stored an empty or stale encryptedSecret. Nothing here was encrypted with this key.
        throw new errors/* LegacyUnrecoverableError */.Zx('legacy envelope cannot be opened: openssl enc could not read a password from its data key when it ' +
            'was made, so no ciphertext of this secret was stored; re-seal the secret from its source value ' +
            '(envelope seal or envelope push)');
    }
    if (encryptedSecret.length === 0) {
        throw new errors/* LegacyMalformedError */.Nl('legacy envelope field encryptedSecret is empty (openssl enc failed when it was made)');
    }
    if (encryptedSecret.length < 16 ||
        !Buffer.from(encryptedSecret.buffer, encryptedSecret.byteOffset, 8).equals(SALTED_MAGIC)) {
        throw new errors/* LegacyMalformedError */.Nl('legacy encryptedSecret does not start with the openssl "Salted__" header');
    }
    const salt = encryptedSecret.subarray(8, 16);
    const ciphertext = encryptedSecret.subarray(16);
    if (ciphertext.length < 16 || ciphertext.length % 16 !== 0) {
        throw new errors/* LegacyMalformedError */.Nl(`legacy encryptedSecret must hold whole 16-byte AES blocks after the salt, got ${ciphertext.length} bytes`);
    }
    // A view into dataKey: nothing to zero that the caller does not own.
    const password = opensslFilePassword(dataKey);
    const candidates = [];
    if (typeof kdf === 'object') {
        candidates.push(tryDecrypt('pbkdf2', pbkdf2KeyIv(password, salt, kdf.pbkdf2), ciphertext));
    }
    else {
        if (kdf !== 'md5')
            candidates.push(tryDecrypt('sha256', evpBytesToKey(password, salt, 'sha256'), ciphertext));
        if (kdf !== 'sha256')
            candidates.push(tryDecrypt('md5', evpBytesToKey(password, salt, 'md5'), ciphertext));
    }
    const chosen = chooseCandidate(candidates);
    let plaintext = chosen.plaintext;
    if (options.stripTrailingNewline !== false && plaintext[plaintext.length - 1] === 0x0a) {
        // `echo` appends exactly one newline; a secret that ended in one keeps it.
        plaintext = plaintext.subarray(0, plaintext.length - 1);
    }
    return {
        plaintext,
        kdf: chosen.kdf,
        passwordLength: password.length,
        passwordShortened: password.length < dataKey.length,
        passwordEmpty: password.length === 0,
    };
}
/**
 * Opens a legacy envelope: parses it leniently, unwraps `encryptedDataKey` through `options.provider`
 * (as KMS Decrypt without KeyId and without encryption context, which is how the recipe's
 * GenerateDataKey made it), checks the data key is 32 bytes, decrypts, and zeroes the data key.
 *
 * Report `passwordShortened` / `passwordEmpty` to the user as a warning (never the key) and point to
 * `envelope migrate`: such envelopes are weaker than their 256-bit data key suggests.
 *
 * @throws LegacyMalformedError, LegacyUnrecoverableError, LegacyAmbiguousError, DecryptionFailedError
 *   (see {@link decryptLegacySecret}), or the provider's error; every error has `subject` set to
 *   `options.subject`.
 *
 * @example
 * ```ts
 * const result = await openLegacy(secretString, { provider: KmsKeyProvider.discovery(factory), subject: 'prod/db' });
 * process.stdout.write(result.plaintext);
 * if (result.passwordShortened) console.warn(`prod/db: legacy password of ${result.passwordLength} bytes; run envelope migrate`);
 * ```
 */
async function openLegacy(text, options) {
    const subject = options.subject;
    try {
        if (options.kdf !== undefined)
            validateKdf(options.kdf);
        const envelope = parseLegacyEnvelope(text);
        let unwrapped;
        try {
            unwrapped = await options.provider.unwrapDataKey({ provider: 'aws-kms', keyId: '', encryptedKey: envelope.encryptedDataKey }, {});
        }
        catch (error) {
            if (error instanceof errors/* EnvelopeKitError */.Te)
                throw error;
            throw new errors/* KeyProviderError */.FK('key provider failed to unwrap the legacy data key', { cause: error });
        }
        const dataKey = unwrapped.dataKey;
        try {
            if (!(dataKey instanceof Uint8Array) || dataKey.length !== 32) {
                const got = dataKey instanceof Uint8Array ? `${dataKey.length} bytes` : typeof dataKey;
                throw new errors/* LegacyMalformedError */.Nl(`legacy data key must be 32 bytes (AES_256), got ${got}`);
            }
            const result = decryptLegacySecret(envelope.encryptedSecret, dataKey, options);
            return { ...result, keyId: unwrapped.keyId };
        }
        finally {
            if (dataKey instanceof Uint8Array)
                dataKey.fill(0);
        }
    }
    catch (error) {
        if (error instanceof errors/* EnvelopeKitError */.Te && subject !== undefined)
            error.about(subject);
        throw error;
    }
}
//# sourceMappingURL=legacy.js.map
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ../envelope-core/dist/local-key-provider.js
/**
 * The `local` key provider: a 32-byte key-encryption key (KEK) held by the caller (a file, an env
 * var, a GitHub secret) wraps the data key with AES-256-GCM, bound to the key id and the context.
 */






const KEK_BYTES = 32;
const local_key_provider_DATA_KEY_BYTES = 32;
const WRAP_IV_BYTES = 12;
/** edk = iv (12) || AES-256-GCM(K) (32) || tag (16). */
const EDK_BYTES = WRAP_IV_BYTES + local_key_provider_DATA_KEY_BYTES + 16;
/** Domain label of the local wrap AAD. */
const LOCAL_WRAP_LABEL = 'envelope-kit/1 local wrap';
/** Domain label hashed with the KEK to make the default key id. */
const LOCAL_KEY_ID_LABEL = 'envelope-kit/1 local key id';
function checkKeyId(keyId) {
    if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 2048) {
        throw new errors/* InvalidArgumentError */.Di('local key id must be a string of 1 to 2048 characters');
    }
    return keyId;
}
/**
 * The default key id of a KEK: `local:` + the first 16 hex digits of
 * SHA-256(UTF-8 "envelope-kit/1 local key id" || KEK). Stable per KEK, reveals nothing usable.
 *
 * @example
 * ```ts
 * localKeyId(kek); // 'local:3f1c0d7a9b2e4c51'
 * ```
 */
function localKeyId(kek) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(LOCAL_KEY_ID_LABEL).update(kek).digest('hex');
    return `local:${digest.slice(0, 16)}`;
}
/**
 * A key provider with a local 32-byte KEK (provider name `local`). Wraps the data key K as
 * `iv || AES-256-GCM(KEK, iv, K, aad) || tag` with a fresh 12-byte iv and
 * `aad = lp("envelope-kit/1 local wrap") || lp(keyId) || canonicalContext(ctx)`.
 *
 * @example
 * ```ts
 * const key = LocalKeyProvider.fromEnv('ENVELOPE_LOCAL_KEY'); // base64 of 32 bytes
 * const envelope = await seal('s3cret', { providers: [key], context: { secret: 'app/token' } });
 * const { plaintext } = await open(envelope, { providers: [key] });
 * ```
 */
class LocalKeyProvider {
    provider = 'local';
    keyId;
    #kek;
    #randomBytes;
    constructor(kek, keyId, options) {
        if (!(kek instanceof Uint8Array) || kek.length !== KEK_BYTES) {
            throw new errors/* InvalidArgumentError */.Di(`expected 32-byte local key, got ${describeType(kek)}`);
        }
        this.#kek = Buffer.from(kek); // a private copy: the caller may zero theirs
        this.keyId = keyId === undefined ? localKeyId(this.#kek) : checkKeyId(keyId);
        this.#randomBytes = options.randomBytes ?? external_node_crypto_.randomBytes;
    }
    /**
     * From 32 raw bytes (copied). `keyId` defaults to {@link localKeyId} of the KEK.
     *
     * @example
     * ```ts
     * const key = LocalKeyProvider.fromBytes(randomBytes(32));
     * ```
     */
    static fromBytes(kek, keyId, options = {}) {
        return new LocalKeyProvider(kek, keyId, options);
    }
    /**
     * From base64 (standard, padded) of 32 bytes, surrounding whitespace ignored.
     *
     * @example
     * ```ts
     * const key = LocalKeyProvider.fromBase64(process.env.LOCAL_KEY ?? '');
     * ```
     */
    static fromBase64(b64, keyId, options = {}) {
        if (typeof b64 !== 'string')
            throw new errors/* InvalidArgumentError */.Di(`expected base64 string of a 32-byte local key, got ${describeType(b64)}`);
        const kek = fromBase64Strict(b64.trim());
        if (kek === undefined)
            throw new errors/* InvalidArgumentError */.Di('local key is not canonical base64 (standard alphabet, padded)');
        try {
            if (kek.length !== KEK_BYTES)
                throw new errors/* InvalidArgumentError */.Di(`expected 32-byte local key, got ${kek.length} bytes of base64`);
            return new LocalKeyProvider(kek, keyId, options);
        }
        finally {
            kek.fill(0);
        }
    }
    /**
     * From a file holding either the 32 raw bytes or their base64 (one line). Errors name the file,
     * never its content.
     *
     * @example
     * ```ts
     * const key = LocalKeyProvider.fromFile('/run/secrets/envelope.key');
     * ```
     */
    static fromFile(path, keyId, options = {}) {
        let content;
        try {
            content = (0,external_node_fs_.readFileSync)(path);
        }
        catch (error) {
            throw new errors/* InvalidArgumentError */.Di(`cannot read local key file ${path}: ${error.code ?? 'error'}`, {
                cause: error,
                subject: path,
            });
        }
        try {
            if (content.length === KEK_BYTES)
                return new LocalKeyProvider(content, keyId, options);
            const text = content.toString('latin1').trim();
            const kek = fromBase64Strict(text);
            if (kek === undefined || kek.length !== KEK_BYTES) {
                kek?.fill(0);
                throw new errors/* InvalidArgumentError */.Di(`local key file ${path} must hold 32 raw bytes or their base64, got ${content.length} bytes`, { subject: path });
            }
            try {
                return new LocalKeyProvider(kek, keyId, options);
            }
            finally {
                kek.fill(0);
            }
        }
        finally {
            content.fill(0);
        }
    }
    /**
     * From an environment variable holding the base64 of 32 bytes. Errors name the variable.
     *
     * @example
     * ```ts
     * const key = LocalKeyProvider.fromEnv('ENVELOPE_LOCAL_KEY');
     * ```
     */
    static fromEnv(name, keyId, options = {}) {
        const value = process.env[name];
        if (value === undefined || value.trim() === '') {
            throw new errors/* InvalidArgumentError */.Di(`environment variable ${name} is not set`, { subject: name });
        }
        try {
            return LocalKeyProvider.fromBase64(value, keyId, options);
        }
        catch (error) {
            if (error instanceof errors/* InvalidArgumentError */.Di)
                throw error.about(name);
            throw error;
        }
    }
    /** True for entries `{ p: 'local', id: this.keyId }`. */
    handles(wrapped) {
        return wrapped.provider === this.provider && wrapped.keyId === this.keyId;
    }
    #aad(context) {
        return Buffer.concat([
            lengthPrefixed([utf8(LOCAL_WRAP_LABEL), utf8(this.keyId)]),
            canonicalContextShared(context),
        ]);
    }
    /** Wraps the 32-byte data key with the KEK, bound to the key id and `context`. */
    async wrapDataKey(dataKey, context) {
        if (!(dataKey instanceof Uint8Array) || dataKey.length !== local_key_provider_DATA_KEY_BYTES) {
            throw new errors/* InvalidArgumentError */.Di(`expected 32-byte data key, got ${describeType(dataKey)}`);
        }
        const iv = this.#randomBytes(WRAP_IV_BYTES);
        if (!(iv instanceof Uint8Array) || iv.length !== WRAP_IV_BYTES) {
            throw new errors/* KeyProviderError */.FK(`randomBytes returned ${describeType(iv)}, expected 12 bytes`, {
                subject: this.keyId,
            });
        }
        const sealed = gcmEncrypt(this.#kek, iv, this.#aad(context), dataKey);
        return { provider: this.provider, keyId: this.keyId, encryptedKey: Buffer.concat([iv, sealed]) };
    }
    /** Unwraps; DecryptionFailedError when the KEK, key id or context differ or the edk was altered. */
    async unwrapDataKey(wrapped, context) {
        const edk = wrapped.encryptedKey;
        if (!this.handles(wrapped) || !(edk instanceof Uint8Array) || edk.length !== EDK_BYTES) {
            throw new errors/* DecryptionFailedError */.j9();
        }
        const dataKey = gcmDecrypt(this.#kek, edk.subarray(0, WRAP_IV_BYTES), this.#aad(context), edk.subarray(WRAP_IV_BYTES));
        return { dataKey, keyId: this.keyId };
    }
}
//# sourceMappingURL=local-key-provider.js.map
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./dist/errors.js
var dist_errors = __webpack_require__(4685);
;// CONCATENATED MODULE: ./dist/files.js
/**
 * Reading envelope files from the workspace. The plan already refused paths that leave the
 * workspace lexically (`../x`, `/etc/x`); this also follows symbolic links, so that a link in the
 * repository pointing outside the workspace is refused too.
 */



/** v1 envelopes fit a SecretString (65,536 characters); a legacy one is smaller. Refuse anything far larger. */
const MAX_ENVELOPE_FILE_BYTES = 1024 * 1024;
/**
 * Returns a reader of envelope files confined to `workspace` (after resolving symbolic links).
 *
 * @example
 * ```ts
 * const readFile = workspaceFileReader(plan.workspace);
 * const text = await readFile(entry);
 * ```
 */
function workspaceFileReader(workspace) {
    let root;
    return async (entry) => {
        root ??= (0,promises_.realpath)(workspace);
        const real = await (0,promises_.realpath)(entry.absolutePath);
        const relative = external_node_path_.relative(await root, real);
        if (relative === '' || relative.startsWith('..') || external_node_path_.isAbsolute(relative)) {
            throw new dist_errors/* ActionError */.lZ('ERR_PATH_OUTSIDE_WORKSPACE', 'envelope file resolves outside the workspace', {
                subject: entry.path,
            });
        }
        const info = await (0,promises_.stat)(real);
        if (!info.isFile() || info.size > MAX_ENVELOPE_FILE_BYTES) {
            throw new dist_errors/* ActionError */.lZ('ERR_FILE_READ', `not a file of at most ${MAX_ENVELOPE_FILE_BYTES} bytes`, {
                subject: entry.path,
            });
        }
        return (0,promises_.readFile)(real, 'utf8');
    };
}
//# sourceMappingURL=files.js.map
;// CONCATENATED MODULE: ./dist/aws.js
/**
 * The one place that builds the real dependencies of execute(): the AWS client factory (region,
 * endpoint, retries), the Secrets Manager source, the KMS discovery provider, the local key
 * provider and envelope-core's operations. Everything else receives them.
 */



/**
 * Attempts per AWS call (first included) the action allows; see {@link createAwsDeps}.
 *
 * @example
 * ```ts
 * new AwsClientFactory({ retryMode: 'standard', maxAttempts: ACTION_MAX_ATTEMPTS });
 * ```
 */
const ACTION_MAX_ATTEMPTS = 10;
/**
 * The longest wait between two attempts of one AWS call, in ms; see {@link createAwsDeps}.
 *
 * @example
 * ```ts
 * new AwsClientFactory({ retryMode: 'standard', maxBackoffMs: ACTION_MAX_BACKOFF_MS });
 * ```
 */
const ACTION_MAX_BACKOFF_MS = 2_000;
/**
 * Builds the real dependencies from the inputs. `endpoint-url` empty means the SDK's default
 * endpoint; `region` empty means the SDK's default region (AWS_REGION, set by
 * aws-actions/configure-aws-credentials). An ARN is fetched from its own region (the source
 * asks the factory for a client of the ARN's region).
 *
 * @example
 * ```ts
 * const deps = createAwsDeps(inputs, plan);
 * const result = await execute(plan, deps);
 * ```
 */
function createAwsDeps(inputs, plan) {
    const factory = new AwsClientFactory({
        // A step is a short burst, not a long-lived service: `standard` retries (jittered exponential
        // backoff, the SDK's retry quota) without `adaptive`'s rate limiter, which slows a burst to
        // 0.5 requests/s after a few throttles; and 10 attempts, because 5 lose about 1 call in 200
        // at 30% throttling (0.37^5 with 503s and resets), i.e. most runs of 100 secrets. Measured
        // in packages/reliability/test/faults.test.ts.
        retryMode: 'standard',
        maxAttempts: ACTION_MAX_ATTEMPTS,
        // The SDK's 20 s cap lets one unlucky call keep the whole step waiting ~25 s under 30%
        // throttling; 2 s bounds a call that keeps failing to ~13 s of waits (~6.5 s on average).
        maxBackoffMs: ACTION_MAX_BACKOFF_MS,
        ...(inputs.region === undefined ? {} : { region: inputs.region }),
        ...(inputs.endpointUrl === undefined ? {} : { endpoint: inputs.endpointUrl }),
    });
    // The discovery provider decrypts each distinct wrapped key once and keeps the data key for the
    // other envelopes that share it, until dispose() zeroes them.
    const kms = KmsKeyProvider.discovery(factory);
    return {
        envelopes: { detectFormat: detectFormat, inspect: inspect, open: open_open, openLegacy: openLegacy },
        secrets: new SecretsManagerSource(factory, { concurrency: inputs.maxConcurrency }),
        kms,
        local: inputs.localKey === undefined ? undefined : LocalKeyProvider.fromBytes(inputs.localKey),
        resolveKeyIds: (ids) => resolveKeyIds(factory, ids),
        readFile: workspaceFileReader(plan.workspace),
        dispose: () => {
            kms.clear();
            factory.destroy();
        },
    };
}
//# sourceMappingURL=aws.js.map

/***/ })

};
