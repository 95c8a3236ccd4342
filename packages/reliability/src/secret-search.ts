/**
 * Searching texts (error messages, logs) for secret material in every form it could take: the
 * plaintext, and a key's bytes as raw latin1, hex and base64 (standard and url-safe).
 */

/**
 * The forms a key or plaintext can take in a text. Forms shorter than 4 characters are left out
 * (they would match by chance).
 *
 * @example
 * ```ts
 * forms(new Uint8Array(32).fill(7)); // ['0707...', 'BwcH...', ...]
 * ```
 */
export function forms(secret: Uint8Array | string): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const out = new Set<string>([
    bytes.toString('hex'),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('base64').replace(/=+$/, ''),
  ]);
  if (typeof secret === 'string') out.add(secret);
  else out.add(bytes.toString('latin1'));
  return [...out].filter((form) => form.trim().length >= 4);
}

/**
 * The index of the first secret found in `text` in any of its {@link forms}, or -1.
 *
 * @example
 * ```ts
 * expect(findSecret(error.message, [plaintext, dataKey])).toBe(-1);
 * ```
 */
export function findSecret(text: string, secrets: readonly (Uint8Array | string)[]): number {
  return secrets.findIndex((secret) => forms(secret).some((form) => text.includes(form)));
}
