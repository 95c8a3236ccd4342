#!/usr/bin/env node
// Runs GitHub's local debugger for actions, @github/local-action (a devDependency of this package),
// on actions/decrypt-secrets: `pnpm -F @envelope-kit/action local-action [ENV_FILE] [-- ARGS...]`.
//
// Why not its own bin (`pnpm exec local-action`): in a pnpm workspace the bin starts the CLI as
// `pnpm dlx tsx <cli>`, and pnpm 12 refuses that: dlx installs tsx's esbuild without running
// its build script (ERR_PNPM_IGNORED_BUILDS), whatever pnpm-workspace.yaml allows. This starts
// the same CLI (its src/index.ts) with the tsx that local-action itself depends on, installed with
// the workspace (esbuild's build is allowed in pnpm-workspace.yaml), and the variables the bin
// sets: TARGET_ACTION_PATH, NODE_PACKAGE_MANAGER=pnpm (local-action then finds @actions/core and
// @actions/github with `pnpm list` in this package, to stub them; pnpm 12 lists every project of
// the workspace, root first, and local-action took the first: patches/@github__local-action@7.0.1.patch,
// applied by pnpm install, makes it take the project that holds the entrypoint) and NODE_NO_WARNINGS.
//
// Arguments: the action's folder, src/main.ts as the main entrypoint, ENV_FILE (default `.env`
// in this package, which .gitignore keeps out of git) and `--post src/post.ts`, then ARGS. Each
// entrypoint exports `run()`. Needs `pnpm build` first (the action imports the built packages).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const actionDir = resolve(packageDir, '../../actions/decrypt-secrets');
// local-action's package `exports` names only its CLI source, which is what it runs.
const cli = fileURLToPath(import.meta.resolve('@github/local-action'));
const tsx = createRequire(cli).resolve('tsx/cli');

const [envFile = '.env', ...rest] = process.argv.slice(2).filter((arg) => arg !== '--');
// Entrypoints are relative to the action's folder (local-action resolves them against it).
const entry = (file) => relative(actionDir, join(packageDir, file));
// pnpm runs package scripts in the package folder: ENV_FILE is relative to packages/action.
const envPath = resolve(packageDir, envFile);
const args = [actionDir, entry('src/main.ts'), envPath, '--post', entry('src/post.ts'), ...rest];

const result = spawnSync(process.execPath, [tsx, cli, ...args], {
  cwd: packageDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    TARGET_ACTION_PATH: actionDir,
    NODE_PACKAGE_MANAGER: 'pnpm',
    NODE_NO_WARNINGS: '1',
  },
});
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
