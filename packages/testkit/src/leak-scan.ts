/**
 * A leak scan for one step of the action: did any secret value reach a place a person or a later
 * step can read, other than where it belongs?
 *
 * Where a value belongs, and nowhere else:
 * - stdout: only inside an `::add-mask::` command (the runner swallows that line and hides the
 *   text from then on; a value printed before its mask, or never masked, is in the log for good);
 * - GITHUB_ENV: only as the value of an entry that holds exactly that value (its own variable);
 * - stderr and GITHUB_STEP_SUMMARY: nowhere (the summary is rendered on the run page unmasked by
 *   anything but the runner's masks, and is kept after the job).
 *
 * What counts as the value (the "needles"): the value itself, every line of a multi-line value
 * (the runner masks per log line, so a line printed alone shows), the value as a JSON string body
 * (`JSON.stringify(v)` without quotes: a value embedded in a JSON log line or error), and the value
 * as escaped in a workflow command (`%0A` for newlines). Needles shorter than `minLength`
 * (default 4) after trimming are skipped: `"1"` or `"true"`-sized texts occur in any log by chance,
 * and a value that short is no secret worth the name.
 *
 * Problems name the secret by its index, the place and the form found, never the value.
 */
import { parseFileCommands, parseWorkflowCommands } from './runner.js';

/** What a step left behind, as {@link runAction} returns it (any field may be empty). */
export interface LeakScanInput {
  /** The secret values the step handled (every exported value, every JSON leaf, every plaintext). */
  readonly secrets: readonly string[];
  readonly stdout?: string;
  readonly stderr?: string;
  /** GITHUB_STEP_SUMMARY as written. */
  readonly summary?: string;
  /** GITHUB_ENV byte for byte. */
  readonly envFile?: string;
  /** Needles shorter than this (trimmed) are not searched; default 4. */
  readonly minLength?: number;
}

/** One leak: where, which secret (by index) and in which form. Never the value. */
export interface Leak {
  readonly place: 'stdout' | 'stderr' | 'summary' | 'envFile';
  readonly secret: number;
  readonly form: 'value' | 'line' | 'json' | 'command-escaped';
  /** 0-based line of stdout/stderr, when the place has lines. */
  readonly line?: number;
}

interface Needle {
  readonly text: string;
  readonly form: Leak['form'];
}

// @actions/core's escapeData: how a value appears in a workflow command message.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function needlesOf(secret: string, minLength: number): Needle[] {
  const candidates: Needle[] = [
    { text: secret, form: 'value' },
    ...secret.split(/\r?\n|\r/).map((text) => ({ text, form: 'line' as const })),
    { text: JSON.stringify(secret).slice(1, -1), form: 'json' },
    { text: escapeData(secret), form: 'command-escaped' },
  ];
  const seen = new Set<string>();
  return candidates.filter(({ text }) => {
    if (text.trim().length < minLength || seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/**
 * The `::add-mask::` lines of stdout that register one of the secrets (or one of its lines): the
 * only stdout lines allowed to hold a value.
 */
function maskLines(stdout: string, secrets: readonly string[]): Set<number> {
  const allowed = new Set<string>();
  // Trimmed forms too: the action registers a value and its lines also without surrounding
  // whitespace (the runner matches masks untrimmed; aws-adapter masks.ts).
  for (const secret of secrets) {
    allowed.add(secret);
    allowed.add(secret.trim());
    for (const line of secret.split(/\r?\n|\r/)) {
      allowed.add(line);
      allowed.add(line.trim());
    }
  }
  const lines = new Set<number>();
  for (const command of parseWorkflowCommands(stdout)) {
    if (command.command === 'add-mask' && allowed.has(command.message)) lines.add(command.line);
  }
  return lines;
}

/** The delimiter @actions/core (and the action) writes around a GITHUB_ENV value. */
const RUNNER_DELIMITER = /^ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * GITHUB_ENV with the values of the entries that hold exactly one of the secrets blanked out, so
 * that what is left (names, delimiters, other entries) must hold no secret. A file the runner
 * could not parse is scanned whole.
 */
function envFileOutsideOwnEntries(envFile: string, secrets: readonly string[]): string {
  let entries: Record<string, string>;
  try {
    entries = parseFileCommands(envFile);
  } catch {
    return envFile;
  }
  const own = new Set(Object.values(entries).filter((value) => secrets.includes(value)));
  const lines = envFile.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const heredoc = line.indexOf('<<');
    const equals = line.indexOf('=');
    if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
      const delimiter = line.slice(heredoc + 2);
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && (lines[j] ?? '').replace(/\r$/, '') !== delimiter)
        body.push(lines[j++] ?? '');
      // The runner's own delimiter (`ghadelimiter_` and a UUID) is syntax, not data: a value line
      // such as "ghadelimiter_" would otherwise be found in it. Any other delimiter is scanned.
      const generated = RUNNER_DELIMITER.test(delimiter);
      const head = generated ? line.slice(0, heredoc + 2) : line;
      kept.push(head, own.has(body.join('\n')) ? '' : body.join('\n'), generated ? '' : delimiter);
      i = j;
    } else if (equals > 0) {
      kept.push(own.has(line.slice(equals + 1)) ? line.slice(0, equals + 1) : line);
    } else {
      kept.push(line);
    }
  }
  return kept.join('\n');
}

/**
 * Scans what a step wrote for secret values outside the places they belong (see the module
 * comment). Returns every leak found; an empty array means clean.
 *
 * @example
 * ```ts
 * const result = await runAction({ entry: 'main', inputs, env });
 * expect(scanForLeaks({ secrets: ['s3cret-value'], ...result, envFile: result.envFileRaw })).toEqual([]);
 * ```
 */
export function scanForLeaks(input: LeakScanInput): Leak[] {
  const minLength = input.minLength ?? 4;
  const stdout = input.stdout ?? '';
  const masked = maskLines(stdout, input.secrets);
  const envRest = envFileOutsideOwnEntries(input.envFile ?? '', input.secrets);
  const leaks: Leak[] = [];
  input.secrets.forEach((secret, index) => {
    const needles = needlesOf(secret, minLength);
    const found = (place: Leak['place'], text: string, line?: number) => {
      const needle = needles.find((n) => text.includes(n.text));
      if (needle === undefined) return;
      leaks.push({ place, secret: index, form: needle.form, ...(line === undefined ? {} : { line }) });
    };
    stdout.split('\n').forEach((line, n) => {
      if (!masked.has(n)) found('stdout', line, n);
    });
    (input.stderr ?? '').split('\n').forEach((line, n) => {
      found('stderr', line, n);
    });
    found('summary', input.summary ?? '');
    found('envFile', envRest);
  });
  return leaks;
}

/**
 * {@link scanForLeaks}, throwing an Error that lists the leaks (by place, line, secret index and
 * form; never a value) when there is any.
 *
 * @example
 * ```ts
 * assertNoLeaks({ secrets, stdout: result.stdout, stderr: result.stderr, summary: result.summary, envFile: result.envFileRaw });
 * ```
 */
export function assertNoLeaks(input: LeakScanInput): void {
  const leaks = scanForLeaks(input);
  if (leaks.length === 0) return;
  const lines = leaks.map(
    (l) => `secret #${l.secret} (${l.form}) in ${l.place}${l.line === undefined ? '' : ` line ${l.line}`}`,
  );
  throw new Error(`${leaks.length} leak(s):\n${lines.join('\n')}`);
}
