#!/usr/bin/env node
// Side by side, not in CI (the official code cannot be committed here): runs every case of the
// compatibility corpus against a checkout of aws-actions/aws-secretsmanager-get-secrets (its
// committed dist, its action.yml defaults) and against our committed bundle, on the same moto data,
// and prints every case where exit status, exported names and values, SECRETS_LIST_CLEAN_UP or the
// post step differ, with the README row that explains it (or UNEXPLAINED). Masks are compared
// apart: ours registers more (README row B7).
//
//   pnpm build && node packages/compat/scripts/side-by-side.mjs /path/to/aws-secretsmanager-get-secrets [--json out.json | --only ID_PREFIX,...]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMaskablePart } from '@envelope-kit/aws-adapter/env-names';
import { startMoto } from '@envelope-kit/testkit';
import {
  actionAt,
  CASES,
  CLEANUP_LIST,
  CORPUS,
  inBatches,
  ours,
  POST_CASES,
  runCase,
  runPostCase,
  seedCorpus,
} from '../dist/index.js';

const [officialDir, flag, flagValue] = process.argv.slice(2);
const jsonPath = flag === '--json' ? flagValue : undefined;
// `--only deny/,case/`: just the cases whose id starts so (a quick look at new cases).
const only = flag === '--only' ? (flagValue ?? '').split(',') : undefined;
const selected = only === undefined ? CASES : CASES.filter((c) => only.some((p) => c.id.startsWith(p)));
if (officialDir === undefined) {
  console.error('usage: side-by-side.mjs OFFICIAL_CHECKOUT [--json OUT | --only ID_PREFIX,...]');
  process.exit(2);
}
const official = actionAt(resolve(officialDir), 'aws-secretsmanager-get-secrets');
const ourAction = ours();

const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sortedKeys = (env) => Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1)));

/** The fields of two outcomes that differ; names and counts only, values never printed. */
function differences(a, b) {
  const out = [];
  if (a.main.status !== b.main.status) out.push(`status ${a.main.status} vs ${b.main.status}`);
  const { [CLEANUP_LIST]: listA, ...envA } = a.main.env;
  const { [CLEANUP_LIST]: listB, ...envB } = b.main.env;
  if (!sameJson(sortedKeys(envA), sortedKeys(envB))) {
    const names = new Set([...Object.keys(envA), ...Object.keys(envB)]);
    const differing = [...names].filter((n) => envA[n] !== envB[n]);
    out.push(`variables differ: ${differing.slice(0, 6).join(', ')}${differing.length > 6 ? ', ...' : ''}`);
  }
  if (listA !== listB) out.push(`${CLEANUP_LIST} ${listA ?? '(unset)'} vs ${listB ?? '(unset)'}`);
  if (a.post !== undefined && b.post !== undefined) {
    if (a.post.status !== b.post.status) out.push(`post status ${a.post.status} vs ${b.post.status}`);
    if (!sameJson(sortedKeys(a.post.env), sortedKeys(b.post.env)))
      out.push(`post blanks ${Object.keys(a.post.env).join(',')} vs ${Object.keys(b.post.env).join(',')}`);
  }
  return out;
}

const moto = await startMoto();
try {
  const seeded = await seedCorpus(moto.endpoint, CORPUS);
  const rows = [];
  await inBatches(selected, 3, async (c) => {
    const [mine, theirs] = [
      await runCase(ourAction, c, seeded, true),
      await runCase(official, c, seeded, true),
    ];
    const diff = differences(mine, theirs);
    const { [CLEANUP_LIST]: _list, ...exported } = mine.main.env;
    // Texts that cannot carry a secret (shorter than 4 characters, `true`/`false`/`null`, JSON
    // punctuation, PEM armour) are masks of ours only as a whole secret value (README row B7).
    const unmaskedByUs = Object.values(exported).filter(
      (v) => v.trim() !== '' && isMaskablePart(v) && !mine.main.masks.includes(v),
    );
    const extraMasks = mine.main.masks.filter((m) => !theirs.main.masks.includes(m)).length;
    // Where both export the same, every non-blank mask of the official must be ours too (the runner
    // ignores a blank one, which @actions/core sends for an empty value), but for those texts.
    const missingMasks =
      diff.length === 0
        ? theirs.main.masks.filter((m) => isMaskablePart(m) && !mine.main.masks.includes(m)).length
        : 0;
    // When both fail, what the official leaves behind (the secrets before the failure, its cleanup
    // list) is README row S1: ours exports nothing at all.
    const bothFail = mine.main.status === 'failed' && theirs.main.status === 'failed';
    const differs = c.differs ?? (bothFail && diff.length > 0 ? 'S1' : undefined);
    rows.push({
      id: c.id,
      differs,
      diff,
      extraMasks,
      missingMasks,
      unmaskedByUs: unmaskedByUs.length,
      bothFail,
    });
  });
  for (const c of only === undefined ? POST_CASES : []) {
    const [mine, theirs] = [await runPostCase(ourAction, c, seeded), await runPostCase(official, c, seeded)];
    const diff = [];
    if (mine.status !== theirs.status) diff.push(`post status ${mine.status} vs ${theirs.status}`);
    if (!sameJson(sortedKeys(mine.env), sortedKeys(theirs.env)))
      diff.push(`post blanks ${Object.keys(mine.env).join(',')} vs ${Object.keys(theirs.env).join(',')}`);
    rows.push({ id: c.id, differs: undefined, diff, extraMasks: 0, missingMasks: 0, unmaskedByUs: 0 });
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  const differing = rows.filter((r) => r.diff.length > 0);
  const unexplained = differing.filter((r) => r.differs === undefined);
  const markedButSame = rows.filter((r) => r.diff.length === 0 && r.differs !== undefined);
  for (const r of differing)
    console.log(
      `${r.differs ?? 'UNEXPLAINED'}${r.bothFail ? ' (both fail)' : ''}  ${r.id}: ${r.diff.join('; ')}`,
    );
  for (const r of markedButSame) console.log(`SAME (marked ${r.differs})  ${r.id}`);
  const masksMissing = rows.filter((r) => r.missingMasks > 0 || r.unmaskedByUs > 0);
  for (const r of masksMissing)
    console.log(
      `MASKS  ${r.id}: ${r.missingMasks} mask(s) of the official missing, ${r.unmaskedByUs} value(s) unmasked`,
    );
  const bothFail = rows.filter((r) => r.bothFail).length;
  console.log(
    `\n${rows.length} cases: ${rows.length - differing.length} identical, ${differing.length} differ ` +
      `(${differing.length - unexplained.length} by a README row, ${unexplained.length} unexplained; ` +
      `${bothFail} cases fail in both); ` +
      `${rows.filter((r) => r.extraMasks > 0).length} cases where ours registers extra masks (B7), ` +
      `${masksMissing.length} where ours misses one`,
  );
  if (flag === '--json' && jsonPath !== undefined)
    writeFileSync(jsonPath, `${JSON.stringify(rows, null, 2)}\n`);
  process.exitCode = unexplained.length > 0 || masksMissing.length > 0 ? 1 : 0;
} finally {
  await moto.stop();
}
