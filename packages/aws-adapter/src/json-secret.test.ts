import { describe, expect, it } from 'vitest';
import { analyzeSecret, flattenSecret } from './env-names.js';
import { type JsonNode, JsonValueError, MAX_JSON_DEPTH, scanJson, serializeJson } from './json-secret.js';
import { MAX_MASKS_PER_SECRET, MIN_MASK_LENGTH } from './masks.js';

/** The JavaScript value a scanned node stands for, as JSON.parse would give it. */
function toValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'string':
      return node.value;
    case 'number':
    case 'literal':
      return JSON.parse(node.raw);
    case 'array':
      return node.items.map(toValue);
    case 'object':
      return Object.fromEntries([...node.entries].map(([k, v]) => [k, toValue(v)]));
  }
}

/** Whether JSON.parse accepts `text`, and what it gives. */
function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A small seeded generator (mulberry32): the same texts on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  ' ',
  '\n',
  '"a"',
  '"\\u0041"',
  '"\\x"',
  '"\t"',
  '1',
  '-0',
  '01',
  '1.',
  '1e400',
  '.5',
  'true',
  'tru',
  'null',
  '"',
  '\\',
  '"\\ud800"',
  '""',
  '-',
  '2E-3',
  '\u00a0',
  '"é"',
];

