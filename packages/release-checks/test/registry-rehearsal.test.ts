// The release, rehearsed on a real registry: a local Verdaccio (test/verdaccio.ts), a scratch copy of
// the workspace where `changeset version` applies the pending changesets, `changeset publish` (the
// release workflow's own command, through pnpm publish) to Verdaccio, then fresh projects outside
// the workspace that install the published packages with npm, pnpm and yarn 1 and use them: the core
// README example runs, a TypeScript consumer compiles, and the `envelope` bin works after `npm i -g`.
//
// What cannot be rehearsed here: npm provenance. publishConfig.provenance is checked in the
// published manifests, but the attestation itself needs GitHub Actions' OIDC token (the release
// workflow's publish job, with id-token: write); outside it pnpm publishes without one.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED, ROOT, run, runAsync, TSC } from './published.js';
import { type Registry, registryRequest, startRegistry } from './verdaccio.js';

const BIN = join(ROOT, 'packages/release-checks/node_modules/.bin');
const CHANGESET = join(ROOT, 'node_modules/.bin/changeset');
const YARN_CACHE = join(tmpdir(), 'envelope-kit-yarn-cache');
const NAMES = PUBLISHED.map((pkg) => `@envelope-kit/${pkg}`);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, string | Record<string, string>>;
  types?: string;
  main?: string;
  bin?: Record<string, string>;
  files?: string[];
  publishConfig?: { access?: string; provenance?: boolean };
  dependencies?: Record<string, string>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The workspace as the release job sees it after `pnpm build`, minus node_modules and other packages' build output. */
function copyWorkspace(to: string): void {
  // The root files that pnpm and changesets read (patches/: pnpm-workspace.yaml's patchedDependencies).
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', '.changeset', 'patches']) {
    if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(to, file), { recursive: true });
  }
  const config = readJson<Record<string, unknown>>(join(to, '.changeset/config.json'));
  // @changesets/changelog-github asks the GitHub API about every changeset's commit: not reachable
  // here, so the scratch copy writes changelogs without links.
  writeFileSync(join(to, '.changeset/config.json'), JSON.stringify({ ...config, changelog: false }, null, 2));
  for (const pkg of listPackages()) {
    const from = join(ROOT, 'packages', pkg);
    mkdirSync(join(to, 'packages', pkg), { recursive: true });
    cpSync(join(from, 'package.json'), join(to, 'packages', pkg, 'package.json'));
    if (!(PUBLISHED as readonly string[]).includes(pkg)) continue;
    for (const entry of ['dist', 'src', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
      if (existsSync(join(from, entry)))
        cpSync(join(from, entry), join(to, 'packages', pkg, entry), { recursive: true });
    }
  }
}

function listPackages(): string[] {
  return readdirSync(join(ROOT, 'packages')).filter((name) =>
    existsSync(join(ROOT, 'packages', name, 'package.json')),
  );
}

/** The README's "Seal and open with a local key" example, verbatim. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'packages/envelope-core/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Seal and open with a local key'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined)
    throw new Error('no ts example under "Seal and open with a local key" in the core README');
  return code;
}

/** The README example, and a line that prints what it did. */
const readmeScript = (): string =>
  `${readmeExample()}\nconsole.log(JSON.stringify({ plaintext: new TextDecoder().decode(plaintext), keys: inspect(envelope).keys.map((k) => k.provider) }));\n`;

