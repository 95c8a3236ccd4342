/**
 * Carries out a {@link Plan} as one pipeline: the named secrets are fetched in batches (20 ids a
 * call, every call at once) while the prefixes are listed (every ListSecrets page) and the
 * allow-list's aliases resolved; each secret is opened as soon as its batch arrives, each prefix's
 * matches are fetched as soon as its listing is done, envelope files are read and opened alongside.
 * How many AWS calls are in flight is the AWS clients' business (a limiter per service, see
 * aws-adapter's AwsClientFactory), so that a batch never waits for another. Every I/O dependency is
 * injected. Nothing here masks, exports or logs: the result is a list of opened values and a list
 * of every failure, for the later stages.
 */

import type { NameChooser } from '@envelope-kit/aws-adapter/env-names';
import {
  ContextMismatchError,
  type EncryptionContext,
  EnvelopeKitError,
  isEnvelopeKitError,
  KeyNotAllowedError,
  type KeyProvider,
  NoUsableKeyError,
} from '@envelope-kit/envelope-core';
import { ActionError, type Failure, toFailure } from './errors.js';
import type { LegacyKdf } from './inputs.js';
import type { FileEntry, Plan, PlanEntry, WorkflowBinding } from './plan.js';
import type { OpenedValue, ValueFormat } from './variables.js';

/** A fetched secret, or why it could not be fetched (aws-adapter's SecretResult). */
export type FetchedSecret =
  | { id: string; name: string; arn: string; value: string | Uint8Array; versionId?: string }
  | { id: string; error: EnvelopeKitError };

/** What execute() needs of Secrets Manager (aws-adapter's SecretsManagerSource fits). */
export interface SecretFetcher {
  listByPrefix(prefix: string): Promise<readonly { name: string; arn: string }[]>;
  /**
   * One result per id. `onResult`, when the fetcher supports it, receives each result as soon as it
   * is known (a batch's as its call answers), so that opening starts before the last batch is in.
   */
  fetch(
    ids: string[],
    options?: { onResult?: (result: FetchedSecret) => void },
  ): Promise<readonly FetchedSecret[]>;
}

/**
 * The envelope operations execute() uses: envelope-core's detectFormat, inspect, open and
 * openLegacy (main.ts passes those; the shapes are the settled contract's).
 */
export interface EnvelopeOps {
  detectFormat(text: string): 'v1' | 'legacy' | 'plain';
  inspect(text: string): { context: Record<string, string> };
  open(
    text: string,
    options: {
      providers: readonly KeyProvider[];
      requiredContext?: EncryptionContext;
      allowedKeyIds?: readonly string[];
      subject?: string;
    },
  ): Promise<{ plaintext: Uint8Array; keyId: string }>;
  openLegacy(
    text: string,
    options: { provider: KeyProvider; kdf?: LegacyKdf; subject?: string },
  ): Promise<{
    plaintext: Uint8Array;
    keyId: string;
    passwordLength: number;
    passwordShortened: boolean;
    passwordEmpty: boolean;
  }>;
}

/** The injected dependencies of {@link execute}. */
export interface ExecuteDeps {
  /** envelope-core's operations. */
  readonly envelopes: EnvelopeOps;
  /** Secrets Manager. An ARN is fetched in its own region; names and prefixes in the default one. */
  readonly secrets: SecretFetcher;
  /** The KMS discovery provider (unwraps any aws-kms entry), or undefined when KMS is not available. */
  readonly kms: KeyProvider | undefined;
  /** The provider of `local-key`, when one was given. */
  readonly local: KeyProvider | undefined;
  /** Resolves KMS aliases to key ARNs (DescribeKey) for the allow-list. */
  resolveKeyIds(ids: string[]): Promise<string[]>;
  /** Reads an envelope file (already checked to lie in the workspace) as UTF-8 text. */
  readFile(entry: FileEntry): Promise<string>;
  /** Zeroes kept key material and closes clients; run() calls it once execute() is done. */
  dispose?(): void;
}

/** What execute() returns: every opened value and every failure, in input order. */
export interface ExecuteResult {
  readonly opened: readonly OpenedValue[];
  readonly failures: readonly Failure[];
  /** allowed-key-ids with aliases resolved to key ARNs (undefined: any key), for policy.ts. */
  readonly allowedKeyIds?: readonly string[] | undefined;
}

/** One source to open: a secret (named directly or found by a prefix) or a file. */
interface Target {
  readonly subject: string;
  readonly kind: 'secret' | 'file';
  readonly alias: string | undefined;
  readonly fetchId: string;
  /** Who chose the variable name: a secret found by a prefix without an alias names itself. */
  readonly nameChosenBy: NameChooser;
  /** The formats the plan accepts for it (plain only where plaintext-secrets allows). */
  readonly formats: readonly ValueFormat[];
  readonly file?: FileEntry;
}

