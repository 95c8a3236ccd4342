#!/usr/bin/env node
// Run by the release workflow after publishing: tags the action `v<version>` (the version changesets
// gave packages/action) and moves the major tag `v<major>` to the same commit, which is what
// `uses: envelope-kit/envelope-kit/actions/decrypt-secrets@v1` resolves. Re-runs are no-ops: an
// existing release tag is never moved. Without --push it only prints the plan.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const push = process.argv.includes('--push');
const entry = join(root, 'packages/release-checks/dist/index.js');
if (!existsSync(entry)) {
  console.error('release-tag-action: packages/release-checks is not built; run `pnpm build` first');
  process.exit(2);
}
const { planActionTags } = await import(entry);
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

const { version } = JSON.parse(readFileSync(join(root, 'packages/action/package.json'), 'utf8'));
if (push) git('fetch', '--tags', '--force', 'origin');
const tags = git('tag', '--list', 'v*').split('\n').filter(Boolean);
const plan = planActionTags(version, tags);
if (!plan.createRelease) {
  console.log(`release-tag-action: ${plan.release} exists already; nothing to do`);
  process.exit(0);
}
console.log(
  `release-tag-action: ${plan.release} at ${git('rev-parse', 'HEAD')}` +
    (plan.moveMajor ? `, ${plan.major} moved to it` : ` (prerelease: ${plan.major} stays)`),
);
if (!push) process.exit(0);
git('tag', '--annotate', plan.release, '--message', `decrypt-secrets ${plan.release}`);
git('push', 'origin', `refs/tags/${plan.release}`);
if (plan.moveMajor) {
  git('tag', '--force', '--annotate', plan.major, '--message', `decrypt-secrets ${plan.release}`);
  git('push', '--force', 'origin', `refs/tags/${plan.major}`);
}
