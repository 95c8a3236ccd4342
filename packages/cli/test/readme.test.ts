// The README's walkthrough, executed as written: every line of the `sh` blocks of its
// "Walkthrough" section runs with `sh -c`, in order, in one directory, with `envelope` on PATH (the
// built CLI) and the AWS environment pointing at moto, where alias/prod-secrets and a prod/ fleet of
// legacy (real openssl), v1 and plain secrets exist, as the section says.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fleetValue, populateFleet } from './fleet-fixture.mjs';
import { BIN, cliEnv, createKey, generateDataKey, opensslRecipe, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const DB_VALUE = 'readme-db-password-longer-than-31-characters-Pq4';
let dir: string;
let work: string;

/** The command lines of the `sh` blocks of the README section whose heading starts with `## Walkthrough`. */
function walkthroughCommands(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## Walkthrough');
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((b) => b.split('\n')).filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-readme-'));
  work = join(dir, 'work');
  mkdirSync(work);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'envelope'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'envelope'), 0o755);
  await createKey(endpoint, 'alias/prod-secrets');
  await populateFleet({
    endpoint,
    dir,
    prefix: 'prod/',
    keyAlias: 'alias/prod-secrets',
    v1: 3,
    legacy: 4,
    plain: 2,
  });
  await putRawSecret(
    endpoint,
    'prod/db',
    await opensslRecipe(dir, DB_VALUE, await generateDataKey(endpoint, 'alias/prod-secrets')),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI README walkthrough', () => {
  it('runs as written against moto', () => {
    const commands = walkthroughCommands();
    expect(commands.some((c) => c.startsWith('envelope audit'))).toBe(true);
    expect(commands.some((c) => c.startsWith('envelope migrate'))).toBe(true);
    expect(commands.some((c) => c.startsWith('envelope run'))).toBe(true);
    const outputs = new Map<string, string>();
    for (const command of commands) {
      const r = spawnSync('sh', ['-c', command], {
        cwd: work,
        encoding: 'utf8',
        env: {
          ...cliEnv(endpoint),
          PATH: `${join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
          HOME: dir,
        },
      });
      expect(r.status, `${command}\n${r.stderr}`).toBe(0);
      outputs.set(command, r.stdout);
      // Never a value on the screen.
      for (const value of [DB_VALUE, fleetValue('prod/legacy/0001'), fleetValue('prod/plain/0001')]) {
        expect(r.stdout + r.stderr).not.toContain(value);
      }
    }
    const output = (prefix: string) => [...outputs].filter(([c]) => c.startsWith(prefix)).map(([, o]) => o);
    expect(statSync(join(work, 'break-glass.key')).mode & 0o777).toBe(0o600);
    // The legacy secrets the inventory listed before the migration.
    expect(output("envelope audit 'prod/*' --json")[0]?.trim().split('\n').sort()).toEqual([
      'prod/db',
      'prod/legacy/0001',
      'prod/legacy/0002',
      'prod/legacy/0003',
      'prod/legacy/0004',
    ]);
    expect(output("envelope audit 'prod/*'")[0]).toMatch(
      /^10 secret\(s\): 3 v1, 5 legacy, 2 plain, 0 failed$/m,
    );
    const migrations = output('envelope migrate');
    expect(migrations[0]).toMatch(/5 would be migrated, 3 unchanged, 2 skipped, 0 failed/);
    expect(migrations[1]).toMatch(/5 migrated, 3 unchanged, 2 skipped, 0 failed/);
    expect(migrations[2]).toBe('nothing to do: every secret is already as asked\n');
    expect(output('envelope run --secret-ids DB')[0]).toBe('DB is set\n');
    expect(output("envelope run --secret-ids 'prod/*' --dry-run")[0]).toMatch(
      /^PROD_DB\t\(secret: prod\/db\)$/m,
    );
    // The migrated secret opens with the break-glass key alone.
    const pulled = spawnSync(process.execPath, [BIN, 'pull', 'prod/db', '--key', 'local:break-glass.key'], {
      cwd: work,
      encoding: 'utf8',
      env: cliEnv(endpoint),
    });
    expect(pulled.status, pulled.stderr).toBe(0);
    expect(pulled.stdout).toBe(DB_VALUE);
  }, 300_000);
});
