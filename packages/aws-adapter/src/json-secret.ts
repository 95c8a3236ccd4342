/**
 * A JSON scanner for secret values: accepts and rejects exactly what `JSON.parse` does, but keeps
 * every number and literal as its source text (`12345678901234567890` and `1e400` stay what was
 * stored, where `JSON.parse` + `JSON.stringify` give `12345678901234567000` and `null`), and never
 * recurses: a value nested 100,000 deep costs one pass and a stack array, not a RangeError.
 * Duplicate keys behave as in `JSON.parse`: the last value wins at the first key's position, and
 * keys that are array indices come first in ascending order (ECMA-262 OrdinaryOwnPropertyKeys),
 * so flattening names and orders variables exactly as the official action's `JSON.parse` does.
 */
import { EnvelopeKitError, type EnvelopeKitErrorOptions } from '@envelope-kit/envelope-core';

/** Every code a {@link JsonValueError} carries. */
export type JsonValueErrorCode = 'ERR_JSON_TOO_DEEP' | 'ERR_TOO_MANY_MASKS' | 'ERR_VALUE_NUL';

// Registers these codes with envelope-core, so that `isEnvelopeKitError(e, code)` accepts them.
declare module '@envelope-kit/envelope-core' {
  interface EnvelopeKitErrorCodes extends Record<JsonValueErrorCode, true> {}
}

/**
 * A value that cannot become environment variables: JSON nested deeper than
 * {@link MAX_JSON_DEPTH} (ERR_JSON_TOO_DEEP), a NUL character (ERR_VALUE_NUL), or more texts to
 * mask than MAX_MASKS_PER_SECRET (ERR_TOO_MANY_MASKS, masks.ts). `subject` names
 * the secret; the message never holds the value.
 *
 * @example
 * ```ts
 * throw new JsonValueError('ERR_VALUE_NUL', 'the value holds a NUL character', { subject: 'prod/db' });
 * ```
 */
export class JsonValueError extends EnvelopeKitError {
  declare readonly code: JsonValueErrorCode;
  constructor(code: JsonValueErrorCode, message: string, options?: EnvelopeKitErrorOptions) {
    super(code, message, options);
  }
}

/**
 * The deepest nesting of objects and arrays (a string leaf holding JSON object text counts as the
 * object it holds) that parse-json-secrets flattens. Every level adds a `_KEY` part to a variable name,
 * so 64 levels already make names far longer than anyone writes by hand, while no real
 * configuration document comes close (AWS CloudFormation templates, the deepest JSON most users
 * see, stay under 20); the cap is there so that a hostile value is refused by name rather than
 * making names of kilobytes.
 */
export const MAX_JSON_DEPTH = 64;

/** One JSON value, with numbers and literals as their source text. */
export type JsonNode =
  | { readonly kind: 'object'; readonly entries: Map<string, JsonNode> }
  | { readonly kind: 'array'; readonly items: JsonNode[] }
  | { readonly kind: 'string'; readonly value: string }
  /** A number, `true`, `false` or `null`, exactly as written. */
  | { readonly kind: 'number' | 'literal'; readonly raw: string };

/** A scanned document: its root and the deepest nesting of objects and arrays in it (root = 1). */
export interface JsonDocument {
  readonly root: JsonNode;
  readonly depth: number;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;

function isJsonSpace(code: number): boolean {
  // ECMA-404 whitespace: tab, line feed, carriage return, space (what JSON.parse skips).
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

type Container =
  | { kind: 'object'; node: JsonNode & { kind: 'object' }; key: string | undefined }
  | { kind: 'array'; node: JsonNode & { kind: 'array' } };

/**
 * Scans `text` as `JSON.parse` would, iteratively and in one pass. Returns undefined for any text
 * `JSON.parse` rejects.
 *
 * @example
 * ```ts
 * scanJson('{"n":1e400}')?.root; // { kind: 'object', entries: Map { 'n' => { kind: 'number', raw: '1e400' } } }
 * scanJson('{"n":}');            // undefined
 * ```
 */
export function scanJson(text: string): JsonDocument | undefined {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  };
  /** A string token at `i` (which holds `"`), decoded; undefined when invalid. */
  const readString = (): string | undefined => {
    const start = i;
    let escaped = false;
    for (i = start + 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x22) break;
      if (code < 0x20) return undefined;
      if (code === 0x5c) {
        escaped = true;
        i++;
      }
    }
    if (i >= text.length) return undefined;
    i++;
    const token = text.slice(start, i);
    if (!escaped) return token.slice(1, -1);
    // Escapes are rare in secrets: JSON.parse decodes them by the letter of the spec (\uXXXX,
    // lone surrogates included) and rejects a bad one.
    try {
      return JSON.parse(token) as string;
    } catch {
      return undefined;
    }
  };
  const stack: Container[] = [];
  let depth = 0;
  let root: JsonNode | undefined;
  /** Attaches a finished value to the open container, or makes it the root. */
  const attach = (node: JsonNode): boolean => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = node;
      return true;
    }
    if (top.kind === 'array') top.node.items.push(node);
    else {
      if (top.key === undefined) return false;
      // Map.set keeps a repeated key at its first position with the last value, as JSON.parse does.
      top.node.entries.set(top.key, node);
      top.key = undefined;
    }
    return true;
  };
  /** Reads one value at `i`; containers are opened (pushed), scalars attached. */
  const readValue = (): boolean => {
    skipSpace();
    const code = text.charCodeAt(i);
    if (code === 0x7b || code === 0x5b) {
      i++;
      const node: JsonNode =
        code === 0x7b ? { kind: 'object', entries: new Map() } : { kind: 'array', items: [] };
      if (!attach(node)) return false;
      stack.push(node.kind === 'object' ? { kind: 'object', node, key: undefined } : { kind: 'array', node });
      depth = Math.max(depth, stack.length);
      return true;
    }
    if (code === 0x22) {
      const value = readString();
      return value !== undefined && attach({ kind: 'string', value });
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number !== null) {
      i += number[0].length;
      return attach({ kind: 'number', raw: number[0] });
    }
    for (const literal of LITERALS) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return attach({ kind: 'literal', raw: literal });
      }
    }
    return false;
  };
  /** After `{` or `,` in an object: a key and its colon. */
  const readKey = (top: Container & { kind: 'object' }): boolean => {
    skipSpace();
    if (text.charCodeAt(i) !== 0x22) return false;
    const key = readString();
    if (key === undefined) return false;
    skipSpace();
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    top.key = key;
    return true;
  };

  if (!readValue()) return undefined;
  // `first` is true right after a container opened: it may close at once or take its first member.
  let first = true;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Container;
    skipSpace();
    const code = text.charCodeAt(i);
    const close = top.kind === 'object' ? 0x7d : 0x5d;
    if (code === close && (first || top.kind === 'array' || top.key === undefined)) {
      // `{}`/`[]`, or the end after a member (a value was attached, so the key was consumed).
      i++;
      stack.pop();
      first = false;
      continue;
    }
    if (!first) {
      if (code !== 0x2c) return undefined;
      i++;
    }
    if (top.kind === 'object' && !readKey(top)) return undefined;
    const before = stack.length;
    if (!readValue()) return undefined;
    first = stack.length > before;
  }
  skipSpace();
  if (i !== text.length || root === undefined) return undefined;
  return { root, depth };
}

