// The release check that matters most to users: the tarballs we would publish install together from
// npm's point of view (outside the workspace, no pnpm links, workspace:^ rewritten by `pnpm pack`),
// the core imports and seals/opens, and the `envelope` binary runs. The AWS SDK dependencies come
// from the npm registry, through a cache kept between runs.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED, packPublished, run, versionOf } from './published.js';

describe('packed tarballs install together outside the workspace', () => {
  const work = mkdtempSync(join(tmpdir(), 'envelope-kit-pack-'));
  const packs = join(work, 'packs');
  const project = join(work, 'project');
  let tarballs: string[] = [];

  beforeAll(() => {
    mkdirSync(packs);
    mkdirSync(project);
    tarballs = packPublished(packs);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'scratch', version: '0.0.0', private: true, type: 'module' }),
    );
    run('npm', ['install', '--no-audit', '--ignore-scripts', '--prefer-offline', ...tarballs], project);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs one tarball per package, with workspace: ranges rewritten and no tests', () => {
    expect(tarballs).toHaveLength(PUBLISHED.length);
    for (const pkg of PUBLISHED) {
      const tarball = tarballs.find((path) => path.includes(`envelope-kit-${pkg}-`));
      expect(tarball, pkg).toBeDefined();
      const files = run('tar', ['-tzf', tarball!], work).split('\n').filter(Boolean);
      expect(files).toContain('package/package.json');
      expect(files).toContain('package/dist/index.js');
      expect(files).toContain('package/dist/index.d.ts');
      expect(files).toContain('package/README.md');
      expect(files).toContain('package/LICENSE');
      expect(files.filter((file) => /\.test\./.test(file))).toEqual([]);
      // Source maps ship with the sources they point to: every `sources` entry of every map is in the tarball.
      const maps = files.filter((file) => file.endsWith('.map'));
      expect(maps.length, pkg).toBeGreaterThan(0);
      for (const map of maps) {
        const { sources } = JSON.parse(run('tar', ['-xzOf', tarball!, map], work)) as { sources: string[] };
        for (const source of sources)
          expect(files, `${map} -> ${source}`).toContain(join(dirname(map), source));
      }
      const manifest = run('tar', ['-xzOf', tarball!, 'package/package.json'], work);
      expect(manifest).not.toContain('workspace:');
    }
  });

  it('imports the core and round-trips seal/open with a local key', () => {
    const script = `
      import { randomBytes } from 'node:crypto';
      import { LocalKeyProvider, open, seal, inspect } from '@envelope-kit/envelope-core';
      import * as aws from '@envelope-kit/aws-adapter';
      import { toEnvName } from '@envelope-kit/aws-adapter/env-names';
      const provider = LocalKeyProvider.fromBytes(randomBytes(32));
      const envelope = await seal('hello from a tarball', { providers: [provider], context: { secret: 'scratch' } });
      const opened = await open(envelope, { providers: [provider], requiredContext: { secret: 'scratch' } });
      console.log(JSON.stringify({
        plaintext: new TextDecoder().decode(opened.plaintext),
        keys: inspect(envelope).keys.map((k) => k.provider),
        aws: typeof aws.KmsKeyProvider,
        envName: toEnvName('prod/db-password', 'uppercase'),
      }));
    `;
    const result = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], project));
    expect(result).toEqual({
      plaintext: 'hello from a tarball',
      keys: ['local'],
      aws: 'function',
      envName: 'PROD_DB_PASSWORD',
    });
  });

  it('names only files that are in the tarball in a source-mapped stack trace', () => {
    // node --enable-source-maps rewrites stack frames to the map's sources: they must exist.
    const script = `
      import { open } from '@envelope-kit/envelope-core';
      try { await open('{"v":"envelope-kit/1"}', { providers: [] }); } catch (e) { console.log(e.stack); }
    `;
    const stack = run(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      project,
    );
    const frames = [...stack.matchAll(/\((\/[^():]+):\d+:\d+\)|at (\/[^():]+):\d+:\d+/g)]
      .map((m) => m[1] ?? m[2] ?? '')
      .filter((file) => file.includes('@envelope-kit'));
    expect(frames.length, stack).toBeGreaterThan(0);
    expect(
      frames.some((file) => file.endsWith('.ts')),
      stack,
    ).toBe(true);
    for (const file of frames) expect(existsSync(file), file).toBe(true);
  });

  it('runs the envelope binary', () => {
    expect(run('npx', ['--no', '--', 'envelope', '--version'], project).trim()).toBe(versionOf('cli'));
  });
});
