// runner-io writes the runner protocol without @actions/core (see runner-io.ts for why). These
// tests run both on the same calls and compare the files and stdout byte for byte (the random
// heredoc delimiters aside), and check that hostile values survive the runner's GITHUB_ENV parser.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionsIO } from './publish.js';
import { runnerIO } from './runner-io.js';

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

const HOSTILE = {
  A: 'line1\nline2\n',
  B: 'x<<EOF\nEOF\ny',
  C: 'ghadelimiter_00000000-0000-0000-0000-000000000000\nINJECTED=1',
  D: '%25 :: == %0A\r\n::set-env name=X::y',
  E: '',
};

type Files = { env: string; output: string; state: string; summary: string; stdout: string };

/** Runs `calls` with `io` in a fresh set of runner files; returns the files and stdout. */
async function capture(io: () => ActionsIO, calls: (io: ActionsIO) => Promise<void>): Promise<Files> {
  const dir = mkdtempSync(join(tmpdir(), 'ek-io-'));
  const files = { env: 'env', output: 'output', state: 'state', summary: 'summary' } as const;
  for (const f of Object.values(files)) writeFileSync(join(dir, f), '');
  vi.stubEnv('GITHUB_ENV', join(dir, files.env));
  vi.stubEnv('GITHUB_OUTPUT', join(dir, files.output));
  vi.stubEnv('GITHUB_STATE', join(dir, files.state));
  vi.stubEnv('GITHUB_STEP_SUMMARY', join(dir, files.summary));
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const exitCode = process.exitCode;
  try {
    await calls(io());
  } finally {
    write.mockRestore();
    process.exitCode = exitCode;
    vi.unstubAllEnvs();
    // exportVariable also sets process.env: undo that for the other tests.
    for (const name of Object.keys(HOSTILE)) delete process.env[name];
  }
  const read = (f: string) =>
    readFileSync(join(dir, f), 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM');
  const out = {
    env: read(files.env),
    output: read(files.output),
    state: read(files.state),
    summary: read(files.summary),
    stdout,
  };
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const script = async (io: ActionsIO) => {
  for (const [name, value] of Object.entries(HOSTILE)) {
    io.setSecret(value);
    io.exportVariable(name, value);
    io.setOutput(name, value);
  }
  io.saveState('exported-names', '["A","B"]');
  io.warning('prod/db: legacy envelope: openssl password was shortened');
  io.info('decrypt-secrets: 5 variable(s) set');
  io.setFailed('1 secret failed, nothing was exported:\nprod/x: ERR_SECRET_NOT_FOUND secret not found');
  await io.summary
    .addHeading('decrypt-secrets', 3)
    .addTable([
      [
        { data: 'Variable', header: true },
        { data: 'Key id', header: true },
      ],
      ['A', ''],
    ])
    .write();
};

const coreIO = (): ActionsIO => core;

describe('runnerIO', () => {
  beforeEach(() => vi.unstubAllEnvs());
  afterEach(() => vi.unstubAllEnvs());

  it('writes exactly what @actions/core writes', async () => {
    const mine = await capture(runnerIO, script);
    const theirs = await capture(coreIO, script);
    expect(mine).toEqual(theirs);
    expect(mine.stdout).toContain('::add-mask::line1%0Aline2%0A');
    expect(mine.summary).toBe(
      '<h3>decrypt-secrets</h3>\n<table><tr><th>Variable</th><th>Key id</th></tr><tr><td>A</td><td></tr></table>\n',
    );
  });

  it('round-trips newlines, <<EOF, ghadelimiter_ text, %, :: and = through GITHUB_ENV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-env-'));
    writeFileSync(join(dir, 'env'), '');
    vi.stubEnv('GITHUB_ENV', join(dir, 'env'));
    try {
      const io = runnerIO();
      for (const [name, value] of Object.entries(HOSTILE)) io.exportVariable(name, value);
      const parsed = parseEnvFile(readFileSync(join(dir, 'env'), 'utf8'));
      expect(Object.fromEntries(parsed)).toEqual({ ...HOSTILE, D: HOSTILE.D.replace('\r\n', '\n') });
    } finally {
      for (const name of Object.keys(HOSTILE)) delete process.env[name];
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets the exit code on failure and reads state from STATE_*', () => {
    const before = process.exitCode;
    vi.stubEnv('STATE_exported-names', '["A"]');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const io = runnerIO();
      expect(io.getState('exported-names')).toBe('["A"]');
      io.setFailed('x');
      expect(process.exitCode).toBe(1);
      expect(write).toHaveBeenCalledWith('::error::x\n');
    } finally {
      write.mockRestore();
      process.exitCode = before;
    }
  });
});
