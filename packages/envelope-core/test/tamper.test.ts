// Tamper resistance: a flipped bit in any field fails with the right code, another envelope's
// wrapped key fails the commitment, a changed context fails.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyProvider, open, seal } from '../src/index.js';
import { deriveCommitment, deriveKeys, envelopeAad, gcmEncrypt } from '../src/v1-crypto.js';
import { editEnvelope, flipBase64Bit, flipStringBit, newLocalKey, rejectsWithCode } from './helpers.js';

const SECRET = 'tamper-me-if-you-can';
const key = newLocalKey('tamper-key');
const context = { secret: 'prod/db', environment: 'production' };
const envelope = await seal(SECRET, { providers: [key], context });

async function expectCode(text: string, code: string): Promise<void> {
  const error = await rejectsWithCode(open(text, { providers: [key], subject: 'prod/db' }), code);
  expect(error.message).not.toContain(SECRET);
  expect(error).toMatchObject({ subject: 'prod/db' });
}

describe('tamper: every bit of the binary fields', () => {
  for (const field of ['ct', 'iv', 'mid', 'cmt'] as const) {
    it(`${field}: every bit flipped -> ERR_DECRYPTION_FAILED`, async () => {
      const bits = Buffer.from(JSON.parse(envelope)[field], 'base64').length * 8;
      for (let bit = 0; bit < bits; bit++) {
        await expectCode(
          editEnvelope(envelope, (e) => {
            e[field] = flipBase64Bit(e[field], bit);
          }),
          'ERR_DECRYPTION_FAILED',
        );
      }
    });
  }

  it('the GCM tag (last 16 bytes of ct) is covered: flipping its bits fails', async () => {
    const ctBytes = Buffer.from(JSON.parse(envelope).ct, 'base64').length;
    for (let bit = (ctBytes - 16) * 8; bit < ctBytes * 8; bit += 7) {
      await expectCode(
        editEnvelope(envelope, (e) => {
          e.ct = flipBase64Bit(e.ct, bit);
        }),
        'ERR_DECRYPTION_FAILED',
      );
    }
  });

  it('edk: every bit flipped -> ERR_DECRYPTION_FAILED', async () => {
    const bits = Buffer.from(JSON.parse(envelope).keys[0].edk, 'base64').length * 8;
    for (let bit = 0; bit < bits; bit++) {
      await expectCode(
        editEnvelope(envelope, (e) => {
          e.keys[0].edk = flipBase64Bit(e.keys[0].edk, bit);
        }),
        'ERR_DECRYPTION_FAILED',
      );
    }
  });
});

