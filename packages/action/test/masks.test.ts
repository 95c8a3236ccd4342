// Which lines of a multi-line value the committed bundle registers as masks (outside review F4).
// The runner hides a mask wherever it occurs in any later log line, so a line such as `{` or
// `-----BEGIN RSA PRIVATE KEY-----` registered as a mask blanks that text across the whole job log
// while hiding nothing secret. Real bundle on Node 24, real moto, a key made by real openssl.
import { execFileSync } from 'node:child_process';
import { assertNoLeaks, cleanupRun, type RunActionResult, resetMoto, runAction } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, createSecret, motoFactory, sealForSecret, stepEnv } from './fixtures.js';

const endpoint = inject('motoEndpoint');
const runs: RunActionResult[] = [];
let key = '';

async function main(inputs: Record<string, string>, secrets: readonly string[]): Promise<RunActionResult> {
  const result = await runAction({
    entry: 'main',
    inputs: { 'endpoint-url': endpoint, ...inputs },
    env: stepEnv(endpoint),
  });
  runs.push(result);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  assertNoLeaks({ secrets, ...result, envFile: result.envFileRaw });
  return result;
}

const lines = (value: string): string[] => value.split('\n');

beforeAll(async () => {
  await resetMoto(endpoint);
  key = await createKey(endpoint, 'alias/masks');
});

afterAll(async () => {
  await Promise.all(runs.map(cleanupRun));
});

describe('masks of multi-line values', () => {
  it('a PEM key: every base64 body line is a mask, the armour lines are not', async () => {
    // PKCS#1 ("traditional") armour, as `ssh-keygen -m PEM` and most deploy keys in the wild.
    const pem = execFileSync('openssl', ['genrsa', '-traditional', '2048'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const body = lines(pem).filter((l) => l !== '' && !l.startsWith('-----'));
    expect(body.length).toBeGreaterThan(20);
    // The last body line is shorter than 64 columns: short lines of key material are masked too.
    expect(body.at(-1)?.length).toBeLessThan(64);
    // One plain secret, one v1 envelope of the same key: masking is the same for every format.
    await createSecret(endpoint, 'masks/pem-plain', pem);
    await createSecret(
      endpoint,
      'masks/pem-v1',
      await sealForSecret(motoFactory(endpoint), key, 'masks/pem-v1', pem),
    );
    const result = await main({ 'secret-ids': 'PEM_PLAIN,masks/pem-plain\nPEM_V1,masks/pem-v1' }, [pem]);
    expect(result.masks).toContain(pem);
    for (const line of body) expect(result.masks.includes(line), 'a body line is masked').toBe(true);
    expect(result.masks).not.toContain('-----BEGIN RSA PRIVATE KEY-----');
    expect(result.masks).not.toContain('-----END RSA PRIVATE KEY-----');
    expect(result.masks.filter((m) => m.trim() === '')).toEqual([]);
  });

  it('a pretty-printed JSON value: every line with a key or leaf is a mask, punctuation lines are not', async () => {
    const value = `${JSON.stringify(
      {
        db: { user: 'masks-admin', password: 'masks-pw-9f3k' },
        hosts: ['h1.masks.example', 'h2.masks.example'],
        port: 5432,
        tls: true,
        ca: null,
        nested: [[{}], []],
      },
      null,
      2,
    )}\n`;
    await createSecret(endpoint, 'masks/json', value);
    const leaves = ['masks-admin', 'masks-pw-9f3k', 'h1.masks.example', 'h2.masks.example', '5432'];
    // Exported whole (parse-json-secrets false): the leaves are masked all the same. (The leak scan
    // looks for the whole value: the leaves are inside the exported value by design.)
    const whole = await main({ 'secret-ids': 'CONF,masks/json' }, [value]);
    // Exported flattened: the leaves are the values (the hosts array is exported whole, as the
    // official action does, so its elements sit inside CONF_HOSTS).
    const flat = await main({ 'secret-ids': 'CONF,masks/json', 'parse-json-secrets': 'true' }, [
      value,
      'masks-admin',
      'masks-pw-9f3k',
    ]);
    for (const result of [whole, flat]) {
      expect(result.masks).toContain(value);
      for (const leaf of leaves) expect(result.masks).toContain(leaf);
      const carrying = lines(value).filter(
        (l) => /[A-Za-z0-9]/.test(l) && !/^\s*(true|false|null),?$/.test(l),
      );
      for (const line of carrying) expect(result.masks, line).toContain(line);
      for (const noise of ['{', '}', '  },', '  ],', '    [', '      {}', '    ],', '    []', '  ]', '']) {
        expect(result.masks, JSON.stringify(noise)).not.toContain(noise);
      }
      // true/null leaves are not masked (one bit; documented in SECURITY.md); their lines are, for
      // the key name they carry.
      expect(result.masks).not.toContain('true');
      expect(result.masks).toContain('  "ca": null,');
    }
  });
});
