import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { LocalKeyProvider } from '../src/index.js';

/** A randomBytes stand-in that hands out the given buffers in order and checks each length. */
export function fixedRandom(...chunks: Uint8Array[]): (n: number) => Uint8Array {
  const queue = chunks.map((c) => Buffer.from(c));
  return (n) => {
    const next = queue.shift();
    if (next === undefined || next.length !== n) throw new Error(`unexpected randomBytes(${n})`);
    return next;
  };
}

export function hex(text: string): Buffer {
  return Buffer.from(text, 'hex');
}

export function newLocalKey(keyId?: string): LocalKeyProvider {
  return LocalKeyProvider.fromBytes(randomBytes(32), keyId);
}

/** Awaits `promise` and asserts it rejects with an envelope-kit error of `code`; returns the error. */
export async function rejectsWithCode(
  promise: Promise<unknown>,
  code: string,
): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toMatchObject({ code });
    return error as Error & { code: string };
  }
  throw new Error(`expected rejection with ${code}`);
}

/** Returns `text` with the JSON envelope's field `path` replaced through `edit`. */
export function editEnvelope(text: string, edit: (envelope: Json) => void): string {
  const envelope = JSON.parse(text) as Json;
  edit(envelope);
  return JSON.stringify(envelope);
}

/** Flips bit `bit` of the base64 field's decoded bytes and re-encodes canonically. */
export function flipBase64Bit(b64: string, bit: number): string {
  const bytes = Buffer.from(b64, 'base64');
  const index = Math.floor(bit / 8) % bytes.length;
  bytes[index] = (bytes[index] ?? 0) ^ (1 << (bit % 8));
  return bytes.toString('base64');
}

/** Flips one bit of one character of a string, keeping it a non-empty well-formed string. */
export function flipStringBit(text: string, index: number, bit = 0): string {
  const i = index % text.length;
  const code = text.charCodeAt(i) ^ (1 << bit);
  return text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1);
}

// biome-ignore lint/suspicious/noExplicitAny: tests edit parsed envelopes field by field
export type Json = any;

/** A fresh RSA key pair as PEM (SPKI public, PKCS#8 private). */
export function rsaPemPair(modulusLength = 2048): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
