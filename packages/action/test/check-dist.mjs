#!/usr/bin/env node
// Fails when actions/decrypt-secrets/dist differs from what `pnpm -F @envelope-kit/action bundle`
// just wrote: a modified, deleted or new (untracked) file all count, so the code reviewed is the
// code the runner runs. Run through `pnpm -F @envelope-kit/action check-dist` (bundles first).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = 'actions/decrypt-secrets/dist';
const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', dist], {
  cwd: root,
  encoding: 'utf8',
});
if (status.trim() !== '') {
  process.stderr.write(status);
  process.stderr.write(
    `check-dist: ${dist} is stale: run 'pnpm -F @envelope-kit/action bundle' and commit it\n`,
  );
  process.exit(1);
}
console.log(`check-dist: ${dist} matches the sources`);
