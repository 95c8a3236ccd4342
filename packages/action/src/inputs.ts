/**
 * Reads and validates every input of actions/decrypt-secrets (DESIGN.md, "The action") into one
 * typed {@link Inputs} value. Inputs are read through @actions/core's `getInput`, injected (main.ts
 * passes the runner's, toolkit.ts) so that tests never touch process.env; multi-line inputs drop
 * empty lines as core.getMultilineInput does, booleans accept the YAML 1.2 core schema values
 * only, as core.getBooleanInput does, but fail with the action's own ERR_INPUT naming the input.
 */
import { ActionError } from './errors.js';
import { ALLOW_NAME_PATTERN, CONTENT_NAMES, type ContentNames, type NameTransformation } from './naming.js';

/** The `legacy-kdf` setting, shaped as envelope-core's LegacyKdf (`openLegacy` takes it as is). */
export type LegacyKdf = 'auto' | 'sha256' | 'md5' | { readonly pbkdf2: number };

/** Every input, validated. */
export interface Inputs {
  /** `secret-ids` lines, in order, identical lines removed (as the official action does). */
  readonly secretIds: readonly string[];
  /** `envelope-files` lines. */
  readonly envelopeFiles: readonly string[];
  readonly parseJsonSecrets: boolean;
  readonly nameTransformation: NameTransformation;
  /** `require-context` pairs every v1 envelope must carry. */
  readonly requireContext: Readonly<Record<string, string>>;
  /** `allowed-key-ids`: key ARNs, key ids or aliases, as written. */
  readonly allowedKeyIds: readonly string[];
  /** The 32-byte `local-key`, or undefined. The caller zeroes it once used. */
  readonly localKey: Uint8Array | undefined;
  readonly legacyKdf: LegacyKdf;
  readonly plaintextSecrets: 'allow' | 'deny';
  /** `legacy-envelopes`: auto (allowed unless require-context is set), allow, deny. */
  readonly legacyEnvelopes: 'auto' | 'allow' | 'deny';
  /** `accept-weak-legacy`: secret ids or file paths whose weak legacy envelope is accepted. */
  readonly acceptWeakLegacy: readonly string[];
  /** `allow-names`: names (`NAME` or `PREFIX*`) a secret may choose although the deny-list has them. */
  readonly allowNames: readonly string[];
  /** `content-names`: names a secret chose entirely are checked against the deny-list or admitted by allow-names only. */
  readonly contentNames: ContentNames;
  readonly exportEnv: boolean;
  readonly setOutputs: boolean;
  readonly allowOverwrite: boolean;
  /** `region`, or undefined for the SDK's default (AWS_REGION / AWS_DEFAULT_REGION). */
  readonly region: string | undefined;
  /** `endpoint-url`, or undefined for the SDK's default endpoint. */
  readonly endpointUrl: string | undefined;
  /**
   * `max-concurrency`: a cap on the AWS calls in flight per service, or undefined for the services'
   * own limits (aws-adapter's SERVICE_CONCURRENCY).
   */
  readonly maxConcurrency: number | undefined;
  readonly cleanup: boolean;
  readonly summary: boolean;
  /**
   * `auto-select-family-attempt-timeout`: ms Node waits for each address of a dual-stack endpoint
   * before trying the next (net.setDefaultAutoSelectFamilyAttemptTimeout), as the official action.
   */
  readonly autoSelectFamilyAttemptTimeout: number;
}

/** Reads the raw text of one input, `''` when it is not set: @actions/core's `getInput`. */
export type InputReader = (name: string) => string;

/** The defaults of action.yml, applied here too so that the logic does not depend on the runner. */
export const INPUT_DEFAULTS = {
  'parse-json-secrets': 'false',
  'name-transformation': 'uppercase',
  'legacy-kdf': 'auto',
  'plaintext-secrets': 'allow',
  'legacy-envelopes': 'auto',
  'content-names': 'deny-list',
  'export-env': 'true',
  'set-outputs': 'false',
  'allow-overwrite': 'false',
  cleanup: 'true',
  summary: 'true',
  'auto-select-family-attempt-timeout': '1000',
} as const satisfies Record<string, string>;

function inputError(name: string, message: string): ActionError {
  return new ActionError('ERR_INPUT', `input '${name}' ${message}`, { subject: name });
}

function text(read: InputReader, name: string): string {
  const value = read(name).trim();
  if (value !== '') return value;
  return (INPUT_DEFAULTS as Record<string, string>)[name] ?? '';
}

function lines(read: InputReader, name: string): string[] {
  return read(name)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function boolean(read: InputReader, name: string): boolean {
  const value = text(read, name);
  // YAML 1.2 core schema, exactly the values @actions/core getBooleanInput accepts.
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw inputError(
    name,
    'must be true or false (YAML 1.2 core schema: true | True | TRUE | false | False | FALSE)',
  );
}

function oneOf<T extends string>(
  read: InputReader,
  name: string,
  allowed: readonly T[],
  { ignoreCase = false } = {},
): T {
  const written = text(read, name);
  const value = ignoreCase ? written.toLowerCase() : written;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw inputError(name, `must be one of ${allowed.join(', ')}`);
}

/**
 * Parses `legacy-kdf`: `auto`, `sha256`, `md5`, `pbkdf2` (10000 iterations, openssl's default for
 * `-pbkdf2`) or `pbkdf2:ITER`.
 *
 * @example
 * ```ts
 * parseLegacyKdf('pbkdf2:600000'); // { pbkdf2: 600000 }
 * ```
 */
export function parseLegacyKdf(value: string): LegacyKdf {
  if (value === 'auto' || value === 'sha256' || value === 'md5') return value;
  if (value === 'pbkdf2') return { pbkdf2: 10_000 };
  const match = /^pbkdf2:([1-9][0-9]{0,8})$/.exec(value);
  if (match?.[1] !== undefined) return { pbkdf2: Number(match[1]) };
  throw inputError('legacy-kdf', 'must be auto, sha256, md5, pbkdf2 or pbkdf2:ITERATIONS');
}

function requireContext(read: InputReader): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const line of lines(read, 'require-context')) {
    const at = line.indexOf('=');
    const key = at < 0 ? '' : line.slice(0, at).trim();
    if (key === '') throw inputError('require-context', 'expects lines KEY=VALUE');
    if (Object.hasOwn(pairs, key)) throw inputError('require-context', `names '${key}' twice`);
    pairs[key] = line.slice(at + 1).trim();
  }
  return pairs;
}

