/**
 * The fuzz suite's in-process runs of the action (run(): inputs -> plan -> execute -> policy ->
 * names -> mask -> export -> report), and the invariants every run must keep: either the step
 * fails, naming each failing secret with a documented code, and exports nothing; or it exports
 * exactly the expected variables, text for text, with every value and leaf masked before the first
 * export, no `true`/`false`/`null` mask, and no value in any log, failure or summary line.
 */
import type { ExecuteDeps, FetchedSecret, SecretFetcher } from '@envelope-kit/action';
import { isMaskablePart } from '@envelope-kit/aws-adapter/env-names';
import {
  detectFormat,
  EnvelopeKitError,
  inspect,
  type KeyProvider,
  open,
  openLegacy,
} from '@envelope-kit/envelope-core';
import { KNOWN_CODES } from './codes.js';
import type { Recorded } from './fake-io.js';

const ARN_PREFIX = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:';

/**
 * Secrets Manager as a map of name -> SecretString, for runs that are too many for moto (thousands
 * of generated values; moto answers about one call in 5 ms). What the action does with a fetched
 * text is what these runs test; the suite's bundle runs store the same kind of texts in moto.
 *
 * @example
 * ```ts
 * const secrets = memorySecrets(new Map([['prod/db', '{"a":1}']]));
 * ```
 */
export function memorySecrets(values: ReadonlyMap<string, string>): SecretFetcher {
  const arnOf = (name: string) => `${ARN_PREFIX}${name}-AbCdEf`;
  return {
    listByPrefix: async (prefix) =>
      [...values.keys()]
        .filter((name) => name.startsWith(prefix))
        .sort()
        .map((name) => ({ name, arn: arnOf(name) })),
    fetch: async (ids) =>
      ids.map((id): FetchedSecret => {
        const name = id.startsWith(ARN_PREFIX) ? id.slice(ARN_PREFIX.length, -7) : id;
        const value = values.get(name);
        if (value === undefined) {
          return {
            id,
            error: new EnvelopeKitError('ERR_SECRET_NOT_FOUND', 'secret not found', { subject: id }),
          };
        }
        return { id, name, arn: arnOf(name), value };
      }),
  };
}

/**
 * ExecuteDeps for run(): envelope-core's real operations, the given key providers and secrets; no
 * envelope files.
 *
 * @example
 * ```ts
 * await run({ io, step, env: {}, deps: () => inProcessDeps({ secrets, local }) });
 * ```
 */
export function inProcessDeps(options: {
  readonly secrets: SecretFetcher;
  readonly local?: KeyProvider;
  readonly kms?: KeyProvider & { clear?(): void };
  readonly resolveKeyIds?: (ids: string[]) => Promise<string[]>;
}): ExecuteDeps {
  return {
    envelopes: { detectFormat, inspect, open, openLegacy },
    secrets: options.secrets,
    kms: options.kms,
    local: options.local,
    resolveKeyIds: options.resolveKeyIds ?? (async (ids) => ids),
    readFile: async () => {
      throw new Error('no envelope files in these runs');
    },
    dispose: () => options.kms?.clear?.(),
  };
}

/** What a step did, from an in-process run or the bundle. */
export interface Observed {
  readonly exported: ReadonlyMap<string, string>;
  readonly outputs: ReadonlyMap<string, string>;
  readonly state: ReadonlyMap<string, string>;
  /** The masks, in the order registered. */
  readonly masks: readonly string[];
  /** The step's failure messages. */
  readonly failed: readonly string[];
  /** Every other line the step wrote where people read it: log, warnings, summary. */
  readonly lines: readonly string[];
  /** How many masks were registered before the first export (in-process runs only). */
  readonly masksBeforeFirstExport?: number | undefined;
}

/**
 * An {@link Observed} of a {@link recordingIO} run.
 *
 * @example
 * ```ts
 * expect(runProblems(observedOf(recorded), expected)).toEqual([]);
 * ```
 */
export function observedOf(recorded: Recorded): Observed {
  const counts = [...recorded.masksBeforeExport.values()];
  return {
    exported: recorded.exported,
    outputs: recorded.outputs,
    state: recorded.state,
    masks: recorded.masks,
    failed: recorded.failed,
    lines: [...recorded.log, ...recorded.summary],
    masksBeforeFirstExport: counts.length === 0 ? undefined : Math.min(...counts),
  };
}

/** What a run must do. */
export interface ExpectedRun {
  /**
   * `subject CODE` (or `subject CODE1|CODE2` where either is right) for every refusal the step must
   * report; empty when it must succeed.
   */
  readonly failures: ReadonlySet<string>;
  /** On success: the variables, exactly (the cleanup list variable aside). */
  readonly variables: readonly { readonly name: string; readonly value: string }[];
  /** On success: texts that must be masked before the first export. */
  readonly masks: readonly string[];
  /**
   * Every secret's whole value (as opened), masked whole even when refused: the only texts that
   * may be the masks `true`, `false` or `null`.
   */
  readonly wholeValues: readonly string[];
  /** Texts that must appear in no failure, log or summary line, whatever the outcome. */
  readonly tokens: readonly string[];
  /** What every secret piece of the generated values holds (lines holding it must be masks). */
  readonly marker: string;
  /** Whether set-outputs is on (then every variable is an output too). */
  readonly setOutputs: boolean;
  /** On success: texts the log must hold (the legacy warning naming `envelope migrate <secret>`). */
  readonly logged?: readonly string[];
}

