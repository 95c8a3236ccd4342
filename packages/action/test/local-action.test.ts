// GitHub's own local debugger, @github/local-action 7 (a devDependency), runs the action's main
// and post steps from a .env file, against moto: the real CLI (`pnpm -F @envelope-kit/action
// local-action`, scripts/local-action.mjs), which stubs @actions/core and @actions/github and
// reports what the action did through them. Checks what it reports: the outputs, masking (its
// core stub records masks instead of printing `::add-mask::`), the job summary, and the post step
// finding the main step's state and blanking what it exported.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoLeaks, node24, resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, createSecret, motoFactory, sealForSecret, stepEnv } from './fixtures.js';

const endpoint = inject('motoEndpoint');
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const VALUES = { user: 'la-admin-7f3c', pass: 'la-p4ss-word-91b2' };
const JSON_VALUE = JSON.stringify(VALUES);
// local-action compiles the TypeScript sources with tsx on every start: one run took ~15 s on 2
// vCPUs at a load average of 20.
const LOCAL_ACTION_TIMEOUT_MS = 150_000;
let dir = '';
let files = 0;

/** A .env file as a developer writes one for local-action: inputs as INPUT_*, the runner's variables. */
function dotenv(values: Record<string, string>): string {
  const path = join(dir, `step-${++files}.env`);
  writeFileSync(
    path,
    `${Object.entries(values)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n')}\n`,
  );
  return path;
}

/** Starts local-action as the README says, with only PATH and HOME of this machine. */
function localAction(envFile: string): { status: number | null; output: string } {
  const result = spawnSync(node24(), [join(packageDir, 'scripts/local-action.mjs'), envFile], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: LOCAL_ACTION_TIMEOUT_MS - 10_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** The text of one section of local-action's report (`Running Action`, `Running Post Step`...). */
function section(output: string, title: string): string {
  // Each section starts with its title centred between two lines of '='.
  const parts = output.split(/^={20,}\n\s*(.+?)\s*\n={20,}$/m);
  const at = parts.indexOf(title);
  expect(at, `local-action printed no '${title}' section`).toBeGreaterThan(0);
  return parts[at + 1] ?? '';
}

describe('@github/local-action runs the main and post steps', () => {
  beforeAll(async () => {
    await resetMoto(endpoint);
    dir = mkdtempSync(join(tmpdir(), 'ek-local-action-'));
    const key = await createKey(endpoint);
    const factory = motoFactory(endpoint);
    try {
      await createSecret(endpoint, 'la/db', await sealForSecret(factory, key, 'la/db', JSON_VALUE));
    } finally {
      factory.destroy();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'reports the outputs, masks every value, writes the summary and blanks in the post step',
    () => {
      const summary = join(dir, 'summary.md');
      writeFileSync(summary, '');
      const { status, output } = localAction(
        dotenv({
          ...stepEnv(endpoint),
          'INPUT_SECRET-IDS': 'la/db',
          'INPUT_PARSE-JSON-SECRETS': 'true',
          'INPUT_ENDPOINT-URL': endpoint,
          GITHUB_WORKSPACE: dir,
          GITHUB_REPOSITORY: 'acme/app',
          GITHUB_STEP_SUMMARY: summary,
        }),
      );
      expect(status, output.slice(-2000)).toBe(0);
      // The outputs local-action collected from core.setOutput: its stubs saw the action's calls.
      expect(output).not.toContain('No outputs were set!');
      expect(section(output, 'Action Outputs')).toMatch(/'names'\s*│\s*'\["LA_DB_USER","LA_DB_PASS"\]'/);
      expect(section(output, 'Running Action')).toContain(
        'decrypt-secrets: 2 variable(s) set in environment: LA_DB_USER, LA_DB_PASS',
      );
      // Masks went to core.setSecret (recorded by the stub), not printed as workflow commands.
      expect(output).not.toContain('::add-mask::');
      assertNoLeaks({
        secrets: [JSON_VALUE, VALUES.user, VALUES.pass],
        stdout: output,
        summary: readFileSync(summary, 'utf8'),
      });
      expect(readFileSync(summary, 'utf8')).toContain('LA_DB_PASS');
      // The post step read the main step's state (core.getState) and blanked both variables.
      expect(section(output, 'Running Post Step')).toContain(
        'decrypt-secrets: blanked 2 variable(s): LA_DB_USER, LA_DB_PASS',
      );
    },
    LOCAL_ACTION_TIMEOUT_MS,
  );

  it(
    'reports a failing step by secret id and code, with no outputs',
    () => {
      const { status, output } = localAction(
        dotenv({
          ...stepEnv(endpoint),
          'INPUT_SECRET-IDS': 'la/db\nla/missing',
          'INPUT_ENDPOINT-URL': endpoint,
          GITHUB_WORKSPACE: dir,
        }),
      );
      // local-action reports a failed step (core.setFailed, recorded by its stub) and exits 0 itself.
      expect(status, output.slice(-2000)).toBe(0);
      const main = section(output, 'Running Action');
      expect(main).toContain('la/missing: ERR_SECRET_NOT_FOUND');
      expect(output).toContain('No outputs were set!');
      expect(output).not.toContain('::add-mask::');
      assertNoLeaks({ secrets: [JSON_VALUE, VALUES.user, VALUES.pass], stdout: output });
      expect(section(output, 'Running Post Step')).not.toContain('blanked');
    },
    LOCAL_ACTION_TIMEOUT_MS,
  );
});
