// Every advice printed is runnable (issue 14): each place in the CLI that suggests an `envelope`
// command (src/hint.ts, one HintId per place) has a case here that provokes it against moto, takes
// the suggested command from the output, fills in its placeholders (KEY, FILE, NEW_FILE), runs it
// through `sh -c` as printed (so its quoting is tested too) against the same moto state, and checks
// that it gets further. The first test reads the sources: a hint without a case here fails it, and
// so does a suggestion written by hand instead of through src/hint.ts.
//
// Real parts: KMS data keys from moto, legacy envelopes made by the real `openssl enc` (also
// `-pbkdf2`), local keys made by `envelope keygen`, the built CLI as a process.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HintId } from '../src/hint.js';
import {
  BIN,
  type CliResult,
  cliEnv,
  createKey,
  type DataKeyJson,
  envelope,
  generateDataKey,
  opensslRecipe,
  putRawSecret,
} from './helpers.js';

const endpoint = inject('motoEndpoint');
const KEY = 'alias/cli-hints';
const VALUE = 'hint-value-Kq4';
let dir: string;

/** A data key from moto whose openssl password (bytes before the first 0x00/0x0A) fits `wanted`. */
async function dataKeyWhere(wanted: (key: Buffer) => boolean): Promise<DataKeyJson> {
  for (let i = 0; i < 3000; i++) {
    const candidate = await generateDataKey(endpoint, KEY);
    if (wanted(Buffer.from(candidate.Plaintext, 'base64'))) return candidate;
  }
  throw new Error('no data key of the wanted shape');
}
const strong = (key: Buffer) => !key.includes(0x00) && !key.includes(0x0a);
/** Cut short to 1..9 bytes: under 80 bits, refused by pull unless accepted by name. */
const weak = (key: Buffer) => {
  const cut = key.findIndex((b) => b === 0x00 || b === 0x0a);
  return cut >= 1 && cut <= 9 && key[cut] === 0x0a;
};

/** A legacy envelope of the seed recipe (real openssl), with a strong password unless `wanted` says otherwise. */
async function legacy(value: string, wanted = strong, opensslArgs: readonly string[] = []): Promise<string> {
  return opensslRecipe(dir, value, await dataKeyWhere(wanted), opensslArgs);
}

