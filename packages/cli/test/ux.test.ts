// The CLI's own behaviour around commands (issue 14): "did you mean" for commands and options
// (problem 8), no Node-20 SDK warning (problem 4), `--version`/`--help` without the AWS SDK
// (speed), and `--debug`, which prints the error chain and request ids but never a value.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoLeaks, awsTestEnv, freePort, resetMoto, startFaultProxy } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, createKey, envelope, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const VALUE = 'debug-never-prints-Zq81-value';
let dir: string;

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-ux-'));
  await createKey(endpoint, 'alias/cli-ux');
  await putRawSecret(endpoint, 'ux/plain', 'plain-value');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('did you mean', () => {
  it.each([
    [['sael'], "unknown command 'sael'; did you mean 'seal'?"],
    [['rewarp', 'x'], "unknown command 'rewarp'; did you mean 'rewrap'?"],
    [['seal', '--kee', 'alias/x'], "seal: unknown option --kee; did you mean '--key'?"],
    [
      ['open', '--requre-context', 'a=b'],
      "open: unknown option --requre-context; did you mean '--require-context'?",
    ],
    [['--versoin'], "unknown option --versoin; did you mean '--version'?"],
  ])('%j', async (args, message) => {
    const r = await envelope(endpoint, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`envelope: ERR_USAGE: ${message}`);
  });

  it('offers nothing for a word that is no typo', async () => {
    const r = await envelope(endpoint, ['frobnicate']);
    expect(r.stderr).not.toContain('did you mean');
  });
});

/** Runs the CLI with exactly `env` (nothing inherited: the helper sets the SDK's switch). */
function bare(args: readonly string[], env: Record<string, string>, nodeArgs: readonly string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    input: '',
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the Node-20 SDK warning', () => {
  it('is not printed, with AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED unset', () => {
    // Only Node < 22 gets the warning: on 22+ this test shows nothing either way.
    const r = bare(['pull', 'ux/plain'], awsTestEnv(endpoint));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    expect(r.stdout).toBe('plain-value');
  });

  it("run's child gets the environment as it was: the switch the CLI set is not passed on", () => {
    const r = bare(
      [
        'run',
        '--secret-ids',
        'ux/plain',
        '--',
        process.execPath,
        '-e',
        'process.stdout.write(String(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED))',
      ],
      awsTestEnv(endpoint),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('undefined');
  });
});

describe('start without the AWS SDK', () => {
  it.each([[['--version']], [['--help']], [['seal', '--help']]])(
    '%j: only a command that calls AWS loads the SDK',
    (args) => {
      const log = join(dir, `imports-${args.join('')}.log`);
      writeFileSync(log, '');
      const hook = fileURLToPath(new URL('./fixtures/record-imports.mjs', import.meta.url));
      const r = bare(args, { IMPORT_LOG: log }, ['--import', hook]);
      expect(r.code, r.stderr).toBe(0);
      const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(urls.some((u) => u.endsWith('/dist/main.js'))).toBe(true); // the hook did record
      const aws = urls.filter((u) => u.includes('/@aws-sdk/') || u.includes('/@smithy/'));
      // `seal --help` loads the seal command, which needs the SDK; --version and --help do not,
      // nor envelope-core or aws-adapter (about 70 ms of module loading on Node 20, BENCHMARKS.md).
      const ours = urls.filter((u) => /\/(envelope-core|aws-adapter)\//.test(u));
      if (args[0] === 'seal') expect(aws.length).toBeGreaterThan(0);
      else expect([...aws, ...ours]).toEqual([]);
    },
  );
});

describe('--debug', () => {
  it('prints the error chain: the AWS call, the network fields', async () => {
    const port = await freePort();
    const r = await envelope(endpoint, [
      'pull',
      'ux/plain',
      '--endpoint-url',
      `http://127.0.0.1:${port}`,
      '--debug',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^envelope: ERR_CONNECTION_REFUSED: /);
    expect(r.stderr).toMatch(
      /envelope: debug: cause 1: Error \(sdk\/node\) code=ECONNREFUSED call=secretsmanager:(Batch)?GetSecretValue/,
    );
    expect(r.stderr).toContain(`port=${port}`);
  });

  it('prints the fields of an AWS answer (HTTP status, request id when sent), never the value being sealed or pushed', async () => {
    const proxy = await startFaultProxy({
      target: endpoint,
      rules: { CreateSecret: { accessDenied: 1 }, PutSecretValue: { accessDenied: 1 } },
    });
    try {
      const push = await envelope(
        endpoint,
        ['push', 'ux/denied', '--key', 'alias/cli-ux', '--debug', '--endpoint-url', proxy.endpoint],
        {
          input: VALUE,
        },
      );
      expect(push.code).toBe(1);
      expect(push.stderr).toMatch(
        /ERR_ACCESS_DENIED: access denied to secretsmanager:(CreateSecret|PutSecretValue) on ux\/denied/,
      );
      expect(push.stderr).toMatch(/envelope: debug: cause 1: AccessDeniedException \(sdk\/node\) .*http=400/);
      const port = await freePort();
      const seal = await envelope(
        endpoint,
        ['seal', '--key', 'alias/cli-ux', '--debug', '--endpoint-url', `http://127.0.0.1:${port}`],
        {
          input: VALUE,
        },
      );
      expect(seal.code).toBe(1);
      expect(seal.stderr).toContain('envelope: debug:');
      for (const r of [push, seal]) assertNoLeaks({ secrets: [VALUE], stdout: r.stdout, stderr: r.stderr });
    } finally {
      await proxy.close();
    }
  });
});
