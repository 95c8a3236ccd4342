import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileCommandCheckpoint } from './export-checkpoint.js';

describe('fileCommandCheckpoint', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const files = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-checkpoint-'));
    dirs.push(dir);
    return { dir, env: join(dir, 'env'), output: join(dir, 'output') };
  };

  it('cuts GITHUB_ENV and GITHUB_OUTPUT back to what earlier steps wrote', () => {
    const { env, output } = files();
    writeFileSync(env, 'EARLIER=1\n');
    writeFileSync(output, '');
    const checkpoint = fileCommandCheckpoint({ GITHUB_ENV: env, GITHUB_OUTPUT: output });
    appendFileSync(env, 'P_ONE<<ghadelimiter_x\nvalue\nghadelimiter_x\n');
    appendFileSync(output, 'P_ONE=value\n');
    expect(checkpoint.rollback()).toEqual({ restored: ['GITHUB_ENV', 'GITHUB_OUTPUT'], failed: [] });
    expect(readFileSync(env, 'utf8')).toBe('EARLIER=1\n');
    expect(readFileSync(output, 'utf8')).toBe('');
  });

  it('an unwritable file (a directory) has nothing to undo; an unset one is left out', () => {
    const { dir, env } = files();
    writeFileSync(env, '');
    const checkpoint = fileCommandCheckpoint({ GITHUB_ENV: env, GITHUB_OUTPUT: dir });
    appendFileSync(env, 'A=1\n');
    expect(checkpoint.rollback()).toEqual({ restored: ['GITHUB_ENV', 'GITHUB_OUTPUT'], failed: [] });
    expect(fileCommandCheckpoint({}).rollback()).toEqual({ restored: [], failed: [] });
  });
});
