/**
 * Which texts of a secret value become masks (`::add-mask::`), in one place for the whole value,
 * the lines of a multi-line text and the leaves of JSON.
 *
 * The runner hides a registered text wherever it occurs in any later line of the job's log, by exact
 * ordinal match (actions/runner `src/Sdk/DTLogging/Logging/SecretMasker.cs` `AddValue` keeps the text
 * as given, `ValueSecret.GetPositions` is `IndexOf(..., StringComparison.Ordinal)`; the `add-mask`
 * command refuses only blank data, `ActionCommandManager.cs` `AddMaskCommandExtension`, and
 * `ActionCommand.TryParseV2` does not trim the data). Two consequences:
 * - a short or common text registered as a mask blanks that text across the whole log (`1` hides
 *   every digit 1, `{` every brace), so a *part* of a value (a line, a JSON leaf, an array element,
 *   the value without its surrounding spaces) is a mask of its own only when it can carry secret
 *   material: at least {@link MIN_MASK_LENGTH} characters once trimmed, and not made only of JSON
 *   punctuation and the words `true`/`false`/`null`, nor a PEM armour line;
 * - the runner does not trim, so a value printed without its surrounding spaces (`echo $V`) is
 *   hidden only if that trimmed text is a mask too: it is registered as well, under the same rule.
 * The whole value as stored is always a mask (unless blank, which the runner refuses): it is the
 * secret the workflow asked for, as the official action masks it.
 */
import { JsonValueError } from './json-secret.js';

/**
 * Parts of a value shorter than this, once trimmed, are not masks of their own. Four is the
 * project's leak-scan threshold (`packages/testkit/src/leak-scan.ts`): texts of one to three
 * characters (`1`, `on`, `443`, `Q==`) occur in any log by chance, so a mask of one blanks unrelated
 * text job-wide, and a fragment that short of a longer secret gives away at most a few bytes of it.
 */
export const MIN_MASK_LENGTH = 4;

/**
 * The most masks one secret may register (the whole value, its lines, its JSON leaves). A
 * SecretString holds at most 65,536 characters, so even a bundle of 64-column PEM lines gives at
 * most about 1,010 masks; 2,000 leaves every real value its masks, while a value made to flood the
 * runner's masker (12,000 numbers, each matched against every later log line) is refused by name
 * with ERR_TOO_MANY_MASKS rather than registered in part (a cut list would leave values unmasked).
 */
export const MAX_MASKS_PER_SECRET = 2_000;

/**
 * JSON's structural characters, the quote, and its literal names: a line or leaf made of nothing
 * else (`{`, `},`, `],`, `null,`) carries no secret.
 */
const JSON_NOISE = /^(?:[\s{}[\],:"]|true|false|null)*$/;

/**
 * An RFC 7468 (PEM) encapsulation boundary with an upper-case label, as OpenSSL, OpenSSH and
 * OpenPGP armour write them: `-----BEGIN RSA PRIVATE KEY-----`. The label is a public type name;
 * the key material is on the lines between.
 */
const PEM_BOUNDARY = /^-----(?:BEGIN|END) [A-Z0-9]+(?: [A-Z0-9]+)*-----$/;

/**
 * Whether a part of a value (a line, a JSON leaf, a trimmed text) is a mask of its own: at least
 * {@link MIN_MASK_LENGTH} characters once trimmed, not only JSON punctuation and literals, not PEM
 * armour.
 *
 * @example
 * ```ts
 * isMaskablePart('hunter22');                    // true
 * isMaskablePart('443');                         // false: shorter than 4
 * isMaskablePart('  ],');                        // false: JSON punctuation
 * isMaskablePart('-----END PRIVATE KEY-----');   // false: PEM armour
 * ```
 */
export function isMaskablePart(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length >= MIN_MASK_LENGTH && !JSON_NOISE.test(trimmed) && !PEM_BOUNDARY.test(trimmed);
}

/**
 * The masks of one text: itself (always when `role` is `'value'` and it is not blank; under
 * {@link isMaskablePart} when it is a `'part'`), its trimmed form, and for a multi-line text each
 * line and its trimmed form, under {@link isMaskablePart}. A NUL splits a text into pieces, each
 * masked as the text would be (a process sees the text up to a NUL, and the runner cannot receive
 * one).
 *
 * @example
 * ```ts
 * masksOfText(' padded-secret \n', 'value'); // [' padded-secret \n', 'padded-secret', ' padded-secret ']
 * masksOfText('{\n  "k": "v-secret"\n}', 'value'); // ['{\n  "k": "v-secret"\n}', '  "k": "v-secret"', '"k": "v-secret"']
 * masksOfText('7', 'part');                  // []
 * ```
 */
export function masksOfText(text: string, role: 'value' | 'part'): string[] {
  const out = new Set<string>();
  addMasks(text, role, (mask) => out.add(mask));
  return [...out];
}

function addMasks(text: string, role: 'value' | 'part', add: (mask: string) => void): void {
  if (text.includes('\0')) {
    for (const piece of text.split('\0')) addMasks(piece, role, add);
    return;
  }
  const trimmed = text.trim();
  if (role === 'value' ? trimmed !== '' : isMaskablePart(trimmed)) add(text);
  if (trimmed !== text && isMaskablePart(trimmed)) add(trimmed);
  if (!/[\r\n]/.test(text)) return;
  for (const line of text.split(/\r?\n|\r/)) {
    if (!isMaskablePart(line)) continue;
    add(line);
    const bare = line.trim();
    if (bare !== line) add(bare);
  }
}

/**
 * The masks of one secret, deduplicated, at most {@link MAX_MASKS_PER_SECRET}: adding one more
 * throws {@link JsonValueError} ERR_TOO_MANY_MASKS naming `subject`.
 *
 * @example
 * ```ts
 * const masks = new SecretMasks('prod/app');
 * masks.add('{"a":"x-secret"}', 'value');
 * masks.add('x-secret', 'part');
 * masks.list(); // ['{"a":"x-secret"}', 'x-secret']
 * ```
 */
export class SecretMasks {
  readonly #masks = new Set<string>();
  readonly #subject: string;
  constructor(subject: string) {
    this.#subject = subject;
  }

  /** Adds the masks of `text` (see {@link masksOfText}). */
  add(text: string, role: 'value' | 'part'): void {
    addMasks(text, role, (mask) => {
      this.#masks.add(mask);
      if (this.#masks.size > MAX_MASKS_PER_SECRET) {
        throw new JsonValueError(
          'ERR_TOO_MANY_MASKS',
          `the value gives more than ${MAX_MASKS_PER_SECRET} texts to mask (lines and JSON leaves of ${MIN_MASK_LENGTH}+ characters); the runner would match each against every later log line`,
          { subject: this.#subject },
        );
      }
    });
  }

  list(): string[] {
    return [...this.#masks];
  }
}
