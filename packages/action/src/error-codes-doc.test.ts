// The action README's "Errors" section names every code the action can fail with. The codes are
// public API (tests and workflows match on them), and the list of them is the TypeScript unions
// that envelope-core, aws-adapter and the action register in `EnvelopeKitErrorCodes`: this test
// reads those unions from the source, so a code added there without a line in the README fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The packages bundled into the action (the CLI's codes are not the action's). */
const BUNDLED = ['envelope-core', 'aws-adapter', 'action'];
/** Codes of those unions that the action turns into another code before it reports them. */
const NOT_REPORTED_BY_THE_ACTION: Record<string, string> = {
  ERR_SECRET_ID_SYNTAX:
    'naming.ts splitAlias reports a malformed `[ALIAS,]ID` line as ERR_INPUT naming the input',
};

function sourcesOf(pkg: string): { path: string; text: string }[] {
  const dir = join(ROOT, 'packages', pkg, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
}

/** Drops comments, so that a code or union named in a doc comment is not taken for one. */
const code = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
    .join('\n');

/** Every code of every union registered with `EnvelopeKitErrorCodes` in the bundled packages. */
function registeredCodes(): Set<string> {
  const files = BUNDLED.flatMap(sourcesOf).map((f) => ({ ...f, text: code(f.text) }));
  const unions = new Set<string>();
  for (const { text } of files) {
    for (const m of text.matchAll(/EnvelopeKitErrorCodes extends Record<(\w+), true>/g))
      unions.add(m[1] ?? '');
  }
  const codes = new Set<string>();
  for (const union of unions) {
    const definition = files
      .map(({ text }) => new RegExp(`export type ${union} =([^;]*);`).exec(text)?.[1])
      .find((body) => body !== undefined);
    expect(definition, `the definition of ${union}`).toBeDefined();
    const found = [...(definition ?? '').matchAll(/'(ERR_[A-Z0-9_]+)'/g)].map((m) => m[1] ?? '');
    expect(found.length, `codes of ${union}`).toBeGreaterThan(0);
    for (const c of found) codes.add(c);
  }
  return codes;
}

function readmeErrorsSection(): string {
  const readme = readFileSync(join(ROOT, 'actions/decrypt-secrets/README.md'), 'utf8');
  const start = readme.indexOf('\n## Errors\n');
  expect(start, 'a "## Errors" section').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('the action README lists every error code', () => {
  const codes = registeredCodes();
  const section = readmeErrorsSection();

  it('reads the unions of envelope-core, aws-adapter and the action', () => {
    // Sanity: the parse found the unions (core, AWS, names, JSON, files, action), not an empty set.
    for (const known of [
      'ERR_DECRYPTION_FAILED',
      'ERR_DEADLINE',
      'ERR_NAME_DENIED',
      'ERR_JSON_TOO_DEEP',
      'ERR_INPUT',
    ])
      expect(codes).toContain(known);
    for (const excluded of Object.keys(NOT_REPORTED_BY_THE_ACTION)) expect(codes).toContain(excluded);
  });

  it('names each code the action can report in its Errors section', () => {
    const reportable = [...codes].filter((c) => !(c in NOT_REPORTED_BY_THE_ACTION)).sort();
    const missing = reportable.filter((c) => !section.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });

  it('names no code that does not exist', () => {
    const listed = [...section.matchAll(/`(ERR_[A-Z0-9_]+)`/g)].map((m) => m[1] ?? '');
    expect(listed.filter((c) => !codes.has(c) || c in NOT_REPORTED_BY_THE_ACTION)).toEqual([]);
  });
});
