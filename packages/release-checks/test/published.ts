// What the release tests share: the published packages, packing them as `pnpm publish` would, and
// running npm/pnpm/yarn in scratch projects outside the workspace with a user's environment.
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The packages `changeset publish` publishes (every workspace package without `private`). */
export const PUBLISHED = ['envelope-core', 'aws-adapter', 'cli'] as const;
/** npm's cache for the scratch projects, kept between runs so that later runs need no network. */
export const NPM_CACHE = join(tmpdir(), 'envelope-kit-npm-cache');
/** The workspace's TypeScript compiler (TypeScript 7, native). */
export const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/**
 * The environment of a user's shell: pnpm exports npm_config_* and pnpm_* to scripts, and they point
 * at the workspace, so they are dropped; npm gets the shared cache and stays quiet.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|yarn_)/i.test(key)) env[key] = value;
  }
  return {
    ...env,
    npm_config_cache: NPM_CACHE,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

// execFile's message holds only stderr; tsc and others report on stdout.
function failure(command: string, args: string[], cwd: string, error: unknown): Error {
  const { stdout, stderr } = error as { stdout?: string; stderr?: string };
  return new Error(
    `${basename(command)} ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}${stderr ?? ''}`,
    {
      cause: error,
    },
  );
}

/** Runs a command to completion with {@link cleanEnv}; returns stdout, throws with its output on failure. */
export function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env: cleanEnv(extraEnv),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw failure(command, args, cwd, error);
  }
}

const execFileAsync = promisify(execFile);

/** {@link run}, without blocking: for installs that can proceed side by side. */
export async function runAsync(
  command: string,
  args: string[],
  cwd: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd,
      env: cleanEnv(extraEnv),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    throw failure(command, args, cwd, error);
  }
}

/** The version in a workspace package's package.json. */
export const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;

/** Packs every published package with `pnpm pack` into `destination`; returns the tarball paths. */
export function packPublished(destination: string): string[] {
  for (const pkg of PUBLISHED) {
    run('pnpm', ['pack', '--pack-destination', destination], join(ROOT, 'packages', pkg));
  }
  return readdirSync(destination)
    .filter((name) => name.endsWith('.tgz'))
    .map((name) => join(destination, name));
}
