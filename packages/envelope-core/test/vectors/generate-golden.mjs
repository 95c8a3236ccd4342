// Regenerates v1-golden.json from the built package: `node test/vectors/generate-golden.mjs > test/vectors/v1-golden.json`.
// The intermediate values are recomputed independently (node:crypto only, following docs/FORMAT.md)
// by test/golden.test.ts; this script only records them. Never regenerate to make a test pass.
import { createHash, hkdfSync } from 'node:crypto';
import { canonicalContext, LocalKeyProvider, seal } from '../../dist/index.js';

const range = (start, n) => Buffer.from(Array.from({ length: n }, (_, i) => (start + i) & 0xff));
const hex = (b) => Buffer.from(b).toString('hex');
const lp = (b) => {
  const n = Buffer.alloc(4);
  n.writeUInt32BE(b.length);
  return Buffer.concat([n, b]);
};

const cases = [
  {
    name: 'local key, two context pairs',
    plaintext: Buffer.from('hello, envelope-kit', 'utf8'),
    context: { secret: 'prod/db', repository: 'envelope-kit/envelope-kit' },
  },
  {
    name: 'empty plaintext, empty context',
    plaintext: Buffer.alloc(0),
    context: {},
  },
  {
    name: 'context keys whose UTF-8 order differs from UTF-16 order',
    plaintext: Buffer.from('caf\u00e9 \u2615', 'utf8'),
    context: { z: '1', Z: '2', '\u00e9': '3', '\uff61': '4', '\u{1f600}': '5' },
  },
];

const vectors = [];
for (const c of cases) {
  const dataKey = range(0x00, 32);
  const mid = range(0x20, 32);
  const iv = range(0x40, 12);
  const kek = range(0x80, 32);
  const wrapIv = range(0xa0, 12);
  const queue = [dataKey, mid, iv];
  const provider = LocalKeyProvider.fromBytes(kek, undefined, { randomBytes: () => Buffer.from(wrapIv) });
  const envelope = await seal(c.plaintext, {
    providers: [provider],
    context: c.context,
    randomBytes: (n) => {
      const next = queue.shift();
      if (next === undefined || next.length !== n) throw new Error('unexpected randomBytes call');
      return Buffer.from(next);
    },
  });
  const parsed = JSON.parse(envelope);
  const info = (label) => Buffer.from(`envelope-kit/1 A256GCM-HKDF-SHA512-COMMIT ${label}`, 'utf8');
  const contentKey = Buffer.from(hkdfSync('sha512', dataKey, mid, info('content key'), 32));
  const ctxBytes = Buffer.from(canonicalContext(c.context));
  const aad = Buffer.concat([
    lp(Buffer.from('envelope-kit/1')),
    lp(Buffer.from('A256GCM-HKDF-SHA512-COMMIT')),
    ctxBytes,
    lp(mid),
    lp(Buffer.from(parsed.cmt, 'base64')),
  ]);
  vectors.push({
    name: c.name,
    inputs: {
      plaintextHex: hex(c.plaintext),
      context: c.context,
      dataKeyHex: hex(dataKey),
      midHex: hex(mid),
      ivHex: hex(iv),
      localKekHex: hex(kek),
      localWrapIvHex: hex(wrapIv),
    },
    intermediate: {
      localKeyId: provider.keyId,
      localKeyIdSha256Hex: createHash('sha256').update('envelope-kit/1 local key id').update(kek).digest('hex'),
      contentKeyHex: hex(contentKey),
      commitmentHex: hex(Buffer.from(parsed.cmt, 'base64')),
      canonicalContextHex: hex(ctxBytes),
      aadHex: hex(aad),
      ctAndTagHex: hex(Buffer.from(parsed.ct, 'base64')),
      localEdkHex: hex(Buffer.from(parsed.keys[0].edk, 'base64')),
    },
    envelope,
  });
}
process.stdout.write(`${JSON.stringify({ format: 'envelope-kit/1', vectors }, null, 2)}\n`);