async function expandEntry(entry: PlanEntry, deps: ExecuteDeps): Promise<Target[]> {
  switch (entry.kind) {
    case 'secret':
      return [
        {
          subject: entry.id,
          kind: 'secret',
          alias: entry.alias,
          fetchId: entry.id,
          nameChosenBy: 'author',
          formats: entry.formats,
        },
      ];
    case 'file':
      return [
        {
          subject: entry.path,
          kind: 'file',
          alias: entry.alias,
          fetchId: entry.path,
          nameChosenBy: 'author',
          formats: entry.formats,
          file: entry,
        },
      ];
    case 'prefix': {
      const subject = `${entry.prefix}*`;
      const matches = await deps.secrets.listByPrefix(entry.prefix);
      if (matches.length === 0) {
        throw new ActionError('ERR_PREFIX_NO_MATCH', 'no secret name starts with this prefix', { subject });
      }
      if (entry.alias && matches.length > 1) {
        throw new ActionError(
          'ERR_PREFIX_ALIAS_AMBIGUOUS',
          `an alias needs a prefix that matches one secret, it matches ${matches.length}`,
          { subject },
        );
      }
      // Fetch by ARN (exact, unlike a name), report and name by the secret's name. A blank alias
      // (`,app/*`) is no alias here, as in the official action: each match keeps its name prefix.
      return matches.map((m) => ({
        subject: m.name,
        kind: 'secret' as const,
        alias: entry.alias || undefined,
        fetchId: m.arn,
        nameChosenBy: entry.alias ? ('author' as const) : ('content' as const),
        formats: entry.formats,
      }));
    }
  }
}

/**
 * The secrets of one run, by fetch id: each is a promise that settles (never rejects) when its
 * result arrives, so that whoever needs a secret waits for its own batch only.
 */
class Arrivals {
  readonly #secrets: SecretFetcher;
  readonly #pending = new Map<
    string,
    { promise: Promise<FetchedSecret>; settle: (r: FetchedSecret) => void }
  >();
  readonly #calls: Promise<void>[] = [];

  constructor(secrets: SecretFetcher) {
    this.#secrets = secrets;
  }

  /** Starts fetching the ids not asked for yet, in one call (which batches them 20 a request). */
  request(ids: readonly string[]): void {
    const fresh = [...new Set(ids)].filter((id) => !this.#pending.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) {
      let settle!: (r: FetchedSecret) => void;
      const promise = new Promise<FetchedSecret>((resolve) => {
        settle = resolve;
      });
      this.#pending.set(id, { promise, settle });
    }
    const arrive = (result: FetchedSecret) => this.#pending.get(result.id)?.settle(result);
    this.#calls.push(
      this.#secrets.fetch(fresh, { onResult: arrive }).then(
        // A fetcher without onResult hands everything over here (settling twice is a no-op).
        (results) => {
          for (const result of results) arrive(result);
        },
        (error: unknown) => {
          // A failure of the whole call is the failure of every secret in it, with the same code.
          const { code, message } = toFailure(error, 'secrets');
          for (const id of fresh) arrive({ id, error: new EnvelopeKitError(code, message) });
        },
      ),
    );
  }

  /** The result for `id`, once it is in. */
  get(id: string): Promise<FetchedSecret> | undefined {
    return this.#pending.get(id)?.promise;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes plaintext bytes to text: UTF-8 when they are valid UTF-8 without NUL (what an
 * environment variable can hold), else base64 with a warning. For SecretBinary the official action
 * decodes as ASCII, which is the same for ASCII text and corrupts anything else. Zeroes `bytes`.
 */
export function bytesToText(bytes: Uint8Array, warnings: string[]): string {
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    // not UTF-8: base64 below
  }
  if (text === undefined || text.includes('\0')) {
    warnings.push('binary value exported as base64');
    text = Buffer.from(bytes).toString('base64');
  }
  bytes.fill(0);
  return text;
}

