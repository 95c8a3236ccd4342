/**
 * Reads and writes secrets in AWS Secrets Manager.
 *
 * Reading goes through BatchGetSecretValue, 20 ids a call (the API's limit), every call at once
 * (the client factory's limiter keeps them within the service's quota). A role that may not call BatchGetSecretValue (AccessDeniedException)
 * falls back to one GetSecretValue per secret. Every requested id gets exactly one result, a value
 * or a typed error, so a caller can report every failure at once.
 */
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type ListSecretsCommandOutput,
  PutSecretValueCommand,
  type SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import type { EnvelopeKitError } from '@envelope-kit/envelope-core';
import type { AwsClientFactory } from './clients.js';
import { AwsServiceError, errorFromCode, toAwsError } from './errors.js';
import { createLimiter } from './limit.js';

/**
 * BatchGetSecretValue accepts at most 20 ids in SecretIdList.
 *
 * @example
 * ```ts
 * Math.ceil(ids.length / BATCH_SIZE) // BatchGetSecretValue calls for ids of one region
 * ```
 */
export const BATCH_SIZE = 20;

/** One fetched secret, or the reason it could not be fetched. `id` is the id as the caller wrote it. */
export type SecretResult =
  | {
      id: string;
      name: string;
      arn: string;
      value: string | Uint8Array;
      versionId?: string;
      /** When this version was created: when the value last changed. */
      createdDate?: Date;
    }
  | { id: string; error: EnvelopeKitError };

/** Options of {@link SecretsManagerSource}. */
export interface SecretsManagerSourceOptions {
  /**
   * Secrets Manager calls in flight at once from this source, over all chunks and fallbacks
   * (default: no bound of its own; the factory's limiter for the service applies in any case).
   */
  concurrency?: number;
}

/** Options of {@link SecretsManagerSource.fetch}. */
export interface FetchSecretsOptions {
  /** A staging label such as `AWSPREVIOUS` (default: `AWSCURRENT`). */
  versionStage?: string;
  /** A version id (uuid). */
  versionId?: string;
  /**
   * Called with each result as soon as it is known (a batch's results when its call answers), so
   * that a caller can work on them while other calls are in flight. `fetch` still resolves to all.
   */
  onResult?: (result: SecretResult) => void;
}

/** Options of {@link SecretsManagerSource.put}. */
export interface PutSecretOptions {
  /** Set on create; on an existing secret, updated along with the new version. */
  description?: string;
  /** Set on create; added to an existing secret (TagResource). */
  tags?: Record<string, string>;
  /** KMS key Secrets Manager encrypts the secret with (default: aws/secretsmanager). */
  kmsKeyId?: string;
}

/** What {@link SecretsManagerSource.put} wrote. */
export interface PutSecretResult {
  arn: string;
  versionId: string;
  /** True when the secret was created, false when a new version was added. */
  created: boolean;
}

type Found = Extract<SecretResult, { value: unknown }>;

/**
 * True when `id` designates the secret with this name and ARN: the name itself, the full ARN, or
 * a partial ARN (the full ARN without the `-XXXXXX` suffix Secrets Manager appends).
 */
function designates(id: string, name: string | undefined, arn: string | undefined): boolean {
  if (id === name || id === arn) return true;
  return arn !== undefined && arn.length === id.length + 7 && arn.startsWith(`${id}-`);
}

function found(
  id: string,
  entry: {
    Name?: string;
    ARN?: string;
    SecretString?: string;
    SecretBinary?: Uint8Array;
    VersionId?: string;
    CreatedDate?: Date;
  },
): SecretResult {
  const value = entry.SecretString ?? entry.SecretBinary;
  if (value === undefined)
    return { id, error: new AwsServiceError(`${id}: the answer holds no secret value`, { subject: id }) };
  const result: Found = { id, name: entry.Name ?? id, arn: entry.ARN ?? '', value };
  if (entry.VersionId !== undefined) result.versionId = entry.VersionId;
  if (entry.CreatedDate !== undefined) result.createdDate = entry.CreatedDate;
  return result;
}

