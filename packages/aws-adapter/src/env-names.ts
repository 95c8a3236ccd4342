/**
 * Environment variable names for Secrets Manager values, by the rules of the official
 * aws-actions/aws-secretsmanager-get-secrets (src/utils.ts: transformToValidEnvName,
 * extractAliasAndSecretIdFromInput, injectSecret), plus the refusals it lacks (reserved names,
 * duplicates). One implementation shared by the decrypt-secrets action and `envelope run`, so both
 * name a secret the same way.
 */
import { EnvelopeKitError, type EnvelopeKitErrorOptions } from '@envelope-kit/envelope-core';
import {
  type JsonNode,
  JsonValueError,
  MAX_JSON_DEPTH,
  objectEntries,
  scanJsonContainer,
  scanJsonObject,
  serializeJson,
} from './json-secret.js';
import { SecretMasks } from './masks.js';

export { JsonValueError, type JsonValueErrorCode, MAX_JSON_DEPTH } from './json-secret.js';
export { isMaskablePart, MAX_MASKS_PER_SECRET, MIN_MASK_LENGTH, masksOfText } from './masks.js';

import {
  type ContentNames,
  ENV_NAMES_IGNORE_CASE,
  type NameChooser,
  NOT_ALLOWED,
  RUNNER_TIER,
  refusingRule,
} from './env-deny-list.js';

export {
  ALLOW_NAME_PATTERN,
  admittedBy,
  CONTENT_NAMES,
  CONTENT_TIER,
  type ContentNames,
  DENY_LIST,
  type DenyRule,
  type DenyTier,
  deniedBy,
  ENV_NAMES_IGNORE_CASE,
  type NameChooser,
  NOT_ALLOWED,
  RUNNER_TIER,
  refusingRule,
} from './env-deny-list.js';

/** Every code an {@link EnvNameError} carries. */
export type EnvNameErrorCode =
  | 'ERR_NAME_INVALID'
  | 'ERR_NAME_RESERVED'
  | 'ERR_NAME_DENIED'
  | 'ERR_NAME_DUPLICATE'
  | 'ERR_NAME_EXISTS'
  | 'ERR_SECRET_ID_SYNTAX';

// Registers these codes with envelope-core, so that `isEnvelopeKitError(e, code)` accepts them.
declare module '@envelope-kit/envelope-core' {
  interface EnvelopeKitErrorCodes extends Record<EnvNameErrorCode, true> {}
}

/**
 * A refused variable name (invalid, reserved, duplicate, already set) or a malformed `[ALIAS,]ID`
 * line. `subject` names the secret id; messages hold names and ids, never a value.
 *
 * @example
 * ```ts
 * for (const error of checkNames(candidates, process.env, false)) console.error(error.subject, error.code);
 * ```
 */
export class EnvNameError extends EnvelopeKitError {
  declare readonly code: EnvNameErrorCode;
  constructor(code: EnvNameErrorCode, message: string, options?: EnvelopeKitErrorOptions) {
    super(code, message, options);
  }
}

/** How names are cased after the invalid characters are replaced (the `name-transformation` input). */
export type NameTransformation = 'uppercase' | 'lowercase' | 'none';

/**
 * The official action's transformToValidEnvName: a leading digit gets `_` in front (unless the name
 * is a JSON key that will follow a prefix), every character outside `[A-Za-z0-9_]` becomes `_`,
 * then the transformation applies.
 *
 * @example
 * ```ts
 * toEnvName('0/test/secret', 'uppercase'); // '_0_TEST_SECRET'
 * toEnvName('my-key', 'none', true);       // 'my_key'
 * ```
 */
export function toEnvName(text: string, transformation: NameTransformation, hasPrefix = false): string {
  const prefixed = !hasPrefix && /^[0-9]/.test(text) ? `_${text}` : text;
  const valid = prefixed.replace(/[^a-zA-Z0-9_]/g, '_');
  switch (transformation) {
    case 'uppercase':
      return valid.toUpperCase();
    case 'lowercase':
      return valid.toLowerCase();
    case 'none':
      return valid;
  }
}

/** Matches a Secrets Manager ARN in any partition (the official action only knows `arn:aws:`). */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):[0-9]{12,}:secret:(.+)$/;

