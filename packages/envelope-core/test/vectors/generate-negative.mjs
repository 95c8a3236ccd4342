// Regenerates v1-negative.json: `node test/vectors/generate-negative.mjs > test/vectors/v1-negative.json`.
// Every case is golden vector 1 with one change, written out in full so that another implementation
// needs nothing but this file. test/negative.test.ts checks every case against open/inspect/
// detectFormat. Never regenerate to make a test pass: a case's code is what docs/FORMAT.md requires.
import { readFileSync } from 'node:fs';

const golden = JSON.parse(readFileSync(new URL('./v1-golden.json', import.meta.url), 'utf8')).vectors[0];
const E = golden.envelope;
const header = JSON.parse(E);
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const edk = header.keys[0].edk;

/** `E` with the one occurrence of `from` replaced by `to` (refuses ambiguous edits). */
function swap(from, to, text = E) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`not exactly one ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
/** `E` with the bytes `utf8(from)` replaced by raw bytes (hex): for texts that are not UTF-8. */
function swapBytes(from, toHex) {
  const [before, after] = E.split(from);
  if (after === undefined || E.split(from).length !== 2) throw new Error(`not exactly one ${from}`);
  return Buffer.concat([Buffer.from(before), Buffer.from(toHex, 'hex'), Buffer.from(after)]).toString('hex');
}
/** Golden vector 1's base64 field `name` decoded, changed by `edit`, encoded again. */
function rebytes(name, edit) {
  const bytes = Buffer.from(header[name], 'base64');
  return swap(`"${name}":"${header[name]}"`, `"${name}":"${b64(edit(bytes))}"`);
}
const flipFirstBit = (bytes) => {
  const out = Buffer.from(bytes);
  out[0] ^= 0x01;
  return out;
};
const keyEntry = (p, id, e = edk) => `{"p":${JSON.stringify(p)},"id":${JSON.stringify(id)},"edk":"${e}"}`;
const entry0 = keyEntry('local', 'local:b3ddf6cfb2649ccd');

const M = 'ERR_ENVELOPE_MALFORMED';
const U = 'ERR_ENVELOPE_UNSUPPORTED';
const D = 'ERR_DECRYPTION_FAILED';

// [name, FORMAT.md rule, text (or { utf8Hex }), code, detection]
const cases = [
  // text form (section 2)
  ['not JSON: final brace missing', '2 text form', E.slice(0, -1), M, 'v1'],
  ['a JSON array holding the envelope', '2 text form', `[${E}]`, M, 'plain'],
  ['a space after a colon', '2 canonical form', swap('"v":"', '"v": "'), M, 'v1'],
  ['pretty-printed', '2 canonical form', JSON.stringify(header, null, 2), M, 'v1'],
  ['alg before v', '2 canonical form', swap('{"v":"envelope-kit/1","alg":"A256GCM-HKDF-SHA512-COMMIT",', '{"alg":"A256GCM-HKDF-SHA512-COMMIT","v":"envelope-kit/1",'), M, 'v1'],
  ['an unknown top-level field', '2 canonical form', swap(',"ct":', ',"note":"x","ct":'), M, 'v1'],
  ['the field iv missing', '2 canonical form', swap(`,"iv":"${header.iv}"`, ''), M, 'v1'],
  ['v twice', '2 canonical form', swap('{"v":"envelope-kit/1",', '{"v":"envelope-kit/1","v":"envelope-kit/1",'), M, 'v1'],
  ['escape \\/ in a context value', '2 strings', swap('"prod/db"', '"prod\\/db"'), M, 'v1'],
  ['escape \\u0073 in a context key', '2 strings', swap('"secret":', '"\\u0073ecret":'), M, 'v1'],
  ['context keys not in UTF-8 byte order', '3 encryption context', swap('"ctx":{"repository":"envelope-kit/envelope-kit","secret":"prod/db"}', '"ctx":{"secret":"prod/db","repository":"envelope-kit/envelope-kit"}'), M, 'v1'],
  ['a context value that is a number', '3 encryption context', swap('"secret":"prod/db"', '"secret":1'), M, 'v1'],
  ['an empty context key', '3 encryption context', swap('"ctx":{', '"ctx":{"":"x",'), M, 'v1'],
  ['a context key of 257 bytes', '3 encryption context', swap('"ctx":{', `"ctx":{"${'a'.repeat(257)}":"x",`), M, 'v1'],
  ['a lone surrogate in a context value', '3 encryption context', swap('"prod/db"', '"prod/\\ud800"'), M, 'v1'],
  ['a lone surrogate in a context key', '3 encryption context', swap('"secret":', '"secret\\udc00":'), M, 'v1'],
  ['keys empty', '2 fields', swap(`"keys":[${entry0}]`, '"keys":[]'), M, 'v1'],
  ['a key entry with a fourth field', '2 fields', swap(entry0, entry0.replace('}', ',"x":"y"}')), M, 'v1'],
  ['p empty', '2 fields', swap('"p":"local"', '"p":""'), M, 'v1'],
  ['p of 65 characters', '2 fields', swap('"p":"local"', `"p":"${'a'.repeat(65)}"`), M, 'v1'],
  ['a lone surrogate in p', '2 strings', swap('"p":"local"', '"p":"local\\udc00"'), M, 'v1'],
  ['a lone surrogate in id', '2 strings', swap('"id":"local:b3ddf6cfb2649ccd"', '"id":"local:\\ud800"'), M, 'v1'],
  ['id of 2049 characters', '2 fields', swap('"id":"local:b3ddf6cfb2649ccd"', `"id":"${'a'.repeat(2049)}"`), M, 'v1'],
  ['id a number', '2 fields', swap('"id":"local:b3ddf6cfb2649ccd"', '"id":7'), M, 'v1'],
  ['edk empty', '2 fields', swap(`"edk":"${edk}"`, '"edk":""'), M, 'v1'],
  ['edk of 4097 bytes', '2 fields', swap(`"edk":"${edk}"`, `"edk":"${b64(Buffer.alloc(4097, 1))}"`), M, 'v1'],
  ['mid of 31 bytes', '2 fields', rebytes('mid', (b) => b.subarray(0, 31)), M, 'v1'],
  ['cmt of 33 bytes', '2 fields', rebytes('cmt', (b) => Buffer.concat([b, Buffer.of(0)])), M, 'v1'],
  ['iv of 16 bytes', '2 fields', rebytes('iv', (b) => Buffer.concat([b, Buffer.alloc(4)])), M, 'v1'],
  ['ct of 15 bytes', '2 fields', rebytes('ct', (b) => b.subarray(0, 15)), M, 'v1'],
  ['URL-safe base64 (- for +) in cmt', '2 base64', swap(header.cmt, header.cmt.replace('+', '-')), M, 'v1'],
  ['base64 padding missing in mid', '2 base64', swap(header.mid, header.mid.replace(/=+$/, '')), M, 'v1'],
  ['non-zero pad bits in mid', '2 base64', swap(header.mid, header.mid.replace('8=', '9=')), M, 'v1'],
  ['a line break inside ct', '2 base64', swap(header.ct, `${header.ct.slice(0, 8)}\\n${header.ct.slice(8)}`), M, 'v1'],
  ['a leading BOM', '2 detection, canonical form', `\ufeff${E}`, M, 'v1'],
  ['a leading no-break space (not JSON whitespace)', '2 detection, canonical form', `\u00a0${E}`, M, 'plain'],
  ['a trailing form feed (not JSON whitespace)', '2 canonical form', `${E}\f`, M, 'v1'],
  // bytes (section 2: UTF-8)
  ['byte 0xFF in a context value', '2 text form (UTF-8)', { utf8Hex: swapBytes('prod/db', '70726f642fff') }, M, 'v1'],
  ['overlong UTF-8 for / (C0 AF)', '2 text form (UTF-8)', { utf8Hex: swapBytes('prod/db', '70726f64c0af6462') }, M, 'v1'],
  ['a surrogate encoded in UTF-8 (ED A0 80)', '2 text form (UTF-8)', { utf8Hex: swapBytes('prod/db', '70726f642feda080') }, M, 'v1'],
  ['a truncated UTF-8 sequence (E2 82)', '2 text form (UTF-8)', { utf8Hex: swapBytes('prod/db', '70726f642fe282') }, M, 'v1'],
  // classification (section 2)
  ['v envelope-kit/2', '2 classification', swap('"v":"envelope-kit/1"', '"v":"envelope-kit/2"'), U, 'v1'],
  ['v null', '2 classification', swap('"v":"envelope-kit/1"', '"v":null'), U, 'plain'],
  ['v a number', '2 classification', swap('"v":"envelope-kit/1"', '"v":1'), U, 'plain'],
  ['v missing', '2 classification', swap('"v":"envelope-kit/1",', ''), M, 'plain'],
  ['v unknown, nothing else of v1', '2 classification', '{"v":"envelope-kit/2","payload":[1,2]}', U, 'v1'],
  ['alg null', '2 classification', swap('"alg":"A256GCM-HKDF-SHA512-COMMIT"', '"alg":null'), U, 'v1'],
  ['alg another suite', '2 classification', swap('"alg":"A256GCM-HKDF-SHA512-COMMIT"', '"alg":"A128GCM-HKDF-SHA256-COMMIT"'), U, 'v1'],
  ['alg an object', '2 classification', swap('"alg":"A256GCM-HKDF-SHA512-COMMIT"', '"alg":{}'), U, 'v1'],
  ['alg missing', '2 classification', swap('"alg":"A256GCM-HKDF-SHA512-COMMIT",', ''), M, 'v1'],
  // opening (section 8), with golden vector 1's local KEK as the only key
  ['11 key entries (cap 10)', '8 step 2', swap(`"keys":[${entry0}]`, `"keys":[${Array(11).fill(entry0).join(',')}]`), 'ERR_TOO_MANY_KEYS', 'v1'],
  ['only a key id no provider handles', '8 step 6', swap('"id":"local:b3ddf6cfb2649ccd"', '"id":"local:0000000000000000"'), 'ERR_NO_USABLE_KEY', 'v1'],
  ['first bit of ct flipped', '8 step 7', rebytes('ct', flipFirstBit), D, 'v1'],
  ['last byte (of the tag) of ct flipped', '8 step 7', rebytes('ct', (b) => Buffer.concat([b.subarray(0, -1), Buffer.of(b.at(-1) ^ 0x80)])), D, 'v1'],
  ['ct without its first byte', '8 step 7', rebytes('ct', (b) => b.subarray(1)), D, 'v1'],
  ['first bit of iv flipped', '8 step 7', rebytes('iv', flipFirstBit), D, 'v1'],
  ['first bit of mid flipped', '4 commitment', rebytes('mid', flipFirstBit), D, 'v1'],
  ['first bit of cmt flipped', '4 commitment', rebytes('cmt', flipFirstBit), D, 'v1'],
  ['a context value changed', '6 local wrap AAD', swap('"prod/db"', '"prod/dc"'), D, 'v1'],
  ['a context pair added', '6 local wrap AAD', swap('"ctx":{', '"ctx":{"a":"b",'), D, 'v1'],
  ['first bit of edk flipped', '6 local wrap', swap(`"edk":"${edk}"`, `"edk":"${b64(flipFirstBit(Buffer.from(edk, 'base64')))}"`), D, 'v1'],
];

const out = cases.map(([name, rule, input, code, detect]) => ({
  name,
  rule,
  ...(typeof input === 'string' ? { text: input } : input),
  code,
  detect,
}));
process.stdout.write(
  `${JSON.stringify(
    {
      format: 'envelope-kit/1',
      about:
        'Texts a reader MUST refuse when asked to open them as v1 envelopes, each with the error code ' +
        'of docs/FORMAT.md section 8, and what detection (section 2) says of them. Each is golden vector 1 ' +
        '(v1-golden.json) with one change; `utf8Hex` gives bytes that are not UTF-8 text. Open with ' +
        'golden vector 1\'s local KEK as the only key and the default cap of 10 keys.',
      localKekHex: golden.inputs.localKekHex,
      cases: out,
    },
    null,
    2,
  )}\n`,
);