function isAccessDenied(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'AccessDeniedException';
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
export class SecretsManagerSource {
  readonly #factory: AwsClientFactory;
  readonly #limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** Regions where BatchGetSecretValue was refused: later calls go straight to GetSecretValue. */
  readonly #batchDenied = new Set<string>();

  constructor(factory: AwsClientFactory, options: SecretsManagerSourceOptions = {}) {
    this.#factory = factory;
    this.#limit = options.concurrency === undefined ? (task) => task() : createLimiter(options.concurrency);
  }

  #regionKey(id: string): string {
    return this.#factory.regionOf(id) ?? this.#factory.region ?? '';
  }

  #client(id: string): SecretsManagerClient {
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
  async listByPrefix(prefix: string): Promise<{ name: string; arn: string }[]> {
    const client = this.#factory.secretsManager();
    const secrets: { name: string; arn: string }[] = [];
    let nextToken: string | undefined;
    do {
      let page: ListSecretsCommandOutput;
      try {
        page = await this.#limit(() =>
          client.send(
            new ListSecretsCommand({
              // A leading '!' negates a ListSecrets filter value: such a prefix is filtered here only.
              ...(prefix === '' || prefix.startsWith('!')
                ? {}
                : { Filters: [{ Key: 'name', Values: [prefix] }] }),
              MaxResults: 100,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          ),
        );
      } catch (e) {
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
  async fetch(ids: readonly string[], options: FetchSecretsOptions = {}): Promise<SecretResult[]> {
    const unique = [...new Set(ids)];
    const results = new Map<string, SecretResult>();
    const missing = (id: string): SecretResult => ({
      id,
      error: new AwsServiceError(`${id}: no result for this secret`, { subject: id }),
    });
    const report = (done: readonly string[]) => {
      if (options.onResult === undefined) return;
      for (const id of done) options.onResult(results.get(id) ?? missing(id));
    };
    const version = options.versionStage !== undefined || options.versionId !== undefined;
    if (version) {
      // BatchGetSecretValue has no VersionStage / VersionId: ask for each secret on its own.
      await this.#getEach(unique, options, results, report);
    } else {
      // Group by the region each id resolves to (an ARN of the default region batches with names).
      const byRegion = new Map<string, string[]>();
      for (const id of unique) {
        const region = this.#regionKey(id);
        const group = byRegion.get(region);
        if (group === undefined) byRegion.set(region, [id]);
        else group.push(id);
      }
      const chunks: string[][] = [];
      for (const group of byRegion.values()) {
        for (let i = 0; i < group.length; i += BATCH_SIZE) chunks.push(group.slice(i, i + BATCH_SIZE));
      }
      await Promise.all(chunks.map((chunk) => this.#fetchChunk(chunk, results, report)));
    }
    return ids.map((id) => results.get(id) ?? missing(id));
  }

  async #fetchChunk(
    chunk: string[],
    results: Map<string, SecretResult>,
    report: (done: readonly string[]) => void,
  ): Promise<void> {
    const first = chunk[0] as string;
    const region = this.#regionKey(first);
    if (!this.#batchDenied.has(region)) {
      try {
        const answer = await this.#limit(() =>
          this.#client(first).send(new BatchGetSecretValueCommand({ SecretIdList: chunk })),
        );
        for (const entry of answer.SecretValues ?? []) {
          for (const id of chunk)
            if (designates(id, entry.Name, entry.ARN)) results.set(id, found(id, entry));
        }
        for (const entry of answer.Errors ?? []) {
          // Errors echo the SecretId as sent; ErrorCode is the exception name GetSecretValue would raise.
          const id = chunk.find((candidate) => candidate === entry.SecretId);
          if (id === undefined || results.has(id)) continue;
          results.set(id, {
            id,
            error: errorFromCode(entry.ErrorCode ?? 'UnknownError', id, entry.Message, entry),
          });
        }
        report(chunk);
        return;
      } catch (e) {
        if (!isAccessDenied(e)) {
          for (const id of chunk) results.set(id, { id, error: toAwsError(e, id) });
          report(chunk);
          return;
        }
        // The role may read secrets but not batch them (a common least-privilege policy).
        this.#batchDenied.add(region);
      }
    }
    // Outside the batch call's slot: waiting for slots of the same limiter while holding one could deadlock.
    await this.#getEach(chunk, {}, results, report);
  }

  async #getEach(
    ids: string[],
    options: FetchSecretsOptions,
    results: Map<string, SecretResult>,
    report: (done: readonly string[]) => void,
  ): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        try {
          const answer = await this.#limit(() =>
            this.#client(id).send(
              new GetSecretValueCommand({
                SecretId: id,
                ...(options.versionStage === undefined ? {} : { VersionStage: options.versionStage }),
                ...(options.versionId === undefined ? {} : { VersionId: options.versionId }),
              }),
            ),
          );
          results.set(id, found(id, answer));
        } catch (e) {
          results.set(id, { id, error: toAwsError(e, id) });
        }
        report([id]);
      }),
    );
  }

  /**
   * Adds a new version (AWSCURRENT) to an existing secret, named by name or ARN (an ARN is written
   * in its own region): one PutSecretValue call, for callers that just read the secret.
   *
   * @example
   * ```ts
   * const { versionId } = await source.putValue('arn:aws:secretsmanager:eu-west-1:1:secret:prod/db-AbCdEf', envelope);
   * ```
   */
  async putValue(id: string, value: string): Promise<PutSecretResult> {
    try {
      const out = await this.#limit(() =>
        this.#client(id).send(new PutSecretValueCommand({ SecretId: id, SecretString: value })),
      );
      return { arn: out.ARN ?? '', versionId: out.VersionId ?? '', created: false };
    } catch (e) {
      throw toAwsError(e, id);
    }
  }

  /**
   * Creates the secret, or adds a new version (AWSCURRENT) when it exists.
   *
   * @example
   * ```ts
   * const { arn, created } = await source.put('prod/db', envelope, { kmsKeyId: 'alias/secrets', tags: { team: 'a' } });
   * ```
   */
  async put(
    name: string,
    value: string | Uint8Array,
    options: PutSecretOptions = {},
  ): Promise<PutSecretResult> {
    const client = this.#client(name);
    const payload = typeof value === 'string' ? { SecretString: value } : { SecretBinary: value };
    const tags = Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    try {
      try {
        const created = await client.send(
          new CreateSecretCommand({
            Name: name,
            ...payload,
            ...(options.description === undefined ? {} : { Description: options.description }),
            ...(options.kmsKeyId === undefined ? {} : { KmsKeyId: options.kmsKeyId }),
            ...(tags.length === 0 ? {} : { Tags: tags }),
          }),
        );
        return { arn: created.ARN ?? '', versionId: created.VersionId ?? '', created: true };
      } catch (e) {
        if ((e as { name?: unknown } | null)?.name !== 'ResourceExistsException') throw e;
      }
      // UpdateSecret both adds the version and changes the metadata; PutSecretValue only adds the version.
      const updated =
        options.description !== undefined || options.kmsKeyId !== undefined
          ? await client.send(
              new UpdateSecretCommand({
                SecretId: name,
                ...payload,
                ...(options.description === undefined ? {} : { Description: options.description }),
                ...(options.kmsKeyId === undefined ? {} : { KmsKeyId: options.kmsKeyId }),
              }),
            )
          : await client.send(new PutSecretValueCommand({ SecretId: name, ...payload }));
      if (tags.length > 0) await client.send(new TagResourceCommand({ SecretId: name, Tags: tags }));
      return { arn: updated.ARN ?? '', versionId: updated.VersionId ?? '', created: false };
    } catch (e) {
      throw toAwsError(e, name);
    }
  }
}
