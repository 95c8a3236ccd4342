// JSON secret values through analyzeSecret (the action's and `envelope run`'s naming, exact leaves
// and masks), on the shapes of issue 11 finding 6: a 60,000-key object, a value nested 3,000 deep
// (refused with parse-json-secrets, masked leaf by leaf without), a wide array. Median of 7 runs,
// next to JSON.parse of the same text as the floor. Run after `pnpm -F @envelope-kit/aws-adapter build`:
//   env -i PATH=$PATH HOME=$HOME node packages/aws-adapter/bench/json-flatten.mjs
import { analyzeSecret } from '../dist/env-names.js';

const wide = JSON.stringify(
  Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`key_${i}`, `value-${i}`])),
);
const deep = `{"a":${'{"k":'.repeat(2_999)}"leaf"${'}'.repeat(2_999)}}`;
const arrays = JSON.stringify({
  list: Array.from({ length: 60_000 }, (_, i) => (i % 2 ? i * 1e15 : `item-${i}`)),
});

/** Median wall and CPU (user + system) milliseconds of 7 runs: on a shared machine the CPU time is the steadier figure. */
function median(fn) {
  const wall = [];
  const cpu = [];
  for (let n = 0; n < 7; n++) {
    const start = process.hrtime.bigint();
    const used = process.cpuUsage();
    fn();
    const { user, system } = process.cpuUsage(used);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((user + system) / 1e3);
  }
  const mid = (list) => list.sort((a, b) => a - b)[3].toFixed(1);
  return `${mid(wall)} / ${mid(cpu)}`;
}

const analyze = (value, parseJson) => () => {
  try {
    analyzeSecret({ alias: undefined, secretName: 'app', value, parseJson, transformation: 'uppercase' });
  } catch (error) {
    if (error.code !== 'ERR_JSON_TOO_DEEP') throw error;
  }
};

const rows = [
  ['60,000 keys, parse-json-secrets: true', wide, true],
  ['60,000 keys, parse-json-secrets: false (masks only)', wide, false],
  ['3,000 deep, parse-json-secrets: true (refused, ERR_JSON_TOO_DEEP)', deep, true],
  ['3,000 deep, parse-json-secrets: false (masks only)', deep, false],
  ['array of 60,000 elements, parse-json-secrets: true', arrays, true],
];
console.log(`node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
console.log(
  '| value | chars | analyzeSecret, wall / CPU ms (median of 7) | JSON.parse alone, wall / CPU ms |',
);
console.log('| --- | ---: | ---: | ---: |');
for (const [label, value, parseJson] of rows) {
  const ours = median(analyze(value, parseJson));
  const floor = median(() => JSON.parse(value));
  console.log(`| ${label} | ${value.length.toLocaleString('en')} | ${ours} | ${floor} |`);
}
