// Which texts the committed bundle (Node 24, real moto) registers as masks, checked the way a job
// sees them: a later step prints a field with the real `jq` or `bash`, and its output goes through a
// masker that does what the runner's does (outside review of 2026-12-02, F3, F4, F5).
// EK_ACTION_DIST=<dist folder> runs another bundle (src/bundle-under-test.ts): on main at 884d093
// every test here but the masker's own fails.
import { execFileSync } from 'node:child_process';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClientFactory, MAX_MASKS_PER_SECRET } from '@envelope-kit/aws-adapter';
import {
  assertNoLeaks,
  awsTestEnv,
  cleanupRun,
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

const SECRETS = {
  'm/arr': '["arr-elem-secret-1","arr-elem-secret-2"]',
  'm/nestedarr': JSON.stringify({ a: JSON.stringify(['inner-arr-secret']) }),
  'm/nested': JSON.stringify({ a: JSON.stringify({ x: 'inner-secret-xyz' }) }),
  'm/ws': ' padded-secret \n',
  'm/small': '{"port":443,"id":7,"token":"tok-abcdef-91"}',
  // The review's flood: 12,000 numbers, `0`..`9` among them (61 KB).
  'm/nums': JSON.stringify({ a: Array.from({ length: 12_000 }, (_, i) => i) }),
} as const;

/**
 * Masks one log line as the runner does (actions/runner src/Sdk/DTLogging/Logging/SecretMasker.cs
 * `MaskSecrets`: every ordinal occurrence of every registered text, overlapping ranges merged, each
 * range replaced by `***`; `ValueSecret` matches the text exactly, untrimmed).
 */
function maskLikeRunner(line: string, masks: readonly string[]): string {
  const ranges: [number, number][] = [];
  for (const mask of masks) {
    for (let at = line.indexOf(mask); at !== -1; at = line.indexOf(mask, at + 1))
      ranges.push([at, at + mask.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, stop] of ranges) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], stop);
    else merged.push([start, stop]);
  }
  let out = '';
  let from = 0;
  for (const [start, stop] of merged) {
    out += `${line.slice(from, start)}***`;
    from = stop;
  }
  return out + line.slice(from);
}

/** A later step of the job: runs `script` in bash with the exported variables; its log, masked. */
function laterStep(result: RunActionResult, script: string): string[] {
  const output = execFileSync('bash', ['-c', script], {
    env: { PATH: process.env.PATH, ...result.env },
    encoding: 'utf8',
  });
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => maskLikeRunner(line, result.masks));
}

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

beforeAll(async () => {
  await resetMoto(endpoint);
  for (const [name, value] of Object.entries(SECRETS))
    await factory.secretsManager().send(new CreateSecretCommand({ Name: name, SecretString: value }));
});
afterAll(async () => {
  await Promise.all(results.map(cleanupRun));
  factory.destroy();
});

describe('masks of the committed bundle, seen by a later step', () => {
  it('maskLikeRunner replaces every occurrence, merging overlaps', () => {
    expect(maskLikeRunner('a secret-1 and secret-12 x', ['secret-1', 'secret-12'])).toBe('a *** and *** x');
    expect(maskLikeRunner('abcdef', ['abcd', 'cdef'])).toBe('***');
    expect(maskLikeRunner('no match', ['zzzz'])).toBe('no match');
  });

  it.each(['false', 'true'])(
    'array elements print as *** whatever the JSON holds them (F3, parse-json-secrets %s)',
    async (parseJson) => {
      const result = await step({
        'secret-ids': 'm/arr\nm/nestedarr\nm/nested',
        'parse-json-secrets': parseJson,
      });
      expect(result.exitCode, result.stdout).toBe(0);
      const script =
        parseJson === 'true'
          ? `jq -r '.[]' <<<"$M_ARR"; jq -r '.[]' <<<"$M_NESTEDARR_A"; echo "$M_NESTED_A_X"`
          : `jq -r '.[]' <<<"$M_ARR"; jq -r '.a | fromjson | .[]' <<<"$M_NESTEDARR"; jq -r '.a | fromjson | .x' <<<"$M_NESTED"`;
      expect(laterStep(result, script)).toEqual(['***', '***', '***', '***']);
      // The whole values only, and not GITHUB_ENV: the leaves stand inside the masks and exported
      // values that hold them, by design.
      assertNoLeaks({
        secrets: [SECRETS['m/arr'], SECRETS['m/nestedarr'], SECRETS['m/nested']],
        stdout: result.stdout,
        stderr: result.stderr,
        summary: result.summary,
      });
    },
  );

  it('a value printed without its surrounding spaces prints as *** (F5)', async () => {
    const result = await step({ 'secret-ids': 'm/ws' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.env.M_WS).toBe(SECRETS['m/ws']);
    // Unquoted: bash splits off the spaces and the newline.
    expect(laterStep(result, 'echo $M_WS; echo "[$M_WS]"')).toEqual(['***', '[***', ']']);
  });

  it('registers no mask shorter than 4 characters: digits stay readable in later lines (F4)', async () => {
    const result = await step({ 'secret-ids': 'm/small', 'parse-json-secrets': 'true' });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.env).toMatchObject({
      M_SMALL_PORT: '443',
      M_SMALL_ID: '7',
      M_SMALL_TOKEN: 'tok-abcdef-91',
    });
    expect(result.masks.filter((m) => m.trim().length < 4)).toEqual([]);
    expect(laterStep(result, 'echo "step 7 of 443: $M_SMALL_TOKEN"')).toEqual(['step 7 of 443: ***']);
  });

  it(`refuses a value that gives more than ${MAX_MASKS_PER_SECRET} masks, naming it, masked whole (F4)`, async () => {
    for (const parseJson of ['false', 'true']) {
      const result = await step({ 'secret-ids': 'm/nums\nm/small', 'parse-json-secrets': parseJson });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('m/nums: ERR_TOO_MANY_MASKS ');
      expect(result.envFileRaw).toBe('');
      // The refused value is one mask, not 12,001; no digit is a mask.
      expect(result.masks).toContain(SECRETS['m/nums']);
      expect(result.masks.length).toBeLessThan(10);
      expect(result.masks.filter((m) => m.trim().length < 4)).toEqual([]);
    }
  });
});
