// Crypto benchmark of envelope-core (DESIGN.md "Figures to reach"): seal+open ops/s at 1 KB and
// 64 KB with the local provider, side by side in the same run with the AWS Encryption SDK
// (@aws-crypto/client-node, RawAesKeyringNode, its default committing suite) and bare node:crypto
// AES-256-GCM on the same bytes. Prints a markdown table.
//
//   pnpm -F @envelope-kit/envelope-core build
//   env -i PATH=$PATH HOME=$HOME node packages/envelope-core/bench/crypto.mjs
//
// Options: --time-ms N (per contender and size, default 3000; contenders run interleaved).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { LocalKeyProvider, open, seal } from '../dist/index.js';

const timeArg = process.argv.indexOf('--time-ms');
const TIME_MS = timeArg > 0 ? Number(process.argv[timeArg + 1]) : 3000;
const SIZES = [
  ['1 KB', 1024],
  ['64 KB', 65_536],
];
const context = { secret: 'bench/value', repository: 'envelope-kit/envelope-kit' };

/**
 * Ops/s of each contender. They run interleaved, in rounds of ~100 ms each, so that load from
 * other processes on a shared machine falls on all of them alike and the ratios stay meaningful.
 */
async function rates(contenders) {
  const names = Object.keys(contenders);
  const ops = Object.fromEntries(names.map((n) => [n, 0]));
  const ms = Object.fromEntries(names.map((n) => [n, 0]));
  for (const name of names) for (let i = 0; i < 20; i++) await contenders[name](); // warm-up
  const rounds = Math.max(1, Math.round(TIME_MS / 100));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const fn = contenders[name];
      const start = performance.now();
      let now = start;
      while (now - start < 100) {
        for (let i = 0; i < 4; i++) await fn();
        ops[name] += 4;
        now = performance.now();
      }
      ms[name] += now - start;
    }
  }
  return Object.fromEntries(names.map((n) => [n, (ops[n] * 1000) / ms[n]]));
}

function bareSeal(key, plaintext) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ct, tag: cipher.getAuthTag() };
}
function bareOpen(key, sealed) {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ct), decipher.final()]);
}

const kek = randomBytes(32);
const local = LocalKeyProvider.fromBytes(kek, 'bench');
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const keyring = new RawAesKeyringNode({
  keyName: 'bench',
  keyNamespace: 'envelope-kit',
  unencryptedMasterKey: new Uint8Array(kek),
  wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
});
const bareKey = randomBytes(32);

const rows = [];
for (const [label, size] of SIZES) {
  const plaintext = randomBytes(size);
  // Sanity: every contender round-trips these bytes before it is timed.
  const envelope = await seal(plaintext, { providers: [local], context });
  if (!Buffer.from((await open(envelope, { providers: [local] })).plaintext).equals(plaintext))
    throw new Error('envelope-kit round trip');
  const sdkMessage = (await encrypt(keyring, plaintext, { encryptionContext: context })).result;
  if (!Buffer.from((await decrypt(keyring, sdkMessage)).plaintext).equals(plaintext))
    throw new Error('SDK round trip');
  const bareSealed = bareSeal(bareKey, plaintext);
  if (!bareOpen(bareKey, bareSealed).equals(plaintext)) throw new Error('bare round trip');

  // The same decrypt, starting from base64 text as an envelope stores it (what open must also do).
  const ctText = Buffer.concat([bareSealed.ct, bareSealed.tag]).toString('base64');
  const r = await rates({
    ek: async () => {
      const e = await seal(plaintext, { providers: [local], context });
      await open(e, { providers: [local] });
    },
    sdk: async () => {
      const { result } = await encrypt(keyring, plaintext, { encryptionContext: context });
      await decrypt(keyring, result);
    },
    bare: async () => bareOpen(bareKey, bareSeal(bareKey, plaintext)),
    ekOpen: () => open(envelope, { providers: [local] }),
    bareOpenRate: async () => bareOpen(bareKey, bareSealed),
    bareOpenB64: async () => {
      const sealed = Buffer.from(ctText, 'base64');
      bareOpen(bareKey, { iv: bareSealed.iv, ct: sealed.subarray(0, -16), tag: sealed.subarray(-16) });
    },
  });
  const { ek, sdk, bare, ekOpen, bareOpenRate, bareOpenB64 } = r;
  rows.push({ label, ek, sdk, bare, ekOpen, bareOpenRate, bareOpenB64, envelopeChars: envelope.length });
}

const f = (n) => Math.round(n).toLocaleString('en-US');
const x = (n) => `${n.toFixed(1)}x`;
console.log(
  `node ${process.version}, ${process.arch}, ${TIME_MS} ms per contender and size, interleaved in 100 ms rounds\n`,
);
console.log(
  '| size | envelope-kit seal+open | Encryption SDK seal+open | bare AES-GCM seal+open | envelope-kit / SDK |',
);
console.log('|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.label} | ${f(r.ek)} ops/s | ${f(r.sdk)} ops/s | ${f(r.bare)} ops/s | ${x(r.ek / r.sdk)} |`,
  );
console.log(
  '\n| size | envelope-kit open | bare AES-GCM open (bytes) | bare open from base64 | envelope-kit time / bare bytes | envelope-kit time / bare base64 | envelope chars |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${f(r.ekOpen)} ops/s | ${f(r.bareOpenRate)} ops/s | ${f(r.bareOpenB64)} ops/s | ${x(r.bareOpenRate / r.ekOpen)} | ${x(r.bareOpenB64 / r.ekOpen)} | ${f(r.envelopeChars)} |`,
  );
}
