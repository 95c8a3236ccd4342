/**
 * JSON secret values for the fuzz suite, generated as a model from which both the stored text and
 * what the action must make of it are derived. The expectation is written from the action's
 * documented rules (actions/decrypt-secrets/README.md: `parse-json-secrets`, names, masking, NUL,
 * the depth cap; the official action's naming rules), not by calling the code under test: a change
 * that breaks a rule makes the suite fail instead of agreeing with it. Only data is shared with
 * the code: the deny-list (the rule is "nothing on it is exported", whatever it holds) and the
 * depth cap (a stated number).
 */
import {
  DENY_LIST,
  isMaskablePart,
  MAX_JSON_DEPTH,
  MAX_MASKS_PER_SECRET,
  masksOfText,
} from '@envelope-kit/aws-adapter/env-names';

/** One JSON value as the generator builds it. Object members may repeat a key (JSON.parse: last wins). */
export type JsonModel =
  | JsonObjectModel
  | { readonly t: 'array'; readonly items: readonly JsonModel[] }
  | { readonly t: 'string'; readonly value: string }
  /** A string leaf whose text is a JSON object: the official action flattens it as an object. */
  | { readonly t: 'embedded'; readonly inner: JsonObjectModel }
  /** A number or literal exactly as written (`12345678901234567890`, `1e400`, `-0`). */
  | { readonly t: 'number'; readonly raw: string }
  | { readonly t: 'literal'; readonly raw: 'true' | 'false' | 'null' }
  /**
   * `levels` containers around `leaf`, outermost first: `o` is `{"<key>": ...}`, `a` is `[...]`.
   * Written and judged with loops, so 30,000 levels cost no stack.
   */
  | { readonly t: 'nest'; readonly levels: string; readonly key: string; readonly leaf: JsonModel };

/** A JSON object: its members in the order written, repeated keys included. */
export interface JsonObjectModel {
  readonly t: 'object';
  readonly members: readonly (readonly [string, JsonModel])[];
}

/** How a model is written: the whitespace between tokens, and which characters are `\u`-escaped. */
export interface TextStyle {
  /** JSON whitespace written around every structural token (`''` for compact text). */
  readonly ws: string;
  /** Write every non-ASCII UTF-16 unit as `\uXXXX` (the value read back is the same). */
  readonly escapeNonAscii: boolean;
  /** Write `/` as `\/`. */
  readonly escapeSlash: boolean;
}

/** Compact text, as `JSON.stringify` writes it. */
export const COMPACT: TextStyle = { ws: '', escapeNonAscii: false, escapeSlash: false };

function quote(text: string, style: TextStyle): string {
  let quoted = JSON.stringify(text);
  if (style.escapeNonAscii)
    quoted = quoted.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (style.escapeSlash) quoted = quoted.replace(/\//g, '\\/');
  return quoted;
}

/** The text of an `embedded` leaf: its object, compact. */
export function embeddedText(node: { readonly inner: JsonObjectModel }): string {
  return toJsonText(node.inner, COMPACT);
}

/**
 * The text of a model, as stored: members in the order written (repeats included), numbers as
 * written, whitespace and escapes by `style`.
 *
 * @example
 * ```ts
 * toJsonText({ t: 'number', raw: '1e400' }, COMPACT); // '1e400'
 * ```
 */
export function toJsonText(model: JsonModel, style: TextStyle): string {
  const { ws } = style;
  switch (model.t) {
    case 'object':
      return `{${ws}${model.members
        .map(([key, value]) => `${quote(key, style)}${ws}:${ws}${toJsonText(value, style)}`)
        .join(`${ws},${ws}`)}${ws}}`;
    case 'array':
      return `[${ws}${model.items.map((item) => toJsonText(item, style)).join(`${ws},${ws}`)}${ws}]`;
    case 'string':
      return quote(model.value, style);
    case 'embedded':
      return quote(embeddedText(model), style);
    case 'number':
    case 'literal':
      return model.raw;
    case 'nest':
      return nestText(model, `${quote(model.key, style)}${ws}:${ws}`, ws, toJsonText(model.leaf, style));
  }
}

/** A nest's text without recursion: its levels (`{<key>` or `[`, `ws` inside) around `leaf`. */
function nestText(model: JsonModel & { t: 'nest' }, key: string, ws: string, leaf: string): string {
  const open: string[] = [];
  const close: string[] = [];
  for (const level of model.levels) {
    open.push(level === 'o' ? `{${ws}${key}` : `[${ws}`);
    close.push(level === 'o' ? `${ws}}` : `${ws}]`);
  }
  return `${open.join('')}${leaf}${close.reverse().join('')}`;
}

/** Whether `key` is an array index (ECMA-262): such keys come first, ascending, in JSON.parse's objects. */
function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4294967295;
}

