import { describe, expect, it } from 'vitest';
import type { Json } from '../test/helpers.js';
import { fromBase64Strict } from './bytes.js';
import { MAX_ENVELOPE_LENGTH, parseEnvelope, serializeEnvelope } from './envelope.js';
import { inspect, LocalKeyProvider, seal } from './index.js';

const key = LocalKeyProvider.fromBytes(Buffer.alloc(32, 1), 'parser-key');
const valid = await seal('value', { providers: [key], context: { secret: 'a/b' } });
const edit = (f: (e: Json) => void) => {
  const e = JSON.parse(valid);
  f(e);
  return JSON.stringify(e);
};
const b64 = (n: number) => Buffer.alloc(n, 9).toString('base64');

describe('strict base64', () => {
  it.each([
    ['AAAA', true],
    ['AA==', true],
    ['AAE=', true],
    ['', true],
    ['AB==', false], // non-zero padding bits
    ['AAF=', false],
    ['AA=', false], // missing padding
    ['AA', false],
    ['AA-_', false], // url alphabet
    ['AA A', false],
    ['AA\nA', false],
    ['A===', false],
  ])('%j canonical: %s', (text, ok) => {
    expect(fromBase64Strict(text) !== undefined).toBe(ok);
  });
});

describe('parseEnvelope', () => {
  it('round-trips the serializer and accepts surrounding whitespace (a file with a final newline)', () => {
    expect(serializeEnvelope(parseEnvelope(valid))).toBe(valid);
    expect(serializeEnvelope(parseEnvelope(`\n ${valid}\r\n`))).toBe(valid);
  });

  const malformed: [string, string][] = [
    ['not JSON', 'nope'],
    ['an array', '[]'],
    ['a JSON string', '"x"'],
    ['pretty-printed', JSON.stringify(JSON.parse(valid), null, 1)],
    [
      'fields reordered',
      (() => {
        const { v, alg, ctx, keys, mid, cmt, ct, iv } = JSON.parse(valid);
        return JSON.stringify({ v, alg, ctx, keys, mid, cmt, ct, iv });
      })(),
    ],
    ['duplicate field', valid.replace('"mid":', '"cmt":"AAAA","mid":').replace(/^/, '')],
    ['duplicate field, same value', valid.replace(/,"ct":("[^"]*")\}$/, ',"ct":$1,"ct":$1}')],
    ['escaped slash in ctx', valid.replace('a/b', 'a\\/b')],
    ['unicode-escaped ASCII', valid.replace('"secret"', '"\\u0073ecret"')],
    [
      'unknown field',
      edit((e) => {
        e.x = 'y';
      }),
    ],
    [
      'missing v',
      edit((e) => {
        delete e.v;
      }),
    ],
    [
      'missing keys',
      edit((e) => {
        delete e.keys;
      }),
    ],
    [
      'v missing',
      edit((e) => {
        delete e.v;
      }),
    ],
    [
      'alg missing',
      edit((e) => {
        delete e.alg;
      }),
    ],
    [
      'a lone surrogate in keys[0].id (JSON spells it, JSON.stringify writes it back alike)',
      valid.replace(/"id":"[^"]*"/, '"id":"local:\\ud800"'),
    ],
    ['a lone surrogate in keys[0].p', valid.replace('"p":"local"', '"p":"\\udfff"')],
    [
      'ctx an array',
      edit((e) => {
        e.ctx = [];
      }),
    ],
    [
      'ctx value a number',
      edit((e) => {
        e.ctx = { a: 1 };
      }),
    ],
    [
      'ctx empty key',
      edit((e) => {
        e.ctx = { '': 'x' };
      }),
    ],
    [
      'ctx key too long',
      edit((e) => {
        e.ctx = { ['k'.repeat(257)]: 'x' };
      }),
    ],
    [
      'ctx value too long',
      edit((e) => {
        e.ctx = { k: 'v'.repeat(1025) };
      }),
    ],
    [
      'ctx lone surrogate',
      edit((e) => {
        e.ctx = { k: '\ud800' };
      }),
    ],
    [
      'keys empty',
      edit((e) => {
        e.keys = [];
      }),
    ],
    [
      'keys an object',
      edit((e) => {
        e.keys = {};
      }),
    ],
    [
      'key entry a string',
      edit((e) => {
        e.keys = ['x'];
      }),
    ],
    [
      'key entry unknown field',
      edit((e) => {
        e.keys[0].x = 1;
      }),
    ],
    [
      'key entry missing edk',
      edit((e) => {
        delete e.keys[0].edk;
      }),
    ],
    [
      'key entry empty p',
      edit((e) => {
        e.keys[0].p = '';
      }),
    ],
    [
      'key entry empty id',
      edit((e) => {
        e.keys[0].id = '';
      }),
    ],
    [
      'key entry empty edk',
      edit((e) => {
        e.keys[0].edk = '';
      }),
    ],
    [
      'edk not base64',
      edit((e) => {
        e.keys[0].edk = '***';
      }),
    ],
    [
      'mid 31 bytes',
      edit((e) => {
        e.mid = b64(31);
      }),
    ],
    [
      'mid 33 bytes',
      edit((e) => {
        e.mid = b64(33);
      }),
    ],
    [
      'cmt 31 bytes',
      edit((e) => {
        e.cmt = b64(31);
      }),
    ],
    [
      'iv 16 bytes',
      edit((e) => {
        e.iv = b64(16);
      }),
    ],
    [
      'ct 15 bytes',
      edit((e) => {
        e.ct = b64(15);
      }),
    ],
    [
      'ct non-canonical base64',
      edit((e) => {
        e.ct = `${e.ct.slice(0, -2)}B=`;
      }),
    ],
    [
      'ct unpadded',
      edit((e) => {
        e.ct = b64(17).replace(/=+$/, '');
      }),
    ],
    ['too long', `${valid}${' '.repeat(MAX_ENVELOPE_LENGTH)}`],
  ];
  it.each(malformed)('%s -> ERR_ENVELOPE_MALFORMED', (_name, text) => {
    expect(() => parseEnvelope(text)).toThrow(expect.objectContaining({ code: 'ERR_ENVELOPE_MALFORMED' }));
  });

  it.each([
    [
      'v envelope-kit/2',
      edit((e) => {
        e.v = 'envelope-kit/2';
      }),
    ],
    ['v with other fields', JSON.stringify({ v: 'envelope-kit/2', payload: 'x' })],
    [
      'alg A128GCM',
      edit((e) => {
        e.alg = 'A128GCM';
      }),
    ],
    // Present but not the v1 value, whatever the JSON type: unsupported (docs/FORMAT.md section 2).
    [
      'v a number',
      edit((e) => {
        e.v = 1;
      }),
    ],
    [
      'v null',
      edit((e) => {
        e.v = null;
      }),
    ],
    [
      'alg null',
      edit((e) => {
        e.alg = null;
      }),
    ],
    [
      'alg an array',
      edit((e) => {
        e.alg = ['A256GCM-HKDF-SHA512-COMMIT'];
      }),
    ],
  ])('%s -> ERR_ENVELOPE_UNSUPPORTED', (_name, text) => {
    expect(() => parseEnvelope(text)).toThrow(expect.objectContaining({ code: 'ERR_ENVELOPE_UNSUPPORTED' }));
  });

  it('the message of an unsupported version is bounded', () => {
    const text = edit((e) => {
      e.v = `x${'y'.repeat(5000)}`;
    });
    expect(() => parseEnvelope(text)).toThrow(/unsupported envelope version "xy{39}\.\.\."/);
  });

  it('names the type, never the value, of a v or alg that is no string', () => {
    expect(() =>
      parseEnvelope(
        edit((e) => {
          e.alg = null;
        }),
      ),
    ).toThrow(/^unsupported envelope algorithm of type null$/);
    expect(() =>
      parseEnvelope(
        edit((e) => {
          e.v = { x: 'y' };
        }),
      ),
    ).toThrow(/^unsupported envelope version of type object$/);
  });

  it('parses envelopes whose context holds a "ct" key or the text ,"ct":" (header/ct split falls back)', async () => {
    const contexts: Record<string, string>[] = [{ a: 'b', ct: 'x' }, { a: ',"ct":"', ct: '"}' }, { ct: '' }];
    for (const ctx of contexts) {
      const text = await seal('split', { providers: [key], context: ctx });
      expect(inspect(text).context).toEqual(ctx);
      expect(serializeEnvelope(parseEnvelope(text))).toBe(text);
    }
  });

  it('rejects a ct field placed elsewhere or repeated, whichever parse path is taken', () => {
    const { v, alg, ctx, keys, mid, cmt, iv, ct } = JSON.parse(valid);
    const early = `{"v":${JSON.stringify(v)},"alg":${JSON.stringify(alg)},"ct":"${ct}","ctx":${JSON.stringify(ctx)},"keys":${JSON.stringify(keys)},"mid":"${mid}","cmt":"${cmt}","iv":"${iv}"}`;
    expect(() => parseEnvelope(early)).toThrow(expect.objectContaining({ code: 'ERR_ENVELOPE_MALFORMED' }));
    const twice = valid.replace(`"iv":"${iv}"`, `"iv":"${iv}","ct":"${ct}"`);
    expect(() => parseEnvelope(twice)).toThrow(expect.objectContaining({ code: 'ERR_ENVELOPE_MALFORMED' }));
  });

  it('accepts a context with __proto__ as a plain key', () => {
    const text = valid.replace('"ctx":{"secret":"a/b"}', '"ctx":{"__proto__":"x"}');
    expect(inspect(text).context).toEqual(JSON.parse('{"__proto__":"x"}'));
  });
});

describe('inspect', () => {
  it('returns the header only', () => {
    expect(inspect(valid)).toEqual({
      format: 'v1',
      version: 'envelope-kit/1',
      alg: 'A256GCM-HKDF-SHA512-COMMIT',
      context: { secret: 'a/b' },
      keys: [{ provider: 'local', keyId: 'parser-key' }],
      ciphertextBytes: 5 + 16,
    });
  });
});
