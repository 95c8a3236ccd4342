// The committed bundle is what the runner runs: these tests rebuild it from the compiled sources
// (dist/entry-*.js, which `tsc -b` wrote before the tests) into a temp dir with the `bundle`
// script's own code (scripts/bundle.mjs: esbuild, then ncc), and fail when any file differs from
// actions/decrypt-secrets/dist.
// The e2e tests next to this file run the committed bundle, so a stale one would test old code.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_DIR } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let rebuiltDist = '';

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

beforeAll(async () => {
  rebuiltDist = await mkdtemp(join(tmpdir(), 'ek-bundle-'));
  execFileSync(process.execPath, ['scripts/bundle.mjs', rebuiltDist], { cwd: packageDir, stdio: 'pipe' });
}, 120_000);

afterAll(() => {
  if (rebuiltDist) rmSync(rebuiltDist, { recursive: true, force: true });
});

describe('actions/decrypt-secrets/dist', () => {
  it.each(['main', 'post'])('the %s bundle matches a rebuild from the sources', async (entry) => {
    const rebuilt = files(join(rebuiltDist, entry));
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
