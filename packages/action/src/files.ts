/**
 * Reading envelope files from the workspace. The plan already refused paths that leave the
 * workspace lexically (`../x`, `/etc/x`); this also follows symbolic links, so that a link in the
 * repository pointing outside the workspace is refused too.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeEnvelopeText, type EnvelopeKitError } from '@envelope-kit/envelope-core';
import { ActionError } from './errors.js';
import type { FileEntry } from './plan.js';

/** v1 envelopes fit a SecretString (65,536 characters); a legacy one is smaller. Refuse anything far larger. */
const MAX_ENVELOPE_FILE_BYTES = 1024 * 1024;

/**
 * Returns a reader of envelope files confined to `workspace` (after resolving symbolic links).
 *
 * @example
 * ```ts
 * const readFile = workspaceFileReader(plan.workspace);
 * const text = await readFile(entry);
 * ```
 */
export function workspaceFileReader(workspace: string): (entry: FileEntry) => Promise<string> {
  let root: Promise<string> | undefined;
  return async (entry) => {
    root ??= realpath(workspace);
    const real = await realpath(entry.absolutePath);
    const relative = path.relative(await root, real);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new ActionError('ERR_PATH_OUTSIDE_WORKSPACE', 'envelope file resolves outside the workspace', {
        subject: entry.path,
      });
    }
    const info = await stat(real);
    if (!info.isFile() || info.size > MAX_ENVELOPE_FILE_BYTES) {
      throw new ActionError('ERR_FILE_READ', `not a file of at most ${MAX_ENVELOPE_FILE_BYTES} bytes`, {
        subject: entry.path,
      });
    }
    // Strict UTF-8: bytes that are not UTF-8 are refused, not turned into U+FFFD (docs/FORMAT.md section 2).
    const bytes = await readFile(real);
    try {
      return decodeEnvelopeText(bytes);
    } catch (error) {
      throw (error as EnvelopeKitError).about(entry.path);
    }
  };
}
