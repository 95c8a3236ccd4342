// Small consumers compile against the packed tarballs with the workspace's TypeScript 7, as a user's
// project would: ES module and CommonJS, moduleResolution bundler, node16 and nodenext, with and
// without Node types (@types/node really absent, not just left out of `types`). No skipLibCheck,
// so the packages' own declarations are checked too. The consumers (test/fixtures/consumer) also
// assert that error codes are typed: a misspelt code is a compile error (`@ts-expect-error`), and
// isEnvelopeKitError narrows by code, including the codes aws-adapter and the CLI register.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, packPublished, ROOT, run, TSC } from './published.js';

const FIXTURES = join(ROOT, 'packages/release-checks/test/fixtures/consumer');
const NODE_TYPES_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'packages/envelope-core/package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies['@types/node'];

interface Variant {
  readonly name: string;
  readonly packageType: 'module' | 'commonjs';
  readonly module: string;
  readonly moduleResolution: string;
  /** `esm`: static imports; `cjs`: import() for values and import-mode type imports. */
  readonly syntax: 'esm' | 'cjs';
}

const VARIANTS: readonly Variant[] = [
  { name: 'esm-node16', packageType: 'module', module: 'node16', moduleResolution: 'node16', syntax: 'esm' },
  {
    name: 'esm-bundler',
    packageType: 'module',
    module: 'esnext',
    moduleResolution: 'bundler',
    syntax: 'esm',
  },
  {
    name: 'cjs-node16',
    packageType: 'commonjs',
    module: 'node16',
    moduleResolution: 'node16',
    syntax: 'cjs',
  },
  // require() of an ES module, which TypeScript allows under nodenext (Node >= 20.19 runs it).
  {
    name: 'cjs-nodenext',
    packageType: 'commonjs',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    syntax: 'esm',
  },
];

// The AWS SDK's own declarations (pulled in by aws-adapter and the CLI) name Node's or the DOM's
// types (Buffer, node:stream, URL, AbortSignal): the SDK asks its users for @types/node or the DOM
// lib. Without either, and without skipLibCheck, these are the only files allowed to report errors.
const THIRD_PARTY_NEEDING_NODE = /^(?:\.\.\/)*node_modules\/(?:@smithy|@aws-sdk)\//;

/** Writes one consumer project: package.json, the two sources for its syntax, and a tsconfig per check. */
function writeConsumer(dir: string, variant: Variant, withNodeTypes: boolean): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: variant.packageType }));
  copyFileSync(join(FIXTURES, `core-${variant.syntax}.ts`), join(dir, 'core.ts'));
  copyFileSync(join(FIXTURES, `all-${variant.syntax}.ts`), join(dir, 'all.ts'));
  const tsconfig = (files: string[], options: Record<string, unknown>) =>
    JSON.stringify({
      compilerOptions: {
        target: 'es2023',
        lib: ['es2023'],
        module: variant.module,
        moduleResolution: variant.moduleResolution,
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: withNodeTypes ? ['node'] : [],
        ...options,
      },
      files,
    });
  writeFileSync(join(dir, 'tsconfig.core.json'), tsconfig(['core.ts'], {}));
  writeFileSync(join(dir, 'tsconfig.all.json'), tsconfig(['core.ts', 'all.ts'], {}));
  writeFileSync(join(dir, 'tsconfig.skiplib.json'), tsconfig(['core.ts', 'all.ts'], { skipLibCheck: true }));
}

const execFileAsync = promisify(execFile);

/** Compiles a consumer with the workspace's tsc; resolves to its diagnostics, one line each (paths relative to `dir`). */
async function compile(dir: string, config: string): Promise<string[]> {
  try {
    await execFileAsync(TSC, ['-p', config, '--pretty', 'false'], {
      cwd: dir,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    return [];
  } catch (error) {
    const { stdout, code } = error as { stdout?: string; code?: unknown };
    if (stdout === undefined || stdout.trim() === '' || code === 0) throw error;
    return stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  }
}

const CHECKS = ['node-types/all', 'bare/core', 'bare/all', 'bare/skiplib'] as const;
type Check = (typeof CHECKS)[number];

describe('the packed packages type-check in consumer projects (TypeScript 7)', () => {
  const work = mkdtempSync(join(tmpdir(), 'envelope-kit-consumers-'));
  const project = join(work, 'project');
  const bare = join(project, 'bare');
  const nodeTypes = join(project, 'node-types');

  beforeAll(async () => {
    const packs = join(work, 'packs');
    mkdirSync(packs);
    mkdirSync(project);
    const tarballs = packPublished(packs);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumers', private: true }));
    run('npm', ['install', '--ignore-scripts', '--prefer-offline', ...tarballs], project);
    // @types/node lives only in node-types/node_modules: consumers under bare/ cannot see it at all.
    mkdirSync(nodeTypes);
    writeFileSync(join(nodeTypes, 'package.json'), JSON.stringify({ name: 'node-types', private: true }));
    run(
      'npm',
      ['install', '--ignore-scripts', '--prefer-offline', `@types/node@${NODE_TYPES_VERSION}`],
      nodeTypes,
    );
    for (const variant of VARIANTS) {
      writeConsumer(join(bare, variant.name), variant, false);
      writeConsumer(join(nodeTypes, variant.name), variant, true);
    }
    // Every compilation at once (tsc is single-threaded per project; the machine has several cores).
    const jobs = VARIANTS.flatMap((variant) =>
      CHECKS.map(async (check) => {
        const [where, config] = check.split('/') as [string, string];
        const dir = join(where === 'bare' ? bare : nodeTypes, variant.name);
        diagnostics.set(`${variant.name} ${check}`, await compile(dir, `tsconfig.${config}.json`));
      }),
    );
    await Promise.all(jobs);
  });

  const diagnostics = new Map<string, string[]>();
  const of = (variant: Variant, check: Check): string[] => {
    const found = diagnostics.get(`${variant.name} ${check}`);
    if (found === undefined) throw new Error(`no compilation for ${variant.name} ${check}`);
    return found;
  };

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe.each(VARIANTS)('$name', (variant) => {
    it('with @types/node: every package compiles, declarations checked', () => {
      expect(of(variant, 'node-types/all')).toEqual([]);
    });

    it('without Node types: envelope-core compiles with only the ES library, declarations checked', () => {
      expect(of(variant, 'bare/core')).toEqual([]);
    });

    it('without Node types: aws-adapter and the CLI add no error of their own (only the AWS SDK needs Node types)', () => {
      expect(of(variant, 'bare/all').filter((line) => !THIRD_PARTY_NEEDING_NODE.test(line))).toEqual([]);
    });

    it('without Node types, with skipLibCheck (as `tsc --init` sets it): every package compiles', () => {
      expect(of(variant, 'bare/skiplib')).toEqual([]);
    });
  });

  it('fails on a consumer error, so an empty list above means something', async () => {
    const dir = join(bare, 'esm-node16');
    writeFileSync(
      join(dir, 'broken.ts'),
      "import { seal } from '@envelope-kit/envelope-core';\nseal(42, {});\n",
    );
    writeFileSync(
      join(dir, 'tsconfig.broken.json'),
      JSON.stringify({ extends: './tsconfig.core.json', files: ['broken.ts'] }),
    );
    expect((await compile(dir, 'tsconfig.broken.json')).join('\n')).toMatch(
      /broken\.ts\(2,\d+\): error TS2345/,
    );
  });
});