function bindingPairs(
  target: Target,
  name: string,
  ctx: Readonly<Record<string, string>>,
  plan: Plan,
): Record<string, string> {
  const required: Record<string, string> = { ...plan.requireContext };
  const need = (
    key: string,
    actual: string | undefined,
    what: string,
    equal = (a: string, b: string) => a === b,
  ) => {
    const wanted = ctx[key];
    if (wanted === undefined) return;
    if (actual === undefined) {
      throw new ActionError(
        'ERR_CONTEXT_UNAVAILABLE',
        `envelope is bound to ${key}=${wanted} but this run's ${what} is not known`,
        { subject: target.subject },
      );
    }
    if (!equal(wanted, actual)) {
      throw new ContextMismatchError(
        `envelope is bound to ${key}=${wanted}, this run's ${what} is ${actual}`,
        {
          subject: target.subject,
        },
      );
    }
    // Require the envelope's own (authenticated) value, so that open() checks it against the AAD.
    required[key] = wanted;
  };
  // A secret's envelope must name the secret it was fetched from (copying it elsewhere breaks it);
  // an envelope file binds through its own ctx only.
  if (target.kind === 'secret') need('secret', name, 'secret name');
  const workflow: WorkflowBinding = plan.workflow;
  // GitHub owner and repository names are case-insensitive.
  need('repository', workflow.repository, 'GITHUB_REPOSITORY', (a, b) => a.toLowerCase() === b.toLowerCase());
  // Not the job's deployment environment as GitHub knows it: the runner does not set
  // GITHUB_ENVIRONMENT, and the workflow or any earlier step can (a guardrail, not a boundary;
  // SECURITY.md "Where the boundary is"). The messages say so rather than claim a verified check.
  need(
    'environment',
    workflow.environment,
    'GITHUB_ENVIRONMENT (set by the workflow or an earlier step, not verified by the runner)',
  );
  need('ref', workflow.ref, 'GITHUB_REF');
  for (const [key, value] of Object.entries(plan.requireContext)) {
    if (ctx[key] !== value) {
      throw new ContextMismatchError(
        ctx[key] === undefined
          ? `envelope lacks required context ${key}`
          : `envelope has ${key}=${ctx[key]}, required ${value}`,
        { subject: target.subject },
      );
    }
  }
  return required;
}

/** The shared state of one execute() run. */
interface OpenSetup {
  readonly plan: Plan;
  readonly deps: ExecuteDeps;
  readonly providers: readonly KeyProvider[];
  /** Resolves while the secrets are fetched; rejects when it cannot be resolved. */
  readonly allowList: Promise<readonly string[] | undefined>;
  readonly arrivals: Arrivals;
}

async function openText(target: Target, name: string, text: string, warnings: string[], setup: OpenSetup) {
  const { plan, deps, providers } = setup;
  const allowedKeyIds = await setup.allowList;
  const { detectFormat, inspect, open, openLegacy } = deps.envelopes;
  const format = detectFormat(text);
  if (format === 'plain') {
    if (!target.formats.includes('plain')) {
      throw new ActionError(
        'ERR_PLAINTEXT_REFUSED',
        target.kind === 'file'
          ? 'envelope file holds no envelope'
          : 'secret is not an envelope and plaintext-secrets is deny',
        { subject: target.subject },
      );
    }
    return { value: text, format, keyId: undefined };
  }
  if (format === 'legacy') {
    if (deps.kms === undefined)
      throw new NoUsableKeyError('legacy envelope needs KMS', { subject: target.subject });
    const opened = await openLegacy(text, {
      provider: deps.kms,
      kdf: plan.legacyKdf,
      subject: target.subject,
    });
    try {
      // allowed-key-ids, legacy-envelopes and the weak-password rule: policy.ts, for every format.
      return {
        value: bytesToText(opened.plaintext, warnings),
        format,
        keyId: opened.keyId,
        legacyPasswordLength: opened.passwordLength,
      };
    } finally {
      opened.plaintext.fill(0);
    }
  }
  const header = inspect(text);
  const requiredContext: EncryptionContext = bindingPairs(target, name, header.context, plan);
  const opened = await open(text, {
    providers,
    requiredContext,
    ...(allowedKeyIds === undefined ? {} : { allowedKeyIds }),
    subject: target.subject,
  });
  try {
    return {
      value: bytesToText(opened.plaintext, warnings),
      format,
      keyId: opened.keyId,
      // inspect() read ctx before open() authenticated it (AAD); open succeeded, so it is authentic.
      context: header.context,
    };
  } finally {
    opened.plaintext.fill(0);
  }
}

