import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import type { Problem } from './problem.js';

/** The one job allowed to mint an OIDC token (npm provenance needs it; nothing else does). */
export const PUBLISH_JOB = 'publish';

const scalarValue = (node: unknown): unknown =>
  isScalar(node) ? (node as { value: unknown }).value : undefined;

// `uses: owner/repo[/path]@ref  # comment`, as a step key or a job-level reusable workflow call.
const USES_LINE = /^\s*(?:-\s+)?uses:\s*(?<quote>['"]?)(?<ref>[^\s'"#]+)\k<quote>\s*(?:#\s*(?<comment>.*))?$/;
const FULL_SHA = /^[0-9a-f]{40}$/;
// The version comment names the exact release the SHA was taken from (Dependabot and Renovate keep it in sync).
const VERSION_COMMENT = /^v\d+\.\d+\.\d+$/;

/**
 * Checks that every remote action or reusable workflow is pinned by a full commit SHA and carries a
 * `# vX.Y.Z` comment. A tag or branch can be moved to other code after review; a commit cannot.
 * Local actions (`./...`) and `docker://` images are out of scope.
 *
 * @example
 * checkPinnedActions('ci.yml', '      - uses: actions/checkout@v4\n');
 * // [{ file: 'ci.yml', line: 1, rule: 'pin-sha', message: 'actions/checkout@v4 is not pinned by a full commit SHA' }]
 */
export function checkPinnedActions(file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  text.split('\n').forEach((lineText, index) => {
    const match = USES_LINE.exec(lineText);
    const ref = match?.groups?.ref;
    if (ref === undefined || ref.startsWith('./') || ref.startsWith('docker://')) return;
    const line = index + 1;
    const at = ref.lastIndexOf('@');
    const version = at === -1 ? '' : ref.slice(at + 1);
    if (!FULL_SHA.test(version)) {
      problems.push({ file, line, rule: 'pin-sha', message: `${ref} is not pinned by a full commit SHA` });
      return;
    }
    const comment = match?.groups?.comment?.trim() ?? '';
    if (!VERSION_COMMENT.test(comment)) {
      problems.push({
        file,
        line,
        rule: 'pin-sha',
        message: `${ref.slice(0, at)} is pinned without a "# vX.Y.Z" comment naming the release`,
      });
    }
  });
  return problems;
}

/**
 * Checks the token permissions of one workflow:
 * - the workflow declares top-level `permissions` (the default token is too broad), never `write-all`;
 * - no `pull_request_target` trigger (it runs with secrets on code from forks);
 * - `id-token: write` only in the job named `publish`, and a workflow that has it starts from
 *   `permissions: {}` so that every other job gets nothing it does not ask for.
 *
 * @example
 * checkPermissions('ci.yml', 'on: push\njobs: {}\n');
 * // [{ file: 'ci.yml', line: 1, rule: 'permissions', message: 'no top-level permissions: ...' }]
 */
export function checkPermissions(file: string, text: string): Problem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => ({ file, rule: 'yaml', message: error.message }));
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const root = doc.contents;
  if (!isMap(root)) return [{ file, rule: 'yaml', message: 'a workflow is a YAML mapping' }];

  const problems: Problem[] = [];
  const topPermissions = root.get('permissions', true);
  if (topPermissions === undefined) {
    problems.push({
      file,
      line: 1,
      rule: 'permissions',
      message: 'no top-level permissions: declare them (`contents: read`, or `{}` and per job)',
    });
  } else if (scalarValue(topPermissions) === 'write-all') {
    problems.push({
      file,
      line: lineOf(topPermissions),
      rule: 'permissions',
      message: 'write-all is not allowed',
    });
  }

  const on = root.get('on', true);
  const triggers = isMap(on) ? on.items.map((item) => String((item.key as { value?: unknown }).value)) : [];
  if (triggers.includes('pull_request_target') || scalarValue(on) === 'pull_request_target') {
    problems.push({
      file,
      line: lineOf(on),
      rule: 'permissions',
      message: 'pull_request_target is not allowed',
    });
  }

  const jobs = root.get('jobs', true);
  let mintsToken = false;
  if (isMap(jobs)) {
    for (const item of jobs.items) {
      const jobId = String((item.key as { value?: unknown }).value);
      const job = item.value;
      if (!isMap(job)) continue;
      const permissions = job.get('permissions', true);
      if (scalarValue(permissions) === 'write-all') {
        problems.push({
          file,
          line: lineOf(permissions),
          rule: 'permissions',
          message: `job ${jobId}: write-all is not allowed`,
        });
      }
      const idToken = isMap(permissions) ? (permissions as YAMLMap).get('id-token', true) : undefined;
      if (scalarValue(idToken) === 'write') {
        mintsToken = true;
        if (jobId !== PUBLISH_JOB) {
          problems.push({
            file,
            line: lineOf(idToken),
            rule: 'id-token',
            message: `job ${jobId} asks for id-token: write; only the ${PUBLISH_JOB} job may`,
          });
        }
      }
    }
  }
  if (isMap(topPermissions) && topPermissions.has('id-token')) {
    problems.push({
      file,
      line: lineOf(topPermissions),
      rule: 'id-token',
      message: `id-token at the top level reaches every job; grant it to the ${PUBLISH_JOB} job only`,
    });
  }
  if (mintsToken && !(isMap(topPermissions) && topPermissions.items.length === 0)) {
    problems.push({
      file,
      line: lineOf(topPermissions) ?? 1,
      rule: 'permissions',
      message: 'a workflow that mints an id-token starts from top-level `permissions: {}`',
    });
  }
  return problems;
}

/**
 * Checks the release workflow's shape beyond permissions: it has a `publish` job holding
 * `id-token: write` (npm provenance fails without it, silently falling back is not acceptable).
 *
 * @example
 * checkReleaseWorkflow('release.yml', text); // [] when the publish job exists with id-token: write
 */
export function checkReleaseWorkflow(file: string, text: string): Problem[] {
  const doc = parseDocument(text);
  const publish = doc.getIn(['jobs', PUBLISH_JOB]);
  if (!isMap(publish)) {
    return [{ file, rule: 'release', message: `no ${PUBLISH_JOB} job` }];
  }
  if (doc.getIn(['jobs', PUBLISH_JOB, 'permissions', 'id-token']) !== 'write') {
    return [
      { file, rule: 'release', message: `the ${PUBLISH_JOB} job needs id-token: write for npm provenance` },
    ];
  }
  return [];
}