/**
 * The masks `text` needs: the text, and each of its lines that holds a secret piece (`marker`):
 * the runner matches masks within one log line. Lines of bare JSON punctuation need none, nor lines
 * shorter than 4 characters (aws-adapter masks.ts: such a mask would blank that text job-wide).
 */
function maskLines(text: string, marker: string): string[] {
  const out = text.trim() === '' ? [] : [text];
  if (/[\r\n]/.test(text))
    out.push(...text.split(/\r?\n|\r/).filter((line) => line.includes(marker) && isMaskablePart(line)));
  return out;
}

/** `subject CODE` pairs of a failure message (`N secrets failed, nothing was exported:` then one a line). */
export function reportedFailures(failed: readonly string[]): string[] {
  const pairs: string[] = [];
  for (const message of failed) {
    for (const line of message.split('\n').slice(1)) {
      const match = /^(.*?): (ERR_[A-Z_0-9]+) /.exec(line);
      pairs.push(match === null ? `(unparsed line) ${line.slice(0, 40)}` : `${match[1]} ${match[2]}`);
    }
  }
  return pairs;
}

/**
 * Every broken invariant of one run, described by names, codes and indices (never by a value).
 *
 * @example
 * ```ts
 * expect(runProblems(observedOf(recorded), expected)).toEqual([]);
 * ```
 */
export function runProblems(observed: Observed, expected: ExpectedRun): string[] {
  const problems: string[] = [];
  // Only lines holding the marker or a long run of digits can hold a token (thousands of tokens
  // against thousands of summary lines would be slow).
  const lines = [...observed.failed, ...observed.lines];
  const suspect = lines
    .map((line, at) => ({ line, at }))
    .filter(({ line }) => line.includes(expected.marker) || /[0-9]{12}/.test(line));
  expected.tokens.forEach((token, index) => {
    const hit = suspect.find(({ line }) => line.includes(token));
    if (hit !== undefined) problems.push(`value token #${index} appears in output line #${hit.at}`);
  });
  for (const literal of ['true', 'false', 'null']) {
    if (observed.masks.includes(literal) && !expected.wholeValues.includes(literal))
      problems.push(`'${literal}' was masked`);
  }
  if (expected.failures.size > 0) {
    if (observed.failed.length !== 1) problems.push(`${observed.failed.length} failure messages, expected 1`);
    else if (!/nothing was exported/.test(observed.failed[0] ?? ''))
      problems.push('failure does not say nothing was exported');
    const reported = reportedFailures(observed.failed);
    const matches = (pair: string, wanted: string) => {
      const [subject, codes] = [
        wanted.slice(0, wanted.lastIndexOf(' ')),
        wanted.slice(wanted.lastIndexOf(' ') + 1),
      ];
      return codes.split('|').some((code) => pair === `${subject} ${code}`);
    };
    for (const pair of reported) {
      const code = pair.slice(pair.lastIndexOf(' ') + 1);
      if (!KNOWN_CODES.has(code)) problems.push(`undocumented code: ${pair}`);
      if (![...expected.failures].some((wanted) => matches(pair, wanted)))
        problems.push(`unexpected failure: ${pair}`);
    }
    for (const wanted of expected.failures) {
      if (!reported.some((pair) => matches(pair, wanted))) problems.push(`missing failure: ${wanted}`);
    }
    if (observed.exported.size > 0)
      problems.push(`failed, yet exported ${[...observed.exported.keys()].join(', ')}`);
    if (observed.outputs.size > 0)
      problems.push(`failed, yet set outputs ${[...observed.outputs.keys()].join(', ')}`);
    if ([...observed.state.values()].some((v) => v !== '' && v !== '[]'))
      problems.push('failed, yet saved names for the post step');
    return problems;
  }
  if (observed.failed.length > 0) {
    problems.push(`failed unexpectedly: ${reportedFailures(observed.failed).join('; ')}`);
    return problems;
  }
  const exported = new Map([...observed.exported].filter(([name]) => name !== 'SECRETS_LIST_CLEAN_UP'));
  const wanted = new Map(expected.variables.map((v) => [v.name, v.value]));
  if (wanted.size !== expected.variables.length) problems.push('expectation names a variable twice');
  for (const [name, value] of wanted) {
    if (!exported.has(name)) problems.push(`${name} not exported`);
    else if (exported.get(name) !== value) problems.push(`${name} exported with another value than stored`);
    if (expected.setOutputs && observed.outputs.get(name) !== value)
      problems.push(`output ${name} missing or altered`);
  }
  for (const name of exported.keys()) if (!wanted.has(name)) problems.push(`${name} exported, not expected`);
  const firstExport = observed.masksBeforeFirstExport ?? observed.masks.length;
  const maskedAt = new Map<string, number>();
  observed.masks.forEach((mask, at) => {
    if (!maskedAt.has(mask)) maskedAt.set(mask, at);
  });
  expected.masks.forEach((text, index) => {
    for (const line of maskLines(text, expected.marker)) {
      const at = maskedAt.get(line);
      if (at === undefined) problems.push(`mask #${index} never registered`);
      else if (at >= firstExport) problems.push(`mask #${index} registered after the first export`);
    }
  });
  for (const text of expected.logged ?? []) {
    if (!observed.lines.some((line) => line.includes(text))) problems.push(`log lacks '${text}'`);
  }
  return problems;
}