async function openTarget(target: Target, setup: OpenSetup): Promise<OpenedValue> {
  const warnings: string[] = [];
  let name: string;
  let text: string;
  if (target.file !== undefined) {
    name = target.file.name;
    try {
      text = await setup.deps.readFile(target.file);
    } catch (error) {
      // Keep our own typed errors; an fs error's message holds the absolute path only, but its
      // class and code say enough.
      if (isEnvelopeKitError(error)) throw error;
      const code = (error as { code?: unknown } | null)?.code;
      throw new ActionError(
        'ERR_FILE_READ',
        `cannot read envelope file${typeof code === 'string' ? ` (${code})` : ''}`,
        {
          subject: target.subject,
        },
      );
    }
  } else {
    const result = await setup.arrivals.get(target.fetchId);
    if (result === undefined)
      throw new ActionError('ERR_INTERNAL', 'secret was not fetched', { subject: target.subject });
    if ('error' in result) throw result.error.about(target.subject);
    // The official action names an ARN by the fetched name; a name stays as written.
    name = target.subject.startsWith('arn:') ? result.name : target.subject;
    text = typeof result.value === 'string' ? result.value : bytesToText(result.value, warnings);
  }
  const { value, format, keyId, context, legacyPasswordLength } = await openText(
    target,
    name,
    text,
    warnings,
    setup,
  );
  return {
    subject: target.subject,
    kind: target.kind,
    alias: target.alias,
    name,
    nameChosenBy: target.nameChosenBy,
    value,
    format,
    keyId,
    context,
    legacyPasswordLength,
    warnings,
  };
}

async function resolveAllowList(plan: Plan, deps: ExecuteDeps): Promise<readonly string[] | undefined> {
  if (plan.allowedKeyIds.length === 0) return undefined;
  // KMS aliases (alias/x, alias ARNs) and bare KMS key ids (uuid, mrk-...) are resolved to key ARNs,
  // which is what envelopes record and KMS Decrypt answers; key ARNs and local key ids stay as written.
  const toResolve = plan.allowedKeyIds.filter(
    (id) =>
      id.startsWith('alias/') ||
      /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(id) ||
      /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(id),
  );
  const others = plan.allowedKeyIds.filter((id) => !toResolve.includes(id));
  const resolved = toResolve.length === 0 ? [] : await deps.resolveKeyIds(toResolve);
  return [...new Set([...others, ...resolved])];
}

/**
 * Executes the plan. Never throws for one secret: every failure (prefix without match, fetch error,
 * tampered envelope, context mismatch, plaintext refused, unreadable file) lands in `failures`
 * with the secret id or path as subject; the caller exports nothing when there is any. Failures
 * come in input order: the plan's, the prefixes', then the secrets' and files'.
 *
 * @example
 * ```ts
 * const { opened, failures } = await execute(plan, { secretsFor, kms, local, resolveKeyIds, readFile });
 * ```
 */
export async function execute(plan: Plan, deps: ExecuteDeps): Promise<ExecuteResult> {
  const arrivals = new Arrivals(deps.secrets);
  // The named secrets go first, all in one fetch; everything else runs alongside.
  arrivals.request(plan.entries.flatMap((entry) => (entry.kind === 'secret' ? [entry.id] : [])));
  const allowList = resolveAllowList(plan, deps);
  const setup: OpenSetup = {
    plan,
    deps,
    providers: [deps.local, deps.kms].filter((p): p is KeyProvider => p !== undefined),
    allowList,
    arrivals,
  };
  const openEach = (targets: readonly Target[]) =>
    Promise.all(
      targets.map(async (target): Promise<OpenedValue | Failure> => {
        try {
          return await openTarget(target, setup);
        } catch (error) {
          // The failure is the secret's, even when the error is about a key (a KMS error's subject
          // is the key id, which its message keeps): the step must name every failing secret.
          return { ...toFailure(error, target.subject), subject: target.subject };
        }
      }),
    );
  const entries = await Promise.all(
    plan.entries.map(
      async (entry): Promise<{ expandFailure?: Failure; outcomes: (OpenedValue | Failure)[] }> => {
        let targets: Target[];
        try {
          targets = await expandEntry(entry, deps);
        } catch (error) {
          return {
            expandFailure: toFailure(error, entry.kind === 'prefix' ? `${entry.prefix}*` : entry.line),
            outcomes: [],
          };
        }
        // A prefix's matches are fetched as soon as its last page is in.
        if (entry.kind === 'prefix') arrivals.request(targets.map((t) => t.fetchId));
        return { outcomes: await openEach(targets) };
      },
    ),
  );
  const failures: Failure[] = [...plan.failures];
  let allowedKeyIds: readonly string[] | undefined;
  try {
    allowedKeyIds = await allowList;
  } catch (error) {
    return { opened: [], failures: [...failures, toFailure(error, 'allowed-key-ids')] };
  }
  const opened: OpenedValue[] = [];
  for (const { expandFailure } of entries) if (expandFailure !== undefined) failures.push(expandFailure);
  for (const { outcomes } of entries) {
    for (const outcome of outcomes) {
      if ('value' in outcome) opened.push(outcome);
      else failures.push(outcome);
    }
  }
  return { opened, failures, allowedKeyIds };
}
