/**
 * Which action bundle the suite runs. By default the committed one (testkit's runAction picks
 * `actions/decrypt-secrets/dist`). `EK_ACTION_DIST=<a dist folder>` runs another one instead, to show
 * that an attack test fails on older code:
 *
 *     git -C /work/main worktree add --detach /tmp/ek-old abe2743
 *     EK_ACTION_DIST=/tmp/ek-old/actions/decrypt-secrets/dist pnpm -F @envelope-kit/reliability exec vitest run test/policy-attacks.test.ts
 */
import { join } from 'node:path';

/**
 * The `script` option for testkit's `runAction`: empty for the committed bundle, else the entry of
 * the bundle `EK_ACTION_DIST` names.
 *
 * @example
 * ```ts
 * await runAction({ entry: 'main', inputs, ...bundleUnderTest('main') });
 * ```
 */
export function bundleUnderTest(entry: 'main' | 'post'): { script?: string } {
  const dist = process.env.EK_ACTION_DIST;
  return dist ? { script: join(dist, entry, 'index.js') } : {};
}
