/**
 * Opened values -> named variables: JSON flattening and names by the official action's rules,
 * then every refusal (invalid, reserved, duplicate, already set) checked at once.
 */

import { listedForCleanup, sortCleanupNames } from './cleanup-list.js';
import { type Failure, toFailure } from './errors.js';
import {
  type AnalyzedSecret,
  analyzeSecret,
  checkNames,
  MAX_MASKS_PER_SECRET,
  masksOfText,
  type NameChooser,
  nameChooser,
} from './naming.js';
import type { Plan } from './plan.js';

/** The output listing what the step exported; no secret may take its name as an output. */
const OUTPUT_NAMES = 'names';

/** The format a value was found in. */
export type ValueFormat = 'v1' | 'legacy' | 'plain';

/** One opened value, ready to be named, masked and exported. */
export interface OpenedValue {
  /** The secret id as written (or the secret name found by a prefix), or the file path. */
  readonly subject: string;
  readonly kind: 'secret' | 'file';
  readonly alias: string | undefined;
  /** What the variable name derives from: the secret name (fetched, for an ARN) or the file's name. */
  readonly name: string;
  /**
   * Who chose `name`: `author` for a secret id or file the workflow wrote, `content` for a secret
   * found by a prefix (without alias). JSON keys are always the content's choice. Default `content`.
   */
  readonly nameChosenBy?: NameChooser;
  readonly value: string;
  readonly format: ValueFormat;
  /** The key that opened it (v1 and legacy). */
  readonly keyId: string | undefined;
  /** A v1 envelope's authenticated encryption context; undefined for legacy and plain values. */
  readonly context?: Readonly<Record<string, string>> | undefined;
  /** A legacy envelope's openssl password length in bytes (never shown: it tells where K has 0x00/0x0A). */
  readonly legacyPasswordLength?: number | undefined;
  /** Warnings for the log and the summary. Never a value or key material. */
  readonly warnings: readonly string[];
}

/** One variable to export, with what the summary shows about it. */
export interface Variable {
  readonly name: string;
  readonly value: string;
  /** The secret id or file path it comes from. */
  readonly source: string;
  readonly format: ValueFormat;
  readonly keyId: string | undefined;
  readonly warnings: readonly string[];
  /** Who chose the name (see {@link OpenedValue.nameChosenBy}); decides which deny-list tier applies. */
  readonly chosenBy: NameChooser;
}

/** The variables, every text to mask (whole values and every leaf), and every naming failure. */
export interface VariablesResult {
  readonly variables: readonly Variable[];
  /**
   * Every text to register with `add-mask`, deduplicated: each opened value whole, and its lines,
   * trimmed forms and JSON string and number leaves (array elements one by one, with or without
   * parse-json-secrets) that can carry secret material (4+ characters, not `true`/`false`/`null` or
   * punctuation, not PEM armour: aws-adapter masks.ts, see analyzeSecret).
   */
  readonly masks: readonly string[];
  readonly failures: readonly Failure[];
  /**
   * The new value of `SECRETS_LIST_CLEAN_UP` (cleanup-list.ts; no secret may take it: the
   * deny-list's runner tier): the names it listed before (only well-formed names the runner does not
   * rely on: an earlier step may have written anything there), then this step's; undefined when
   * nothing is exported to the environment or `cleanup` is false.
   */
  readonly cleanupList: string | undefined;
}

/** Identifies one source as the official action de-duplicates its expanded `secret-ids` list. */
function sourceKey(item: OpenedValue): string {
  return JSON.stringify([item.kind, item.alias ?? null, item.subject]);
}

/**
 * Names every opened value. `env` is the step's environment, to refuse overwriting a variable
 * that is already set (unless plan.allowOverwrite).
 *
 * @example
 * ```ts
 * const { variables, masks, failures } = buildVariables(plan, result.opened, process.env);
 * ```
 */
export function buildVariables(
  plan: Plan,
  opened: readonly OpenedValue[],
  env: Readonly<Record<string, string | undefined>>,
): VariablesResult {
  const variables: Variable[] = [];
  const masks = new Set<string>();
  const seen = new Set<string>();
  const valueFailures: Failure[] = [];
  for (const item of opened) {
    // A secret matched twice with the same alias (`app/*` and `app/one`, or two prefixes) is one
    // variable, as in the official action (buildSecretsList returns a Set of `[ALIAS,]NAME`).
    const key = sourceKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    let analyzed: AnalyzedSecret;
    try {
      analyzed = analyzeSecret({
        alias: item.alias,
        secretName: item.name,
        value: item.value,
        parseJson: plan.parseJson,
        transformation: plan.transformation,
        subject: item.subject,
      });
    } catch (error) {
      // ERR_VALUE_NUL, ERR_JSON_TOO_DEEP, ERR_TOO_MANY_MASKS: the value cannot be exported; the step
      // fails naming it, with the value masked all the same (piece by piece around a NUL, line by
      // line), but never by more than MAX_MASKS_PER_SECRET texts: then only as a whole.
      const refusedMasks = masksOfText(item.value, 'value');
      const whole = item.value.split('\0').filter((piece) => piece.trim() !== '');
      for (const mask of refusedMasks.length <= MAX_MASKS_PER_SECRET ? refusedMasks : whole) masks.add(mask);
      valueFailures.push(toFailure(error, item.subject));
      continue;
    }
    // Every string and number leaf of a JSON value is masked even when the value is exported whole:
    // a later step that prints one field (`jq -r .password`, `jq -r '.list[]'`) must not show it.
    // The texts are final: publish registers them as they are.
    for (const mask of analyzed.masks) masks.add(mask);
    // A JSON key is the secret's choice; an alias is the author's, and so is a secret id written.
    const chosenBy = nameChooser(item.alias, item.nameChosenBy ?? 'content', analyzed.flattened);
    for (const { name, value } of analyzed.variables) {
      variables.push({
        name,
        value,
        source: item.subject,
        format: item.format,
        keyId: item.keyId,
        warnings: item.warnings,
        chosenBy,
      });
    }
  }
  const failures = [
    ...valueFailures,
    ...checkNames(
      variables.map((v) => ({ name: v.name, subject: v.source, chosenBy: v.chosenBy })),
      env,
      plan.allowOverwrite,
      plan.allowNames,
      plan.contentNames,
    ),
  ];
  if (plan.setOutputs) {
    // The step's own output `names` (output names are case-insensitive in expressions).
    for (const v of variables.filter((v) => v.name.toLowerCase() === OUTPUT_NAMES)) {
      failures.push({
        subject: v.source,
        code: 'ERR_NAME_RESERVED',
        message: `${v.name} would replace the step's output '${OUTPUT_NAMES}'`,
      });
    }
  }
  masks.delete('');
  const cleanupList =
    plan.exportEnv && plan.cleanup
      ? JSON.stringify([...sortCleanupNames(listedForCleanup(env)).kept, ...variables.map((v) => v.name)])
      : undefined;
  return { variables, masks: [...masks], failures, cleanupList };
}
