/**
 * Whether an envelope fits a SecretString, which holds at most 65,536 characters (Secrets Manager
 * quota "SecretString: 65,536 bytes"; an envelope is ASCII). A v1 envelope is its header (context,
 * one entry per key) plus base64 of plaintext + 16-byte tag, so a value of N bytes needs about
 * 4/3 N characters: checked before any AWS call with a lower bound of the header, and exactly on
 * the sealed envelope before it is written.
 */
import { ENVELOPE_ALG, ENVELOPE_VERSION, type EncryptionContext } from '@envelope-kit/envelope-core';
import { CliError } from '../errors.js';

/** The most characters a SecretString holds. */
export const SECRET_STRING_MAX = 65_536;

/** base64 length of `n` bytes. */
function b64(n: number): number {
  return 4 * Math.ceil(n / 3);
}

/** The largest plaintext whose envelope, with a header of `head` characters, fits. */
function largestValue(head: number): number {
  return Math.max(0, Math.floor((SECRET_STRING_MAX - head) / 4) * 3 - 16);
}

/** The header of a v1 envelope with this context and no key entry, up to `"ct":"` and after it. */
function headWithoutKeys(context: EncryptionContext): number {
  const q = JSON.stringify;
  const ctx = Object.entries(context)
    .map(([k, v]) => `${q(k)}:${q(v)}`)
    .join(',');
  const head = `{"v":${q(ENVELOPE_VERSION)},"alg":${q(ENVELOPE_ALG)},"ctx":{${ctx}},"keys":[],"mid":"${'A'.repeat(b64(32))}","cmt":"${'A'.repeat(b64(32))}","iv":"${'A'.repeat(b64(12))}","ct":"`;
  return head.length + '"}'.length;
}

/**
 * Refuses, before any AWS call, a value whose envelope cannot fit whatever its keys: the header
 * without key entries plus the ciphertext already exceeds 65,536 characters.
 *
 * @example
 * ```ts
 * refuseOversizedValue(plaintext.length, context, 'prod/db');
 * ```
 */
export function refuseOversizedValue(valueBytes: number, context: EncryptionContext, subject: string): void {
  const head = headWithoutKeys(context);
  const least = head + b64(valueBytes + 16);
  if (least <= SECRET_STRING_MAX) return;
  throw new CliError(
    'ERR_VALUE_TOO_LARGE',
    `a value of ${valueBytes} bytes makes an envelope of at least ${least} characters, and a SecretString holds at most ${SECRET_STRING_MAX}: the value may be at most ${largestValue(head)} bytes with this context, less by about 3 bytes per 4 characters of key entries (a KMS key takes about 300)`,
    { subject },
  );
}

/**
 * Refuses a sealed envelope longer than a SecretString holds, saying exactly how large the value
 * may be with these keys and this context.
 *
 * @example
 * ```ts
 * refuseOversizedEnvelope(envelope, plaintext.length, 'prod/db');
 * ```
 */
export function refuseOversizedEnvelope(envelope: string, valueBytes: number, subject: string): void {
  if (envelope.length <= SECRET_STRING_MAX) return;
  const head = envelope.length - b64(valueBytes + 16);
  throw new CliError(
    'ERR_VALUE_TOO_LARGE',
    `a value of ${valueBytes} bytes makes an envelope of ${envelope.length} characters, and a SecretString holds at most ${SECRET_STRING_MAX}: with these keys and this context the value may be at most ${largestValue(head)} bytes`,
    { subject },
  );
}
