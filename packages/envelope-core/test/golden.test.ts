// Golden vectors of docs/FORMAT.md: fixed K, mid, iv, local KEK and wrap iv give exact envelope
// bytes. Each vector is checked three ways: seal reproduces it, an independent re-implementation
// of FORMAT.md with bare node:crypto reproduces every intermediate value and the envelope text, and
// open returns the plaintext.
import { createCipheriv, createHash, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalKeyProvider, open, seal } from '../src/index.js';
import { fixedRandom, hex } from './helpers.js';

interface Vector {
  name: string;
  inputs: {
    plaintextHex: string;
    context: Record<string, string>;
    dataKeyHex: string;
    midHex: string;
    ivHex: string;
    localKekHex: string;
    localWrapIvHex: string;
  };
  intermediate: Record<string, string>;
  envelope: string;
}

const { vectors } = JSON.parse(
  readFileSync(new URL('./vectors/v1-golden.json', import.meta.url), 'utf8'),
) as {
  vectors: Vector[];
};

// --- an independent implementation of docs/FORMAT.md, node:crypto only ---
function lp(bytes: Uint8Array): Buffer {
  const n = Buffer.alloc(4);
  n.writeUInt32BE(bytes.length);
  return Buffer.concat([n, bytes]);
}
function canonical(ctx: Record<string, string>): Buffer {
  const pairs = Object.entries(ctx)
    .map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const)
    .sort((a, b) => Buffer.compare(a[0], b[0]));
  const n = Buffer.alloc(4);
  n.writeUInt32BE(pairs.length);
  return Buffer.concat([n, ...pairs.flatMap(([k, v]) => [lp(k), lp(v)])]);
}
function gcm(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, data: Uint8Array): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  return Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
}
const info = (label: string) => Buffer.from(`envelope-kit/1 A256GCM-HKDF-SHA512-COMMIT ${label}`, 'utf8');

describe('golden vectors (test/vectors/v1-golden.json)', () => {
  it('holds at least three vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(3);
  });

  it('docs/FORMAT.md reproduces vector 1 and its intermediate values verbatim', () => {
    const format = readFileSync(new URL('../../../docs/FORMAT.md', import.meta.url), 'utf8');
    const first = vectors[0] as Vector;
    expect(format).toContain(first.envelope);
    for (const value of Object.values(first.intermediate)) expect(format).toContain(value);
    for (const value of Object.values(first.inputs))
      if (typeof value === 'string') expect(format).toContain(value);
  });

  for (const vector of vectors) {
    const i = vector.inputs;
    const provider = () =>
      LocalKeyProvider.fromBytes(hex(i.localKekHex), undefined, {
        randomBytes: fixedRandom(hex(i.localWrapIvHex)),
      });

    it(`${vector.name}: seal with the fixed inputs gives the exact envelope`, async () => {
      const envelope = await seal(hex(i.plaintextHex), {
        providers: [provider()],
        context: i.context,
        randomBytes: fixedRandom(hex(i.dataKeyHex), hex(i.midHex), hex(i.ivHex)),
      });
      expect(envelope).toBe(vector.envelope);
    });

    it(`${vector.name}: an independent implementation of FORMAT.md agrees byte for byte`, () => {
      const K = hex(i.dataKeyHex);
      const mid = hex(i.midHex);
      const iv = hex(i.ivHex);
      const kek = hex(i.localKekHex);
      const keyIdHash = createHash('sha256')
        .update('envelope-kit/1 local key id', 'utf8')
        .update(kek)
        .digest('hex');
      const keyId = `local:${keyIdHash.slice(0, 16)}`;
      const contentKey = Buffer.from(hkdfSync('sha512', K, mid, info('content key'), 32));
      const cmt = Buffer.from(hkdfSync('sha512', K, mid, info('commitment'), 32));
      const ctx = canonical(i.context);
      const aad = Buffer.concat([
        lp(Buffer.from('envelope-kit/1')),
        lp(Buffer.from('A256GCM-HKDF-SHA512-COMMIT')),
        ctx,
        lp(mid),
        lp(cmt),
      ]);
      const ct = gcm(contentKey, iv, aad, hex(i.plaintextHex));
      const wrapAad = Buffer.concat([
        lp(Buffer.from('envelope-kit/1 local wrap')),
        lp(Buffer.from(keyId)),
        ctx,
      ]);
      const edk = Buffer.concat([hex(i.localWrapIvHex), gcm(kek, hex(i.localWrapIvHex), wrapAad, K)]);

      expect(keyId).toBe(vector.intermediate.localKeyId);
      expect(contentKey.toString('hex')).toBe(vector.intermediate.contentKeyHex);
      expect(cmt.toString('hex')).toBe(vector.intermediate.commitmentHex);
      expect(ctx.toString('hex')).toBe(vector.intermediate.canonicalContextHex);
      expect(aad.toString('hex')).toBe(vector.intermediate.aadHex);
      expect(ct.toString('hex')).toBe(vector.intermediate.ctAndTagHex);
      expect(edk.toString('hex')).toBe(vector.intermediate.localEdkHex);

      const sortedCtx = Object.entries(i.context)
        .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
        .join(',');
      const text =
        `{"v":"envelope-kit/1","alg":"A256GCM-HKDF-SHA512-COMMIT","ctx":{${sortedCtx}},` +
        `"keys":[{"p":"local","id":"${keyId}","edk":"${edk.toString('base64')}"}],` +
        `"mid":"${mid.toString('base64')}","cmt":"${cmt.toString('base64')}","iv":"${iv.toString('base64')}","ct":"${ct.toString('base64')}"}`;
      expect(text).toBe(vector.envelope);
    });

    it(`${vector.name}: open returns the plaintext`, async () => {
      const result = await open(vector.envelope, { providers: [provider()], requiredContext: i.context });
      expect(Buffer.from(result.plaintext).toString('hex')).toBe(i.plaintextHex);
      expect(result).toMatchObject({
        provider: 'local',
        keyId: vector.intermediate.localKeyId,
        context: i.context,
      });
    });
  }
});
