// External review F1 (second round) on the committed bundle (Node 24, moto), as a regression test:
// a secret's content, read under a blank alias with parse-json-secrets (the README's own example),
// chose names that later build steps run as commands: make's $(RM) on `make clean`, setuptools'
// LDSHARED on `python3 setup.py build_ext`. Against the bundle of ddab331 (EK_ACTION_DIST=<a copy of
// that dist>, src/bundle-under-test.ts) the first test fails (`make clean` runs the payload), and so does the allow-list one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClientFactory } from '@envelope-kit/aws-adapter';
import {
  awsTestEnv,
  cleanupRun,
  parseFileCommands,
  type RunActionResult,
  resetMoto,
  runAction,
  testClientOptions,
} from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleUnderTest } from '../src/index.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
const results: RunActionResult[] = [];
const work = mkdtempSync(join(tmpdir(), 'ek-names-'));
const RM_RAN = join(work, 'rm-ran');
const LDSHARED_RAN = join(work, 'ldshared-ran');

async function step(inputs: Record<string, string>): Promise<RunActionResult> {
  const result = await runAction({
    entry: 'main',
    inputs,
    env: awsTestEnv(endpoint),
    ...bundleUnderTest('main'),
  });
  results.push(result);
  return result;
}

/** The names the review's t1.mjs exported (all but the ones it found harmless), and the MSVC ones. */
const PAYLOAD: Record<string, string> = {
  RM: `sh -c 'touch ${RM_RAN}' ;`,
  LDSHARED: `sh -c 'touch ${LDSHARED_RAN}' ;`,
  ...Object.fromEntries(
    [
      'AWK',
      'CONFIG_SHELL',
      'RANLIB',
      'STRIP',
      'NM',
      'OBJCOPY',
      'YACC',
      'LEX',
      'M4',
      'MAKE',
      'LINK',
      'TARGET_CC',
      'HOST_CC',
      'CC_x86_64_unknown_linux_gnu',
      'COMPILER_PATH',
      'GCC_EXEC_PREFIX',
      'LIBRARY_PATH',
      'CPATH',
      'DEPENDENCIES_OUTPUT',
      'SUNPRO_DEPENDENCIES',
      'TWINE_REPOSITORY_URL',
      'SONAR_HOST_URL',
      'SENTRY_URL',
      'PGHOST',
      'HF_ENDPOINT',
      'PUB_HOSTED_URL',
      'VCPKG_BINARY_SOURCES',
      'PUPPETEER_DOWNLOAD_BASE_URL',
      'CONAN_HOME',
      'BASH_LOADABLES_PATH',
      'SOPS_PGP_FP',
      'SOPS_KMS_ARN',
      'GOOGLE_CREDENTIALS',
      'GOOGLE_OAUTH_ACCESS_TOKEN',
      'ARM_CLIENT_ID',
      'CONTAINERS_CONF',
      'REGISTRY_AUTH_FILE',
      'TS_NODE_COMPILER',
      'EMACSLOADPATH',
      'KRB5CCNAME',
      'GRADLE_HOME',
      'CL',
      '_CL_',
      '_LINK_',
      'INCLUDE',
      'LIB',
      'LIBPATH',
      'LDCXXSHARED',
    ].map((name) => [name, 'attacker-chosen']),
  ),
};

/** The later steps of the job: `make clean` and a C extension build, with the exported variables. */
function laterBuildSteps(exported: Record<string, string>): string {
  const project = join(work, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'Makefile'), 'clean:\n\t$(RM) build.o\n');
  writeFileSync(
    join(project, 'ext.c'),
    '#include <Python.h>\nstatic struct PyModuleDef m = {PyModuleDef_HEAD_INIT, "ext", 0, -1, 0};\n' +
      'PyMODINIT_FUNC PyInit_ext(void) { return PyModule_Create(&m); }\n',
  );
  writeFileSync(
    join(project, 'setup.py'),
    'from setuptools import setup, Extension\nsetup(name="ext", ext_modules=[Extension("ext", ["ext.c"])])\n',
  );
  const env = { ...process.env, ...exported };
  const make = spawnSync('make', ['clean'], { cwd: project, env, encoding: 'utf8' });
  // --force: build (and link) again though an earlier call built the same extension.
  const python = spawnSync('python3', ['setup.py', '-q', 'build_ext', '--force'], {
    cwd: project,
    env,
    encoding: 'utf8',
  });
  return `make: ${make.status} ${make.stderr}\npython3: ${python.status} ${python.stderr}`;
}

beforeAll(async () => {
  await resetMoto(endpoint);
  await factory
    .secretsManager()
    .send(new CreateSecretCommand({ Name: 'prod/flags', SecretString: JSON.stringify(PAYLOAD) }));
  await factory
    .secretsManager()
    .send(new CreateSecretCommand({ Name: 'prod/unlisted', SecretString: '{"DOCKER":"attacker-chosen"}' }));
});
afterAll(async () => {
  await Promise.all(results.map(cleanupRun));
  factory.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('review F1: JSON keys under a blank alias name build tools', () => {
  it('are refused (ERR_NAME_DENIED, naming the secret), nothing is exported, and later builds run no payload', async () => {
    const result = await step({ 'secret-ids': ',prod/flags', 'parse-json-secrets': 'true' });
    laterBuildSteps(parseFileCommands(result.envFileRaw));
    expect(existsSync(RM_RAN), '`make clean` ran the RM a secret chose').toBe(false);
    expect(existsSync(LDSHARED_RAN), '`setup.py build_ext` ran the LDSHARED a secret chose').toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.envFileRaw).toBe('');
    const refused = result.stdout.split('\n').filter((line) => line.includes('ERR_NAME_DENIED'));
    for (const name of Object.keys(PAYLOAD)) {
      expect(
        refused.some((line) => line.includes(`'${name.toUpperCase()}'`) && line.includes('prod/flags')),
        `${name} refused, naming prod/flags`,
      ).toBe(true);
    }
  });

  it('control: the later builds do run RM and LDSHARED from the environment (so the test above can fail)', () => {
    const log = laterBuildSteps({ RM: PAYLOAD.RM ?? '', LDSHARED: PAYLOAD.LDSHARED ?? '' });
    expect(existsSync(RM_RAN), log).toBe(true);
    expect(existsSync(LDSHARED_RAN), log).toBe(true);
    rmSync(RM_RAN, { force: true });
    rmSync(LDSHARED_RAN, { force: true });
  });

  it('content-names allow-list refuses every name allow-names does not admit, even one on no list', async () => {
    const result = await step({
      'secret-ids': ',prod/flags\n,prod/unlisted',
      'parse-json-secrets': 'true',
      'content-names': 'allow-list',
      'allow-names': 'APP_*',
    });
    expect(result.exitCode).toBe(1);
    expect(result.envFileRaw).toBe('');
    expect(result.stdout).toContain("variable name 'RM' was chosen by the secret");
    // A name no deny-list has (a Makefile's `DOCKER ?= docker` takes it from the environment) is
    // refused all the same: the allow-list is the boundary, the deny-list defence in depth.
    expect(result.stdout).toContain(
      "prod/unlisted: ERR_NAME_DENIED variable name 'DOCKER' was chosen by the secret, and content names are allow-list",
    );
  });
});
