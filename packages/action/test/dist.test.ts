// The committed bundle is what the runner runs: these tests rebuild it from the compiled sources
// (dist/entry-*.js, which `tsc -b` wrote before the tests) into a temp dir with the same ncc
// command as the `bundle` script, and fail when any file differs from actions/decrypt-secrets/dist.
// The e2e tests next to this file run the committed bundle, so a stale one would test old code.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_DIR } from '@envelope-kit/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const temps: string[] = [];

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('actions/decrypt-secrets/dist', () => {
  it.each(['main', 'post'])('the %s bundle matches a rebuild from the sources', async (entry) => {
    // The same flags as the bundle script, read from it so that the two cannot drift apart.
    const command = packageJson.scripts.bundle
      ?.split('&&')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`ncc build dist/entry-${entry}.js`));
    expect(command, 'the bundle script runs ncc on this entry').toBeDefined();
    const args = (command ?? '').split(/\s+/).slice(1);
    const out = await mkdtemp(join(tmpdir(), `ek-ncc-${entry}-`));
    temps.push(out);
    const at = args.indexOf('-o');
    args[at + 1] = out;
    execFileSync(join(packageDir, 'node_modules/.bin/ncc'), args, { cwd: packageDir, stdio: 'pipe' });
    const rebuilt = files(out);
    const committed = files(join(ACTION_DIR, 'dist', entry));
    expect([...committed.keys()].sort()).toEqual([...rebuilt.keys()].sort());
    for (const [name, bytes] of rebuilt) {
      expect(
        committed.get(name)?.equals(bytes),
        `dist/${entry}/${name} is stale: run pnpm -F @envelope-kit/action bundle`,
      ).toBe(true);
    }
  });
});
