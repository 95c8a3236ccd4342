/**
 * The one place that creates AWS SDK clients. Everything else receives an {@link AwsClientFactory}
 * and asks it for a client, so region, endpoint, retries, timeouts and user agent are set once.
 */
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { recordAwsCall } from './errors.js';

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
   * `adaptive` mode, a few seconds in `standard` mode (same jittered exponential backoff and
   * retry quota, no limiter).
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
   * How the program's user sets the region and the endpoint, named in the fix of an error message
   * ("no AWS region: set AWS_REGION or pass --region"). Default: the environment variables only.
   */
  settingNames?: { readonly region?: string; readonly endpoint?: string };
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
 * commands): `standard` retries (jittered exponential backoff, the SDK's retry quota) without
 * `adaptive`'s rate limiter, which slows a burst to 0.5 requests/s after a few throttles; 10
 * attempts, because 5 lose about 1 call in 145 at 30% throttling (0.37^5 with 503s and resets);
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
    return this.#cached(this.#kms, region, (config) => new KMSClient(config));
  }

  /** A Secrets Manager client for `region` (default: the factory's region). */
  secretsManager(region?: string): SecretsManagerClient {
    return this.#cached(this.#secretsManager, region, (config) => new SecretsManagerClient(config));
  }

  /** Destroys every cached client (closes their sockets). */
  destroy(): void {
    for (const client of [...this.#kms.values(), ...this.#secretsManager.values()]) client.destroy();
    this.#kms.clear();
    this.#secretsManager.clear();
  }

  #cached<C>(cache: Map<string, C>, region: string | undefined, create: (config: KMSClientConfig) => C): C {
    const chosen = region ?? this.region;
    // '' keys the client whose region the SDK resolves itself (profile), distinct from explicit ones.
    const key = chosen ?? '';
    let client = cache.get(key);
    if (client === undefined) {
      client = create(this.#config(chosen));
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

  #config(region: string | undefined): KMSClientConfig {
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
            retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (attempt) =>
              Math.floor(Math.random() * Math.min(maxBackoffMs, 100 * 2 ** attempt)),
            ),
          }
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
      }),
    };
  }
}
