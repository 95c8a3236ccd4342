// The compatibility suite: every case of src/cases.ts run against the committed bundle of
// actions/decrypt-secrets on Node 24, as the runner runs it, with moto seeded once. A case states
// this action's outcome; where aws-actions/aws-secretsmanager-get-secrets differs on purpose the
// case names the README row (scripts/side-by-side.mjs checks the rest against the official bundle).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMaskablePart } from '@envelope-kit/aws-adapter/env-names';
import { ACTION_DIR } from '@envelope-kit/testkit';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CASES,
  type CaseOutcome,
  CLEANUP_LIST,
  CORPUS,
  type CompatCase,
  inBatches,
  OFFICIAL_TESTS,
  ours,
  POST_CASES,
  runCase,
  runPostCase,
  type Seeded,
  type StepOutcome,
  seedCorpus,
} from '../src/index.js';

const outcomes = new Map<string, CaseOutcome>();
const postOutcomes = new Map<string, StepOutcome>();

beforeAll(async () => {
  const seeded: Seeded = await seedCorpus(inject('motoEndpoint'), CORPUS);
  const action = ours();
  // Each case is a Node process of its own: three at a time keeps 2 cores busy without starving moto.
  await inBatches(CASES, 3, async (c) =>
    outcomes.set(c.id, await runCase(action, c, seeded, c.post === true)),
  );
  for (const c of POST_CASES) postOutcomes.set(c.id, await runPostCase(action, c, seeded));
}, 600_000);

function outcomeOf(c: CompatCase): CaseOutcome {
  const outcome = outcomes.get(c.id);
  if (outcome === undefined) throw new Error(`case ${c.id} did not run`);
  return outcome;
}

describe('the corpus against the committed bundle', () => {
  it.each(CASES.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const { main, post } = outcomeOf(c);
    const { [CLEANUP_LIST]: cleanupList, ...exported } = main.env;
    if ('fails' in c.expected) {
      expect(main.status, main.errors.join('\n')).toBe('failed');
      // All or nothing: not even the cleanup list.
      expect(main.env).toEqual({});
      const errors = main.errors.join('\n');
      for (const [subject, code] of c.expected.fails) expect(errors).toContain(`${subject}: ${code}`);
      return;
    }
    expect(main.status, main.errors.join('\n')).toBe('ok');
    expect(exported).toEqual(c.expected.exports);
    const earlier = JSON.parse(c.env?.[CLEANUP_LIST] ?? '[]') as string[];
    const listed = JSON.parse(cleanupList ?? 'null') as string[] | null;
    if (c.expected.cleanupList !== undefined) expect(listed).toEqual(c.expected.cleanupList);
    else expect([...(listed ?? [])].sort()).toEqual([...earlier, ...Object.keys(c.expected.exports)].sort());
    // Every non-blank value is masked; with parse-json-secrets a JSON leaf only when it can carry a
    // secret (README row B7: not `true`/`false`/`null`, nothing shorter than 4 characters; such a
    // mask would blank that text in every later log line).
    const flattened = /^true$/i.test(c.inputs['parse-json-secrets'] ?? '');
    for (const value of Object.values(exported))
      if (value.trim() !== '' && (!flattened || isMaskablePart(value))) expect(main.masks).toContain(value);
    if (post !== undefined) {
      expect(post.status).toBe('ok');
      const blanked = Object.fromEntries([...(listed ?? []), CLEANUP_LIST].map((name) => [name, '']));
      expect(post.env).toEqual(blanked);
    }
  });

  it.each(POST_CASES.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const outcome = postOutcomes.get(c.id);
    expect(outcome?.status).toBe('ok');
    expect(Object.keys(outcome?.env ?? {})).toEqual(c.blanks);
    for (const value of Object.values(outcome?.env ?? {})) expect(value).toBe('');
  });
});

describe('the map of the official action’s tests', () => {
  const ids = new Set([...CASES.map((c) => c.id), ...POST_CASES.map((c) => c.id)]);

  it('names only cases that exist, and says why when it names none', () => {
    for (const t of OFFICIAL_TESTS) {
      for (const id of t.cases) expect(ids.has(id), `${t.file} > ${t.test}: no case ${id}`).toBe(true);
      if (t.cases.length === 0) expect(t.none, `${t.file} > ${t.test}`).toBeTruthy();
    }
  });

  it('gives every case a unique id', () => {
    expect(ids.size).toBe(CASES.length + POST_CASES.length);
  });

  it('points every deliberate difference to a row of the README table', () => {
    const readme = readFileSync(join(ACTION_DIR, 'README.md'), 'utf8');
    for (const c of CASES.filter((c) => c.differs !== undefined))
      expect(readme, `${c.id}: README row ${c.differs}`).toMatch(new RegExp(`^\\| ${c.differs} `, 'm'));
  });
});