/**
 * Whether `id` is a Secrets Manager ARN.
 *
 * @example
 * ```ts
 * isSecretArn('arn:aws:secretsmanager:us-east-2:123456789012:secret:test1-a1b2c3'); // true
 * isSecretArn('prod/db'); // false
 * ```
 */
export function isSecretArn(id: string): boolean {
  return SECRET_ARN.test(id);
}

/**
 * The region named by a Secrets Manager ARN, or undefined for a name.
 *
 * @example
 * ```ts
 * regionOfSecretArn('arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf'); // 'eu-west-1'
 * ```
 */
export function regionOfSecretArn(id: string): string | undefined {
  return SECRET_ARN.exec(id)?.[1];
}

/**
 * The secret name inside an ARN, without the 6-character random suffix Secrets Manager appends
 * (`-AbCdEf`). The official action asks GetSecretValue for the name instead; the action uses the
 * fetched name when it has one and this only to plan. A partial ARN (no suffix) whose name happens
 * to end in `-` and six letters or digits cannot be told apart here, which is why the fetched name wins.
 *
 * @example
 * ```ts
 * secretNameFromArn('arn:aws:secretsmanager:us-east-2:123456789012:secret:test1-a1b2c3'); // 'test1'
 * ```
 */
export function secretNameFromArn(arn: string): string | undefined {
  const resource = SECRET_ARN.exec(arn)?.[2];
  if (resource === undefined) return undefined;
  return resource.replace(/-[A-Za-z0-9]{6}$/, '');
}

/**
 * Splits one `[ALIAS,]ID` line as the official extractAliasAndSecretIdFromInput does: an alias must
 * already be a valid name under the transformation (`ENV_VAR_1` for uppercase), a blank alias is
 * kept as `''` (it drops the prefix of parsed JSON keys), no comma means no alias. Unlike the
 * official action a third comma-separated part is refused rather than silently dropped: no secret
 * name, ARN or path holds a comma, so it is a typo. Errors start with `label` (where the line came
 * from: `input 'secret-ids'`, `--secret-ids`): ERR_SECRET_ID_SYNTAX for a malformed line (subject:
 * the id, undefined when it is blank), ERR_NAME_INVALID for a bad alias (subject: the id).
 *
 * @example
 * ```ts
 * splitAlias('DB, prod/db', 'uppercase', '--secret-ids'); // { alias: 'DB', id: 'prod/db' }
 * splitAlias(',prod/db', 'uppercase', '--secret-ids');    // { alias: '', id: 'prod/db' }
 * splitAlias('prod/db', 'uppercase', '--secret-ids');     // { alias: undefined, id: 'prod/db' }
 * ```
 */
export function splitAlias(
  line: string,
  transformation: NameTransformation,
  label: string,
): { alias: string | undefined; id: string } {
  const parts = line.split(',');
  if (parts.length === 1) return { alias: undefined, id: line.trim() };
  const [rawAlias, rawId] = parts;
  const alias = (rawAlias ?? '').trim();
  const id = (rawId ?? '').trim();
  if (parts.length > 2 || id === '') {
    throw new EnvNameError('ERR_SECRET_ID_SYNTAX', `${label}: expected one line as [ALIAS,]ID`, {
      subject: id === '' ? undefined : id,
    });
  }
  if (alias !== '' && alias !== toEnvName(alias, transformation)) {
    throw new EnvNameError(
      'ERR_NAME_INVALID',
      `${label}: alias '${alias}' is not a valid environment name under name-transformation ${transformation}`,
      { subject: id },
    );
  }
  return { alias, id };
}

/**
 * Names a plain (non-JSON-flattened) value: the alias when there is one, else the secret name
 * (for an ARN, the fetched secret name, as the official action does).
 *
 * @example
 * ```ts
 * baseEnvName(undefined, 'prod/db', 'uppercase'); // 'PROD_DB'
 * ```
 */
export function baseEnvName(
  alias: string | undefined,
  secretName: string,
  transformation: NameTransformation,
): string {
  return toEnvName(alias ? alias : secretName, transformation);
}

/** One variable produced from a value: its name and its value (a leaf when JSON was flattened). */
export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

