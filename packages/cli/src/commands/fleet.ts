/**
 * What the fleet commands (audit, migrate, rewrap) share: ids and `PREFIX*` patterns expanded to
 * secrets (every ListSecrets page), values fetched in batches, one task per secret under a bound on
 * concurrency, a progress bar on stderr when it is a terminal, and a final summary (text or
 * `--json`). Every secret gets one outcome; a failure never stops the others.
 */
import {
  type AwsClientFactory,
  BURST_RETRY_OPTIONS,
  createLimiter,
  type SecretsManagerSource,
} from '@envelope-kit/aws-adapter';
import { isEnvelopeKitError } from '@envelope-kit/envelope-core';
import type { OptionSpec, ParsedValues } from '../args.js';
import { stringOption } from '../args.js';
import { awsFactory } from '../command.js';
import { CliError, formatError, UsageError } from '../errors.js';
import { printLine } from '../io.js';

/**
 * The options of every fleet command, on top of its own.
 *
 * @example
 * ```ts
 * options: { key: { type: 'string', multiple: true }, ...FLEET_OPTIONS }
 * ```
 */
export const FLEET_OPTIONS = {
  'dry-run': { type: 'boolean', short: 'n' },
  concurrency: { type: 'string' },
} as const satisfies Record<string, OptionSpec>;

/** Help lines of {@link FLEET_OPTIONS}. */
export const FLEET_HELP = `  -n, --dry-run            say what would change; write nothing
  --concurrency N          secrets worked on at once (default ${8}, at most 64)`;

/** Default number of secrets worked on at once. */
const DEFAULT_CONCURRENCY = 8;

/** One secret to work on: as the user wrote it (or found by a prefix), and the id to fetch. */
export interface FleetTarget {
  readonly subject: string;
  readonly fetchId: string;
  /** Matched by a `PREFIX*` rather than named. */
  readonly byPrefix: boolean;
}

/** What happened to one secret. `status` drives the summary; the rest is printed as it is. */
export interface Outcome {
  readonly secret: string;
  /** changed: written (or, with --dry-run, would be); unchanged: nothing to do; skipped: not for this command. */
  readonly status: 'changed' | 'unchanged' | 'skipped' | 'failed';
  /** One human line: what was (or would be) done, or why not. Never a value. */
  readonly note: string;
  readonly arn?: string | undefined;
  readonly error?: { readonly code: string; readonly message: string } | undefined;
  readonly [field: string]: unknown;
}

/**
 * The AWS client factory of a fleet command: the action's retry settings (standard mode, 10
 * attempts, waits capped at 2 s), so that throttling over hundreds of secrets slows the run
 * instead of failing it.
 *
 * @example
 * ```ts
 * const factory = fleetFactory(values);
 * ```
 */
export function fleetFactory(values: ParsedValues): AwsClientFactory {
  return awsFactory(values, undefined, BURST_RETRY_OPTIONS);
}

/**
 * `--concurrency N` (1..64), default 8.
 *
 * @example
 * ```ts
 * const limit = createLimiter(concurrencyOf(values));
 * ```
 */
export function concurrencyOf(values: ParsedValues): number {
  const text = stringOption(values, 'concurrency');
  if (text === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < 1 || n > 64) throw new UsageError('--concurrency expects 1 to 64');
  return n;
}

/**
 * Expands ids and `PREFIX*` patterns into secrets. A prefix lists every page; a prefix matching
 * nothing is a failure of its own. A secret named twice (or by an id and a prefix) is worked on once.
 *
 * @example
 * ```ts
 * const { targets, failures } = await expandTargets(source, ['prod/db', 'legacy/*']);
 * ```
 */
export async function expandTargets(
  source: SecretsManagerSource,
  patterns: readonly string[],
): Promise<{ targets: FleetTarget[]; failures: Outcome[] }> {
  const targets: FleetTarget[] = [];
  const failures: Outcome[] = [];
  const seen = new Set<string>();
  const listed = await Promise.all(
    patterns.map(async (pattern) => {
      if (!pattern.endsWith('*')) return undefined;
      try {
        return await source.listByPrefix(pattern.slice(0, -1));
      } catch (error) {
        return error;
      }
    }),
  );
  patterns.forEach((pattern, i) => {
    const matches = listed[i];
    if (matches === undefined) {
      if (!seen.has(pattern)) targets.push({ subject: pattern, fetchId: pattern, byPrefix: false });
      seen.add(pattern);
      return;
    }
    if (!Array.isArray(matches)) {
      failures.push(failedOutcome(pattern, matches));
      return;
    }
    if (matches.length === 0) {
      failures.push(
        failedOutcome(
          pattern,
          new CliError('ERR_PREFIX_NO_MATCH', 'no secret name starts with this prefix', { subject: pattern }),
        ),
      );
    }
    for (const m of matches) {
      if (seen.has(m.name) || seen.has(m.arn)) continue;
      seen.add(m.name);
      seen.add(m.arn);
      targets.push({ subject: m.name, fetchId: m.arn, byPrefix: true });
    }
  });
  return { targets, failures };
}

/**
 * The outcome of a secret that failed, with the error's code and message (never a value: only
 * envelope-kit errors keep their message, see formatError).
 *
 * @example
 * ```ts
 * outcomes.push(failedOutcome('prod/db', error));
 * ```
 */
