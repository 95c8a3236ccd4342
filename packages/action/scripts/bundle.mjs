#!/usr/bin/env node
// Bundles the compiled entries (dist/entry-main.js, dist/entry-post.js, written by `tsc -b`) into
// actions/decrypt-secrets/dist/{main,post}, or into the directory given as the first argument.
//
// Two passes:
// 1. esbuild, with `mainFields: module,main` (what AWS documents for bundling SDK v3), so the SDK's
//    ES module builds (dist-es) are tree-shaken. ncc alone resolves every SDK package to its
//    CommonJS build and keeps all of it (1.23 MB; see BENCHMARKS.md). Code splitting keeps the
//    AWS SDK in a chunk that main.ts imports lazily, so a step that fails on its inputs, and the
//    post step, never load it.
// 2. @vercel/ncc over esbuild's output: the runner's loader (index.js + numbered chunks +
//    package.json), minified.
// The toolkit's packages are marked free of side effects (toolkitWithoutSideEffects below), so
// that its unused OIDC and Octokit clients are left out.
// licenses.txt lists every package whose code is in the bundle, from esbuild's metafile (ncc
// can no longer see the packages after the first pass).
//
// Deterministic: the same sources give the same bytes (test/dist.test.ts and check-dist rely on it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const ACTION_DIST = resolve(packageDir, '../../actions/decrypt-secrets/dist');
export const ENTRIES = ['main', 'post'];

/** The directory of the package that owns `file` (the nearest package.json with a name). */
function packageRootOf(file) {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) return dir;
    dir = dirname(dir);
  }
  throw new Error(`bundle: no package.json above ${file}`);
}

function licenseText(dir) {
  const name = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file));
  return name ? readFileSync(join(dir, name), 'utf8').trimEnd() : undefined;
}

/** ncc's licenses.txt layout: name, license, then the license text, per package, sorted by name. */
function licenses(metafile) {
  const roots = new Set();
  for (const [input, { bytesInOutput }] of Object.entries(
    Object.assign({}, ...Object.values(metafile.outputs).map((output) => output.inputs)),
  )) {
    if (bytesInOutput > 0) roots.add(packageRootOf(resolve(packageDir, input)));
  }
  const entries = [...roots]
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
  return entries
    .map(({ dir, manifest }) =>
      [manifest.name, manifest.license ?? 'UNKNOWN', licenseText(dir)].filter(Boolean).join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}

/**
 * Marks the modules of GitHub's toolkit (@actions/*, @octokit/*) free of side effects, as their
 * packages do not say (no `sideEffects` field), so esbuild drops what the action does not call:
 * @actions/core's OIDC client (@actions/http-client, undici) and @actions/github's Octokit
 * (`getOctokit`, whose module builds the client class at load time). What stays is what the
 * action uses: core's commands, file commands and summary, and github's `context`. Measured
 * (BENCHMARKS.md): without it dist/main/index.js is 587 KB and dist/post/index.js 547 KB, undici
 * alone 415 KB of each, and the main step does not even start: esbuild's ESM output cannot
 * `require('net')` for undici's CommonJS ("Dynamic require of "net" is not supported"). With it,
 * 46 KB and 8 KB. The bundle tests (test/) run the result, so a toolkit update that brings a side
 * effect back fails there.
 */
const toolkitWithoutSideEffects = {
  name: 'toolkit-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0 || !/[/\\]node_modules[/\\]@(actions|octokit)[/\\]/.test(resolved.path))
        return resolved;
      return { ...resolved, sideEffects: false };
    });
  },
};

async function bundleEntry(entry, outDir) {
  // A fixed path: ncc's module ids derive from it, and the bytes must not depend on a temp name.
  const stage = join(packageDir, '.bundle-stage', entry);
  rmSync(stage, { recursive: true, force: true });
  try {
    const result = await build({
      entryPoints: [join(packageDir, `dist/entry-${entry}.js`)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      mainFields: ['module', 'main'],
      splitting: true,
      outdir: stage,
      minify: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'warning',
      plugins: [toolkitWithoutSideEffects],
    });
    const out = join(outDir, entry);
    execFileSync(
      join(packageDir, 'node_modules/.bin/ncc'),
      [
        'build',
        join(stage, `entry-${entry}.js`),
        '-o',
        out,
        '--minify',
        '--no-source-map-register',
        '--quiet',
      ],
      { cwd: packageDir, stdio: 'inherit' },
    );
    writeFileSync(join(out, 'licenses.txt'), licenses(result.metafile));
  } finally {
    rmSync(join(packageDir, '.bundle-stage'), { recursive: true, force: true });
  }
}

/** Writes the bundle of every entry into `outDir/<entry>`, replacing what was there. */
export async function bundle(outDir = ACTION_DIST) {
  rmSync(outDir, { recursive: true, force: true });
  for (const entry of ENTRIES) await bundleEntry(entry, outDir);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle(process.argv[2] ? resolve(process.argv[2]) : ACTION_DIST);
}
