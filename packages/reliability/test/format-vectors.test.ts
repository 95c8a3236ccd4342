// Issue 11, finding 13: the negative vectors of docs/FORMAT.md (envelope-core's
// test/vectors/v1-negative.json), each through `open` and `detectFormat` alone, the API every
// version of envelope-core has, so that the same test runs against an older build:
// EK_ENVELOPE_CORE=<its dist/index.js> (abe2743's gives 7 of these cases another code or detection:
// lone surrogates in p and id, a leading no-break space, v and alg null or not a string). The cases
// given as bytes need the strict decoder and are envelope-core's own test/negative.test.ts; end to
// end, test/policy-attacks.test.ts ("finding 13") refuses such bytes in an envelope file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Core = typeof import('@envelope-kit/envelope-core');
const core: Core = process.env.EK_ENVELOPE_CORE
  ? await import(process.env.EK_ENVELOPE_CORE)
  : await import('@envelope-kit/envelope-core');

interface NegativeCase {
  name: string;
  text?: string;
  code: string;
  detect: string;
}
const negative = JSON.parse(
  readFileSync(new URL('../../envelope-core/test/vectors/v1-negative.json', import.meta.url), 'utf8'),
) as { localKekHex: string; cases: NegativeCase[] };
const textCases = negative.cases.filter((c): c is NegativeCase & { text: string } => c.text !== undefined);

describe('FORMAT.md negative vectors through open and detectFormat', () => {
  it('cover the four points of the review: lone surrogates, JSON whitespace, alg null', () => {
    const names = textCases.map((c) => c.name);
    for (const name of ['a lone surrogate in p', 'a lone surrogate in id', 'alg null'])
      expect(names).toContain(name);
    expect(names.some((n) => n.includes('not JSON whitespace'))).toBe(true);
  });

  it.each(textCases)('$name: $code, detected $detect', async (c) => {
    const provider = core.LocalKeyProvider.fromBytes(
      new Uint8Array(Buffer.from(negative.localKekHex, 'hex')),
    );
    const code = await core.open(c.text, { providers: [provider] }).then(
      () => 'opened',
      (error: { code?: string }) => error.code ?? String(error),
    );
    expect({ code, detect: core.detectFormat(c.text) }).toEqual({ code: c.code, detect: c.detect });
  });
});
