import { describe, expect, it } from 'vitest';
import { checkPermissions, checkPinnedActions, checkReleaseWorkflow } from './workflow-policy.js';

const SHA = 'de0fac2e4500dabe0009e67214ff5f5447ce83dd';

describe('checkPinnedActions', () => {
  it('accepts a full SHA with a version comment, local actions and docker images', () => {
    const text = [
      `      - uses: actions/checkout@${SHA} # v6.0.2`,
      `      - uses: "owner/repo/sub/path@${SHA}"   #   v1.2.3`,
      '      - uses: ./actions/decrypt-secrets',
      '      - uses: docker://alpine:3.20',
    ].join('\n');
    expect(checkPinnedActions('ci.yml', text)).toEqual([]);
  });

  it('rejects tags, branches and short SHAs, with the line', () => {
    const text = [
      'steps:',
      '  - uses: actions/checkout@v6',
      '  - uses: actions/setup-node@main',
      `  - uses: pnpm/action-setup@${SHA.slice(0, 7)} # v4.2.0`,
      '  - uses: some/action',
    ].join('\n');
    const problems = checkPinnedActions('ci.yml', text);
    expect(problems.map((p) => [p.line, p.rule])).toEqual([
      [2, 'pin-sha'],
      [3, 'pin-sha'],
      [4, 'pin-sha'],
      [5, 'pin-sha'],
    ]);
    expect(problems[0]?.message).toContain('actions/checkout@v6');
  });

  it('rejects a pin without a vX.Y.Z comment', () => {
    const bare = checkPinnedActions('ci.yml', `  - uses: actions/checkout@${SHA}`);
    const vague = checkPinnedActions('ci.yml', `  - uses: actions/checkout@${SHA} # v6`);
    expect(bare).toHaveLength(1);
    expect(vague).toHaveLength(1);
    expect(vague[0]?.message).toContain('# vX.Y.Z');
  });
});

describe('checkPermissions', () => {
  const release = (
    topPermissions: string,
    publishPermissions: string,
    versionPermissions = 'contents: write',
  ) =>
    [
      'on: push',
      topPermissions,
      'jobs:',
      '  version:',
      '    permissions:',
      `      ${versionPermissions}`,
      '  publish:',
      '    permissions:',
      `      ${publishPermissions}`,
      '',
    ].join('\n');

  it('accepts permissions {} at the top and id-token only in publish', () => {
    expect(checkPermissions('release.yml', release('permissions: {}', 'id-token: write'))).toEqual([]);
  });

  it('requires top-level permissions', () => {
    const problems = checkPermissions('ci.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n');
    expect(problems.map((p) => p.rule)).toEqual(['permissions']);
  });

  it('rejects write-all at the top and in a job', () => {
    const text = 'on: push\npermissions: write-all\njobs:\n  a:\n    permissions: write-all\n';
    expect(checkPermissions('ci.yml', text).map((p) => [p.line, p.rule])).toEqual([
      [2, 'permissions'],
      [5, 'permissions'],
    ]);
  });

  it('rejects id-token: write outside the publish job', () => {
    const problems = checkPermissions(
      'release.yml',
      release('permissions: {}', 'id-token: write', 'id-token: write'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'id-token', line: 6 });
    expect(problems[0]?.message).toContain('job version');
  });

  it('rejects a workflow that mints a token without starting from permissions {}', () => {
    const problems = checkPermissions(
      'release.yml',
      release('permissions:\n  contents: read', 'id-token: write'),
    );
    expect(problems.map((p) => p.rule)).toEqual(['permissions']);
  });

  it('rejects id-token granted at the top level', () => {
    const problems = checkPermissions(
      'release.yml',
      release('permissions:\n  id-token: write', 'contents: read'),
    );
    expect(problems.map((p) => p.rule)).toContain('id-token');
  });

  it('rejects pull_request_target', () => {
    const problems = checkPermissions('ci.yml', 'on:\n  pull_request_target:\npermissions: {}\njobs: {}\n');
    expect(problems.map((p) => p.message)).toEqual(['pull_request_target is not allowed']);
  });
});

describe('checkReleaseWorkflow', () => {
  it('requires a publish job with id-token: write', () => {
    expect(checkReleaseWorkflow('release.yml', 'jobs:\n  version: {}\n')[0]?.message).toBe('no publish job');
    expect(
      checkReleaseWorkflow('release.yml', 'jobs:\n  publish:\n    permissions:\n      contents: write\n'),
    ).toHaveLength(1);
    expect(
      checkReleaseWorkflow('release.yml', 'jobs:\n  publish:\n    permissions:\n      id-token: write\n'),
    ).toEqual([]);
  });
});