function localKey(read: InputReader): Uint8Array | undefined {
  const value = read('local-key').trim();
  if (value === '') return undefined;
  // Say what is wrong by type and length only: the value is a secret.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw inputError('local-key', 'must be base64 of 32 bytes (not valid base64)');
  }
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (bytes.length !== 32) {
    const length = bytes.length;
    bytes.fill(0);
    throw inputError('local-key', `must be base64 of 32 bytes, got ${length}`);
  }
  return bytes;
}

function allowNames(read: InputReader): string[] {
  const names = [...new Set(lines(read, 'allow-names'))];
  for (const name of names) {
    if (!ALLOW_NAME_PATTERN.test(name)) {
      throw inputError(
        'allow-names',
        `expects variable names or PREFIX* patterns, one a line; '${name}' is neither`,
      );
    }
  }
  return names;
}

function maxConcurrency(read: InputReader): number | undefined {
  const value = text(read, 'max-concurrency');
  if (value === '') return undefined;
  const parsed = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= 1 && parsed <= 10_000))
    throw inputError('max-concurrency', 'must be an integer from 1 to 10000');
  return parsed;
}

/**
 * `auto-select-family-attempt-timeout`, validated as the official action does (src/index.ts: the
 * input read with Number(), refused when NaN or below 10). Node's own setter also refuses what is
 * not a 32-bit integer, which fails the official step too; here that is an ERR_INPUT as well.
 */
function autoSelectFamilyAttemptTimeout(read: InputReader): number {
  const name = 'auto-select-family-attempt-timeout';
  const value = Number(text(read, name));
  if (Number.isNaN(value) || value < 10) {
    throw inputError(name, 'must be a number greater than or equal to 10 (milliseconds)');
  }
  if (!Number.isInteger(value) || value > 2 ** 31 - 1) {
    throw inputError(name, 'must be an integer number of milliseconds (at most 2147483647)');
  }
  return value;
}

function endpointUrl(read: InputReader): string | undefined {
  const value = text(read, 'endpoint-url');
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw inputError('endpoint-url', 'must be an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw inputError('endpoint-url', 'must be an http(s) URL');
  return value;
}

/**
 * Reads every input and validates it. Throws an {@link ActionError} `ERR_INPUT` naming the first
 * bad input. Empty `secret-ids` and `envelope-files` are valid, as in the official action (a
 * workflow that computes its list may produce an empty one): the step then exports nothing.
 *
 * @example
 * ```ts
 * import * as core from '@actions/core';
 * const inputs = readInputs((name) => core.getInput(name));
 * ```
 */
export function readInputs(read: InputReader): Inputs {
  const secretIds = [...new Set(lines(read, 'secret-ids'))];
  const envelopeFiles = [...new Set(lines(read, 'envelope-files'))];
  const region = text(read, 'region');
  if (region !== '' && !/^[a-z]{2}(-[a-z0-9]+){1,4}$/.test(region)) {
    throw inputError('region', 'is not an AWS region name');
  }
  const parsed = {
    secretIds,
    envelopeFiles,
    parseJsonSecrets: boolean(read, 'parse-json-secrets'),
    // Case-insensitive, as the official parseTransformationFunction (`Uppercase`, `lowErCase`).
    nameTransformation: oneOf(read, 'name-transformation', ['uppercase', 'lowercase', 'none'] as const, {
      ignoreCase: true,
    }),
    requireContext: requireContext(read),
    allowedKeyIds: [...new Set(lines(read, 'allowed-key-ids'))],
    legacyKdf: parseLegacyKdf(text(read, 'legacy-kdf')),
    plaintextSecrets: oneOf(read, 'plaintext-secrets', ['allow', 'deny'] as const),
    legacyEnvelopes: oneOf(read, 'legacy-envelopes', ['auto', 'allow', 'deny'] as const),
    acceptWeakLegacy: [...new Set(lines(read, 'accept-weak-legacy'))],
    allowNames: allowNames(read),
    contentNames: oneOf(read, 'content-names', CONTENT_NAMES),
    exportEnv: boolean(read, 'export-env'),
    setOutputs: boolean(read, 'set-outputs'),
    allowOverwrite: boolean(read, 'allow-overwrite'),
    region: region === '' ? undefined : region,
    endpointUrl: endpointUrl(read),
    maxConcurrency: maxConcurrency(read),
    cleanup: boolean(read, 'cleanup'),
    summary: boolean(read, 'summary'),
    autoSelectFamilyAttemptTimeout: autoSelectFamilyAttemptTimeout(read),
  };
  // Read the key last, so that no other input's error leaves key bytes behind.
  return { ...parsed, localKey: localKey(read) };
}