/**
 * Whether `text` is a JSON object (not an array, not null): the official isJSONString.
 *
 * @example
 * ```ts
 * isJsonObjectText('{"a":1}'); // true
 * isJsonObjectText('[1]');     // false
 * ```
 */
export function isJsonObjectText(text: string): boolean {
  return scanJsonObject(text) !== undefined;
}

/** What {@link analyzeSecret} makes of one value: its variables and every text to mask. */
export interface AnalyzedSecret {
  readonly variables: NamedValue[];
  /** Whether the value was a JSON object flattened into one variable per leaf (`parseJson`). */
  readonly flattened: boolean;
  /**
   * Every text to register with `add-mask`, by the one rule of masks.ts: the whole value as stored,
   * and, when they can carry secret material (isMaskablePart: 4+ characters once trimmed, not
   * JSON punctuation or `true`/`false`/`null`, not PEM armour), every line of a multi-line text, every
   * text without its surrounding spaces, every string and number leaf of a JSON object or array value
   * (array elements one by one, with or without `parseJson`; a string leaf holding JSON object or
   * array text adds its leaves too) and every exported array text. A leaf holding NUL (only possible
   * without `parseJson`, exported inside the whole value as `\u0000`) is masked piece by piece.
   */
  readonly masks: string[];
}

/**
 * Turns one secret value into variables, as the official injectSecret does: with `parseJson`
 * and a JSON object value, every key becomes `PREFIX_KEY` (nested objects flatten, keys joined by
 * `_`; an empty nested object gives no variable; a string leaf that is itself a JSON object text is
 * flattened too, as the official action does). A blank alias (`''`) drops the prefix; key names get
 * no leading `_` for a digit unless the whole name starts with one. Without `parseJson`, or when the
 * value is no JSON object, one variable holds the whole value.
 *
 * Unlike the official action, every leaf is exported exactly as it stood in the value: numbers,
 * `true`, `false` and `null` keep their source text (`12345678901234567890`, `1e400`, `1.50`), and an
 * array is its compact JSON text with its numbers as written (the official `JSON.stringify` spacing,
 * key order and string escapes otherwise). The walk is iterative and linear in the value's length.
 *
 * Throws {@link JsonValueError}: ERR_VALUE_NUL when the value, or (with `parseJson`) a leaf, holds a
 * NUL character (an environment variable cannot hold one: a child process would see the text up to
 * it, which nothing masks); ERR_JSON_TOO_DEEP when `parseJson` meets objects and arrays nested deeper
 * than {@link MAX_JSON_DEPTH}, or when JSON texts stand inside string leaves more than
 * {@link MAX_JSON_DEPTH} times inside one another; ERR_TOO_MANY_MASKS above MAX_MASKS_PER_SECRET
 * masks (masks.ts). `subject` (default: `secretName`) names the secret in the error.
 *
 * @example
 * ```ts
 * analyzeSecret({ alias: undefined, secretName: 'app', value: '{"n":1e400,"tags":["a-tag","b"],"on":true}',
 *   parseJson: true, transformation: 'uppercase' });
 * // { variables: [{ name: 'APP_N', value: '1e400' }, { name: 'APP_TAGS', value: '["a-tag","b"]' }, { name: 'APP_ON', value: 'true' }],
 * //   masks: ['{"n":1e400,"tags":["a-tag","b"],"on":true}', '1e400', 'a-tag', '["a-tag","b"]'] }
 * ```
 */
export function analyzeSecret(options: AnalyzeOptions): AnalyzedSecret {
  return analyze(options, true);
}

interface AnalyzeOptions {
  alias: string | undefined;
  secretName: string;
  value: string;
  parseJson: boolean;
  transformation: NameTransformation;
  subject?: string;
}

