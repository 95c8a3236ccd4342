/**
 * The one place that creates AWS SDK clients. Everything else receives an {@link AwsClientFactory}
 * and asks it for a client, so region, endpoint, retries, timeouts and user agent are set once.
 */
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { recordAwsCall } from './errors.js';
import { createLimiter, type Limiter } from './limit.js';

/**
 * The package version, sent in the user agent. A test checks it against package.json (a constant
 * rather than a JSON import keeps the action's bundle free of package.json files).
 *
 * @example
 * ```ts
 * console.log(`aws-adapter ${VERSION}`);
 * ```
 */
export const VERSION = '0.1.0';

/**
 * The user agent suffix every client sends, so service logs and CloudTrail name envelope-kit.
 *
 * @example
 * ```ts
 * USER_AGENT // 'envelope-kit/0.1.0'
 * ```
 */
export const USER_AGENT = `envelope-kit/${VERSION}`;

/** Options of {@link AwsClientFactory}. */
export interface AwsClientOptions {
  /** Default region; else `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the SDK's own chain (profile). */
  region?: string;
  /**
   * Endpoint of every client (an emulator, a VPC endpoint). When absent the SDK itself honours
   * `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_KMS` and `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
   */
  endpoint?: string;
  /** Attempts per call, first one included (default 5). */
  maxAttempts?: number;
  /**
   * The SDK's retry mode (default `adaptive`). `adaptive` adds a client-side rate limiter that cuts
   * the send rate on every throttle, down to 0.5 requests/s: right for a long-lived service that
   * shares a quota, wrong for a short job that must finish a burst. Measured through the fault
   * proxy (packages/reliability): 100 KMS Decrypts at 30% throttling took over 2 minutes in
   * `adaptive` mode, a few seconds in `standard` mode. `standard` here is the SDK's standard
   * strategy (same jittered exponential backoff) without its retry quota, with the service's
   * concurrency limiter backing off on throttles instead (see {@link SERVICE_CONCURRENCY}).
   */
  retryMode?: 'standard' | 'adaptive';
  /**
   * In `standard` mode, the longest wait between two attempts, in ms (default: the SDK's 20 s).
   * Waits grow as `random() * min(maxBackoffMs, 100 * 2^attempt)` (full jitter), so a call that
   * keeps failing gives up within about `maxAttempts * maxBackoffMs` plus its request times.
   */
  maxBackoffMs?: number;
  /** Time to wait for an answer on one attempt, in ms (default 10,000); a stall becomes ERR_TIMEOUT. */
  requestTimeoutMs?: number;
  /** Time to wait for a TCP connection, in ms (default 3,000). */
  connectionTimeoutMs?: number;
  /** Credentials or a credential provider; default: the SDK's chain (env, OIDC web identity, profile...). */
  credentials?: KMSClientConfig['credentials'];
  /**
   * Calls in flight at once per service and region, by default what the service's published
   * request quota allows in one burst ({@link SERVICE_CONCURRENCY}). Throttling lowers it for a
   * while (see createLimiter); it never goes above these.
   */
  concurrency?: { secretsManager?: number; kms?: number };
  /** A cap on both services' concurrency (the action's `max-concurrency`). */
  maxConcurrency?: number;
  /**
   * How the program's user sets the region and the endpoint, named in the fix of an error message
   * ("no AWS region: set AWS_REGION or pass --region"). Default: the environment variables only.
   */
  settingNames?: { readonly region?: string; readonly endpoint?: string };
}

/**
 * The published default request quotas (per account and region, requests per second) that bound
 * how many calls of one burst may be in flight at once:
 * - Secrets Manager: BatchGetSecretValue 100 per second (20 secrets each: 2,000 secrets in one
 *   wave); GetSecretValue and DescribeSecret 10,000 per second combined. One limit serves the
 *   service, so the lower one: 100.
 *   https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 * - KMS: "Cryptographic operations (symmetric) request rate" (Decrypt, Encrypt, GenerateDataKey,
 *   ReEncrypt...), shared, 10,000 per second by default and more in some regions.
 *   https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html
 *
 * @example
 * ```ts
 * Math.min(SERVICE_QUOTAS.kms, MAX_CONNECTIONS) // KMS calls in flight by default: 256
 * ```
 */
export const SERVICE_QUOTAS = { secretsManager: 100, kms: 10_000 } as const;

/**
 * Calls in flight per client at most by default: each is one HTTP/1.1 connection (KMS and Secrets
 * Manager speak no HTTP/2). Measured with the action's bench against moto: 1,000 Decrypts at once
 * had connections time out (3 s connect timeout) and raised the step's peak RSS from ~150 MiB
 * (128 at once) to ~280 MiB; 256 at once keep N = 1,000 within a few waves.
 *
 * @example
 * ```ts
 * new AwsClientFactory({ concurrency: { kms: 1_000 } }); // more connections, on purpose
 * ```
 */