/**
 * The members `JSON.parse` keeps, in the order `Object.keys` gives them: a repeated key keeps its
 * first position and its last value; array indices first, ascending.
 */
export function parsedMembers(model: JsonObjectModel): [string, JsonModel][] {
  const kept = new Map<string, JsonModel>();
  for (const [key, value] of model.members) kept.set(key, value);
  const indices = [...kept].filter(([key]) => isArrayIndex(key));
  const others = [...kept].filter(([key]) => !isArrayIndex(key));
  indices.sort((a, b) => Number(a[0]) - Number(b[0]));
  return [...indices, ...others];
}

/** `nest` without its first level. */
function innerOfNest(model: JsonModel & { t: 'nest' }): JsonModel {
  return model.levels.length <= 1 ? model.leaf : { ...model, levels: model.levels.slice(1) };
}

/**
 * Compact text of a value as the action exports an array leaf: `JSON.stringify(JSON.parse(...))`
 * (key order, escapes, no whitespace) but numbers as written.
 */
export function exportedArrayText(model: JsonModel): string {
  switch (model.t) {
    case 'object':
      return `{${parsedMembers(model)
        .map(([key, value]) => `${JSON.stringify(key)}:${exportedArrayText(value)}`)
        .join(',')}}`;
    case 'array':
      return `[${model.items.map(exportedArrayText).join(',')}]`;
    case 'string':
      return JSON.stringify(model.value);
    case 'embedded':
      return JSON.stringify(embeddedText(model));
    case 'number':
    case 'literal':
      return model.raw;
    case 'nest':
      return nestText(model, `${JSON.stringify(model.key)}:`, '', exportedArrayText(model.leaf));
  }
}

/** How deep objects and arrays nest in the text (root container = 1; a string's content does not count). */
export function jsonDepth(model: JsonModel): number {
  switch (model.t) {
    case 'object':
      return 1 + Math.max(0, ...model.members.map(([, value]) => jsonDepth(value)));
    case 'array':
      return 1 + Math.max(0, ...model.items.map(jsonDepth));
    case 'nest':
      return model.levels.length + jsonDepth(model.leaf);
    default:
      return 0;
  }
}

/** Every string and number under `model` (and inside JSON held in its strings), as the action masks a JSON value's leaves. */
function leafMasks(model: JsonModel, add: (text: string) => void): void {
  switch (model.t) {
    case 'object':
      for (const [, value] of parsedMembers(model)) leafMasks(value, add);
      return;
    case 'array':
      for (const item of model.items) leafMasks(item, add);
      return;
    case 'string':
      add(model.value);
      return;
    case 'embedded':
      add(embeddedText(model));
      // A string holding JSON object or array text: its leaves are masked too (outside review F3).
      if (model.inner.t === 'object' || model.inner.t === 'array' || model.inner.t === 'nest')
        leafMasks(model.inner, add);
      return;
    case 'number':
      add(model.raw);
      return;
    case 'literal':
      return;
    case 'nest':
      leafMasks(model.leaf, add);
      return;
  }
}

/**
 * Texts of `model` that must never appear in a log, error or summary line: every string holding
 * `marker` (pieces around NUL included) and every number of 12 or more characters, whether or not
 * JSON.parse keeps it (a repeated key's earlier value is still in the stored text).
 */