/** analyzeSecret; without `withMasks`, the variables only (no mask is collected, none refused). */
function analyze(options: AnalyzeOptions, withMasks: boolean): AnalyzedSecret {
  const { alias, secretName, value, parseJson, transformation } = options;
  const subject = options.subject ?? secretName;
  if (value.includes('\0')) {
    throw new JsonValueError('ERR_VALUE_NUL', 'the value holds a NUL character (U+0000)', { subject });
  }
  const tooDeep = () =>
    new JsonValueError(
      'ERR_JSON_TOO_DEEP',
      `JSON nested deeper than ${MAX_JSON_DEPTH} levels cannot be flattened (parse-json-secrets)`,
      { subject },
    );
  const masks = withMasks ? new SecretMasks(subject) : undefined;
  masks?.add(value, 'value');
  // Masks need the leaves of any object or array text; flattening only those of an object.
  const container = withMasks ? scanJsonContainer(value) : scanJsonObject(value);
  const doc = container?.root.kind === 'object' ? container : undefined;
  if (doc !== undefined && parseJson && doc.depth > MAX_JSON_DEPTH) throw tooDeep();
  if (container !== undefined && masks !== undefined) maskLeaves(container.root, masks, subject);
  if (doc === undefined || !parseJson) {
    return {
      variables: [{ name: baseEnvName(alias, secretName, transformation), value }],
      flattened: false,
      masks: masks?.list() ?? [],
    };
  }
  const variables: NamedValue[] = [];
  const prefix = alias === '' ? '' : toEnvName(alias ?? secretName, transformation);
  // Depth-first in key order, as the official recursion visits them. `level` counts the objects
  // around a node (0 for the root), so a string leaf's embedded object adds its own depth there.
  const work: { prefix: string; node: JsonNode; level: number }[] = [{ prefix, node: doc.root, level: 0 }];
  while (work.length > 0) {
    const { prefix: at, node, level } = work.pop() as (typeof work)[number];
    if (node.kind === 'object') {
      const entries = objectEntries(node);
      for (let k = entries.length - 1; k >= 0; k--) {
        const [key, child] = entries[k] as [string, JsonNode];
        // The official action joins the non-empty parts with `_`: an empty key adds nothing.
        const part = toEnvName(key, transformation, true);
        const name = at === '' ? part : part === '' ? at : `${at}_${part}`;
        work.push({ prefix: name, node: child, level: level + 1 });
      }
      continue;
    }
    if (node.kind === 'string') {
      const inner = scanJsonObject(node.value);
      if (inner !== undefined) {
        if (level + inner.depth > MAX_JSON_DEPTH) throw tooDeep();
        work.push({ prefix: at, node: inner.root, level });
        continue;
      }
      if (node.value.includes('\0')) {
        throw new JsonValueError(
          'ERR_VALUE_NUL',
          `JSON leaf '${startsWithDigit(at) ? `_${at}` : at}' holds a NUL character (U+0000)`,
          { subject },
        );
      }
    }
    const text = leafText(node);
    // Leaves were masked above; an array is also exported as its compact text, a mask of its own.
    if (node.kind === 'array') masks?.add(text, 'part');
    // `at` is made of parts toEnvName already made valid and transformed: only the leading-digit rule
    // of the whole name is left to apply (toEnvName(at) would give the same, at twice the cost).
    variables.push({ name: startsWithDigit(at) ? `_${at}` : at, value: text });
  }
  return { variables, flattened: true, masks: masks?.list() ?? [] };
}

function startsWithDigit(text: string): boolean {
  const code = text.charCodeAt(0);
  return code >= 0x30 && code <= 0x39;
}

/** A leaf's exported text: a string's value, a number or literal as written, else compact JSON. */
function leafText(node: JsonNode): string {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number' || node.kind === 'literal') return node.raw;
  return serializeJson(node);
}

/**
 * Adds every string and number under `root` to `masks` as a part (array elements one by one), in
 * document order, iteratively. A string leaf holding JSON object or array text adds that text's
 * leaves too (a later step may print them with `jq -r '.a | fromjson | .[]'`), at most
 * {@link MAX_JSON_DEPTH} texts inside one another: each level rescans a text at most as long as its
 * container's, so the cap bounds the work at 64 passes over the value (ERR_JSON_TOO_DEEP above it).
 */