describe('scanJson accepts and rejects exactly what JSON.parse does', () => {
  it.each([
    '{}',
    '[]',
    '{"a":1}',
    ' {"a" : [1, 2.5e-3, -0, "x"] } ',
    '"s"',
    '1',
    'true',
    'null',
    '{"a":{"b":{}}}',
    '{"a":1,}',
    '[1,]',
    '[,1]',
    '{,}',
    '{"a"}',
    '{"a":}',
    '{a:1}',
    "{'a':1}",
    '01',
    '1.',
    '.1',
    '+1',
    '-',
    '"\\u00"',
    '"\\ud800"',
    '"a\u0001"',
    '"\u007f"',
    '[1 2]',
    '{"a":1 "b":2}',
    '',
    ' ',
    'nul',
    'true false',
    '\u00a0{}',
    '{}\u00a0',
    '{"a":1}}',
    '[[]',
    '[]]',
    '{"\\"":"\\\\"}',
    '"\u2028"',
  ])('%j', (text) => {
    const expected = parsed(text);
    const doc = scanJson(text);
    expect(doc !== undefined).toBe(expected.ok);
    if (doc !== undefined && expected.ok) expect(toValue(doc.root)).toEqual(expected.value);
  });

  it('on 10,000 generated texts, valid and broken', () => {
    const next = random(11);
    let valid = 0;
    for (let n = 0; n < 10_000; n++) {
      const length = 1 + Math.floor(next() * 12);
      let text = '';
      for (let k = 0; k < length; k++) text += PIECES[Math.floor(next() * PIECES.length)];
      const expected = parsed(text);
      const doc = scanJson(text);
      expect(doc !== undefined, text).toBe(expected.ok);
      if (doc !== undefined && expected.ok) {
        valid++;
        expect(toValue(doc.root), text).toEqual(expected.value);
      }
    }
    expect(valid).toBeGreaterThan(300);
  });

  it('duplicate keys: the last value wins at the first position, array indices first (JSON.parse)', () => {
    const text = '{"b":1,"a":2,"b":3,"10":4,"2":5,"-1":6,"01":7}';
    const doc = scanJson(text);
    expect(doc).toBeDefined();
    expect(serializeJson((doc as { root: JsonNode }).root)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('scans 100,000 levels without recursion and reports the depth', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(scanJson(deep)?.depth).toBe(100_000);
    expect(serializeJson((scanJson(deep) as { root: JsonNode }).root)).toBe(deep);
  });
});

describe('analyzeSecret: exact leaves, masks, refusals', () => {
  const analyze = (value: string, parseJson = true, alias?: string) =>
    analyzeSecret({
      alias,
      secretName: 'app',
      value,
      parseJson,
      transformation: 'uppercase',
      subject: 'prod/app',
    });

  it('exports every number exactly as written', () => {
    const { variables, masks } = analyze('{"big":12345678901234567890,"huge":1e400,"f":1.50,"z":-0}');
    expect(variables).toEqual([
      { name: 'APP_BIG', value: '12345678901234567890' },
      { name: 'APP_HUGE', value: '1e400' },
      { name: 'APP_F', value: '1.50' },
      { name: 'APP_Z', value: '-0' },
    ]);
    expect(masks).toEqual(expect.arrayContaining(['12345678901234567890', '1e400', '1.50']));
    // `-0` is exported exactly too, but shorter than 4 characters: no mask (see the masks tests below).
    expect(masks).not.toContain('-0');
  });

  it('exports arrays as compact JSON text and masks every element one by one', () => {
    const { variables, masks } = analyze('{"arr": [ "one-x", 12345678901234567890, {"k": "deep-y"}, true ]}');
    expect(variables).toEqual([
      { name: 'APP_ARR', value: '["one-x",12345678901234567890,{"k":"deep-y"},true]' },
    ]);
    expect(masks).toEqual(
      expect.arrayContaining(['one-x', '12345678901234567890', 'deep-y', variables[0]?.value as string]),
    );
  });

  it('does not mask true, false or null leaves (they would blank the word job-wide)', () => {
    const { variables, masks } = analyze('{"t":true,"f":false,"n":null,"s":"str-v"}');
    expect(variables.map((v) => v.value)).toEqual(['true', 'false', 'null', 'str-v']);
    expect(masks).not.toContain('true');
    expect(masks).not.toContain('false');
    expect(masks).not.toContain('null');
    expect(masks).toContain('str-v');
  });

  it('duplicate keys export the last value once, as the official JSON.parse does', () => {
    expect(analyze('{"a":"first","a":"last"}').variables).toEqual([{ name: 'APP_A', value: 'last' }]);
  });

  it('without parse-json-secrets masks every leaf of the value, and refuses nothing for depth', () => {
    const deep = `{"a":${'['.repeat(5_000)}"deep-leaf"${']'.repeat(5_000)},"n":7700}`;
    const { variables, masks } = analyze(deep, false);
    expect(variables).toEqual([{ name: 'APP', value: deep }]);
    expect(masks).toEqual(expect.arrayContaining([deep, 'deep-leaf', '7700']));
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} with ERR_JSON_TOO_DEEP naming the secret`, () => {
    const nest = (levels: number) => `${'{"k":'.repeat(levels - 1)}{"k":"v"}${'}'.repeat(levels - 1)}`;
    expect(analyze(nest(MAX_JSON_DEPTH)).variables).toEqual([
      { name: `APP${'_K'.repeat(MAX_JSON_DEPTH)}`, value: 'v' },
    ]);
    for (const value of [
      nest(MAX_JSON_DEPTH + 1),
      nest(4_000),
      `{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`,
    ]) {
      const error = (() => {
        try {
          analyze(value);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(JsonValueError);
      expect(error).toMatchObject({ code: 'ERR_JSON_TOO_DEEP', subject: 'prod/app' });
      expect((error as Error).message).not.toContain('"k"');
    }
  });

  it('a string leaf holding a JSON object counts its depth where it stands', () => {
    const inner = `${'{"k":'.repeat(MAX_JSON_DEPTH - 2)}1${'}'.repeat(MAX_JSON_DEPTH - 2)}`;
    expect(analyze(JSON.stringify({ a: inner })).variables).toHaveLength(1);
    const tooDeep = `${'{"k":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}`;
    expect(() => analyze(JSON.stringify({ a: tooDeep }))).toThrow(
      expect.objectContaining({ code: 'ERR_JSON_TOO_DEEP' }),
    );
  });

  it('refuses NUL in a plain value or a JSON leaf with ERR_VALUE_NUL naming the secret', () => {
    for (const [value, parseJson] of [
      ['a\u0000b', false],
      ['a\u0000b', true],
      ['{"p":"x\\u0000y"}', true],
    ] as const) {
      expect(() => analyze(value, parseJson)).toThrow(
        expect.objectContaining({ code: 'ERR_VALUE_NUL', subject: 'prod/app' }),
      );
    }
    // Without parse-json-secrets the escaped NUL stays six characters of JSON text; its leaf is masked around it.
    const whole = analyze('{"p":"x-part\\u0000y-part"}', false);
    expect(whole.variables[0]?.value).toBe('{"p":"x-part\\u0000y-part"}');
    expect(whole.masks).toEqual(expect.arrayContaining(['x-part', 'y-part']));
    for (const mask of whole.masks) expect(mask).not.toContain('\u0000');
    // In an array the element is re-escaped, never raw.
    expect(analyze('{"a":["x\\u0000"]}').variables).toEqual([{ name: 'APP_A', value: '["x\\u0000"]' }]);
  });

  it('flattenSecret gives the same variables', () => {
    const value = '{"a":{"b":[1, 2]},"c":"{\\"d\\":5e1}"}';
    expect(
      flattenSecret({ alias: '', secretName: 'x', value, parseJson: true, transformation: 'none' }),
    ).toEqual([
      { name: 'a_b', value: '[1,2]' },
      { name: 'c_d', value: '5e1' },
    ]);
  });
});

describe('analyzeSecret: masks of any JSON text (outside review F3, F4, F5)', () => {
  const masksOf = (value: string, parseJson: boolean) =>
    analyzeSecret({ alias: undefined, secretName: 'm', value, parseJson, transformation: 'uppercase' }).masks;

  it.each([false, true])(
    'masks the elements of a top-level array one by one (parse-json %s)',
    (parseJson) => {
      const value = '["arr-elem-secret-1","arr-elem-secret-2",{"k":"arr-obj-secret"},98765]';
      expect(masksOf(value, parseJson)).toEqual([
        value,
        'arr-elem-secret-1',
        'arr-elem-secret-2',
        'arr-obj-secret',
        '98765',
      ]);
    },
  );

  it.each([false, true])(
    'masks the leaves of arrays and objects held in string leaves (parse-json %s)',
    (parseJson) => {
      const nestedArr = JSON.stringify({ a: JSON.stringify(['inner-arr-secret']) });
      expect(masksOf(nestedArr, parseJson)).toEqual(
        expect.arrayContaining(['["inner-arr-secret"]', 'inner-arr-secret']),
      );
      const nestedObj = JSON.stringify({ a: JSON.stringify({ x: 'inner-secret-xyz' }) });
      expect(masksOf(nestedObj, parseJson)).toEqual(expect.arrayContaining(['inner-secret-xyz']));
      // Three texts inside one another, in a top-level array.
      const triple = JSON.stringify([JSON.stringify([JSON.stringify({ z: 'triple-inner-z' })])]);
      expect(masksOf(triple, parseJson)).toContain('triple-inner-z');
    },
  );

  it(`masks JSON texts inside string leaves up to ${MAX_JSON_DEPTH} times inside one another, refuses deeper`, () => {
    // `\u005c` and `\u0022` escapes keep the growth linear (JSON.stringify doubles backslashes).
    const quote = (text: string) => `"${text.replace(/\\/g, '\\u005c').replace(/"/g, '\\u0022')}"`;
    const embed = (times: number) => {
      let text = '["innermost-leaf"]';
      for (let i = 0; i < times; i++) text = `[${quote(text)}]`;
      return text;
    };
    expect(masksOf(embed(MAX_JSON_DEPTH), false)).toContain('innermost-leaf');
    expect(() => masksOf(embed(MAX_JSON_DEPTH + 1), false)).toThrow(
      expect.objectContaining({ code: 'ERR_JSON_TOO_DEEP', subject: 'm' }),
    );
  });

  it.each([false, true])(
    `registers no leaf shorter than ${MIN_MASK_LENGTH} characters (parse-json %s)`,
    (parseJson) => {
      const value = '{"a":[0,1,9,42,443,1000,"x","ab","abc","abcd"," ab ","[]","null","true"],"port":"22"}';
      expect(masksOf(value, parseJson).filter((m) => m !== value)).toEqual([
        '1000',
        'abcd',
        ...(parseJson ? ['[0,1,9,42,443,1000,"x","ab","abc","abcd"," ab ","[]","null","true"]'] : []),
      ]);
    },
  );

  it(`refuses a value that gives more than ${MAX_MASKS_PER_SECRET} masks with ERR_TOO_MANY_MASKS`, () => {
    // The review's case: {"a":[0,1,...,11999]} (61 KB) registered 12,001 masks, `0`..`9` among them.
    const numbers = JSON.stringify({ a: Array.from({ length: 12_000 }, (_, i) => i) });
    // flattenSecret (`envelope run`) masks nothing, so refuses nothing for it.
    expect(
      flattenSecret({
        alias: undefined,
        secretName: 'm',
        value: numbers,
        parseJson: true,
        transformation: 'none',
      }),
    ).toHaveLength(1);
    for (const parseJson of [false, true]) {
      expect(() => masksOf(numbers, parseJson)).toThrow(
        expect.objectContaining({ code: 'ERR_TOO_MANY_MASKS', subject: 'm' }),
      );
    }
    // Lines count too: 2,001 distinct lines of a plain value.
    const lines = Array.from({ length: MAX_MASKS_PER_SECRET + 1 }, (_, i) => `line-${i}`).join('\n');
    expect(() => masksOf(lines, false)).toThrow(expect.objectContaining({ code: 'ERR_TOO_MANY_MASKS' }));
    // At the cap exactly: accepted (the whole value plus 1,999 leaves).
    const atCap = JSON.stringify(Array.from({ length: MAX_MASKS_PER_SECRET - 1 }, (_, i) => 10_000 + i));
    expect(masksOf(atCap, false)).toHaveLength(MAX_MASKS_PER_SECRET);
  });

  it('masks a value, its lines and its leaves also without their surrounding spaces', () => {
    expect(masksOf(' padded-secret \n', false)).toEqual([
      ' padded-secret \n',
      'padded-secret',
      ' padded-secret ',
    ]);
    expect(masksOf('{"p":"  leaf-with-spaces\\t"}', true)).toEqual([
      '{"p":"  leaf-with-spaces\\t"}',
      '  leaf-with-spaces\t',
      'leaf-with-spaces',
    ]);
  });
});