export function secretTokens(model: JsonModel, marker: string): string[] {
  const out = new Set<string>();
  const walk = (node: JsonModel): void => {
    switch (node.t) {
      case 'object':
        for (const [, value] of node.members) walk(value);
        return;
      case 'array':
        for (const item of node.items) walk(item);
        return;
      case 'string':
        for (const piece of [node.value, ...node.value.split('\0')])
          if (piece.includes(marker) && piece.length >= 4) out.add(piece);
        return;
      case 'embedded':
        walk(node.inner);
        return;
      case 'number':
        if (node.raw.length >= 12) out.add(node.raw);
        return;
      case 'literal':
        return;
      case 'nest':
        walk(node.leaf);
        return;
    }
  };
  walk(model);
  return [...out];
}

/** The `name-transformation` input. */
export type Transformation = 'uppercase' | 'lowercase' | 'none';

/**
 * The official action's transformToValidEnvName: a leading digit gets `_` (not for a key that
 * follows a prefix), every UTF-16 unit outside `[A-Za-z0-9_]` becomes `_`, then the transformation.
 */
export function envNameOf(text: string, transformation: Transformation, hasPrefix = false): string {
  const prefixed = !hasPrefix && /^[0-9]/.test(text) ? `_${text}` : text;
  const valid = prefixed.replace(/[^a-zA-Z0-9_]/g, '_');
  return transformation === 'uppercase'
    ? valid.toUpperCase()
    : transformation === 'lowercase'
      ? valid.toLowerCase()
      : valid;
}

/** What the action must make of one opened value. */
export type ValueVerdict =
  | {
      readonly ok: true;
      /** The variables, in the order the action names them. */
      readonly variables: readonly { readonly name: string; readonly value: string }[];
      /** Whether a JSON object was flattened (its names are then the secret's choice). */
      readonly flattened: boolean;
      /** Texts that must be masked before anything is exported (each also line by line). */
      readonly masks: readonly string[];
    }
  | { readonly ok: false; readonly code: 'ERR_VALUE_NUL' | 'ERR_JSON_TOO_DEEP' | 'ERR_TOO_MANY_MASKS' };

/**
 * The variables and masks of one opened value: its text and, when the text is JSON, the model it
 * was written from. The rules (README "parse-json-secrets", "masking", "NUL"):
 * - a value holding NUL is refused (ERR_VALUE_NUL);
 * - with `parseJson` and a JSON object: nested deeper than the cap is refused (ERR_JSON_TOO_DEEP,
 *   a string holding an object counts its own depth where it stands); each leaf becomes
 *   `PREFIX_KEY_...` (a blank alias drops the prefix, an empty key adds no part, a leading digit
 *   of the whole name gets `_`), exported as written: strings decoded, numbers and literals as
 *   their source text, arrays as compact JSON with numbers as written; an empty object gives no
 *   variable; a string leaf holding NUL is refused;
 * - otherwise one variable holds the whole text;
 * - masks: the whole value, and every string and number leaf of a JSON value, array elements one by
 *   one, with or without `parseJson`, that can carry a secret (4+ characters, not `true`, `false`,
 *   `null` or punctuation: aws-adapter masks.ts).
 *
 * @example
 * ```ts
 * judgeValue({ text: '{"n":1e400}', model, parseJson: true, transformation: 'uppercase', alias: '', secretName: 'app' });
 * // { ok: true, variables: [{ name: 'N', value: '1e400' }], flattened: true, masks: ['{"n":1e400}', '1e400'] }
 * ```
 */
