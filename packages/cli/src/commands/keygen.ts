/**
 * `envelope keygen`: makes a local key-encryption key (32 random bytes) for `--key local:FILE` and
 * the action's `local-key` input. Written as base64 to a new 0600 file, or to stdout when stdout
 * is not a terminal (a pipe into `gh secret set`); never printed on a terminal.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { localKeyId } from '@envelope-kit/envelope-core';
import { noPositionals, stringOption } from '../args.js';
import { type Command, GLOBAL_HELP } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { commandHint, retryHint } from '../hint.js';
import { writeOutput } from '../io.js';

/** Writes `data` to a new file `path`, mode 0600; an existing file (or symlink) is refused. */
async function writeNewKeyFile(path: string, data: Uint8Array): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw code === 'EEXIST'
      ? new CliError(
          'ERR_FILE_WRITE',
          'file exists; keygen never overwrites a key (pass --force to replace it)',
          {
            subject: path,
            kind: 'file',
          },
        )
      : new CliError(
          'ERR_FILE_WRITE',
          `cannot write key file${typeof code === 'string' ? ` (${code})` : ''}`,
          {
            subject: path,
            kind: 'file',
          },
        );
  } finally {
    await handle?.close();
  }
}

/**
 * The `keygen` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['keygen', '--out', 'kek.b64']);
 * ```
 */
export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'make a local key: a new 0600 file, or base64 to a pipe (gh secret set)',
  options: {
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  help: `Usage: envelope keygen [--out F [--force]]

Makes a local key-encryption key: 32 random bytes, written as base64 (one line). Use it with
--key local:F, and give the same base64 to the action's local-key input (a GitHub secret).

Options:
  --out F                write the key to F, a new file with mode 0600 (refused if F exists)
  --force                with --out: replace an existing F (atomically, still mode 0600)

Without --out the base64 goes to stdout, only when stdout is not a terminal (a pipe or a file):
a key is never printed on a screen. The key id (local:...) goes to stderr.

Examples:
  envelope keygen --out kek.b64
  envelope keygen | gh secret set ENVELOPE_LOCAL_KEY
  printf '%s' "$VALUE" | envelope seal --key local:kek.b64 > value.env.json

A key made with "openssl rand -hex 32" is hex, which --key local: does not read; convert it with
  xxd -r -p kek.hex | base64 > kek.b64

${GLOBAL_HELP}`,
  async run(values, positionals) {
    noPositionals('keygen', positionals);
    const out = stringOption(values, 'out');
    if (values.force === true && out === undefined) throw new UsageError('keygen: --force needs --out F');
    if (out === undefined && process.stdout.isTTY === true) {
      throw new UsageError(
        `keygen: refusing to print a key on a terminal; write a file: ${retryHint('keygen-terminal-out', { add: ['--out', 'FILE'] })}; or pipe it: ${commandHint('keygen-terminal-pipe', ['keygen'])} | gh secret set ENVELOPE_LOCAL_KEY`,
      );
    }
    const kek = randomBytes(32);
    const text = Buffer.from(`${kek.toString('base64')}${out === undefined ? '' : '\n'}`, 'latin1');
    const keyId = localKeyId(kek);
    kek.fill(0);
    try {
      if (out === undefined) await writeOutput(undefined, text);
      else if (values.force === true) await writeOutput(out, text);
      else await writeNewKeyFile(out, text);
    } finally {
      text.fill(0);
    }
    process.stderr.write(
      `envelope: local key ${keyId}${out === undefined ? '' : ` written to ${out} (mode 0600)`}\n`,
    );
    return 0;
  },
};
