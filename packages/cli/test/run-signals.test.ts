// `envelope run` and signals, as processes on the Node running the tests and on Node 24: SIGUSR1 and
// SIGUSR2 reach the child, and SIGUSR1 never opens Node's inspector in the envelope process, which
// holds the values (issue 11, finding 12). The inspector's port is set with --inspect-port (which
// does not open it), and a bare Node process shows first that the probe sees an inspector opened by
// SIGUSR1, so the probe can fail.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { node24, resetMoto } from '@envelope-kit/testkit';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { FORWARDED_SIGNALS } from '../src/commands/run.js';
import { envelope, putRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
const NODES = [
  [`Node ${process.versions.node}`, process.execPath],
  ['Node 24', node24()],
] as const;

beforeAll(async () => {
  await resetMoto(endpoint);
  await putRawSecret(endpoint, 'sig/plain', 'signal-test-value');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `on(line)` for each line the process writes to stdout. */
function onLines(child: ChildProcess, on: (line: string) => void): void {
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) on(line);
  });
}

describe.each(NODES)('envelope run on %s', (_name, node) => {
  it('the probe works: SIGUSR1 opens the inspector of a Node process without a listener', async () => {
    const port = await freePort();
    const bare = spawn(
      node,
      [`--inspect-port=${port}`, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      await new Promise<void>((resolve) => onLines(bare, (line) => line === 'ready' && resolve()));
      expect(await listening(port)).toBe(false);
      bare.kill('SIGUSR1');
      let open = false;
      for (let i = 0; i < 50 && !open; i++) {
        await sleep(100);
        open = await listening(port);
      }
      expect(open).toBe(true);
    } finally {
      bare.kill('SIGKILL');
    }
  });

  it('forwards SIGUSR1 and SIGUSR2 to the child; SIGUSR1 opens no inspector', async () => {
    const port = await freePort();
    const probes: boolean[] = [];
    const script = [
      'trap "echo got-USR1" USR1',
      'trap "echo got-USR2" USR2',
      'trap "exit 42" TERM',
      'echo ready',
      'i=0; while [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done',
    ].join('; ');
    const r = await envelope(endpoint, ['run', '-s', 'sig/plain', '--', 'sh', '-c', script], {
      node,
      env: { NODE_OPTIONS: `--inspect-port=${port}` },
      onSpawn: (cli) =>
        onLines(cli, (line) => {
          if (line === 'ready') cli.kill('SIGUSR1');
          if (line === 'got-USR1') {
            // The inspector opens within milliseconds when it does (the probe test above).
            void sleep(500)
              .then(() => listening(port))
              .then((open) => {
                probes.push(open);
                cli.kill('SIGUSR2');
              });
          }
          if (line === 'got-USR2') cli.kill('SIGTERM');
        }),
    });
    expect(r.stdout).toBe('ready\ngot-USR1\ngot-USR2\n');
    expect(probes).toEqual([false]);
    expect(r.stderr).not.toMatch(/Debugger listening/);
    expect(r.code).toBe(42);
  });

  it('refuses to open any secret when an inspector is already open (ERR_INSPECTOR_OPEN)', async () => {
    const r = await envelope(endpoint, ['run', '-s', 'sig/plain', '--', 'sh', '-c', 'echo ran'], {
      node,
      env: { NODE_OPTIONS: '--inspect=127.0.0.1:0' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^envelope: ERR_INSPECTOR_OPEN: the Node inspector is open in this process/m);
  });
});

describe('run --help and the CLI README', () => {
  it('name every forwarded signal, SIGUSR1 and SIGUSR2 included', async () => {
    const help = await envelope(endpoint, ['run', '--help']);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const runSection = readme.slice(readme.indexOf('### run:'), readme.indexOf('## Exit codes'));
    expect(FORWARDED_SIGNALS).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2']);
    for (const signal of FORWARDED_SIGNALS) {
      expect(help.stdout).toContain(signal);
      expect(runSection).toContain(signal);
    }
  });
});