describe('tamper: the text fields', () => {
  // Every bit of every character: bits 0-6 keep ASCII, bit 7 gives a Latin-1 character; the edited
  // envelope is re-serialized canonically, so only the changed text is tested, not the syntax.
  const BITS = [0, 1, 2, 3, 4, 5, 6, 7];

  it('a ctx value with any bit of any character flipped -> ERR_DECRYPTION_FAILED', async () => {
    for (const name of Object.keys(context) as (keyof typeof context)[]) {
      for (let index = 0; index < context[name].length; index++) {
        for (const bit of BITS) {
          await expectCode(
            editEnvelope(envelope, (e) => {
              e.ctx[name] = flipStringBit(e.ctx[name], index, bit);
            }),
            'ERR_DECRYPTION_FAILED',
          );
        }
      }
    }
  });

  it('a ctx key with any bit of any character flipped -> ERR_DECRYPTION_FAILED', async () => {
    for (const name of Object.keys(context)) {
      for (let index = 0; index < name.length; index++) {
        for (const bit of BITS) {
          const flipped = flipStringBit(name, index, bit);
          // Re-sorted by the serializer's rule (UTF-8 bytes), so the envelope stays canonical.
          const text = editEnvelope(envelope, (e) => {
            const entries = Object.entries(e.ctx as Record<string, string>).map(
              ([k, v]) => [k === name ? flipped : k, v] as const,
            );
            e.ctx = Object.fromEntries(
              entries.sort(([x], [y]) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
            );
          });
          await expectCode(text, 'ERR_DECRYPTION_FAILED');
        }
      }
    }
  });

  it('an added or removed ctx pair -> ERR_DECRYPTION_FAILED', async () => {
    await expectCode(
      editEnvelope(envelope, (e) => {
        e.ctx = { environment: 'production', secret: 'prod/db', team: 'x' };
      }),
      'ERR_DECRYPTION_FAILED',
    );
    await expectCode(
      editEnvelope(envelope, (e) => {
        e.ctx = { secret: 'prod/db' };
      }),
      'ERR_DECRYPTION_FAILED',
    );
  });

  it('v or alg with any bit of any character flipped -> ERR_ENVELOPE_UNSUPPORTED', async () => {
    for (const field of ['v', 'alg'] as const) {
      const value = JSON.parse(envelope)[field] as string;
      for (let index = 0; index < value.length; index++) {
        for (const bit of BITS) {
          await expectCode(
            editEnvelope(envelope, (e) => {
              e[field] = flipStringBit(e[field], index, bit);
            }),
            'ERR_ENVELOPE_UNSUPPORTED',
          );
        }
      }
    }
  });

  it('a key entry id changed -> the provider does not handle it: ERR_NO_USABLE_KEY', async () => {
    await expectCode(
      editEnvelope(envelope, (e) => {
        e.keys[0].id = 'tamper-kez';
      }),
      'ERR_NO_USABLE_KEY',
    );
  });

  it('structure: truncated, extra field, missing field, wrong type -> ERR_ENVELOPE_MALFORMED', async () => {
    await expectCode(envelope.slice(0, -2), 'ERR_ENVELOPE_MALFORMED');
    await expectCode(
      editEnvelope(envelope, (e) => {
        e.extra = 1;
      }),
      'ERR_ENVELOPE_MALFORMED',
    );
    await expectCode(
      editEnvelope(envelope, (e) => {
        delete e.cmt;
      }),
      'ERR_ENVELOPE_MALFORMED',
    );
    await expectCode(
      editEnvelope(envelope, (e) => {
        e.iv = 12;
      }),
      'ERR_ENVELOPE_MALFORMED',
    );
  });
});

describe('commitment', () => {
  it("another envelope's wrapped key under the same KEK swapped in -> ERR_DECRYPTION_FAILED", async () => {
    const other = await seal('another secret', { providers: [key], context });
    const swapped = editEnvelope(envelope, (e) => {
      e.keys[0].edk = JSON.parse(other).keys[0].edk;
    });
    await expectCode(swapped, 'ERR_DECRYPTION_FAILED');
  });

  it("another envelope's key entry prepended: skipped, the genuine entry still opens", async () => {
    const other = await seal('another secret', {
      providers: [LocalKeyProvider.fromBytes(Buffer.alloc(32, 7), 'tamper-key')],
      context,
    });
    const twoEntries = editEnvelope(envelope, (e) => {
      e.keys.unshift(JSON.parse(other).keys[0]);
    });
    const result = await open(twoEntries, { providers: [key] });
    expect(Buffer.from(result.plaintext).toString()).toBe(SECRET);
  });

  it('a commitment that does not match the data key fails, though the ciphertext authenticates', async () => {
    // Forge what a wrong key would need: ct re-encrypted under the right content key with an AAD that
    // holds another key's commitment. GCM accepts it; only the commitment check can refuse it.
    const drawn: Buffer[] = [];
    const text = await seal(SECRET, {
      providers: [key],
      context,
      randomBytes: (n) => {
        const bytes = randomBytes(n);
        drawn.push(Buffer.from(bytes));
        return bytes;
      },
    });
    const [dataKey, mid, iv] = drawn as [Buffer, Buffer, Buffer]; // the order seal draws them in
    const forge = (cmt: Uint8Array) =>
      editEnvelope(text, (e) => {
        const { contentKey } = deriveKeys(dataKey, mid);
        const aad = envelopeAad({ v: e.v, alg: e.alg, ctx: e.ctx, mid, cmt });
        e.cmt = Buffer.from(cmt).toString('base64');
        e.ct = Buffer.from(gcmEncrypt(contentKey, iv, aad, Buffer.from(SECRET))).toString('base64');
      });
    // Control: with the genuine commitment the forgery is the sealed envelope and opens.
    expect(forge(deriveCommitment(dataKey, mid))).toBe(text);
    await expectCode(forge(deriveCommitment(randomBytes(32), mid)), 'ERR_DECRYPTION_FAILED');
  });

  it('a changed context fails even with the right key', async () => {
    await expectCode(
      editEnvelope(envelope, (e) => {
        e.ctx.secret = 'prod/other';
      }),
      'ERR_DECRYPTION_FAILED',
    );
  });
});
