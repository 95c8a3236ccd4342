// Issue 11 asks for a regression test per finding and for SECURITY.md to state what the tests show.
// This checks the map in ../README.md ("Issue 11: finding -> test"): every finding has a row, every
// row names a file that exists and holds the quoted test title; and it checks the statements of
// SECURITY.md that are the fix of findings 4 and 11 (on abe2743 both checks fail: no map, and a
// SECURITY.md that claimed the environment binding and said nothing of replay).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

interface Row {
  finding: number;
  file: string;
  title: string;
  failsOnOld: string;
}

/** The rows of the map: `| N | \`file\` | "title" | fails on abe2743 |`. */
function mapRows(): Row[] {
  const readme = read('packages/reliability/README.md');
  const section = readme.split('## Issue 11: finding -> test')[1] ?? '';
  const rows: Row[] = [];
  for (const line of section.split('\n')) {
    const match = /^\| (\d+) \| `([^`]+)` \| "(.+)" \| (.+) \|$/.exec(line);
    if (match)
      rows.push({ finding: Number(match[1]), file: match[2]!, title: match[3]!, failsOnOld: match[4]! });
  }
  return rows;
}

describe('the map of issue 11 findings to tests (packages/reliability/README.md)', () => {
  const rows = mapRows();

  it('gives each of the 13 findings a test that fails on abe2743', () => {
    for (let finding = 1; finding <= 13; finding++) {
      const failing = rows.filter((r) => r.finding === finding && r.failsOnOld.startsWith('yes'));
      expect(failing.length, `finding ${finding}`).toBeGreaterThan(0);
    }
  });

  it('names files that exist and hold the named test titles', () => {
    expect(rows.length).toBeGreaterThan(13);
    for (const row of rows) {
      expect(existsSync(new URL(row.file, ROOT)), row.file).toBe(true);
      expect(read(row.file).includes(row.title), `${row.file}: "${row.title}"`).toBe(true);
    }
  });
});

describe('SECURITY.md on the limits issue 11 asked to state', () => {
  const security = read('SECURITY.md').replace(/\s+/g, ' ');

  it('does not claim the environment binding as a boundary, and names the tests that show the limit', () => {
    // Booleans with a message, so that a failure does not print the whole page.
    const says = (pattern: RegExp | string) =>
      typeof pattern === 'string' ? security.includes(pattern) : pattern.test(security);
    expect(says(/cannot open an envelope bound to another/), 'claims the binding as a boundary').toBe(false);
    expect(says(/GITHUB_ENVIRONMENT[^.]*(set by|can set)/), 'says who sets GITHUB_ENVIRONMENT').toBe(true);
    expect(says(/guardrails?,? (against mistakes, )?not a boundary/), 'says guardrail, not boundary').toBe(
      true,
    );
    expect(says('kms:EncryptionContext:environment'), 'shows the key policy condition').toBe(true);
    for (const title of [
      'a spoofed GITHUB_ENVIRONMENT opens an envelope bound to it',
      'its refusals name GITHUB_ENVIRONMENT as the source and say the runner does not verify it',
    ])
      expect(says(title), `names the test "${title}"`).toBe(true);
  });

  it('says what stops replay and what does not, naming the tests that show it', () => {
    const replay = security.split('**Replay.**')[1]?.split('###')[0] ?? '';
    expect(replay.length, 'a **Replay.** passage').toBeGreaterThan(0);
    for (const words of [
      'What stops it',
      'What does not',
      'packages/reliability/test/policy-attacks.test.ts',
    ])
      expect(replay.includes(words), `the replay passage says "${words}"`).toBe(true);
    const source = read('packages/reliability/test/policy-attacks.test.ts');
    for (const title of [
      "not stopped: the secret's own previous envelope opens while its key is allowed",
      'not stopped: a v1 envelope sealed without a secret context opens from any secret',
      'stopped: a rotated key removed from allowed-key-ids refuses the old envelope',
      'stopped: an envelope whose secret context names another secret is refused',
    ]) {
      expect(replay.includes(title), `the replay passage names "${title}"`).toBe(true);
      expect(source.includes(title), `policy-attacks.test.ts holds "${title}"`).toBe(true);
    }
  });
});