export const MAX_CONNECTIONS = 256;

/**
 * Calls in flight per service and region by default: what the quota allows in one burst, within
 * the connection budget ({@link SERVICE_QUOTAS}, {@link MAX_CONNECTIONS}).
 *
 * @example
 * ```ts
 * SERVICE_CONCURRENCY.kms // 256
 * ```
 */
export const SERVICE_CONCURRENCY = {
  secretsManager: Math.min(SERVICE_QUOTAS.secretsManager, MAX_CONNECTIONS),
  kms: Math.min(SERVICE_QUOTAS.kms, MAX_CONNECTIONS),
} as const;

/** A middleware that runs the rest of a call (retries included) within one of the limiter's slots. */
const limitedBy =
  (limiter: Limiter) =>
  <I, O>(next: (args: I) => Promise<O>) =>
  (args: I) =>
    limiter(() => next(args));

/** Outermost: a call waits for its slot before anything is built or signed. */
const LIMITER_STEP = { step: 'initialize', priority: 'high', name: 'envelopeKitLimiter' } as const;

/** What the SDK's retry middleware asks of a retry token. */
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
}

const retryToken = (count: number, delay: number): RetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
  getRetryCost: () => undefined,
});

/**
 * The `standard` retry mode for a burst: the SDK's standard strategy (retry throttling and
 * transient errors, full-jitter exponential backoff `random() * min(maxBackoffMs, 100 * 2^attempt)`,
 * at most `maxAttempts` attempts), without its retry quota, and telling the service's limiter of
 * every throttle. The quota (500 tokens per client, 5 per throttled retry, 14 per other retry) is
 * for a long-lived service; a step that sends 1,000 Decrypts at once through 30% throttling spends
 * it within the first wave and would then fail calls that KMS would answer. Here the limiter backs
 * off instead, and `maxAttempts` bounds what a failing service costs.
 */
class BurstRetryStrategy {
  readonly mode = 'standard';
  readonly #maxAttempts: number;
  readonly #maxBackoffMs: number;
  readonly #limiter: Limiter;

