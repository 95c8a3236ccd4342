export const id = 197;
export const ids = [197];
export const modules = {

/***/ 5197:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createAwsDeps: () => (/* binding */ createAwsDeps)
});

// NAMESPACE OBJECT: ../aws-adapter/dist/index.js
var dist_namespaceObject = {};
__webpack_require__.r(dist_namespaceObject);
__webpack_require__.d(dist_namespaceObject, {
  AccessDeniedError: () => (AccessDeniedError),
  AwsClientFactory: () => (AwsClientFactory),
  AwsServiceError: () => (AwsServiceError),
  AwsTimeoutError: () => (AwsTimeoutError),
  BATCH_SIZE: () => (BATCH_SIZE),
  KeyIdMismatchError: () => (KeyIdMismatchError),
  SecretDeletedError: () => (SecretDeletedError),
  SecretNotFoundError: () => (SecretNotFoundError),
  SecretsManagerSource: () => (SecretsManagerSource),
  ThrottledError: () => (ThrottledError),
  USER_AGENT: () => (USER_AGENT),
  VERSION: () => (VERSION),
  createLimiter: () => (createLimiter),
  errorFromCode: () => (errorFromCode),
  regionOf: () => (regionOf),
  toAwsError: () => (toAwsError)
});

// NAMESPACE OBJECT: ../envelope-core/dist/index.js
var envelope_core_dist_namespaceObject = {};
__webpack_require__.r(envelope_core_dist_namespaceObject);
__webpack_require__.d(envelope_core_dist_namespaceObject, {
  ContextMismatchError: () => (errors/* ContextMismatchError */.CX),
  DECRYPTION_FAILED_MESSAGE: () => (errors/* DECRYPTION_FAILED_MESSAGE */.aw),
  DecryptionFailedError: () => (errors/* DecryptionFailedError */.j9),
  EnvelopeKitError: () => (errors/* EnvelopeKitError */.Te),
  EnvelopeMalformedError: () => (errors/* EnvelopeMalformedError */.In),
  EnvelopeUnsupportedError: () => (errors/* EnvelopeUnsupportedError */.o_),
  InvalidArgumentError: () => (errors/* InvalidArgumentError */.Di),
  KeyNotAllowedError: () => (errors/* KeyNotAllowedError */.lL),
  KeyProviderError: () => (errors/* KeyProviderError */.FK),
  LegacyAmbiguousError: () => (errors/* LegacyAmbiguousError */.Ok),
  LegacyMalformedError: () => (errors/* LegacyMalformedError */.Nl),
  LegacyUnrecoverableError: () => (errors/* LegacyUnrecoverableError */.Zx),
  NoUsableKeyError: () => (errors/* NoUsableKeyError */.bZ),
  TooManyKeysError: () => (errors/* TooManyKeysError */.Ws),
  decryptLegacySecret: () => (decryptLegacySecret),
  isEnvelopeKitError: () => (errors/* isEnvelopeKitError */.Xw),
  openLegacy: () => (openLegacy),
  parseLegacyEnvelope: () => (parseLegacyEnvelope)
});

// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-kms@3.1164.0/node_modules/@aws-sdk/client-kms/dist-cjs/index.js
var dist_cjs = __webpack_require__(1702);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-secrets-manager@3.1164.0/node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var client_secrets_manager_dist_cjs = __webpack_require__(4474);
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
        return {
            ...(region === undefined ? {} : { region }),
            ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
            ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
            retryMode: 'adaptive',
            maxAttempts: options.maxAttempts ?? 5,
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
;// CONCATENATED MODULE: ../aws-adapter/dist/index.js




//# sourceMappingURL=index.js.map
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ../envelope-core/dist/legacy-kdf.js
/**
 * Internals of the legacy decoder: how `openssl enc -pass file:` turns the data key file into a
 * password, and how it derives the AES-256-CBC key and IV from that password and the salt.
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
const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;
/** Decodes standard base64 after removing all whitespace; rejects anything else that is not canonical base64. */
function decodeBase64Field(value, field) {
    const compact = value.replace(/[\t\n\v\f\r ]/g, '');
    if (compact.length % 4 !== 0 || !BASE64_ALPHABET.test(compact)) {
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope field ${field} is not valid base64`);
    }
    const bytes = Buffer.from(compact, 'base64');
    // Buffer.from ignores stray bits after the last full byte; a canonical round trip catches them.
    if (bytes.toString('base64') !== compact) {
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope field ${field} is not valid base64`);
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
function stringField(object, field) {
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
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let parsed;
    try {
        parsed = JSON.parse(escapeControlCharactersInStrings(body));
    }
    catch {
        throw new errors/* LegacyMalformedError */.Nl('legacy envelope is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new errors/* LegacyMalformedError */.Nl(`legacy envelope must be a JSON object, got ${typeOf(parsed)}`);
    }
    const object = parsed;
    const encryptedSecret = decodeBase64Field(stringField(object, 'encryptedSecret'), 'encryptedSecret');
    const encryptedDataKey = decodeBase64Field(stringField(object, 'encryptedDataKey'), 'encryptedDataKey');
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
function choose(candidates) {
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
    const chosen = choose(candidates);
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
;// CONCATENATED MODULE: ../envelope-core/dist/index.js


//# sourceMappingURL=index.js.map
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




const parts = { ...envelope_core_dist_namespaceObject, ...dist_namespaceObject };
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
        ...(inputs.region === undefined ? {} : { region: inputs.region }),
        ...(inputs.endpointUrl === undefined ? {} : { endpoint: inputs.endpointUrl }),
    });
    return {
        envelopes: {
            detectFormat: parts.detectFormat,
            inspect: parts.inspect,
            open: parts.open,
            openLegacy: parts.openLegacy,
        },
        secrets: new SecretsManagerSource(factory, { concurrency: inputs.maxConcurrency }),
        kms: parts.KmsKeyProvider.discovery(factory),
        local: inputs.localKey === undefined ? undefined : parts.LocalKeyProvider.fromBytes(inputs.localKey),
        resolveKeyIds: (ids) => parts.resolveKeyIds(factory, ids),
        readFile: workspaceFileReader(plan.workspace),
    };
}
//# sourceMappingURL=aws.js.map

/***/ })

};
