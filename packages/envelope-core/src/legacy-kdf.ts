/**
 * Internals of the legacy decoder: how `openssl enc -pass file:` turns the data key file into a
 * password, how it derives the AES-256-CBC key and IV from that password and the salt, and how the
 * decoder picks among the derivations that pass the padding check.
 * Not exported from the package index; `legacy.ts` is the public face.
 */
import { createHash, pbkdf2Sync } from 'node:crypto';
import { DecryptionFailedError, LegacyAmbiguousError } from './errors.js';

/**
 * OpenSSL's `app_get_pass` reads a `file:` password with `BIO_gets(bio, buf, APP_PASS_LEN)`
 * (APP_PASS_LEN = 1024, so at most 1023 bytes), cuts it at the first '\n', and then uses it as a C
 * string, which ends at the first NUL. Checked against the openssl 3.0 binary in the tests.
 */
export const OPENSSL_MAX_PASSWORD_BYTES = 1023;

/**
 * The password `openssl enc -pass file:KEYFILE` uses when KEYFILE holds `fileBytes`: the bytes before
 * the first 0x00 or 0x0A, at most 1023. Returns a view into `fileBytes` (no copy, nothing to zero).
 */
export function opensslFilePassword(fileBytes: Uint8Array): Uint8Array {
  const limit = Math.min(fileBytes.length, OPENSSL_MAX_PASSWORD_BYTES);
  let end = 0;
  while (end < limit && fileBytes[end] !== 0x00 && fileBytes[end] !== 0x0a) end++;
  return fileBytes.subarray(0, end);
}

/** AES-256-CBC key and IV derived for one envelope. The caller zeroes both once used. */
export interface DerivedKeyIv {
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
}

function splitKeyIv(material: Buffer): DerivedKeyIv {
  // Copies, so that zeroing them and the material leaves nothing behind.
  const key = Buffer.from(material.subarray(0, 32));
  const iv = Buffer.from(material.subarray(32, 48));
  material.fill(0);
  return { key, iv };
}

/**
 * EVP_BytesToKey with count = 1, as `openssl enc` without `-pbkdf2` calls it:
 * D_1 = H(password || salt), D_i = H(D_{i-1} || password || salt), key || iv = D_1 || D_2 || ...
 * `digest` is `sha256` (the default since OpenSSL 1.1.0) or `md5` (OpenSSL 1.0.x, older LibreSSL).
 */
export function evpBytesToKey(
  password: Uint8Array,
  salt: Uint8Array,
  digest: 'sha256' | 'md5',
): DerivedKeyIv {
  const blocks: Buffer[] = [];
  let total = 0;
  let previous: Buffer | undefined;
  while (total < 48) {
    const hash = createHash(digest);
    if (previous !== undefined) hash.update(previous);
    hash.update(password);
    hash.update(salt);
    previous = hash.digest();
    blocks.push(previous);
    total += previous.length;
  }
  const material = Buffer.concat(blocks);
  for (const block of blocks) block.fill(0);
  return splitKeyIv(material);
}

/** `openssl enc -pbkdf2 [-iter N]`: PBKDF2-HMAC-SHA256(password, salt, N, 48) -> key (32) || iv (16). */
export function pbkdf2KeyIv(password: Uint8Array, salt: Uint8Array, iterations: number): DerivedKeyIv {
  return splitKeyIv(pbkdf2Sync(password, salt, iterations, 48, 'sha256'));
}

/**
 * Length of the PKCS#7 padding at the end of `data` (checked over its last 16 bytes), or 0 when the padding is
 * invalid. Branch-free over the 16 bytes, so the time does not depend on where a check fails.
 */
export function pkcs7PaddingLength(data: Uint8Array): number {
  if (data.length < 16 || data.length % 16 !== 0) return 0;
  const pad = data[data.length - 1]!;
  // bad != 0 when pad is 0 or > 16.
  let bad = ((pad - 1) >>> 8) | ((16 - pad) >>> 8);
  for (let i = 1; i <= 16; i++) {
    const byte = data[data.length - i]!;
    // inPad = -1 (all bits) when i <= pad, else 0: the sign bit of i - pad - 1.
    const inPad = -((i - pad - 1) >>> 31);
    bad |= (byte ^ pad) & inPad;
  }
  return bad === 0 ? pad : 0;
}

export interface Candidate {
  kdf: 'sha256' | 'md5' | 'pbkdf2';
  /** Decrypted bytes with the padding removed, or undefined when the padding check failed. */
  plaintext: Uint8Array | undefined;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Picks the one right plaintext among candidates (see DESIGN.md, "Legacy"); zeroes the others. */
export function chooseCandidate(candidates: Candidate[]): Candidate & { plaintext: Uint8Array } {
  const passed = candidates.filter(
    (c): c is Candidate & { plaintext: Uint8Array } => c.plaintext !== undefined,
  );
  if (passed.length === 0) throw new DecryptionFailedError();
  let chosen: (Candidate & { plaintext: Uint8Array }) | undefined;
  if (passed.length === 1) {
    chosen = passed[0];
  } else {
    // A wrong digest passes the padding check about 1 time in 256; its output is random bytes, which
    // are almost never valid UTF-8, whereas `echo "$SECRET"` nearly always fed text.
    const utf8 = passed.filter((c) => isUtf8(c.plaintext));
    if (utf8.length === 1) chosen = utf8[0];
  }
  for (const c of passed) if (c !== chosen) c.plaintext.fill(0);
  if (chosen === undefined) {
    throw new LegacyAmbiguousError(
      `legacy envelope opens with both ${passed.map((c) => c.kdf).join(' and ')} key derivations; ` +
        "pass kdf 'sha256' or 'md5' (OpenSSL >= 1.1.0 made it with sha256, 1.0.x with md5)",
    );
  }
  return chosen;
}
