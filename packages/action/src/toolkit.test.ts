// The seam to GitHub's toolkit: actionsIO() is @actions/core (inputs from INPUT_*, file commands in
// GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE, workflow commands on stdout) and stepContext() reads
// @actions/github's context. The real packages, with the runner's variables stubbed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { context as actionsContext } from '@actions/github';
import { parseFileCommands } from '@envelope-kit/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readInputs } from './inputs.js';
import { actionsIO, stepContext } from './toolkit.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('actionsIO (@actions/core)', () => {
  it('reads inputs as the runner passes them (INPUT_<NAME>, dashes kept)', () => {
    vi.stubEnv('INPUT_SECRET-IDS', '  prod/db\n\nALIAS,prod/api  ');
    vi.stubEnv('INPUT_PARSE-JSON-SECRETS', 'True');
    const inputs = readInputs(actionsIO().getInput);
    expect(inputs.secretIds).toEqual(['prod/db', 'ALIAS,prod/api']);
    expect(inputs.parseJsonSecrets).toBe(true);
  });

  it('masks on stdout and writes variables, outputs and state to the runner files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ek-toolkit-'));
    try {
      const file = (name: string) => {
        writeFileSync(join(dir, name), '');
        return join(dir, name);
      };
      vi.stubEnv('GITHUB_ENV', file('env'));
      vi.stubEnv('GITHUB_OUTPUT', file('output'));
      vi.stubEnv('GITHUB_STATE', file('state'));
      const stdout: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        stdout.push(String(chunk));
        return true;
      });
      const io = actionsIO();
      io.setSecret('two\nlines');
      io.exportVariable('EK_TOOLKIT_TEST', 'two\nlines');
      io.setOutput('names', '["EK_TOOLKIT_TEST"]');
      io.saveState('exported-names', '["EK_TOOLKIT_TEST"]');
      expect(stdout).toEqual(['::add-mask::two%0Alines\n']);
      expect(parseFileCommands(readFileSync(join(dir, 'env'), 'utf8'))).toEqual({
        EK_TOOLKIT_TEST: 'two\nlines',
      });
      expect(process.env.EK_TOOLKIT_TEST).toBe('two\nlines');
      expect(parseFileCommands(readFileSync(join(dir, 'output'), 'utf8'))).toEqual({
        names: '["EK_TOOLKIT_TEST"]',
      });
      expect(parseFileCommands(readFileSync(join(dir, 'state'), 'utf8'))).toEqual({
        'exported-names': '["EK_TOOLKIT_TEST"]',
      });
      vi.stubEnv('STATE_exported-names', '["EK_TOOLKIT_TEST"]');
      expect(io.getState('exported-names')).toBe('["EK_TOOLKIT_TEST"]');
    } finally {
      delete process.env.EK_TOOLKIT_TEST;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stepContext (@actions/github context)', () => {
  it('takes repository and ref from the context, the workspace and environment from the runner', async () => {
    vi.stubEnv('GITHUB_REPOSITORY', 'Acme/App');
    vi.stubEnv('GITHUB_REF', 'refs/tags/v1');
    vi.stubEnv('GITHUB_EVENT_PATH', '');
    // @actions/github's own Context class (its `context` is one, built when the package loads):
    // a new one reads the variables stubbed above.
    const contextModule = new URL('context.js', import.meta.resolve('@actions/github')).href;
    const { Context } = (await import(contextModule)) as { Context: new () => typeof actionsContext };
    const context = new Context();
    expect(stepContext(context, { GITHUB_WORKSPACE: 'repo', GITHUB_ENVIRONMENT: 'prod' }, '/w')).toEqual({
      workspace: '/w/repo',
      workflow: { repository: 'Acme/App', ref: 'refs/tags/v1', environment: 'prod' },
    });
  });

  it('knows no repository or ref when the runner names none, and falls back to cwd', () => {
    const github = {
      get repo(): { owner: string; repo: string } {
        throw new Error("context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'");
      },
      ref: '',
    };
    expect(stepContext(github, {}, '/tmp/ws')).toEqual({
      workspace: '/tmp/ws',
      workflow: { repository: undefined, ref: undefined, environment: undefined },
    });
  });
});