function maskLeaves(root: JsonNode, masks: SecretMasks, subject: string): void {
  const work: { node: JsonNode; embedded: number }[] = [{ node: root, embedded: 0 }];
  while (work.length > 0) {
    const { node, embedded } = work.pop() as (typeof work)[number];
    if (node.kind === 'object' || node.kind === 'array') {
      const children = node.kind === 'object' ? [...node.entries.values()] : node.items;
      // Children pushed last-first, so that masks come in document order.
      for (let k = children.length - 1; k >= 0; k--) work.push({ node: children[k] as JsonNode, embedded });
    } else if (node.kind === 'number') masks.add(node.raw, 'part');
    else if (node.kind === 'string') {
      masks.add(node.value, 'part');
      const inner = scanJsonContainer(node.value);
      if (inner === undefined) continue;
      if (embedded >= MAX_JSON_DEPTH) {
        throw new JsonValueError(
          'ERR_JSON_TOO_DEEP',
          `JSON text inside string leaves more than ${MAX_JSON_DEPTH} times cannot be masked leaf by leaf`,
          { subject },
        );
      }
      work.push({ node: inner.root, embedded: embedded + 1 });
    }
  }
}

/**
 * {@link analyzeSecret}'s variables only (what `envelope run` exports): no mask is collected, so a
 * value is never refused for its masks (ERR_TOO_MANY_MASKS is the action's log-safety limit).
 *
 * @example
 * ```ts
 * flattenSecret({ alias: undefined, secretName: 'test/secret', value: '{"api_user":"u","config":{"active":true}}',
 *   parseJson: true, transformation: 'uppercase' });
 * // [{ name: 'TEST_SECRET_API_USER', value: 'u' }, { name: 'TEST_SECRET_CONFIG_ACTIVE', value: 'true' }]
 * ```
 */
export function flattenSecret(options: AnalyzeOptions): NamedValue[] {
  return analyze(options, false).variables;
}

/**
 * Who chose the names of one secret's variables (see {@link NameChooser}): `alias` as written
 * (`undefined` for none, `''` for blank), `idChosenBy` who chose the secret's name (`author` for an
 * id written, `content` for a secret found by a prefix), `flattened` whether they are its JSON keys.
 * A blank alias drops the prefix of JSON keys, so the keys alone name the variables.
 *
 * @example
 * ```ts
 * nameChooser('', 'author', true);          // 'content': `,prod/flags` names variables by its keys
 * nameChooser('APP', 'author', true);       // 'author-prefix': APP_KEY
 * nameChooser(undefined, 'author', true);   // 'author-prefix': PROD_FLAGS_KEY
 * nameChooser(undefined, 'content', false); // 'content': a secret found by `prod/*`
 * nameChooser('DB', 'author', false);       // 'author'
 * ```
 */
export function nameChooser(
  alias: string | undefined,
  idChosenBy: NameChooser,
  flattened: boolean,
): NameChooser {
  if (!flattened) return alias ? 'author' : idChosenBy;
  if (alias) return 'author-prefix';
  return alias === undefined && idChosenBy !== 'content' ? 'author-prefix' : 'content';
}

/**
 * The runner-tier patterns of the deny-list (env-deny-list.ts) that end in `*`: names nobody may
 * set, not even with an alias (`GITHUB_*`, `RUNNER_*`, `ACTIONS_*`).
 */
export const RESERVED_PREFIXES: readonly string[] = RUNNER_TIER.filter((r) => r.pattern.endsWith('*')).map(
  (r) => r.pattern.slice(0, -1),
);

/** The exact runner-tier names (`PATH`, `NODE_OPTIONS`, `HOME`, `CI`); see {@link RUNNER_TIER} for why. */
export const RESERVED_NAMES: readonly string[] = RUNNER_TIER.filter((r) => !r.pattern.endsWith('*')).map(
  (r) => r.pattern,
);

/**
 * Whether `name` is reserved: on the runner tier of the deny-list, refused whoever chose it.
 * Compared as the runner's OS compares environment names (`ignoreCase`, default
 * {@link ENV_NAMES_IGNORE_CASE}): exactly on Linux and macOS (`home` is not `HOME` there),
 * case-insensitively on Windows (`Path` is `PATH`).
 *
 * @example
 * ```ts
 * isReservedName('GITHUB_TOKEN');       // true
 * isReservedName('node_options', true); // true (Windows)
 * isReservedName('home', false);        // false (Linux, macOS)
 * isReservedName('LD_PRELOAD');         // false: refused only when a secret chose it (see refusingRule)
 * ```
 */
