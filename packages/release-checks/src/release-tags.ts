/** What the release workflow does to the action's tags for one version of packages/action. */
export interface ActionTagPlan {
  /** The immutable tag for this release, e.g. `v1.4.2`. */
  release: string;
  /** The moving major tag users pin with `@v1`. */
  major: string;
  /** False when the release tag exists already (a re-run of the workflow must not move anything). */
  createRelease: boolean;
  /** Prereleases never move the major tag: `@v1` users get only finished releases. */
  moveMajor: boolean;
}

const SEMVER =
  /^(?<major>0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?<pre>-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Plans the action's git tags for `version` (the version changesets gave packages/action), given the
 * tags that exist already. Pure, so the release logic is tested without git.
 *
 * @example
 * planActionTags('1.4.2', ['v1.4.1', 'v1']);
 * // { release: 'v1.4.2', major: 'v1', createRelease: true, moveMajor: true }
 */
export function planActionTags(version: string, existingTags: readonly string[]): ActionTagPlan {
  const match = SEMVER.exec(version);
  if (!match?.groups) throw new Error(`not a semantic version: ${JSON.stringify(version)}`);
  const release = `v${version}`;
  const major = `v${match.groups.major}`;
  const createRelease = !existingTags.includes(release);
  return { release, major, createRelease, moveMajor: createRelease && match.groups.pre === undefined };
}
