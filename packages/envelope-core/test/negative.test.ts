// Negative vectors of docs/FORMAT.md (test/vectors/v1-negative.json): texts a reader must refuse,
// each with its error code and its detection. Every case is golden vector 1 with one change, so the
// unchanged vector opening with the same key (first test) shows that the change is what is refused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEnvelopeText, detectFormat, inspect, LocalKeyProvider, open } from '../src/index.js';
import { hex } from './helpers.js';

interface NegativeCase {
  name: string;
  rule: string;
  text?: string;
  utf8Hex?: string;
  code: string;
  detect: 'v1' | 'legacy' | 'plain';
}

const vectors = (file: string) =>
  JSON.parse(readFileSync(new URL(`./vectors/${file}`, import.meta.url), 'utf8'));
const negative = vectors('v1-negative.json') as { localKekHex: string; cases: NegativeCase[] };
const golden = vectors('v1-golden.json').vectors[0] as { envelope: string; inputs: { localKekHex: string } };
const PARSE_CODES = ['ERR_ENVELOPE_MALFORMED', 'ERR_ENVELOPE_UNSUPPORTED'];

const provider = () => LocalKeyProvider.fromBytes(hex(negative.localKekHex));

/** The case's text as a reader gets it: from bytes through the strict UTF-8 decoder. */
function textOf(c: NegativeCase): string {
  const bytes = c.utf8Hex === undefined ? new TextEncoder().encode(c.text) : hex(c.utf8Hex);
  return decodeEnvelopeText(bytes);
}

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'opened';
}

describe('negative vectors (test/vectors/v1-negative.json)', () => {
  it('start from golden vector 1, which opens with the same key', async () => {
    expect(negative.localKekHex).toBe(golden.inputs.localKekHex);
    expect(negative.cases.length).toBeGreaterThanOrEqual(50);
    await expect(open(golden.envelope, { providers: [provider()] })).resolves.toMatchObject({
      provider: 'local',
    });
  });

  it('name each case once and hold a text or bytes that differ from the vector', () => {
    expect(new Set(negative.cases.map((c) => c.name)).size).toBe(negative.cases.length);
    for (const c of negative.cases) {
      expect((c.text === undefined) !== (c.utf8Hex === undefined), c.name).toBe(true);
      expect(c.text, c.name).not.toBe(golden.envelope);
    }
  });

  it('are named and counted in docs/FORMAT.md', () => {
    const format = readFileSync(new URL('../../../docs/FORMAT.md', import.meta.url), 'utf8');
    expect(format).toContain('packages/envelope-core/test/vectors/v1-negative.json');
    expect(format).toContain(`holds ${negative.cases.length} texts a reader MUST refuse`);
  });

  for (const c of negative.cases) {
    it(`${c.name}: ${c.code}, detected ${c.detect}`, async () => {
      // Bytes that are not UTF-8 are refused before any parse; every other text decodes unchanged.
      if (c.utf8Hex !== undefined) {
        expect(await codeOf(() => textOf(c))).toBe(c.code);
        return;
      }
      const text = textOf(c);
      expect(text).toBe(c.text);
      expect(detectFormat(text)).toBe(c.detect);
      expect(await codeOf(() => open(text, { providers: [provider()] }))).toBe(c.code);
      // The header parse alone refuses exactly the structural cases, with the same code.
      const inspected = await codeOf(() => inspect(text));
      expect(inspected).toBe(PARSE_CODES.includes(c.code) ? c.code : 'opened');
    });
  }
});
