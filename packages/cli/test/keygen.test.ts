// `envelope keygen` (issue 14, problem 7): a new 0600 file that is never overwritten without
// --force, or base64 to a pipe; the key opens what it sealed; and the hint for a hex key file
// (`openssl rand -hex 32`) is a command that works (problem 9: every advice printed is runnable).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { envelope } from './helpers.js';

const endpoint = inject('motoEndpoint');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-keygen-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keygen', () => {
  it('--out writes a new 0600 file of base64 (32 bytes) and names the key id on stderr', async () => {
    const file = join(dir, 'kek.b64');
    const r = await envelope(endpoint, ['keygen', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(Buffer.from(text.trim(), 'base64')).toHaveLength(32);
    expect(r.stderr).toMatch(
      /^envelope: local key local:[0-9a-f]{16} written to .*kek\.b64 \(mode 0600\)\n$/,
    );
    expect(r.stderr).not.toContain(text.trim());
    const sealed = await envelope(endpoint, ['seal', '--key', `local:${file}`], { input: 'v4lue' });
    const opened = await envelope(endpoint, ['open', '--key', `local:${file}`], { input: sealed.stdout });
    expect(opened.stdout).toBe('v4lue');
  });

  it('refuses to overwrite a file unless --force, which replaces it still 0600', async () => {
    const file = join(dir, 'existing.b64');
    writeFileSync(file, 'precious', { mode: 0o644 });
    const refused = await envelope(endpoint, ['keygen', '--out', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'ERR_FILE_WRITE: file exists; keygen never overwrites a key (pass --force',
    );
    expect(readFileSync(file, 'utf8')).toBe('precious');
    const forced = await envelope(endpoint, ['keygen', '--out', file, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('without --out prints the base64 to a pipe (for gh secret set), a fresh key each time', async () => {
    const a = await envelope(endpoint, ['keygen']);
    const b = await envelope(endpoint, ['keygen']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.stdout).not.toBe(b.stdout);
  });

  it('a hex key file (openssl rand -hex 32) is refused with a conversion command that works', async () => {
    const hex = join(dir, 'kek.hex');
    writeFileSync(hex, execFileSync('openssl', ['rand', '-hex', '32']));
    const r = await envelope(endpoint, ['seal', '--key', `local:${hex}`], { input: 'x' });
    expect(r.code).toBe(1);
    const convert = /convert it with: (.+?), then run: envelope seal --key (local:\S+)/.exec(r.stderr);
    expect(convert, r.stderr).not.toBeNull();
    // Run the advice as printed, in a shell, then the --key it names.
    execFileSync('sh', ['-c', convert?.[1] ?? 'false']);
    const sealed = await envelope(endpoint, ['seal', '--key', convert?.[2] ?? ''], { input: 'x' });
    expect(sealed.code, sealed.stderr).toBe(0);
  });
});