describe('release rehearsal on a local Verdaccio', () => {
  const work = mkdtempSync(join(tmpdir(), 'envelope-kit-release-'));
  const release = join(work, 'release');
  let starting: Promise<Registry> | undefined;
  let registry: Registry | undefined;
  let versions: Record<string, string> = {};
  let before: Record<string, string> = {};
  const scope = (): string => `@envelope-kit:registry=${registry?.url}\n`;

  beforeAll(async () => {
    // Verdaccio takes seconds to start: it starts while the scratch copy is versioned and installed.
    starting = startRegistry(join(work, 'registry'));
    starting.then((started) => (registry = started)).catch(() => {});
    copyWorkspace(release);
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=rehearsal', '-c', 'user.email=rehearsal@localhost', ...args], release);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'scratch copy');
    before = Object.fromEntries(
      PUBLISHED.map((pkg) => [
        pkg,
        readJson<Manifest>(join(release, 'packages', pkg, 'package.json')).version,
      ]),
    );
    run(CHANGESET, ['version'], release);
    versions = Object.fromEntries(
      PUBLISHED.map((pkg) => [
        pkg,
        readJson<Manifest>(join(release, 'packages', pkg, 'package.json')).version,
      ]),
    );
    git('add', '-A');
    git('commit', '-qm', 'version packages');
    // As the release job does before publishing: pnpm resolves the workspace: ranges (devDependencies
    // too, they stay in the published manifest) from the installed workspace. From the store that the
    // workspace's own install filled (the registry only for what it lacks).
    run('pnpm', ['install', '--prefer-offline', '--frozen-lockfile', '--ignore-scripts'], release);
    const started = await starting;
    const npmrc = join(work, 'publish.npmrc');
    writeFileSync(
      npmrc,
      `registry=${started.url}\n//${new URL(started.url).host}/:_authToken=${started.token}\n`,
    );
    run(CHANGESET, ['publish'], release, { npm_config_registry: started.url, NPM_CONFIG_USERCONFIG: npmrc });
    startInstalls();
  });

  afterAll(async () => {
    // Also when beforeAll failed while the registry was still starting.
    await (await starting?.catch(() => undefined))?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('stops the registry by its PID', async () => {
    // Checked at the end of the suite too (afterAll); here: the PID is verdaccio's own process.
    expect(registry?.pid).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${registry?.pid}/cmdline`, 'utf8')).toContain('verdaccio');
  });

  it('applies the pending changesets: every published package gets a new version', () => {
    for (const pkg of PUBLISHED) expect(versions[pkg], pkg).not.toBe(before[pkg]);
  });

  describe('the published manifests', () => {
    const packument = async (name: string): Promise<Manifest> => {
      const response = await registryRequest('GET', new URL(name.replace('/', '%2f'), registry?.url));
      expect(response.status, name).toBe(200);
      const doc = response.json as {
        versions: Record<string, Manifest>;
        'dist-tags': Record<string, string>;
      };
      const version = versions[name.replace('@envelope-kit/', '')] ?? '';
      expect(doc['dist-tags'].latest).toBe(version);
      const manifest = doc.versions[version];
      if (manifest === undefined) throw new Error(`${name}@${version} not published`);
      return manifest;
    };

    it.each(NAMES)(
      '%s: no workspace: ranges, internal dependencies at the released versions',
      async (name) => {
        const manifest = await packument(name);
        expect(JSON.stringify(manifest)).not.toContain('workspace:');
        for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
          if (dep.startsWith('@envelope-kit/'))
            expect(range, dep).toBe(`^${versions[dep.replace('@envelope-kit/', '')]}`);
        }
      },
    );

    it.each(NAMES)(
      '%s: exports (types first), types, bin and files as in the workspace; provenance asked for',
      async (name) => {
        const manifest = await packument(name);
        const source = readJson<Manifest>(
          join(release, 'packages', name.replace('@envelope-kit/', ''), 'package.json'),
        );
        expect(manifest.exports).toEqual(source.exports);
        for (const entry of Object.values(manifest.exports ?? {})) {
          if (typeof entry === 'object') expect(Object.keys(entry)[0]).toBe('types');
        }
        expect(manifest.types).toBe(source.types);
        expect(manifest.bin).toEqual(source.bin);
        expect(manifest.files).toEqual(source.files);
        expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
        expect(manifest.private).toBeUndefined();
      },
    );

    it('lists exactly the public packages of the workspace', async () => {
      const published = listPackages().filter(
        (pkg) => readJson<Manifest>(join(ROOT, 'packages', pkg, 'package.json')).private !== true,
      );
      expect(published.sort()).toEqual([...PUBLISHED].sort());
      const response = await registryRequest('GET', new URL('@envelope-kit%2faction', registry?.url));
      expect(response.status).toBe(404);
    });
  });

  const specs = (): string[] => PUBLISHED.map((pkg) => `@envelope-kit/${pkg}@${versions[pkg]}`);

  /** A fresh project with the scoped registry line, the README example, and a TypeScript consumer. */
  function project(name: string): string {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `consumer-${name}`, version: '0.0.0', private: true, type: 'module' }),
    );
    writeFileSync(join(dir, '.npmrc'), scope());
    writeFileSync(join(dir, 'readme.mjs'), readmeScript());
    writeFileSync(join(dir, 'readme.ts'), readmeExample());
    cpSync(join(ROOT, 'packages/release-checks/test/fixtures/consumer/core-esm.ts'), join(dir, 'core.ts'));
    cpSync(join(ROOT, 'packages/release-checks/test/fixtures/consumer/all-esm.ts'), join(dir, 'all.ts'));
    const compilerOptions = {
      target: 'es2023',
      lib: ['es2023'],
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      noEmit: true,
      types: [],
    };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, skipLibCheck: false },
        files: ['readme.ts', 'core.ts'],
      }),
    );
    writeFileSync(
      join(dir, 'tsconfig.all.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, skipLibCheck: true },
        files: ['readme.ts', 'core.ts', 'all.ts'],
      }),
    );
    return dir;
  }

  function usesThePackages(dir: string): void {
    const key = randomBytes(32).toString('base64');
    const output = run(process.execPath, ['readme.mjs'], dir, { ENVELOPE_LOCAL_KEY: key });
    expect(JSON.parse(output)).toEqual({ plaintext: 'postgres://app:pw@db/app', keys: ['local'] });
    expect(run(TSC, ['-p', 'tsconfig.json'], dir)).toBe('');
    expect(run(TSC, ['-p', 'tsconfig.all.json'], dir)).toBe('');
    for (const pkg of PUBLISHED) {
      expect(readJson<Manifest>(join(dir, 'node_modules/@envelope-kit', pkg, 'package.json')).version).toBe(
        versions[pkg],
      );
    }
  }

  // The four installs run side by side (each in its own project or prefix); they start once the
  // packages are published, and each test awaits its own.
  const installs: Partial<Record<'npm' | 'pnpm' | 'yarn' | 'global', Promise<string>>> = {};
  const installed = (which: keyof typeof installs): Promise<string> =>
    installs[which] ?? Promise.reject(new Error(`${which} install never started`));

  function startInstalls(): void {
    const started = {
      npm: (dir: string) =>
        runAsync('npm', ['install', '--ignore-scripts', '--prefer-offline', ...specs()], dir),
      // minimumReleaseAge 0: these versions were published seconds ago.
      pnpm: (dir: string) =>
        runAsync(
          'pnpm',
          ['add', '--ignore-scripts', '--prefer-offline', '--config.minimumReleaseAge=0', ...specs()],
          dir,
        ),
      yarn: (dir: string) =>
        runAsync(
          join(BIN, 'yarn'),
          ['add', '--ignore-scripts', '--prefer-offline', '--non-interactive', '--no-progress', ...specs()],
          dir,
          {
            YARN_CACHE_FOLDER: YARN_CACHE,
          },
        ),
    };
    for (const [name, install] of Object.entries(started) as [
      keyof typeof started,
      (dir: string) => Promise<string>,
    ][]) {
      const dir = project(name);
      installs[name] = install(dir).then(() => dir);
    }
    const prefix = join(work, 'global');
    installs.global = runAsync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--ignore-scripts',
        '--prefer-offline',
        `--@envelope-kit:registry=${registry?.url}`,
        `@envelope-kit/cli@${versions.cli}`,
      ],
      work,
    ).then(() => prefix);
    // A failed install fails its own test; until that test awaits it, the rejection is not unhandled.
    for (const promise of Object.values(installs)) promise.catch(() => {});
  }

  it('npm: installs from the registry; the README example runs and a TypeScript consumer compiles', async () => {
    usesThePackages(await installed('npm'));
  });

  it('pnpm: the same, with pnpm isolated node_modules', async () => {
    usesThePackages(await installed('pnpm'));
  });

  it('yarn 1: the same', async () => {
    usesThePackages(await installed('yarn'));
  });

  it('npm i -g: the envelope bin prints its version and round-trips a value with a local key', async () => {
    const prefix = await installed('global');
    const envelope = join(prefix, 'bin', 'envelope');
    expect(run(envelope, ['--version'], work).trim()).toBe(versions.cli);
    const key = join(work, 'local.key');
    writeFileSync(key, randomBytes(32));
    chmodSync(key, 0o600);
    writeFileSync(join(work, 'value.txt'), 'rehearsed value');
    const sealed = run(
      envelope,
      ['seal', '--key', `local:${key}`, '--context', 'app=rehearsal', '--in', 'value.txt'],
      work,
    );
    writeFileSync(join(work, 'value.env.json'), sealed);
    expect(
      run(
        envelope,
        ['open', '--key', `local:${key}`, '--require-context', 'app=rehearsal', '--in', 'value.env.json'],
        work,
      ),
    ).toBe('rehearsed value');
  });
});
