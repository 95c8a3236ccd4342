// What `envelope` prints when the AWS setup cannot work (issue 14, problem 1), and whether errors
// name the right thing (problem 6): the CLI as a process, with the real SDK against a closed port,
// no region, a region that is no region code, and moto.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, resetMoto } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, envelope } from './helpers.js';

const endpoint = inject('motoEndpoint');
let dir: string;

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-errors-'));
  await createKey(endpoint, 'alias/cli-errors');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AWS setup errors say what to fix', () => {
  it('no region: ERR_NO_REGION, "set AWS_REGION or pass --region"', async () => {
    const r = await envelope(endpoint, ['pull', 'prod/db'], {
      env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'envelope: ERR_NO_REGION: no AWS region: set AWS_REGION or pass --region (secret: prod/db)\n',
    );
  });

  it("--region 'us east': ERR_BAD_REGION naming the region", async () => {
    const r = await envelope(endpoint, ['pull', 'prod/db', '--region', 'us east']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^envelope: ERR_BAD_REGION: AWS region "us east" is not a region code: /);
  });

  it('a refused connection is ERR_CONNECTION_REFUSED, not a timeout', async () => {
    const port = await freePort();
    const r = await envelope(endpoint, ['pull', 'prod/db', '--endpoint-url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`envelope: ERR_CONNECTION_REFUSED: connection refused by 127.0.0.1:${port}`);
    expect(r.stderr).toContain('check --endpoint-url');
    expect(r.stderr).not.toContain('ERR_TIMEOUT');
  });
});

describe('errors name the right subject', () => {
  it('open --key alias/nope names the key, not a secret', async () => {
    const sealed = await envelope(endpoint, ['seal', '--key', 'alias/cli-errors'], { input: 'x' });
    expect(sealed.code, sealed.stderr).toBe(0);
    const file = join(dir, 'one.env.json');
    writeFileSync(file, sealed.stdout);
    const r = await envelope(endpoint, ['open', '--key', 'alias/nope', '--in', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(key: alias/nope');
    expect(r.stderr).not.toContain('secret: alias/nope');
  });

  it('a wrong local key: ERR_KEY_NOT_ALLOWED names the ids on both sides', async () => {
    const right = join(dir, 'right.key');
    const wrong = join(dir, 'wrong.key');
    writeFileSync(right, Buffer.alloc(32, 1).toString('base64'));
    writeFileSync(wrong, Buffer.alloc(32, 2).toString('base64'));
    const sealed = await envelope(endpoint, ['seal', '--key', `local:${right}`], { input: 'x' });
    const file = join(dir, 'local.env.json');
    writeFileSync(file, sealed.stdout);
    const ids = async (keyFile: string) => {
      const r = await envelope(endpoint, ['seal', '--key', `local:${keyFile}`], { input: 'x' });
      return (JSON.parse(r.stdout) as { keys: { id: string }[] }).keys[0]?.id ?? '';
    };
    const [rightId, wrongId] = [await ids(right), await ids(wrong)];
    expect(rightId).not.toBe(wrongId);
    const r = await envelope(endpoint, ['open', '--key', `local:${wrong}`, '--in', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_KEY_NOT_ALLOWED');
    expect(r.stderr).toContain(rightId);
    expect(r.stderr).toContain(wrongId);
  });
});