  constructor(maxAttempts: number, maxBackoffMs: number, limiter: Limiter) {
    this.#maxAttempts = maxAttempts;
    this.#maxBackoffMs = maxBackoffMs;
    this.#limiter = limiter;
  }

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return retryToken(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: { errorType: string }): Promise<RetryToken> {
    if (info.errorType === 'THROTTLING') this.#limiter.throttled();
    const attempt = token.getRetryCount() + 1;
    if ((info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT') || attempt >= this.#maxAttempts) {
      // The retry middleware then throws the call's own error.
      throw new Error('No retry token available');
    }
    return retryToken(attempt, Math.floor(Math.random() * Math.min(this.#maxBackoffMs, 100 * 2 ** attempt)));
  }

  recordSuccess(_token: RetryToken): void {}
}

/** The IAM service prefix of each client the factory makes (`KMSClient` -> `kms`). */
const SERVICE_PREFIX: Record<string, string> = { KMSClient: 'kms', SecretsManagerClient: 'secretsmanager' };

/** The part of an SDK client the factory touches to record calls. */
interface StackOwner {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Retry settings for a burst of calls that must finish (the action's step, the CLI's fleet
 * commands): `standard` retries (jittered exponential backoff; the service's limiter backs off on
 * throttles in place of the SDK's retry quota, see `retryMode`) without
 * `adaptive`'s rate limiter, which slows a burst to 0.5 requests/s after a few throttles; 10 attempts, because 5 lose about 1 call in 145 at 30% throttling (0.37^5 with 503s and resets);
 * waits capped at 2 s, which bounds a call that keeps failing to ~13 s of waits (the SDK's 20 s cap
 * lets one unlucky call hold the run ~25 s). Measured in packages/reliability/test/faults.test.ts.
 *
 * @example
 * ```ts
 * const factory = new AwsClientFactory({ ...BURST_RETRY_OPTIONS, region: 'eu-west-1' });
 * ```
 */
export const BURST_RETRY_OPTIONS = {
  retryMode: 'standard',
  maxAttempts: 10,
  maxBackoffMs: 2_000,
} as const satisfies AwsClientOptions;

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
export function regionOf(arnOrId: string): string | undefined {
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
export class AwsClientFactory {
  /** The default region, when one was given or found in the environment. */
  readonly region: string | undefined;
  readonly #options: AwsClientOptions;
  readonly #kms = new Map<string, KMSClient>();
  readonly #secretsManager = new Map<string, SecretsManagerClient>();
  readonly #limiters = new Map<string, Limiter>();

  constructor(options: AwsClientOptions = {}) {
    this.#options = options;
    // The JS SDK reads AWS_REGION only; the aws CLI and many CI setups export AWS_DEFAULT_REGION.
    this.region = options.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;
  }

  /** See {@link regionOf}. */
  regionOf(arnOrId: string): string | undefined {
    return regionOf(arnOrId);
  }

  /** A KMS client for `region` (default: the factory's region). */
  kms(region?: string): KMSClient {
    return this.#cached('kms', this.#kms, region, (config, limiter) => {
      const client = new KMSClient(config);
      client.middlewareStack.add(limitedBy(limiter), LIMITER_STEP);
      return client;
    });
  }

  /** A Secrets Manager client for `region` (default: the factory's region). */
  secretsManager(region?: string): SecretsManagerClient {
    return this.#cached('secretsManager', this.#secretsManager, region, (config, limiter) => {
      const client = new SecretsManagerClient(config);
      client.middlewareStack.add(limitedBy(limiter), LIMITER_STEP);
      return client;
    });
  }

  /**
   * The limiter in front of every call of a service's client in `region` (created with the
   * client): calls wait for a slot before the SDK serializes and signs them, and hold it through
   * their retries.
   *
   * @example
   * ```ts
   * factory.limiter('kms').limit; // SERVICE_CONCURRENCY.kms, less after throttling
   * ```
   */
  limiter(service: 'secretsManager' | 'kms', region?: string): Limiter {
    const key = `${service}:${region ?? this.region ?? ''}`;
    let limiter = this.#limiters.get(key);
    if (limiter === undefined) {
      const wanted = this.#options.concurrency?.[service] ?? SERVICE_CONCURRENCY[service];
      limiter = createLimiter(Math.min(wanted, this.#options.maxConcurrency ?? wanted));
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }

  /** Destroys every cached client (closes their sockets). */
  destroy(): void {
    for (const client of [...this.#kms.values(), ...this.#secretsManager.values()]) client.destroy();
    this.#kms.clear();
    this.#secretsManager.clear();
  }

  #cached<C>(
    service: 'secretsManager' | 'kms',
    cache: Map<string, C>,
    region: string | undefined,
    create: (config: KMSClientConfig, limiter: Limiter) => C,
  ): C {
    const chosen = region ?? this.region;
    // '' keys the client whose region the SDK resolves itself (profile), distinct from explicit ones.
    const key = chosen ?? '';
    let client = cache.get(key);
    if (client === undefined) {
      const limiter = this.limiter(service, chosen);
      client = create(this.#config(chosen, limiter), limiter);
      this.#recordCalls(client as unknown as StackOwner, chosen);
      cache.set(key, client);
    }
    return client;
  }

  /**
   * Remembers, for every error a call of `client` raises, which service, operation, region and
   * endpoint it was, so that its message can name the denied action and the fix (see errors.ts).
   * The first middleware step wraps all the others: region, credential and endpoint errors too.
   */
  #recordCalls(client: StackOwner, region: string | undefined): void {
    const { endpoint, settingNames } = this.#options;
    const effectiveEndpoint = endpoint ?? (process.env.AWS_ENDPOINT_URL || undefined);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          const clientName = context.clientName ?? '';
          recordAwsCall(error, {
            service: SERVICE_PREFIX[clientName] ?? clientName.replace(/Client$/, '').toLowerCase(),
            operation: (context.commandName ?? 'UnknownCommand').replace(/Command$/, ''),
            region,
            endpoint: effectiveEndpoint,
            regionSetting: settingNames?.region,
            endpointSetting: settingNames?.endpoint,
          });
          throw error;
        }
      },
      { step: 'initialize', name: 'envelopeKitRecordCall' },
    );
  }

  #config(region: string | undefined, limiter: Limiter): KMSClientConfig {
    const options = this.#options;
    const maxAttempts = options.maxAttempts ?? 5;
    return {
      ...(region === undefined ? {} : { region }),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      retryMode: options.retryMode ?? 'adaptive',
      maxAttempts,
      ...(options.retryMode === 'standard'
        ? { retryStrategy: new BurstRetryStrategy(maxAttempts, options.maxBackoffMs ?? 20_000, limiter) }
        : {}),
      customUserAgent: USER_AGENT,
      // Resolve each command's middleware stack once per client, not on every call (nothing here
      // changes a client's middleware after its first request).
      cacheMiddleware: true,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: options.connectionTimeoutMs ?? 3_000,
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        // Without it, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes and
        // a stalled request hangs forever.
        throwOnRequestTimeout: true,
        // The limiter decides how many calls are in flight; the SDK's default agent would queue
        // any beyond 50 sockets.
        httpAgent: { maxSockets: limiter.max },
        httpsAgent: { maxSockets: limiter.max },
      }),
    };
  }
}
