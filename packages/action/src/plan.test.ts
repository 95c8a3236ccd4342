import { describe, expect, it } from 'vitest';
import { type Inputs, readInputs } from './inputs.js';
import { buildPlan } from './plan.js';
import type { StepContext } from './toolkit.js';

function inputs(values: Record<string, string>): Inputs {
  return readInputs((name) => values[name] ?? '');
}

const step: StepContext = {
  workspace: '/work/repo',
  workflow: { repository: 'acme/app', ref: 'refs/heads/main', environment: undefined },
};

describe('buildPlan', () => {
  it('lists secrets, prefixes and files with aliases, regions and env names', () => {
    const plan = buildPlan(
      inputs({
        'secret-ids': [
          'prod/db',
          'DB2,arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db2-AbCdEf',
          ',prod/json',
          'prod/app/*',
        ].join('\n'),
        'envelope-files': 'secrets/app.env.json\nKEY, ./keys/api.envelope',
        region: 'us-east-2',
      }),
      step,
    );
    expect(plan.failures).toEqual([]);
    expect(plan.entries).toEqual([
      {
        kind: 'secret',
        line: 'prod/db',
        alias: undefined,
        id: 'prod/db',
        region: 'us-east-2',
        envName: 'PROD_DB',
      },
      {
        kind: 'secret',
        line: 'DB2,arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db2-AbCdEf',
        alias: 'DB2',
        id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db2-AbCdEf',
        region: 'eu-west-1',
        envName: 'DB2',
      },
      {
        kind: 'secret',
        line: ',prod/json',
        alias: '',
        id: 'prod/json',
        region: 'us-east-2',
        envName: 'PROD_JSON',
      },
      {
        kind: 'prefix',
        line: 'prod/app/*',
        alias: undefined,
        prefix: 'prod/app/',
        region: 'us-east-2',
      },
      {
        kind: 'file',
        line: 'secrets/app.env.json',
        alias: undefined,
        path: 'secrets/app.env.json',
        absolutePath: '/work/repo/secrets/app.env.json',
        name: 'app.env',
        envName: 'APP_ENV',
      },
      {
        kind: 'file',
        line: 'KEY, ./keys/api.envelope',
        alias: 'KEY',
        path: './keys/api.envelope',
        absolutePath: '/work/repo/keys/api.envelope',
        name: 'api',
        envName: 'KEY',
      },
    ]);
    expect(plan.workflow).toEqual({ repository: 'acme/app', ref: 'refs/heads/main', environment: undefined });
    expect(plan.workspace).toBe('/work/repo');
  });

  it('an ARN is named without its random suffix', () => {
    const plan = buildPlan(
      inputs({
        'secret-ids': 'arn:aws:secretsmanager:us-east-1:123456789012:secret:9lives-AbCdEf',
        'plaintext-secrets': 'deny',
        'name-transformation': 'lowercase',
      }),
      step,
    );
    expect(plan.entries).toMatchObject([{ envName: '_9lives' }]);
  });

  it('collects every refused line as a failure and keeps the others', () => {
    const plan = buildPlan(
      inputs({
        'secret-ids': 'ok/one\nab*\nbad alias, x\npre*fix*',
        'envelope-files': '../outside.env\n/etc/passwd\nsecrets/../../x\nfine.env',
      }),
      step,
    );
    expect(plan.entries.map((e) => (e.kind === 'file' ? e.path : e.line))).toEqual(['ok/one', 'fine.env']);
    expect(plan.failures.map((f) => [f.subject, f.code])).toEqual([
      ['ab*', 'ERR_INPUT'],
      ['x', 'ERR_INPUT'],
      ['pre*fix*', 'ERR_INPUT'],
      ['../outside.env', 'ERR_PATH_OUTSIDE_WORKSPACE'],
      ['/etc/passwd', 'ERR_PATH_OUTSIDE_WORKSPACE'],
      ['secrets/../../x', 'ERR_PATH_OUTSIDE_WORKSPACE'],
    ]);
  });

  it('takes the workspace and workflow from the step, and the default region without input', () => {
    const unknown = { repository: undefined, ref: undefined, environment: undefined };
    const plan = buildPlan(inputs({ 'secret-ids': 'a/b', 'envelope-files': 'x.env' }), {
      workspace: '/tmp/ws',
      workflow: unknown,
    });
    expect(plan.workspace).toBe('/tmp/ws');
    expect(plan.entries).toMatchObject([{ region: undefined }, { absolutePath: '/tmp/ws/x.env' }]);
    expect(plan.workflow).toEqual(unknown);
  });
});
