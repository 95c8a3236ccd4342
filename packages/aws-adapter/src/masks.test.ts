import { describe, expect, it } from 'vitest';
import { isMaskablePart, MIN_MASK_LENGTH, masksOfText, SecretMasks } from './masks.js';

describe('masksOfText: the value, its lines, their trimmed forms', () => {
  it('masks the value and each line of a multi-line value that can carry a secret', () => {
    expect(masksOfText('one', 'value')).toEqual(['one']);
    expect(masksOfText('line-a\r\nline-b\n\n  \nline-c', 'value')).toEqual([
      'line-a\r\nline-b\n\n  \nline-c',
      'line-a',
      'line-b',
      'line-c',
    ]);
    expect(masksOfText('', 'value')).toEqual([]);
    expect(masksOfText('   ', 'value')).toEqual([]);
  });

  it('always masks the whole value as stored, however short; a part only under the rule', () => {
    expect(masksOfText('1', 'value')).toEqual(['1']);
    expect(masksOfText('1', 'part')).toEqual([]);
    expect(masksOfText('{', 'value')).toEqual(['{']);
    expect(masksOfText('{', 'part')).toEqual([]);
  });

  it('also masks a text without its surrounding spaces (the runner matches masks exactly, untrimmed)', () => {
    // `echo $V` (unquoted) prints `padded-secret`: only a mask of that text hides it.
    expect(masksOfText(' padded-secret \n', 'value')).toEqual([
      ' padded-secret \n',
      'padded-secret',
      ' padded-secret ',
    ]);
    expect(masksOfText('\tleaf-x1 ', 'part')).toEqual(['\tleaf-x1 ', 'leaf-x1']);
    // A short text stays short trimmed: nothing.
    expect(masksOfText('  ab  ', 'part')).toEqual([]);
  });

  it('skips short lines, lines of JSON punctuation and literals, and PEM armour', () => {
    const json =
      '{\n  "user": "admin",\n  "hosts": [\n    "a.example",\n    true,\n    null\n  ],\n  "n": 7\n}\n';
    expect(masksOfText(json, 'value')).toEqual([
      json,
      json.trim(),
      '  "user": "admin",',
      '"user": "admin",',
      '  "hosts": [',
      '"hosts": [',
      '    "a.example",',
      '"a.example",',
      '  "n": 7',
      '"n": 7',
    ]);
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nQ==\n-----END RSA PRIVATE KEY-----\n';
    expect(masksOfText(pem, 'value')).toEqual([pem, pem.trim(), 'MIIEowIBAAKCAQEA']);
  });

  it('splits at NUL, each piece under the rule of the text', () => {
    expect(masksOfText('x-part\u0000y-part\u0000z', 'part')).toEqual(['x-part', 'y-part']);
  });
});

describe('isMaskablePart', () => {
  it.each([
    ['hunter22', true],
    ['  1234  ', true],
    ['Q==x', true],
    ['{x}y', true],
    ['"k": "v"', true],
    ['-----BEGIN hunter2-----', true],
    ['x-----BEGIN PRIVATE KEY-----', true],
    ['---- BEGIN SSH2 PUBLIC KEY ----', true],
    ['Proc-Type: 4,ENCRYPTED', true],
    // Shorter than MIN_MASK_LENGTH once trimmed.
    ['abc', false],
    ['443', false],
    ['Q==', false],
    ['  7 ', false],
    // Only JSON punctuation and literals.
    ['  },', false],
    ['null,', false],
    ['true', false],
    ['[true,null]', false],
    ['""""', false],
    // PEM armour.
    ['-----BEGIN OPENSSH PRIVATE KEY-----', false],
    ['-----END PGP PRIVATE KEY BLOCK-----  ', false],
  ])('%j is %s', (text, expected) => {
    expect(isMaskablePart(text)).toBe(expected);
  });

  it(`uses the leak scan's threshold of ${MIN_MASK_LENGTH} characters`, () => {
    expect(MIN_MASK_LENGTH).toBe(4);
  });
});

describe('SecretMasks', () => {
  it('deduplicates, and refuses more than MAX_MASKS_PER_SECRET masks naming the secret', () => {
    const masks = new SecretMasks('prod/app');
    masks.add('same-text', 'value');
    masks.add('same-text', 'part');
    expect(masks.list()).toEqual(['same-text']);
    expect(() => {
      for (let i = 0; i < 3_000; i++) masks.add(`mask-${i}`, 'part');
    }).toThrow(expect.objectContaining({ code: 'ERR_TOO_MANY_MASKS', subject: 'prod/app' }));
  });
});
