/**
 * A secret typed at a terminal: read in raw mode, so nothing is echoed, twice (to catch a typo
 * that nobody can see), and without the Enter that ends it. Backspace and Ctrl-U edit, Ctrl-C
 * aborts, Ctrl-D on an empty line ends the input. Every buffer is zeroed once used.
 */
import type { ReadStream } from 'node:tty';
import { CliError } from './errors.js';

/** A growable byte buffer that zeroes what it drops. */
class SecretBytes {
  #bytes = new Uint8Array(64);
  #length = 0;

  push(byte: number): void {
    if (this.#length === this.#bytes.length) {
      const bigger = new Uint8Array(this.#bytes.length * 2);
      bigger.set(this.#bytes);
      this.#bytes.fill(0);
      this.#bytes = bigger;
    }
    this.#bytes[this.#length++] = byte;
  }

  /** Removes the last UTF-8 character (its continuation bytes, then its lead byte). */
  popChar(): void {
    while (this.#length > 0 && ((this.#bytes[this.#length - 1] as number) & 0xc0) === 0x80) {
      this.#bytes[--this.#length] = 0;
    }
    if (this.#length > 0) this.#bytes[--this.#length] = 0;
  }

  clear(): void {
    this.#bytes.fill(0);
    this.#length = 0;
  }

  /** A copy of the bytes (the caller zeroes it); this buffer is zeroed. */
  take(): Uint8Array {
    const copy = this.#bytes.slice(0, this.#length);
    this.clear();
    return copy;
  }
}

/** Reads one line from a raw-mode terminal without echo. */
function readLineSilently(stdin: ReadStream, prompt: string): Promise<Uint8Array> {
  process.stderr.write(prompt);
  const line = new SecretBytes();
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) {
        line.clear();
        reject(error);
      } else resolve(line.take());
    };
    const onData = (chunk: Buffer) => {
      for (const byte of chunk) {
        if (byte === 0x0d || byte === 0x0a) return finish(); // Enter: not part of the value
        if (byte === 0x03) return finish(new CliError('ERR_USAGE', 'interrupted; nothing was sealed')); // Ctrl-C
        if (byte === 0x04) {
          if (chunk.length === 1) return finish(); // Ctrl-D ends the input
          continue;
        }
        if (byte === 0x7f || byte === 0x08) line.popChar();
        else if (byte === 0x15)
          line.clear(); // Ctrl-U
        else if (byte >= 0x20 || byte === 0x09) line.push(byte);
      }
      chunk.fill(0);
    };
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * Asks for a secret twice at the terminal `stdin`, without echo, and returns exactly what was
 * typed (no newline). The caller zeroes the result.
 *
 * @throws CliError ERR_VALUE_MISMATCH when the two entries differ, ERR_VALUE_EMPTY when the value is
 *   empty and `allowEmpty` is false.
 *
 * @example
 * ```ts
 * const plaintext = await promptSecret(process.stdin as ReadStream, { allowEmpty: false });
 * ```
 */
export async function promptSecret(stdin: ReadStream, options: { allowEmpty: boolean }): Promise<Uint8Array> {
  const first = await readLineSilently(stdin, 'Value to seal (not shown): ');
  if (first.length === 0 && !options.allowEmpty) {
    throw new CliError('ERR_VALUE_EMPTY', 'empty value refused; type a value, or pass --allow-empty');
  }
  let second: Uint8Array | undefined;
  try {
    second = await readLineSilently(stdin, 'Again, to confirm: ');
    if (second.length !== first.length || !second.every((byte, i) => byte === first[i])) {
      throw new CliError('ERR_VALUE_MISMATCH', 'the two entries differ; nothing was sealed');
    }
    return first;
  } catch (error) {
    first.fill(0);
    throw error;
  } finally {
    second?.fill(0);
  }
}
