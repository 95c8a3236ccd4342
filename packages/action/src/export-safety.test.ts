// Checks that @actions/core's file commands carry hostile values intact: each value is written as
// NAME<<ghadelimiter_<random uuid> ... so a value holding newlines, `<<EOF` or a ghadelimiter_
// text of its own cannot end the block early. The runner's parser is reproduced below.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The runner's reading of GITHUB_ENV (SetEnvFileCommand): `k=v` lines or `k<<DELIM` blocks. */
function parseEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] ?? '');
      if (i >= lines.length) throw new Error('unterminated heredoc');
      out.set(name, body.join('\n'));
    } else {
      const at = line.indexOf('=');
      out.set(line.slice(0, at), line.slice(at + 1));
    }
  }
  return out;
}

describe('GITHUB_ENV file command with hostile values', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ek-env-'));
    writeFileSync(join(dir, 'env'), '');
    vi.stubEnv('GITHUB_ENV', join(dir, 'env'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips newlines, <<EOF, ghadelimiter_ text, %, :: and =', () => {
    const values = {
      A: 'line1\nline2\n',
      B: 'x<<EOF\nEOF\ny',
      C: 'ghadelimiter_00000000-0000-0000-0000-000000000000\nINJECTED=1',
      D: '%25 :: == %0A',
      E: '',
    };
    for (const [name, value] of Object.entries(values)) core.exportVariable(name, value);
    const parsed = parseEnvFile(readFileSync(join(dir, 'env'), 'utf8'));
    expect(Object.fromEntries(parsed)).toEqual(values);
    // core.exportVariable also sets process.env: undo that for the other tests.
    for (const name of Object.keys(values)) delete process.env[name];
  });
});