export function judgeValue(options: {
  readonly text: string;
  /** The model the text was written from; undefined for text that is no JSON. */
  readonly model: JsonModel | undefined;
  readonly parseJson: boolean;
  readonly transformation: Transformation;
  /** `''` for a blank alias, undefined for none. */
  readonly alias: string | undefined;
  readonly secretName: string;
}): ValueVerdict {
  const { text, model, parseJson, transformation, alias, secretName } = options;
  if (text.includes('\0')) return { ok: false, code: 'ERR_VALUE_NUL' };
  const masks = new Set<string>();
  // A part of the value (a leaf, an array text, a string holding JSON) is a mask of its own only
  // when it can carry a secret (aws-adapter masks.ts: 4+ characters once trimmed, not JSON
  // punctuation or literals, not PEM armour); the whole value always is.
  const mask = (piece: string) => {
    for (const part of piece.split('\0')) if (isMaskablePart(part)) masks.add(part);
  };
  if (text.trim() !== '') masks.add(text);
  const isObject = model?.t === 'object' || (model?.t === 'nest' && model.levels.startsWith('o'));
  const isContainer = model?.t === 'object' || model?.t === 'array' || model?.t === 'nest';
  // More than MAX_MASKS_PER_SECRET texts (the value, its lines, trimmed forms, leaves) is refused.
  const tooManyMasks = (): boolean => {
    const all = new Set<string>(masksOfText(text, 'value'));
    if (model !== undefined && isContainer)
      leafMasks(model, (leafText) => {
        for (const m of masksOfText(leafText, 'part')) all.add(m);
      });
    return all.size > MAX_MASKS_PER_SECRET;
  };
  if (model === undefined || !isObject || !parseJson) {
    if (tooManyMasks()) return { ok: false, code: 'ERR_TOO_MANY_MASKS' };
    // The leaves of any JSON object or array are masked with or without parse-json-secrets (a
    // top-level array too: `jq -r '.[]'`; outside review F3, found here first); a top-level JSON
    // string or number is the value itself.
    if (model !== undefined && isContainer) leafMasks(model, mask);
    return {
      ok: true,
      variables: [{ name: envNameOf(alias ? alias : secretName, transformation), value: text }],
      flattened: false,
      masks: [...masks],
    };
  }
  if (jsonDepth(model) > MAX_JSON_DEPTH) return { ok: false, code: 'ERR_JSON_TOO_DEEP' };
  if (tooManyMasks()) return { ok: false, code: 'ERR_TOO_MANY_MASKS' };
  const variables: { name: string; value: string }[] = [];
  let failure: 'ERR_VALUE_NUL' | 'ERR_JSON_TOO_DEEP' | undefined;
  const leaf = (at: string, value: string) =>
    variables.push({ name: /^[0-9]/.test(at) ? `_${at}` : at, value });
  const join = (at: string, key: string) => {
    const part = envNameOf(key, transformation, true);
    return at === '' ? part : part === '' ? at : `${at}_${part}`;
  };
  // Depth first in key order: the order the action names (and fails) in.
  const walk = (node: JsonModel, at: string, level: number): void => {
    if (failure !== undefined) return;
    switch (node.t) {
      case 'object':
        for (const [key, value] of parsedMembers(node)) walk(value, join(at, key), level + 1);
        return;
      case 'nest':
        if (node.levels.startsWith('o')) walk(innerOfNest(node), join(at, node.key), level + 1);
        else {
          mask(exportedArrayText(node));
          leafMasks(node, mask);
          leaf(at, exportedArrayText(node));
        }
        return;
      case 'embedded':
        if (level + jsonDepth(node.inner) > MAX_JSON_DEPTH) {
          failure = 'ERR_JSON_TOO_DEEP';
          return;
        }
        mask(embeddedText(node));
        walk(node.inner, at, level);
        return;
      case 'string':
        if (node.value.includes('\0')) {
          failure = 'ERR_VALUE_NUL';
          return;
        }
        mask(node.value);
        leaf(at, node.value);
        return;
      case 'number':
        mask(node.raw);
        leaf(at, node.raw);
        return;
      case 'literal':
        leaf(at, node.raw);
        return;
      case 'array':
        mask(exportedArrayText(node));
        leafMasks(node, mask);
        leaf(at, exportedArrayText(node));
        return;
    }
  };
  walk(model, alias === '' ? '' : envNameOf(alias ?? secretName, transformation), 0);
  if (failure !== undefined) return { ok: false, code: failure };
  // Flattening adds each exported array text as a mask of its own: counted with the rest.
  const all = new Set<string>();
  for (const m of masks) for (const x of masksOfText(m, m === text ? 'value' : 'part')) all.add(x);
  if (all.size > MAX_MASKS_PER_SECRET) return { ok: false, code: 'ERR_TOO_MANY_MASKS' };
  return { ok: true, variables, flattened: true, masks: [...masks] };
}

