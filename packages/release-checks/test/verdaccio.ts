// A throwaway Verdaccio registry for the release rehearsal: the workspace's own verdaccio (a
// devDependency of this package, 6.8.0: the last release that runs on Node 20), a temporary storage
// and config, a free loopback port, one user. Started as a child process whose PID we keep; stop()
// ends exactly that process (SIGTERM, then SIGKILL), and the test calls it in afterAll, so that a
// failing rehearsal leaves no server behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const VERDACCIO_BIN = join(
  dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')),
  'bin/verdaccio',
);

export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** PID of the verdaccio process. */
  readonly pid: number;
  /** An auth token of the user created for the rehearsal (publish needs one). */
  readonly token: string;
  /** Stops the server by its PID and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * One HTTP request to the registry on a connection of its own (no keep-alive: Verdaccio closes idle
 * connections, and a pooled client such as fetch's would reuse one that it already closed).
 */
export function registryRequest(
  method: string,
  url: URL,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const req = request(url, { method, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(child.pid, 'SIGKILL');
  }, 5_000);
  await exited(child);
  clearTimeout(timer);
}

/** Starts Verdaccio with its storage, config and log under `dir`; resolves once it answers /-/ping. */
export async function startRegistry(dir: string): Promise<Registry> {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // Only @envelope-kit/* lives here (no uplink): everything else comes from the npm registry, which
  // the scratch projects reach through a scoped registry line in their .npmrc.
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'storage: ./storage',
      'auth:',
      '  htpasswd:',
      '    file: ./htpasswd',
      '    max_users: 1',
      'uplinks: {}',
      'packages:',
      "  '@envelope-kit/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      'log: { type: stdout, format: json, level: warn }',
      '',
    ].join('\n'),
  );
  const log = openSync(join(dir, 'verdaccio.log'), 'a');
  const child = spawn(
    process.execPath,
    [VERDACCIO_BIN, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      cwd: dir,
      stdio: ['ignore', log, log],
    },
  );
  const stop = () => stopChild(child);
  // A safety net for a test process that exits without running afterAll.
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(child.pid, 'SIGKILL');
  });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`verdaccio exited with ${child.exitCode}; see ${dir}/verdaccio.log`);
      try {
        if ((await registryRequest('GET', new URL('-/ping', url))).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`verdaccio did not answer on ${url}; see ${dir}/verdaccio.log`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const response = await registryRequest('PUT', new URL('-/user/org.couchdb.user:rehearsal', url), {
      name: 'rehearsal',
      password: 'rehearsal-only-password',
    });
    const token = (response.json as { token?: unknown } | undefined)?.token;
    if (response.status !== 201 || typeof token !== 'string') {
      throw new Error(`verdaccio refused the user: ${response.status}`);
    }
    return { url, pid: child.pid ?? 0, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
