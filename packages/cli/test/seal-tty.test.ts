// `envelope seal` typed at a real terminal (issue 14, problem 3): tmux runs the CLI on a
// pseudo-terminal, send-keys types, capture-pane shows what a person would see. The value is asked
// twice, never shown, sealed without the Enter; an empty value needs --allow-empty; entries that
// differ seal nothing. Piped input stays byte-exact (a trailing newline included).
// tmux comes from scripts/setup.sh (apt-get) where it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, envelope } from './helpers.js';

const endpoint = inject('motoEndpoint');
const SOCKET = `envelope-cli-test-${process.pid}`;
const SECRET = 'TopSecret-tty-9Qx';
let dir: string;
let key: string;

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'seal');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(text: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const shown = screen();
    if (shown.includes(text)) return shown;
    await sleep(100);
  }
  throw new Error(`the terminal never showed ${JSON.stringify(text)}:\n${screen()}`);
}

/** Runs `envelope seal ... --out FILE` in a fresh tmux session; types each entry after its prompt. */
async function sealAtTerminal(out: string, entries: readonly string[], extra: readonly string[] = []) {
  const command = [process.execPath, BIN, 'seal', '--key', `local:${key}`, '--out', out, ...extra]
    .map((a) => `'${a}'`)
    .join(' ');
  tmux('new-session', '-d', '-s', 'seal', '-x', '160', '-y', '20', `${command}; echo EXIT=$?; sleep 60`);
  try {
    const prompts = ['Value to seal (not shown):', 'Again, to confirm:'];
    for (const [i, entry] of entries.entries()) {
      await waitFor(prompts[i] as string);
      if (entry === '\u0004') tmux('send-keys', '-t', 'seal', 'C-d');
      else {
        tmux('send-keys', '-t', 'seal', '-l', entry);
        tmux('send-keys', '-t', 'seal', 'Enter');
      }
    }
    return await waitFor('EXIT=');
  } finally {
    tmux('kill-session', '-t', 'seal');
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-tty-'));
  key = join(dir, 'kek.b64');
  expect((await envelope(endpoint, ['keygen', '--out', key])).code).toBe(0);
});
afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  rmSync(dir, { recursive: true, force: true });
});

async function opened(file: string): Promise<string> {
  const r = await envelope(endpoint, ['open', '--key', `local:${key}`, '--in', file]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('seal at a terminal', () => {
  it('asks twice, shows nothing, seals exactly what was typed (no newline)', async () => {
    const out = join(dir, 'typed.env.json');
    const shown = await sealAtTerminal(out, [SECRET, SECRET]);
    expect(shown).toContain('EXIT=0');
    expect(shown).not.toContain(SECRET);
    expect(await opened(out)).toBe(SECRET);
  });

  it('refuses an empty value (Ctrl-D at once) unless --allow-empty', async () => {
    const refused = join(dir, 'empty.env.json');
    const shown = await sealAtTerminal(refused, ['\u0004']);
    expect(shown).toContain('ERR_VALUE_EMPTY');
    expect(shown).toContain('EXIT=1');
    expect(existsSync(refused)).toBe(false);
    const allowed = join(dir, 'empty-ok.env.json');
    expect(await sealAtTerminal(allowed, ['', ''], ['--allow-empty'])).toContain('EXIT=0');
    expect(await opened(allowed)).toBe('');
  });

  it('two different entries seal nothing', async () => {
    const out = join(dir, 'differ.env.json');
    const shown = await sealAtTerminal(out, [SECRET, `${SECRET}x`]);
    expect(shown).toContain('ERR_VALUE_MISMATCH');
    expect(shown).not.toContain(SECRET);
    expect(existsSync(out)).toBe(false);
  });

  it('piped input stays byte-exact, trailing newline included', async () => {
    const r = await envelope(endpoint, ['seal', '--key', `local:${key}`], { input: `${SECRET}\n` });
    expect(r.code, r.stderr).toBe(0);
    const file = join(dir, 'piped.env.json');
    writeFileSync(file, r.stdout);
    expect(await opened(file)).toBe(`${SECRET}\n`);
  });
});
