import { describe, expect, it } from 'vitest';
import { type InputReader, parseLegacyKdf, readInputs } from './inputs.js';

const reader =
  (values: Record<string, string>): InputReader =>
  (name) =>
    values[name] ?? '';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('readInputs', () => {
  it('applies the defaults of action.yml', () => {
    const inputs = readInputs(reader({ 'secret-ids': 'prod/db' }));
    expect(inputs).toEqual({
      secretIds: ['prod/db'],
      envelopeFiles: [],
      parseJsonSecrets: false,
      nameTransformation: 'uppercase',
      requireContext: {},
      allowedKeyIds: [],
      localKey: undefined,
      legacyKdf: 'auto',
      plaintextSecrets: 'allow',
      legacyEnvelopes: 'auto',
      acceptWeakLegacy: [],
      allowNames: [],
      contentNames: 'deny-list',
      exportEnv: true,
      setOutputs: false,
      allowOverwrite: false,
      region: undefined,
      endpointUrl: undefined,
      maxConcurrency: undefined,
      cleanup: true,
      summary: true,
      autoSelectFamilyAttemptTimeout: 1000,
    });
  });

  it('reads content-names and allow-names patterns, and refuses what is neither', () => {
    const inputs = readInputs(reader({ 'content-names': 'allow-list', 'allow-names': 'APP_*\nDB_URL' }));
    expect(inputs).toMatchObject({ contentNames: 'allow-list', allowNames: ['APP_*', 'DB_URL'] });
    expect(() => readInputs(reader({ 'content-names': 'allowlist' }))).toThrow(/content-names/);
    for (const bad of ['*', '*_URL', 'A*B', 'APP-*']) {
      expect(() => readInputs(reader({ 'allow-names': bad })), bad).toThrow(/allow-names/);
    }
  });

  it('accepts empty secret-ids and envelope-files, as the official action (nothing to export)', () => {
    expect(readInputs(reader({}))).toMatchObject({ secretIds: [], envelopeFiles: [] });
    expect(readInputs(reader({ 'secret-ids': '\n  \n' })).secretIds).toEqual([]);
  });

  it.each([
    ['Uppercase', 'uppercase'],
    ['UPPERCASE', 'uppercase'],
    ['lowErCase', 'lowercase'],
    ['None', 'none'],
  ])('reads name-transformation %s case-insensitively, as the official action', (written, parsed) => {
    expect(readInputs(reader({ 'name-transformation': written })).nameTransformation).toBe(parsed);
  });

  it.each([
    ['10', 10],
    ['3000', 3000],
    [' 2000 ', 2000],
    ['1e3', 1000],
  ])('reads auto-select-family-attempt-timeout %j as Number() does', (written, parsed) => {
    expect(
      readInputs(reader({ 'auto-select-family-attempt-timeout': written })).autoSelectFamilyAttemptTimeout,
    ).toBe(parsed);
  });

  it('reads every input', () => {
    const inputs = readInputs(
      reader({
        'secret-ids': '  prod/db\n\nDB2, prod/db2\nprod/db\n',
        'envelope-files': 'secrets/app.env.json',
        'parse-json-secrets': 'True',
        'name-transformation': 'lowercase',
        'require-context': 'team=payments\n stage = prod \nurl=a=b',
        'allowed-key-ids': 'alias/ci\narn:aws:kms:us-east-1:111122223333:key/abc',
        'local-key': KEY,
        'legacy-kdf': 'pbkdf2:100000',
        'plaintext-secrets': 'deny',
        'export-env': 'FALSE',
        'set-outputs': 'true',
        'allow-overwrite': 'true',
        region: 'eu-west-1',
        'endpoint-url': 'http://127.0.0.1:5000',
        'max-concurrency': '4',
        cleanup: 'false',
        summary: 'false',
        'auto-select-family-attempt-timeout': '2500',
      }),
    );
    expect(inputs.secretIds).toEqual(['prod/db', 'DB2, prod/db2']);
    expect(inputs.requireContext).toEqual({ team: 'payments', stage: 'prod', url: 'a=b' });
    expect(inputs.localKey).toEqual(new Uint8Array(32).fill(7));
    expect(inputs.legacyKdf).toEqual({ pbkdf2: 100000 });
    expect(inputs).toMatchObject({
      parseJsonSecrets: true,
      nameTransformation: 'lowercase',
      plaintextSecrets: 'deny',
      exportEnv: false,
      setOutputs: true,
      allowOverwrite: true,
      region: 'eu-west-1',
      endpointUrl: 'http://127.0.0.1:5000',
      maxConcurrency: 4,
      cleanup: false,
      summary: false,
      autoSelectFamilyAttemptTimeout: 2500,
    });
  });

  it.each([
    [{ 'parse-json-secrets': 'yes' }, 'parse-json-secrets'],
    [{ 'export-env': 'on' }, 'export-env'],
    [{ 'name-transformation': 'something' }, 'name-transformation'],
    [{ 'name-transformation': 'upper case' }, 'name-transformation'],
    // The official action's validation: Number() of the input, NaN or below 10 refused ...
    [{ 'auto-select-family-attempt-timeout': 'abc' }, 'auto-select-family-attempt-timeout'],
    [{ 'auto-select-family-attempt-timeout': '9' }, 'auto-select-family-attempt-timeout'],
    [{ 'auto-select-family-attempt-timeout': '-100' }, 'auto-select-family-attempt-timeout'],
    // ... and what Node's setter then refuses (not a 32-bit integer), which fails its step too.
    [{ 'auto-select-family-attempt-timeout': '10.5' }, 'auto-select-family-attempt-timeout'],
    [{ 'auto-select-family-attempt-timeout': '3000000000' }, 'auto-select-family-attempt-timeout'],
    [{ 'legacy-kdf': 'sha1' }, 'legacy-kdf'],
    [{ 'legacy-kdf': 'pbkdf2:0' }, 'legacy-kdf'],
    [{ 'legacy-kdf': 'pbkdf2:abc' }, 'legacy-kdf'],
    [{ 'plaintext-secrets': 'refuse' }, 'plaintext-secrets'],
    [{ 'max-concurrency': '0' }, 'max-concurrency'],
    [{ 'max-concurrency': '-3' }, 'max-concurrency'],
    [{ 'max-concurrency': '2.5' }, 'max-concurrency'],
    [{ 'max-concurrency': 'many' }, 'max-concurrency'],
    [{ 'require-context': 'novalue' }, 'require-context'],
    [{ 'require-context': '=x' }, 'require-context'],
    [{ 'require-context': 'a=1\na=2' }, 'require-context'],
    [{ 'local-key': 'not base64!' }, 'local-key'],
    [{ region: 'Europe' }, 'region'],
    [{ 'endpoint-url': 'ftp://x' }, 'endpoint-url'],
    [{ 'endpoint-url': 'not a url' }, 'endpoint-url'],
  ] as [Record<string, string>, string][])('refuses %j naming %s', (values, name) => {
    const all = 'secret-ids' in values || name === 'secret-ids' ? values : { 'secret-ids': 'x', ...values };
    let caught: unknown;
    try {
      readInputs(reader(all));
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'ERR_INPUT', subject: name });
    expect((caught as Error).message).toContain(`'${name}'`);
  });

  it('says the length of a wrong local-key, never its bytes', () => {
    const short = Buffer.alloc(31, 0x41).toString('base64');
    expect(() => readInputs(reader({ 'secret-ids': 'x', 'local-key': short }))).toThrow(
      'must be base64 of 32 bytes, got 31',
    );
    try {
      readInputs(reader({ 'secret-ids': 'x', 'local-key': short }));
    } catch (e) {
      expect((e as Error).message).not.toContain(short);
      expect((e as Error).message).not.toContain('AAAA');
    }
  });

  it('envelope-files alone is enough', () => {
    expect(readInputs(reader({ 'envelope-files': 'a.env' })).envelopeFiles).toEqual(['a.env']);
  });
});

describe('parseLegacyKdf', () => {
  it.each([
    ['auto', 'auto'],
    ['sha256', 'sha256'],
    ['md5', 'md5'],
    ['pbkdf2', { pbkdf2: 10000 }],
    ['pbkdf2:1', { pbkdf2: 1 }],
  ] as const)('%s', (text, expected) => expect(parseLegacyKdf(text)).toEqual(expected));
});