/** Runs a command line as printed, `envelope` being the built CLI, against moto. */
function sh(line: string, prelude = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `envelope() { "$NODE" "$BIN" "$@"; }\n${prelude}\n${line}`], {
      env: { ...cliEnv(endpoint), NODE: process.execPath, BIN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

const COMMAND_WORDS =
  'seal|open|inspect|push|pull|rewrap|migrate|run|keygen|audit|completion|--help|--version';
/**
 * The `envelope ...` command lines in a text, each once: shell words (plain, or in single quotes)
 * up to a `;`, a parenthesis, a double quote or the line's end.
 */
function suggestedCommands(text: string): string[] {
  const word = `(?:'[^']*'|[^\\s;()"'])+`;
  const found = text.matchAll(new RegExp(`envelope (?:${COMMAND_WORDS})(?: ${word})*`, 'g'));
  return [...new Set([...found].map((m) => m[0].replace(/,$/, '')))];
}

interface HintCase {
  /** What to do before provoking (create secrets, files). */
  readonly setup?: () => Promise<void> | void;
  /** The command that prints the hint, and its stdin. */
  readonly args: () => readonly string[];
  readonly input?: string;
  /** Provoke otherwise than with piped stdio (keygen on a terminal). */
  readonly provoke?: (args: readonly string[]) => Promise<CliResult>;
  /** Shell lines before the command (a stand-in for a tool the test machine lacks). */
  readonly prelude?: () => string;
  /** Which suggested command to run, when the output holds several. */
  readonly pick?: RegExp;
  /** Placeholder -> value. */
  readonly fill?: () => Record<string, string>;
  /** Run before the suggested command (the shell step a hint gives beside it). */
  readonly before?: () => Promise<void> | void;
  /** What "gets further" means for this hint. */
  readonly check: (result: CliResult) => void | Promise<void>;
}

const ok = (r: CliResult) => expect(r.code, r.stderr).toBe(0);
const opens = (r: CliResult) => {
  ok(r);
  expect(r.stdout).toBe(VALUE);
};
const path = (name: string) => join(dir, name);

/** Runs the CLI with a terminal as stdin, stdout and stderr (util-linux `script`); all output as stderr. */
function onTerminal(args: readonly string[]): Promise<CliResult> {
  const line = [process.execPath, BIN, ...args].map((w) => `'${w}'`).join(' ');
  return sh(`script -qec ${JSON.stringify(line)} /dev/null`).then((r) => ({
    ...r,
    stderr: r.stdout + r.stderr,
  }));
}

const CASES: Record<HintId, HintCase> = {
  'command-help': { args: () => ['seal', '--kee', KEY], check: ok },
  'unknown-command': { args: () => ['frobnicate'], check: ok },
  'legacy-migrate-secret': {
    setup: async () => putRawSecret(endpoint, 'hints/legacy-pull', await legacy(VALUE)),
    args: () => ['pull', 'hints/legacy-pull'],
    check: async (r) => {
      ok(r);
      const pulled = await envelope(endpoint, ['pull', 'hints/legacy-pull']);
      opens(pulled);
      expect(pulled.stderr).not.toContain('legacy');
    },
  },
  'legacy-migrate-file': {
    setup: async () => writeFileSync(path('legacy-open.json'), await legacy(VALUE)),
    args: () => ['open', '--in', path('legacy-open.json')],
    fill: () => ({ NEW_FILE: path('migrated-open.json') }),
    check: async (r) => {
      ok(r);
      opens(await envelope(endpoint, ['open', '--in', path('migrated-open.json')]));
    },
  },
  'legacy-refused-migrate': {
    setup: async () => putRawSecret(endpoint, 'hints/legacy-deny', await legacy(VALUE)),
    args: () => ['pull', 'hints/legacy-deny', '--legacy', 'deny'],
    check: async (r) => {
      ok(r);
      opens(await envelope(endpoint, ['pull', 'hints/legacy-deny', '--legacy', 'deny']));
    },
  },
  'legacy-refused-allow': {
    setup: async () => putRawSecret(endpoint, 'hints/legacy-context', await legacy(VALUE)),
    args: () => ['pull', 'hints/legacy-context', '--require-context', 'stage=prod'],
    pick: /--legacy allow/,
    check: opens,
  },
  'legacy-refused-accept-weak': {
    setup: async () => putRawSecret(endpoint, 'hints/legacy-weak', await legacy(VALUE, weak)),
    args: () => ['pull', 'hints/legacy-weak'],
    pick: /--accept-weak-legacy/,
    check: opens,
  },
  'legacy-pbkdf2': {
    setup: async () => {
      // A wrong derivation passes the padding check 1 time in 256 (DESIGN.md), and `auto` then
      // opens the -pbkdf2 envelope to garbage, with no failure to hint at: draw again then.
      for (let i = 0; i < 5; i++) {
        writeFileSync(path('pbkdf2.json'), await legacy(VALUE, strong, ['-pbkdf2']));
        const auto = await envelope(endpoint, ['open', '--in', path('pbkdf2.json')]);
        if (auto.stderr.includes('ERR_DECRYPTION_FAILED')) return;
      }
    },
    args: () => ['open', '--in', path('pbkdf2.json')],
    check: opens,
  },
  'rewrap-legacy-secret': {
    setup: async () => putRawSecret(endpoint, 'hints/legacy-rewrap', await legacy(VALUE)),
    args: () => ['rewrap', 'hints/legacy-rewrap', '--key', KEY],
    check: async (r) => {
      ok(r);
      // Now a v1 envelope: the rewrap that was refused gets further (its key is already there).
      ok(await envelope(endpoint, ['rewrap', 'hints/legacy-rewrap', '--key', KEY]));
    },
  },
  'rewrap-legacy-file': {
    setup: async () => writeFileSync(path('legacy-rewrap.json'), await legacy(VALUE)),
    args: () => ['rewrap', '--in', path('legacy-rewrap.json'), '--key', KEY],
    fill: () => ({ NEW_FILE: path('migrated-rewrap.json') }),
    check: async (r) => {
      ok(r);
      opens(await envelope(endpoint, ['open', '--in', path('migrated-rewrap.json')]));
    },
  },
  'hex-key-keygen': {
    setup: () => writeFileSync(path('hex-a.key'), `${randomBytes(32).toString('hex')}\n`),
    args: () => ['seal', '--key', `local:${path('hex-a.key')}`],
    input: VALUE,
    pick: /keygen/,
    fill: () => ({ FILE: path('keygen.b64') }),
    check: async (r) => {
      ok(r);
      const sealed = await envelope(endpoint, ['seal', '--key', `local:${path('keygen.b64')}`], {
        input: VALUE,
      });
      ok(sealed);
    },
  },
  'hex-key-retry': {
    setup: () => writeFileSync(path('hex b.key'), `${randomBytes(32).toString('hex')}\n`),
    args: () => ['seal', '--key', `local:${path('hex b.key')}`],
    input: VALUE,
    pick: /seal/,
    // The conversion the hint gives beside the command, done here in node (the test machine may lack xxd).
    before: () => {
      const hex = readFileSync(path('hex b.key'), 'utf8').trim();
      writeFileSync(path('hex b.key.b64'), Buffer.from(hex, 'hex').toString('base64'));
    },
    check: (r) => {
      ok(r);
      expect(r.stdout).toMatch(/^\{"v":"envelope-kit\/1"/);
    },
  },
  'keygen-terminal-out': {
    args: () => ['keygen'],
    provoke: onTerminal,
    pick: /--out/,
    fill: () => ({ FILE: path('terminal.b64') }),
    check: (r) => {
      ok(r);
      expect(Buffer.from(readFileSync(path('terminal.b64'), 'utf8').trim(), 'base64')).toHaveLength(32);
    },
  },
  'keygen-terminal-pipe': {
    args: () => ['keygen'],
    provoke: onTerminal,
    pick: /\| gh/,
    fill: () => ({ ENVELOPE_LOCAL_KEY: 'ENVELOPE_LOCAL_KEY' }),
    // GitHub's `gh` is not here: a shell function that keeps what it would store.
    prelude: () => `gh() { cat > '${path('gh-secret')}'; }`,
    check: (r) => {
      ok(r);
      expect(Buffer.from(readFileSync(path('gh-secret'), 'utf8').trim(), 'base64')).toHaveLength(32);
    },
  },
  'run-command-after-dashes': {
    setup: () => putRawSecret(endpoint, 'hints/plain-run', VALUE),
    args: () => ['run', '--secret-ids', 'DB,hints/plain-run', 'printenv', 'DB'],
    pick: /printenv/,
    check: (r) => {
      ok(r);
      expect(r.stdout).toBe(`${VALUE}\n`);
    },
  },
  'no-usable-key': {
    setup: async () => {
      ok(await envelope(endpoint, ['keygen', '--out', path('local.b64')]));
      const sealed = await envelope(endpoint, ['seal', '--key', `local:${path('local.b64')}`], {
        input: VALUE,
      });
      ok(sealed);
      writeFileSync(path('local.json'), sealed.stdout);
    },
    args: () => ['open', '--in', path('local.json')],
    fill: () => ({ FILE: path('local.b64') }),
    check: opens,
  },
};

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-hints-'));
  await createKey(endpoint, KEY);
  // One at a time: moto answers concurrent CreateSecret calls with HTTP 500.
  for (const hint of Object.values(CASES)) await hint.setup?.();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every hint the CLI prints is a command that runs', () => {
  it('every hint in the sources has a case here, and no suggestion is written by hand', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const used = new Set<string>();
    const byHand: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      for (const m of text.matchAll(/(?:commandHint|retryHint)\(\s*'([a-z0-9-]+)'/g))
        used.add(m[1] as string);
      // hint.ts builds them; the completion scripts' own comments say how to install the script.
      if (file === 'hint.ts' || file.endsWith('completion.ts')) continue;
      // Help texts (`help: \`...\``) and comments show commands on purpose; strings must not.
      const code = text
        .replace(/help: `[\s\S]*?`,\n/g, '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const line of code.split('\n')) {
        if (new RegExp(`envelope (?:${COMMAND_WORDS})\\b`).test(line)) byHand.push(`${file}: ${line.trim()}`);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(CASES).sort());
    expect(byHand).toEqual([]);
  });

  it.each(Object.keys(CASES) as HintId[])('%s', async (id) => {
    const hint = CASES[id];
    const provoked = await (hint.provoke?.(hint.args()) ??
      envelope(endpoint, hint.args(), hint.input === undefined ? {} : { input: hint.input }));
    const commands = suggestedCommands(provoked.stderr);
    const chosen = commands.filter((c) => hint.pick?.test(c) ?? true);
    expect(chosen, provoked.stderr).toHaveLength(1);
    let line = chosen[0] as string;
    const fill = { KEY, ...hint.fill?.() };
    for (const [placeholder, value] of Object.entries(fill)) {
      line = line.replace(new RegExp(`\\b${placeholder}\\b`, 'g'), `'${value}'`);
    }
    const placeholders = chosen[0]?.replaceAll(dir, '').match(/\b[A-Z][A-Z_]{2,}\b/g) ?? [];
    expect(placeholders.filter((p) => !(p in fill))).toEqual([]);
    await hint.before?.();
    await hint.check(await sh(line, hint.prelude?.()));
  });
});
