/**
 * Input and output of values. Values are read from stdin or one file (`--in`), and written to
 * stdout or one file (`--out`). An output file is written to a fresh sibling created with
 * O_CREAT|O_EXCL and mode 0600 (so no other user can open it, and a symlink planted at that name
 * is not followed), then renamed over the target: the target is never readable with wider
 * permissions, nor half-written.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeEnvelopeText, type EnvelopeKitError } from '@envelope-kit/envelope-core';
import { CliError, markSubjectKind } from './errors.js';

function fsCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
}

/**
 * Reads all of stdin, or the file `path`, as bytes. The caller zeroes them once used.
 *
 * @example
 * ```ts
 * const plaintext = await readInput(values.in); // stdin when undefined
 * ```
 */
export async function readInput(
  path: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Uint8Array> {
  if (path !== undefined && path !== '-') {
    try {
      return new Uint8Array(await fs.readFile(path));
    } catch (error) {
      throw new CliError('ERR_FILE_READ', `cannot read input file${fsCode(error)}`, {
        subject: path,
        kind: 'file',
      });
    }
  }
  if ((stdin as { isTTY?: boolean }).isTTY === true) {
    // Typed at a terminal the value is not echoed by us, but the user needs to know we are waiting.
    process.stderr.write('envelope: reading from the terminal; end with Ctrl-D (or use --in FILE)\n');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const all = Buffer.concat(chunks);
  for (const chunk of chunks) chunk.fill(0);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

/**
 * Reads stdin or `path` as envelope text: strict UTF-8 (bytes that are not UTF-8 are refused with
 * ERR_ENVELOPE_MALFORMED naming the file, not turned into U+FFFD; docs/FORMAT.md section 2).
 *
 * @example
 * ```ts
 * const envelope = await readInputText(values.in);
 * ```
 */
export async function readInputText(path: string | undefined): Promise<string> {
  const bytes = await readInput(path);
  try {
    return decodeEnvelopeText(bytes);
  } catch (error) {
    throw markSubjectKind((error as EnvelopeKitError).about(path ?? 'stdin'), 'file');
  }
}

/**
 * Writes `data` to stdout, or to `path` (created 0600, replaced atomically).
 *
 * @example
 * ```ts
 * await writeOutput(values.out, plaintext);
 * ```
 */
export async function writeOutput(path: string | undefined, data: Uint8Array | string): Promise<void> {
  if (path === undefined || path === '-') {
    await new Promise<void>((resolve, reject) => {
      process.stdout.write(data, (error) => (error ? reject(error) : resolve()));
    });
    return;
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new CliError('ERR_FILE_WRITE', `cannot write output file${fsCode(error)}`, {
      subject: path,
      kind: 'file',
    });
  }
}

/**
 * Writes one line of text (a message, JSON) to stdout.
 *
 * @example
 * ```ts
 * await printLine(JSON.stringify(result));
 * ```
 */
export async function printLine(text: string): Promise<void> {
  await writeOutput(undefined, `${text}\n`);
}

/**
 * Writes a warning to stderr (never a value, never key material).
 *
 * @example
 * ```ts
 * warn('legacy envelope: openssl password was shortened');
 * ```
 */
export function warn(message: string): void {
  process.stderr.write(`envelope: warning: ${message}\n`);
}
