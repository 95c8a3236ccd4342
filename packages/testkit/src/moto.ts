/**
 * Starts a real `moto_server` (the Python AWS emulator) on a free loopback port, so tests can point
 * the real AWS SDK clients at it over HTTP.
 *
 * Use it through vitest's `globalSetup` (one moto per package run):
 *
 * ```ts
 * // test/setup-moto.ts
 * export { motoGlobalSetup as default } from '@envelope-kit/testkit/moto';
 *
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['test/setup-moto.ts'] } });
 *
 * // a test file
 * import { inject } from 'vitest';
 * const endpoint = inject('motoEndpoint');
 * ```
 *
 * `inject('motoEndpoint')` is typed by the augmentation below, which comes along with any import of
 * this module; a package that does not import it can declare the same:
 *
 * ```ts
 * declare module 'vitest' {
 *   interface ProvidedContext { motoEndpoint: string }
 * }
 * ```
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
// Imported (type only) so the augmentation below has a resolved module to extend.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

// Types `inject('motoEndpoint')` in every package whose tests import this module (or its setup file).
declare module 'vitest' {
  interface ProvidedContext {
    motoEndpoint: string;
  }
}

/** A running moto server. */
export interface MotoServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. Pass it as the SDK `endpoint`. */
  endpoint: string;
  port: number;
  /** Forgets every resource in every region (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** SIGTERM, then SIGKILL if moto has not exited after 3 s. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startMoto}. */
export interface StartMotoOptions {
  /** How long to wait for moto to answer, in ms (default 20,000). */
  readyTimeoutMs?: number;
  /** The executable (default `moto_server`, or `MOTO_SERVER_BIN` from the environment). */
  command?: string;
}

const MOTO_REQUIREMENT = 'moto[server]>=5.1,<6';

/**
 * Asks the kernel for a free loopback port by binding port 0, then releases it.
 *
 * @example
 * ```ts
 * const port = await freePort(); // e.g. 41234; another process may still take it before you bind
 * ```
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function hasCommand(command: string): boolean {
  try {
    execFileSync(command, ['--help'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

let installTried = false;

/** pip-installs moto once per process, only when the executable is missing. */
function ensureMotoInstalled(command: string): void {
  if (hasCommand(command)) return;
  if (!installTried) {
    installTried = true;
    try {
      execFileSync('python3', ['-m', 'pip', 'install', '--quiet', MOTO_REQUIREMENT], {
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 300_000,
      });
    } catch (e) {
      throw new Error(
        `${command} is not installed and \`python3 -m pip install '${MOTO_REQUIREMENT}'\` failed ` +
          `(${(e as Error).message.split('\n')[0]}). Install moto with its server extra and retry.`,
      );
    }
  }
  if (!hasCommand(command)) {
    throw new Error(
      `${command} is still not on PATH after installing '${MOTO_REQUIREMENT}'; ` +
        'check that pip installs scripts into a directory on PATH.',
    );
  }
}

/**
 * Resets a moto server reachable at `endpoint` (every region, every service). Call it in `beforeAll`.
 *
 * @example
 * ```ts
 * beforeAll(() => resetMoto(inject('motoEndpoint')));
 * ```
 */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(new URL('/moto-api/reset', endpoint), { method: 'POST' });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/moto-api/', endpoint), { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startOnce(
  command: string,
  port: number,
  readyTimeoutMs: number,
): Promise<MotoServer | 'port-taken'> {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Python buffers stderr line by line anyway; unbuffered makes the tail complete when it dies.
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    // Keep only the tail: moto logs every request.
    stderr = (stderr + chunk).slice(-4_000);
  });
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
  });
  // Never leave moto behind, even when the test runner exits without calling stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`could not start ${command}: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/address already in use/i.test(stderr)) return 'port-taken';
      throw new Error(
        `${command} exited (${child.exitCode ?? child.signalCode}) before answering:\n${stderr.trim()}`,
      );
    }
    if (await answers(endpoint)) {
      let stopped: Promise<void> | undefined;
      return {
        endpoint,
        port,
        reset: () => resetMoto(endpoint),
        stop: () => {
          stopped ??= stopChild(child);
          return stopped;
        },
      };
    }
    await sleep(100);
  }
  await stopChild(child);
  throw new Error(`${command} did not answer on ${endpoint} within ${readyTimeoutMs} ms:\n${stderr.trim()}`);
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` and resolves once it answers HTTP.
 * Installs moto with pip first when (and only when) the executable is missing.
 *
 * @example
 * ```ts
 * const moto = await startMoto();
 * const kms = new KMSClient({ ...testClientOptions(moto.endpoint) });
 * // ...
 * await moto.stop();
 * ```
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const command = options.command ?? process.env.MOTO_SERVER_BIN ?? 'moto_server';
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  ensureMotoInstalled(command);
  // Another process may grab the port between our probe and moto's bind: retry with a new one.
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = await startOnce(command, await freePort(), readyTimeoutMs);
    if (started !== 'port-taken') return started;
  }
  throw new Error(`${command} could not bind a free loopback port after 5 attempts`);
}

/** Dummy credentials and region for the AWS SDK, the aws CLI or a child process talking to moto. */
export const TEST_REGION = 'us-east-1';

/**
 * Environment variables that point AWS tools at moto with dummy credentials.
 *
 * @example
 * ```ts
 * execFileSync('aws', ['kms', 'create-key'], { env: { ...process.env, ...awsTestEnv(endpoint) } });
 * ```
 */
export function awsTestEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: TEST_REGION,
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_ENDPOINT_URL: endpoint,
    // Stops the SDK from reading ~/.aws of the machine running the tests.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * SDK client options for moto: endpoint, region and static dummy credentials. Fits
 * `new KMSClient(...)` and `new AwsClientFactory(...)` alike.
 *
 * @example
 * ```ts
 * const factory = new AwsClientFactory(testClientOptions(inject('motoEndpoint')));
 * ```
 */
export function testClientOptions(endpoint: string, region = TEST_REGION) {
  return {
    endpoint,
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

/**
 * A vitest `globalSetup` function: starts one moto for the whole run, provides its endpoint to the
 * tests (`inject('motoEndpoint')`) and as `process.env.MOTO_ENDPOINT`, and returns the teardown.
 *
 * @example
 * ```ts
 * // test/setup-moto.ts
 * export { motoGlobalSetup as default } from '@envelope-kit/testkit/moto';
 * ```
 */
export async function motoGlobalSetup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const moto = await startMoto();
  // Tests' workers inherit the environment of the main process at spawn time: set it before they start.
  process.env.MOTO_ENDPOINT = moto.endpoint;
  project.provide('motoEndpoint', moto.endpoint);
  return () => moto.stop();
}
