/**
 * Envelope files in a workspace, by the rules of the decrypt-secrets action's `envelope-files`
 * input, shared with `envelope run --file` so that both read and name a file the same way:
 * - a line is `[ALIAS,]PATH`; PATH is relative to the workspace and must stay inside it, lexically
 *   and after following symbolic links (a link in the repository pointing outside is refused);
 * - without an alias the variable is named after the file name without its last extension;
 * - the file is a regular file of at most 1 MiB (a v1 envelope fits a 65,536-character
 *   SecretString; a legacy one is smaller) and holds an envelope, never a plain value.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
  decodeEnvelopeText,
  EnvelopeKitError,
  type EnvelopeKitErrorOptions,
} from '@envelope-kit/envelope-core';
import { baseEnvName, type NameTransformation } from './env-names.js';

/** Every code an {@link EnvelopeFileError} carries. */
export type EnvelopeFileErrorCode = 'ERR_PATH_OUTSIDE_WORKSPACE' | 'ERR_FILE_READ';

// Registers these codes with envelope-core, so that `isEnvelopeKitError(e, code)` accepts them.
declare module '@envelope-kit/envelope-core' {
  interface EnvelopeKitErrorCodes extends Record<EnvelopeFileErrorCode, true> {}
}

/**
 * An envelope file outside the workspace, or one that cannot be read. `subject` is the path as
 * written; messages never hold the file's content.
 *
 * @example
 * ```ts
 * if (isEnvelopeKitError(e, 'ERR_PATH_OUTSIDE_WORKSPACE')) console.error(`${e.subject} is outside`);
 * ```
 */
export class EnvelopeFileError extends EnvelopeKitError {
  declare readonly code: EnvelopeFileErrorCode;
  constructor(code: EnvelopeFileErrorCode, message: string, options?: EnvelopeKitErrorOptions) {
    super(code, message, options);
  }
}

/**
 * The largest envelope file read, in bytes.
 *
 * @example
 * ```ts
 * if (size > MAX_ENVELOPE_FILE_BYTES) refuse();
 * ```
 */
export const MAX_ENVELOPE_FILE_BYTES = 1024 * 1024;

/** One `[ALIAS,]PATH` line, resolved against the workspace. */
export interface EnvelopeFileEntry {
  /** The line as written, for messages. */
  readonly line: string;
  /** The alias; `''` for a blank alias; undefined for none. */
  readonly alias: string | undefined;
  /** The path as written (the subject of errors). */
  readonly path: string;
  /** The path resolved against the workspace. */
  readonly absolutePath: string;
  /** What the variable is named after without an alias: the file name without its last extension. */
  readonly name: string;
  /** The variable a value gets: the alias, else `name`, transformed. */
  readonly envName: string;
}

/**
 * Resolves one `[ALIAS,]PATH` line, already split by env-names' `splitAlias` (each caller reports a
 * malformed line its own way), and checks without touching the disk that PATH stays inside
 * `workspace`.
 *
 * @throws EnvelopeFileError ERR_PATH_OUTSIDE_WORKSPACE
 *
 * @example
 * ```ts
 * const line = 'DB,secrets/db.env.json';
 * envelopeFileEntry(line, splitAlias(line, 'uppercase', '--file'), 'uppercase', '/work/repo');
 * // { alias: 'DB', path: 'secrets/db.env.json', name: 'db.env', envName: 'DB', ... }
 * ```
 */
export function envelopeFileEntry(
  line: string,
  split: { readonly alias: string | undefined; readonly id: string },
  transformation: NameTransformation,
  workspace: string,
): EnvelopeFileEntry {
  const { alias, id: written } = split;
  const absolutePath = path.resolve(workspace, written);
  if (!isInside(workspace, absolutePath)) {
    throw new EnvelopeFileError('ERR_PATH_OUTSIDE_WORKSPACE', 'envelope file is not inside the workspace', {
      subject: written,
    });
  }
  const base = path.basename(absolutePath);
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? base.slice(0, dot) : base;
  return {
    line,
    alias,
    path: written,
    absolutePath,
    name,
    envName: baseEnvName(alias, name, transformation),
  };
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Returns a reader of envelope files confined to `workspace` after resolving symbolic links: a
 * file whose real path leaves the workspace, that is no regular file, or that is larger than
 * {@link MAX_ENVELOPE_FILE_BYTES} is refused; an fs error becomes ERR_FILE_READ with its code.
 *
 * @example
 * ```ts
 * const readEnvelopeFile = workspaceFileReader(process.cwd());
 * const text = await readEnvelopeFile(entry);
 * ```
 */
export function workspaceFileReader(
  workspace: string,
): (entry: Pick<EnvelopeFileEntry, 'path' | 'absolutePath'>) => Promise<string> {
  let root: Promise<string> | undefined;
  return async (entry) => {
    try {
      root ??= realpath(workspace);
      const real = await realpath(entry.absolutePath);
      if (!isInside(await root, real)) {
        throw new EnvelopeFileError(
          'ERR_PATH_OUTSIDE_WORKSPACE',
          'envelope file resolves outside the workspace',
          {
            subject: entry.path,
          },
        );
      }
      const info = await stat(real);
      if (!info.isFile() || info.size > MAX_ENVELOPE_FILE_BYTES) {
        throw new EnvelopeFileError(
          'ERR_FILE_READ',
          `not a file of at most ${MAX_ENVELOPE_FILE_BYTES} bytes`,
          {
            subject: entry.path,
          },
        );
      }
      const bytes = await readFile(real);
      // Strict UTF-8: bytes that are not UTF-8 are refused, not turned into U+FFFD (docs/FORMAT.md section 2).
      return decodeEnvelopeText(bytes);
    } catch (error) {
      if (error instanceof EnvelopeKitError) throw error.about(entry.path);
      // An fs error's message holds the absolute path only, but its class and code say enough.
      const code = (error as { code?: unknown } | null)?.code;
      throw new EnvelopeFileError(
        'ERR_FILE_READ',
        `cannot read envelope file${typeof code === 'string' ? ` (${code})` : ''}`,
        { subject: entry.path },
      );
    }
  };
}