export function isReservedName(name: string, ignoreCase: boolean = ENV_NAMES_IGNORE_CASE): boolean {
  return refusingRule(name, 'author', [], ignoreCase)?.tier === 'runner';
}

/** A candidate variable to check: its name and the subject (secret id or file) it comes from. */
export interface NameCandidate {
  readonly name: string;
  readonly subject: string;
  /**
   * Who chose the name: `author` when the workflow wrote it (an alias, a secret id, a file name),
   * `author-prefix` for a JSON key after an alias or secret id written, `content` when a secret
   * chose all of it (a JSON key under a blank alias, a secret found by a prefix); see
   * {@link nameChooser}. Default: `content`, the strictest.
   */
  readonly chosenBy?: NameChooser;
}

/**
 * Checks every name at once and returns every refusal: invalid (empty or not `[A-Za-z_][A-Za-z0-9_]*`),
 * reserved (runner tier of the deny-list, ERR_NAME_RESERVED), denied (content tier, when a secret
 * chose the name and `allowNames` does not admit it, ERR_NAME_DENIED; with `contentNames`
 * `allow-list` every name a secret chose entirely that `allowNames` does not admit), duplicate (compared
 * case-insensitively: step outputs and Windows environments are; both subjects are named), or
 * already set to a non-empty value in `env` (the official action's test) unless `allowOverwrite`.
 * `overwriteHint` names the caller's way to allow overwriting, in the ERR_NAME_EXISTS message;
 * `allowNamesHint` its way to admit a denied name.
 *
 * @example
 * ```ts
 * checkNames([{ name: 'PATH', subject: 'prod/path' }], {}, false);
 * // [EnvNameError { subject: 'prod/path', code: 'ERR_NAME_RESERVED', message: "variable name 'PATH' is reserved" }]
 * ```
 */
export function checkNames(
  candidates: readonly NameCandidate[],
  env: Readonly<Record<string, string | undefined>>,
  allowOverwrite: boolean,
  overwriteHint = 'allow-overwrite: true',
  allowNames: readonly string[] = [],
  allowNamesHint = 'allow-names',
  contentNames: ContentNames = 'deny-list',
): EnvNameError[] {
  const failures: EnvNameError[] = [];
  const refuse = (code: EnvNameErrorCode, message: string, subject: string) =>
    failures.push(new EnvNameError(code, message, { subject }));
  const first = new Map<string, { name: string; subject: string }>();
  for (const { name, subject, chosenBy = 'content' } of candidates) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      refuse('ERR_NAME_INVALID', `variable name '${name}' is not valid`, subject);
      continue;
    }
    const rule = refusingRule(name, chosenBy, allowNames, ENV_NAMES_IGNORE_CASE, contentNames);
    if (rule?.tier === 'runner') {
      refuse('ERR_NAME_RESERVED', `variable name '${name}' is reserved`, subject);
      continue;
    }
    if (rule === NOT_ALLOWED) {
      refuse(
        'ERR_NAME_DENIED',
        `variable name '${name}' was chosen by the secret, and content names are allow-list: ` +
          `only names ${allowNamesHint} admits; name it with an alias or list it in ${allowNamesHint}`,
        subject,
      );
      continue;
    }
    if (rule !== undefined) {
      refuse(
        'ERR_NAME_DENIED',
        `variable name '${name}' was chosen by the secret, and ${rule.pattern} is denied (${rule.reason}); ` +
          `name it with an alias or list it in ${allowNamesHint}`,
        subject,
      );
      continue;
    }
    const earlier = first.get(name.toUpperCase());
    if (earlier !== undefined) {
      refuse(
        'ERR_NAME_DUPLICATE',
        earlier.name === name
          ? `variable name '${name}' is also produced by ${earlier.subject}; set an alias`
          : `variable name '${name}' differs only in case from '${earlier.name}' of ${earlier.subject} ` +
              '(outputs and Windows environments ignore case); set an alias',
        subject,
      );
      continue;
    }
    first.set(name.toUpperCase(), { name, subject });
    if (!allowOverwrite && env[name]) {
      refuse(
        'ERR_NAME_EXISTS',
        `variable '${name}' is already set; set an alias or ${overwriteHint}`,
        subject,
      );
    }
  }
  return failures;
}