export function failedOutcome(secret: string, error: unknown): Outcome {
  const line = formatError(isEnvelopeKitError(error) ? error.about(secret) : error);
  const code = isEnvelopeKitError(error) ? error.code : 'ERR_INTERNAL';
  const message = line.replace(/^envelope: [A-Z_]+: /, '');
  return { secret, status: 'failed', note: message, error: { code, message } };
}

/** A fetched secret handed to a fleet task. */
export interface FetchedSecret {
  readonly target: FleetTarget;
  readonly name: string;
  readonly arn: string;
  readonly text: string;
  readonly versionId: string | undefined;
  readonly createdDate: Date | undefined;
}

/**
 * Fetches every target (BatchGetSecretValue, 20 ids a call) and runs `task` on each under the
 * concurrency bound, showing progress on a terminal. Every target gets exactly one outcome, in order.
 *
 * @example
 * ```ts
 * const outcomes = await forEachSecret(source, targets, 8, 'migrate', async (secret) => migrateOne(secret));
 * ```
 */
export async function forEachSecret(
  source: SecretsManagerSource,
  targets: readonly FleetTarget[],
  concurrency: number,
  label: string,
  task: (secret: FetchedSecret) => Promise<Outcome>,
): Promise<Outcome[]> {
  const progress = new Progress(label, targets.length);
  const fetched = await source.fetch(targets.map((t) => t.fetchId));
  const limit = createLimiter(concurrency);
  try {
    return await Promise.all(
      targets.map((target, i) =>
        limit(async () => {
          try {
            const result = fetched[i];
            if (result === undefined) throw new CliError('ERR_INTERNAL', 'secret was not fetched');
            if ('error' in result) throw result.error;
            if (typeof result.value !== 'string') {
              throw new CliError('ERR_NOT_ENVELOPE', 'secret holds a binary value, not an envelope');
            }
            return await task({
              target,
              name: result.name,
              arn: result.arn,
              text: result.value,
              versionId: result.versionId,
              createdDate: result.createdDate,
            });
          } catch (error) {
            return failedOutcome(target.subject, error);
          } finally {
            progress.tick();
          }
        }),
      ),
    );
  } finally {
    progress.done();
  }
}

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (a pipe or a log file
 * gets nothing), redrawn at most every 100 ms, erased when done.
 */
class Progress {
  readonly #label: string;
  readonly #total: number;
  readonly #stream: NodeJS.WriteStream = process.stderr;
  readonly #enabled: boolean;
  #done = 0;
  #drawnAt = 0;

  constructor(label: string, total: number) {
    this.#label = label;
    this.#total = total;
    this.#enabled = this.#stream.isTTY === true && total > 0;
    this.#draw();
  }

  tick(): void {
    this.#done++;
    const now = Date.now();
    if (now - this.#drawnAt >= 100 || this.#done === this.#total) this.#draw();
  }

  done(): void {
    if (this.#enabled) this.#stream.write('\r\u001b[2K');
  }

  #draw(): void {
    if (!this.#enabled) return;
    this.#drawnAt = Date.now();
    const width = 30;
    const filled = Math.round((this.#done / this.#total) * width);
    this.#stream.write(
      `\r\u001b[2K${this.#label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.#done}/${this.#total}`,
    );
  }
}

/** What a summary calls each status, per command (`migrated`, `would migrate`...). */
export interface StatusWords {
  readonly changed: string;
  readonly dryRunChanged: string;
}

/**
 * Prints the outcomes: with `--json` one object `{command, dryRun, counts, secrets}`; else one line
 * per secret that changed or failed, then a count line. Returns the exit code: 1 when any failed.
 *
 * @example
 * ```ts
 * return printSummary('migrate', outcomes, { json: true, dryRun: false, words });
 * ```
 */
export async function printSummary(
  command: string,
  outcomes: readonly Outcome[],
  options: { json: boolean; dryRun: boolean; words: StatusWords },
): Promise<number> {
  const counts = { changed: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const o of outcomes) counts[o.status]++;
  if (options.json) {
    await printLine(JSON.stringify({ command, dryRun: options.dryRun, counts, secrets: outcomes }));
  } else {
    // Failures go to stderr as every error does (one line, stable code); the report to stdout.
    for (const o of outcomes) {
      if (o.error !== undefined) process.stderr.write(`envelope: ${o.error.code}: ${o.error.message}\n`);
    }
    const changedWord = options.dryRun ? options.words.dryRunChanged : options.words.changed;
    const lines = outcomes.flatMap((o) =>
      o.status === 'failed' ? [] : [`${o.status}  ${o.secret}: ${o.note}`],
    );
    const total = `${command}${options.dryRun ? ' (dry run, nothing written)' : ''}: ${outcomes.length} secret(s): ${counts.changed} ${changedWord}, ${counts.unchanged} unchanged, ${counts.skipped} skipped, ${counts.failed} failed`;
    const nothing =
      counts.changed === 0 && counts.failed === 0 ? '\nnothing to do: every secret is already as asked' : '';
    await printLine([...lines, `${total}${nothing}`].join('\n'));
  }
  return counts.failed > 0 ? 1 : 0;
}