/** Whether `key` is an array index (ECMA-262: a canonical numeric string below 2^32 - 1). */
function isArrayIndex(key: string): boolean {
  if (!/^(?:0|[1-9][0-9]{0,9})$/.test(key)) return false;
  return Number(key) < 4294967295;
}

/**
 * The object's entries in the order `Object.keys(JSON.parse(text))` gives: array indices ascending,
 * then the other keys in the order they first appeared.
 *
 * @example
 * ```ts
 * objectEntries({ kind: 'object', entries: new Map([['b', x], ['1', y]]) }); // [['1', y], ['b', x]]
 * ```
 */
export function objectEntries(node: JsonNode & { kind: 'object' }): [string, JsonNode][] {
  const indices: [string, JsonNode][] = [];
  const others: [string, JsonNode][] = [];
  for (const entry of node.entries) (isArrayIndex(entry[0]) ? indices : others).push(entry);
  indices.sort((a, b) => Number(a[0]) - Number(b[0]));
  return [...indices, ...others];
}

/**
 * Compact JSON text of a node, as `JSON.stringify(JSON.parse(...))` writes it (no whitespace,
 * strings re-escaped, keys in property order) except that numbers keep their source text.
 * Iterative, like the scanner.
 *
 * @example
 * ```ts
 * serializeJson(scanJson('[ 1e400, "a" ]')!.root); // '[1e400,"a"]'
 * ```
 */
export function serializeJson(node: JsonNode): string {
  const parts: string[] = [];
  // Work items: a node to write, or a literal piece of punctuation.
  const work: (JsonNode | string)[] = [node];
  while (work.length > 0) {
    const item = work.pop() as JsonNode | string;
    if (typeof item === 'string') {
      parts.push(item);
      continue;
    }
    switch (item.kind) {
      case 'string':
        parts.push(JSON.stringify(item.value));
        break;
      case 'number':
      case 'literal':
        parts.push(item.raw);
        break;
      case 'array': {
        parts.push('[');
        work.push(']');
        for (let k = item.items.length - 1; k >= 0; k--) {
          work.push(item.items[k] as JsonNode);
          if (k > 0) work.push(',');
        }
        break;
      }
      case 'object': {
        parts.push('{');
        work.push('}');
        const entries = objectEntries(item);
        for (let k = entries.length - 1; k >= 0; k--) {
          const [key, value] = entries[k] as [string, JsonNode];
          work.push(value, `${JSON.stringify(key)}:`);
          if (k > 0) work.push(',');
        }
        break;
      }
    }
  }
  return parts.join('');
}

/** The first non-whitespace character's code (NaN for a blank text). */
function firstCode(text: string): number {
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i);
}

/**
 * Scans `text` when it is a JSON object (not an array, not a scalar): the official action's
 * isJSONString, without building JavaScript values.
 *
 * @example
 * ```ts
 * scanJsonObject('{"a":1}')?.root.kind; // 'object'
 * scanJsonObject('[1]');                // undefined
 * ```
 */
export function scanJsonObject(text: string): JsonDocument | undefined {
  // The first non-whitespace character is `{`: the only texts that can be JSON objects.
  if (firstCode(text) !== 0x7b) return undefined;
  return scanJson(text);
}

/**
 * Scans `text` when it is a JSON object or array (the texts whose leaves a later step can print
 * one by one: `jq -r '.[]'`); undefined for a scalar or for text that is no JSON.
 *
 * @example
 * ```ts
 * scanJsonContainer('["a"]')?.root.kind; // 'array'
 * scanJsonContainer('"a"');              // undefined
 * ```
 */
export function scanJsonContainer(text: string): JsonDocument | undefined {
  const code = firstCode(text);
  if (code !== 0x7b && code !== 0x5b) return undefined;
  return scanJson(text);
}
