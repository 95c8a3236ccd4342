// CLI start time: `envelope --version` and `envelope --help` against `node -e 0`, with hyperfine,
// in a bare environment (`env -i PATH HOME`: NODE_EXTRA_CA_CERTS alone adds ~120 ms to Node's
// start). Prints a Markdown table for BENCHMARKS.md. Target (issue 14): at most 100 ms over
// `node -e 0`. Run: pnpm -F @envelope-kit/cli bench (after pnpm build).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const node = process.execPath;
const dir = mkdtempSync(join(tmpdir(), 'envelope-bench-'));
const out = join(dir, 'start.json');
const commands = [`${node} -e 0`, `${node} ${bin} --version`, `${node} ${bin} --help`];
try {
  execFileSync(
    'env',
    [
      '-i',
      `PATH=${process.env.PATH}`,
      `HOME=${process.env.HOME}`,
      'hyperfine',
      '-N',
      '--warmup',
      '5',
      '--runs',
      '40',
      '--export-json',
      out,
      ...commands,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const { results } = JSON.parse(readFileSync(out, 'utf8'));
  const ms = (s) => (s * 1000).toFixed(1);
  const base = results[0];
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| command | mean ms | median ms | user ms | over `node -e 0` (median) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [i, r] of results.entries()) {
    const label = ['node -e 0', 'envelope --version', 'envelope --help'][i];
    const over = i === 0 ? '' : `${ms(r.median - base.median)} ms`;
    console.log(`| \`${label}\` | ${ms(r.mean)} | ${ms(r.median)} | ${ms(r.user)} | ${over} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