/** Who chose a variable's name (README: "who chose the name decides what it may be"). */
export type Chooser = 'author' | 'content';

/** Whether the runner's OS compares environment names without case (Windows). */
const IGNORE_CASE = process.platform === 'win32';

/** A tier of the deny-list as exact names, prefixes (`X*`) and suffixes (`*X`). */
function tierOf(tier: 'runner' | 'content') {
  const rules = DENY_LIST.filter((rule) => rule.tier === tier).map((rule) => rule.pattern);
  return {
    exact: new Set(rules.filter((p) => !p.endsWith('*') && !p.startsWith('*'))),
    prefixes: rules.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1)),
    suffixes: rules.filter((p) => p.startsWith('*')).map((p) => p.slice(1)),
  };
}
const RUNNER = tierOf('runner');
const CONTENT = tierOf('content');

function onTier(tier: ReturnType<typeof tierOf>, name: string): boolean {
  return (
    tier.exact.has(name) ||
    tier.prefixes.some((prefix) => name.startsWith(prefix)) ||
    tier.suffixes.some((suffix) => name.endsWith(suffix))
  );
}

/**
 * The refusal a name must meet by the deny-list's documented tiers, or undefined: runner-tier names
 * (`PATH`, `GITHUB_*`, ...) for everybody, compared as the OS compares names (SECRETS_LIST_CLEAN_UP
 * in any case); content-tier names in
 * any case when a secret chose them, unless `allowNames` lists the name.
 */
export function deniedName(
  name: string,
  chooser: Chooser,
  allowNames: readonly string[],
): 'ERR_NAME_RESERVED' | 'ERR_NAME_DENIED' | undefined {
  const upper = name.toUpperCase();
  if (onTier(RUNNER, IGNORE_CASE ? upper : name)) return 'ERR_NAME_RESERVED';
  // The cleanup list both actions' post steps read, in any case on every OS (review F7).
  if (upper === 'SECRETS_LIST_CLEAN_UP') return 'ERR_NAME_RESERVED';
  if (chooser === 'author' || allowNames.some((allowed) => allowed.toUpperCase() === upper)) return undefined;
  return onTier(CONTENT, upper) ? 'ERR_NAME_DENIED' : undefined;
}

/** One variable the run would export, with where it comes from. */
export interface NamedCandidate {
  readonly name: string;
  readonly subject: string;
  readonly chosenBy: Chooser;
}

/**
 * The name refusals a run must report, as `subject code` pairs: invalid names, the deny-list's
 * tiers (the cleanup list's own name among them), names equal without case to an earlier accepted
 * one (outputs and Windows ignore case), and with `setOutputs` the step's output `names`.
 */
export function nameRefusals(
  candidates: readonly NamedCandidate[],
  options: { readonly allowNames: readonly string[]; readonly setOutputs: boolean },
): Set<string> {
  const out = new Set<string>();
  const accepted = new Set<string>();
  for (const { name, subject, chosenBy } of candidates) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      out.add(`${subject} ERR_NAME_INVALID`);
      continue;
    }
    const denied = deniedName(name, chosenBy, options.allowNames);
    if (denied !== undefined) {
      out.add(`${subject} ${denied}`);
      continue;
    }
    if (accepted.has(name.toUpperCase())) {
      out.add(`${subject} ERR_NAME_DUPLICATE`);
      continue;
    }
    accepted.add(name.toUpperCase());
  }
  for (const { name, subject } of candidates) {
    if (options.setOutputs && name.toLowerCase() === 'names') out.add(`${subject} ERR_NAME_RESERVED`);
  }
  return out;
}
