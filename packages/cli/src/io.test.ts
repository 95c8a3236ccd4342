import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInput, writeOutput } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'envelope-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutput', () => {
  it('creates the file with mode 0600 and leaves no temporary file', async () => {
    const out = join(dir, 'new.txt');
    await writeOutput(out, 'v1');
    expect(readFileSync(out, 'utf8')).toBe('v1');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['new.txt']);
  });

  it('replaces an existing world-readable file by a 0600 one', async () => {
    const out = join(dir, 'old.txt');
    writeFileSync(out, 'previous content that is longer', { mode: 0o644 });
    await writeOutput(out, new Uint8Array([0x61, 0x62]));
    expect(readFileSync(out, 'utf8')).toBe('ab');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('replaces a symlink at the target instead of writing through it', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    const link = join(dir, 'link.txt');
    symlinkSync(victim, link);
    await writeOutput(link, 'x');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(link, 'utf8')).toBe('x');
  });

  it('fails with ERR_FILE_WRITE naming the file when the folder does not exist', async () => {
    const out = join(dir, 'missing', 'f.txt');
    await expect(writeOutput(out, 'x')).rejects.toMatchObject({ code: 'ERR_FILE_WRITE', subject: out });
  });
});

describe('readInput', () => {
  it('reads a file as bytes; a missing file is ERR_FILE_READ naming it', async () => {
    const f = join(dir, 'in.bin');
    writeFileSync(f, Buffer.from([0, 1, 2]));
    expect([...(await readInput(f))]).toEqual([0, 1, 2]);
    await expect(readInput(join(dir, 'nope'))).rejects.toMatchObject({
      code: 'ERR_FILE_READ',
      subject: join(dir, 'nope'),
    });
  });
});
