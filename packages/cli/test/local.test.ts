// The CLI as a process, with local keys only (no AWS call is made, moto is only the endpoint):
// usage errors and exit codes, seal -> inspect -> open, --out files, wrong context, bad envelopes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COMMANDS } from '../src/main.js';
import { envelope } from './helpers.js';

const endpoint = inject('motoEndpoint');
const VALUE = 'local-s3cr3t-value-Zq9';
let dir: string;
let kek: string;
let otherKek: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-'));
  kek = join(dir, 'kek.bin');
  otherKek = join(dir, 'other.bin');
  writeFileSync(kek, randomBytes(32), { mode: 0o600 });
  writeFileSync(otherKek, randomBytes(32), { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('usage', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const r = await envelope(endpoint, ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists every command; every command has a help with examples', async () => {
    const r = await envelope(endpoint, ['--help']);
    expect(r.code).toBe(0);
    for (const entry of COMMANDS) {
      expect(r.stdout).toContain(`  ${entry.name}  `.replace(/ {2}$/, ''));
      const c = await entry.load();
      expect(c.name).toBe(entry.name);
      // The registry's summary (printed without loading the command) is the command's own.
      expect(c.summary).toBe(entry.summary);
      expect(c.help).toMatch(/^Usage: envelope /);
      expect(c.help).toContain('Examples:');
    }
  });

  it.each([
    [['frobnicate'], /ERR_USAGE: unknown command 'frobnicate'/],
    [['seal', '--key', 'local:x', '--bogus'], /ERR_USAGE: seal: unknown option --bogus/],
    [['seal', '--in', 'x'], /ERR_USAGE: seal: at least one --key is required/],
    [
      ['seal', '--key', 'local:x', 'hunter2-value'],
      /ERR_USAGE: seal: unexpected argument; values are read from stdin/,
    ],
    [['open', '--key', 'nonsense'], /ERR_USAGE: bad --key/],
    [['push', 'prod/db'], /ERR_USAGE: push: at least one --key is required/],
    [['migrate', 'prod/db', '--legacy-kdf', 'md5'], /ERR_USAGE: migrate: at least one --key is required/],
    [['rewrap', '--key', 'alias/a'], /ERR_USAGE: rewrap: give either SECRET_ID\|PREFIX\*\.\.\. or --in F/],
    [['pull'], /ERR_USAGE: pull: SECRET_ID is required/],
  ])('%j exits 2 with a usage message', async (args, message) => {
    const r = await envelope(endpoint, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('hunter2-value');
    expect(r.stdout).toBe('');
  });
});

describe('seal, inspect, open with local keys', () => {
  let sealed: string;

  it('seals stdin with two keys and context into one line, to a 0600 --out file', async () => {
    const out = join(dir, 'value.env.json');
    const r = await envelope(
      endpoint,
      ['seal', '--key', `local:${kek}`, '--key', `local:${otherKek}`, '--context', 'env=prod', '--out', out],
      {
        input: VALUE,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    sealed = readFileSync(out, 'utf8');
    expect(sealed.trimEnd().split('\n')).toHaveLength(1);
    expect(sealed).not.toContain(VALUE);
  });

  it('inspect prints the header as JSON, never the value', async () => {
    const r = await envelope(endpoint, ['inspect'], { input: sealed });
    expect(r.code, r.stderr).toBe(0);
    const header = JSON.parse(r.stdout) as {
      format: string;
      context: Record<string, string>;
      keys: { provider: string }[];
    };
    expect(header.format).toBe('v1');
    expect(header.context).toEqual({ env: 'prod' });
    expect(header.keys.map((k) => k.provider)).toEqual(['local', 'local']);
    expect(r.stdout).not.toContain(VALUE);
    // Anything else is no envelope: exit 1 with a clear message, never the input.
    const plain = await envelope(endpoint, ['inspect'], { input: 'just-a-plain-value' });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      'envelope: ERR_NOT_ENVELOPE: input is neither a v1 envelope nor a legacy recipe envelope (file: stdin)\n',
    );
    expect(plain.stdout).toBe('');
  });

  it('opens with either key and the required context; plaintext exact on stdout', async () => {
    const input = join(dir, 'value.env.json');
    const r = await envelope(endpoint, [
      'open',
      '--in',
      input,
      '--key',
      `local:${otherKek}`,
      '--require-context',
      'env=prod',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(VALUE);
    expect(r.stderr).toBe('');
  });

  it('open --out writes the plaintext 0600, also over an existing 0644 file; nothing on stdout', async () => {
    const input = join(dir, 'value.env.json');
    for (const existing of [false, true]) {
      const out = join(dir, `opened-${existing}.txt`);
      if (existing) writeFileSync(out, 'old content that is longer than the value', { mode: 0o644 });
      const r = await envelope(endpoint, ['open', '--in', input, '--key', `local:${kek}`, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(readFileSync(out, 'utf8')).toBe(VALUE);
    }
  });

  it('a wrong required context fails with ERR_CONTEXT_MISMATCH and exit 1, no value', async () => {
    const r = await envelope(endpoint, ['open', '--key', `local:${kek}`, '--require-context', 'env=dev'], {
      input: sealed,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^envelope: ERR_CONTEXT_MISMATCH: /);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(VALUE);
  });

  it('a tampered or malformed envelope fails with a code and exit 1', async () => {
    const envelopeJson = JSON.parse(sealed) as Record<string, unknown>;
    const truncated = JSON.stringify({ ...envelopeJson, iv: undefined });
    const r = await envelope(endpoint, ['open', '--key', `local:${kek}`], { input: truncated });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^envelope: ERR_ENVELOPE_MALFORMED: /);
    const ct = String(envelopeJson.ct);
    const flipped = `${ct[0] === 'A' ? 'B' : 'A'}${ct.slice(1)}`;
    const tampered = await envelope(endpoint, ['open', '--key', `local:${kek}`], {
      input: JSON.stringify({ ...envelopeJson, ct: flipped }),
    });
    expect(tampered.code).toBe(1);
    const plain = await envelope(endpoint, ['open'], { input: 'not-an-envelope-value' });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      'envelope: ERR_NOT_ENVELOPE: input is neither a v1 nor a legacy envelope (file: stdin)\n',
    );
    expect(tampered.stderr).toMatch(/^envelope: ERR_DECRYPTION_FAILED: decryption failed/);
  });

  it('bytes that are not UTF-8 are refused with ERR_ENVELOPE_MALFORMED, not read as U+FFFD', async () => {
    // A valid envelope whose context holds U+FFFD; its UTF-8 (EF BF BD) replaced by the byte FF
    // decodes, leniently, to the same envelope: one envelope with two byte forms (docs/FORMAT.md 2).
    const made = await envelope(endpoint, ['seal', '--key', `local:${kek}`, '--context', 'note=\ufffd'], {
      input: VALUE,
    });
    expect(made.code, made.stderr).toBe(0);
    const good = Buffer.from(made.stdout);
    const at = good.indexOf(Buffer.from('\ufffd'));
    const bad = Buffer.concat([good.subarray(0, at), Buffer.of(0xff), good.subarray(at + 3)]);
    const file = join(dir, 'not-utf8.env.json');
    writeFileSync(file, bad);
    for (const args of [
      ['open', '--in', file, '--key', `local:${kek}`],
      ['inspect', '--in', file],
    ]) {
      const r = await envelope(endpoint, args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `envelope: ERR_ENVELOPE_MALFORMED: envelope text is not valid UTF-8 (file: ${file})\n`,
      );
    }
    const piped = await envelope(endpoint, ['open', '--key', `local:${kek}`], { input: bad });
    expect(piped.stderr).toBe(
      'envelope: ERR_ENVELOPE_MALFORMED: envelope text is not valid UTF-8 (file: stdin)\n',
    );
    const intact = await envelope(endpoint, ['open', '--key', `local:${kek}`], { input: good });
    expect(intact.stdout).toBe(VALUE);
  });

  it('rewrap --in swaps keys without touching the ciphertext; only the new key opens it', async () => {
    const third = join(dir, 'third.bin');
    writeFileSync(third, randomBytes(32).toString('base64'), { mode: 0o600 });
    const r = await envelope(
      endpoint,
      [
        'rewrap',
        '--in',
        '-',
        '--key',
        `local:${third}`,
        '--remove-key',
        `local:${kek}`,
        '--remove-key',
        `local:${otherKek}`,
        '--unwrap-key',
        `local:${kek}`,
      ],
      { input: sealed },
    );
    expect(r.code, r.stderr).toBe(0);
    const before = JSON.parse(sealed) as Record<string, unknown>;
    const after = JSON.parse(r.stdout) as Record<string, unknown> & { keys: unknown[] };
    for (const field of ['ct', 'iv', 'mid', 'cmt', 'ctx']) expect(after[field]).toEqual(before[field]);
    expect(after.keys).toHaveLength(1);
    const withNew = await envelope(endpoint, ['open', '--key', `local:${third}`], { input: r.stdout });
    expect(withNew.code, withNew.stderr).toBe(0);
    expect(withNew.stdout).toBe(VALUE);
    const withOld = await envelope(endpoint, ['open', '--key', `local:${kek}`], { input: r.stdout });
    expect(withOld.code).toBe(1);
    expect(withOld.stderr).toMatch(/^envelope: ERR_(NO_USABLE_KEY|KEY_NOT_ALLOWED): /);
    expect(withOld.stdout).toBe('');
  });
});
