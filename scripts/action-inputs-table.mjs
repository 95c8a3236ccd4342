#!/usr/bin/env node
// Generates the inputs table of actions/decrypt-secrets/README.md from action.yml, between the
// `<!-- inputs:start -->` and `<!-- inputs:end -->` markers, so the README cannot drift from the
// action. `--write` rewrites that region; `--check` (run by `pnpm check`) fails when it differs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2];
if (mode !== '--write' && mode !== '--check') {
  console.error('usage: node scripts/action-inputs-table.mjs --write | --check');
  process.exit(2);
}
const entry = join(root, 'packages/release-checks/dist/index.js');
if (!existsSync(entry)) {
  console.error('action-inputs-table: packages/release-checks is not built; run `pnpm build` first');
  process.exit(2);
}
const { readActionMetadata, renderInputsTable, replaceInputsRegion } = await import(entry);

const actionYml = join(root, 'actions/decrypt-secrets/action.yml');
const readmePath = join(root, 'actions/decrypt-secrets/README.md');
for (const path of [actionYml, readmePath]) {
  if (!existsSync(path)) {
    console.error(`action-inputs-table: ${path.slice(root.length + 1)} not found`);
    process.exit(1);
  }
}
const readme = readFileSync(readmePath, 'utf8');
let expected;
try {
  expected = replaceInputsRegion(
    readme,
    renderInputsTable(readActionMetadata(readFileSync(actionYml, 'utf8'))),
  );
} catch (error) {
  console.error(`action-inputs-table: actions/decrypt-secrets/README.md: ${error.message}`);
  process.exit(1);
}
if (mode === '--write') {
  if (expected !== readme) writeFileSync(readmePath, expected);
  console.log(`action-inputs-table: README ${expected === readme ? 'already up to date' : 'updated'}`);
} else if (expected !== readme) {
  console.error(
    'action-inputs-table: the inputs table in actions/decrypt-secrets/README.md differs from action.yml;' +
      ' run `pnpm inputs-table` and commit the README',
  );
  process.exit(1);
} else {
  console.log('action-inputs-table: README inputs table matches action.yml');
}
