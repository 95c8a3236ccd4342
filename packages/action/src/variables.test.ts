import { describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';
import { buildPlan } from './plan.js';
import type { OpenedValue } from './variables.js';
import { buildVariables } from './variables.js';

const plan = (values: Record<string, string> = {}) =>
  buildPlan(
    readInputs((name) => ({ 'secret-ids': 'x', ...values })[name] ?? ''),
    { workspace: '/ws', workflow: { repository: undefined, ref: undefined, environment: undefined } },
  );

const opened = (subject: string, value: string, extra: Partial<OpenedValue> = {}): OpenedValue => ({
  subject,
  kind: 'secret',
  alias: undefined,
  name: subject,
  value,
  format: 'plain',
  keyId: undefined,
  warnings: [],
  ...extra,
});

describe('buildVariables', () => {
  it('names values, flattens JSON and lists every value and leaf to mask', () => {
    const result = buildVariables(
      plan({ 'parse-json-secrets': 'true' }),
      [
        opened('prod/db', '{"user":"admin","port":5432,"opts":{"ssl":true}}', { format: 'v1', keyId: 'k1' }),
        opened('arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf', 'tok', { name: 'api' }),
        opened('prod/empty', ''),
      ],
      {},
    );
    expect(result.failures).toEqual([]);
    expect(result.variables.map((v) => [v.name, v.value, v.source, v.format])).toEqual([
      ['PROD_DB_USER', 'admin', 'prod/db', 'v1'],
      ['PROD_DB_PORT', '5432', 'prod/db', 'v1'],
      ['PROD_DB_OPTS_SSL', 'true', 'prod/db', 'v1'],
      ['API', 'tok', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf', 'plain'],
      ['PROD_EMPTY', '', 'prod/empty', 'plain'],
    ]);
    expect(result.masks).toEqual([
      '{"user":"admin","port":5432,"opts":{"ssl":true}}',
      'admin',
      '5432',
      'tok',
    ]);
  });

  it('masks every JSON leaf even when the value is exported whole (parse-json-secrets false)', () => {
    const json = '{"user":"admin","password":"pa55-Wd","nested":{"host":"db.internal"}}';
    const result = buildVariables(plan(), [opened('prod/db', json)], {});
    expect(result.variables.map((v) => [v.name, v.value])).toEqual([['PROD_DB', json]]);
    expect(result.masks).toEqual([json, 'admin', 'pa55-Wd', 'db.internal']);
  });

  it('exports each JSON leaf exactly as stored and masks strings, numbers and array elements one by one', () => {
    const json =
      '{"big":12345678901234567890,"inf":1e400,"arr":["el-one",2.50,{"k":"el-deep"}],"on":true,"off":false,"no":null}';
    const result = buildVariables(plan({ 'parse-json-secrets': 'true' }), [opened('prod/app', json)], {});
    expect(result.failures).toEqual([]);
    expect(result.variables.map((v) => [v.name, v.value])).toEqual([
      ['PROD_APP_BIG', '12345678901234567890'],
      ['PROD_APP_INF', '1e400'],
      ['PROD_APP_ARR', '["el-one",2.50,{"k":"el-deep"}]'],
      ['PROD_APP_ON', 'true'],
      ['PROD_APP_OFF', 'false'],
      ['PROD_APP_NO', 'null'],
    ]);
    expect(result.masks).toEqual([
      json,
      '12345678901234567890',
      '1e400',
      'el-one',
      '2.50',
      'el-deep',
      '["el-one",2.50,{"k":"el-deep"}]',
    ]);
  });

  it('masks the leaves of a top-level array and of JSON held in string leaves (outside review F3)', () => {
    const arr = '["arr-elem-secret-1","arr-elem-secret-2"]';
    const nestedArr = '{"a":"[\\"inner-arr-secret\\"]"}';
    const nestedObj = '{"a":"{\\"x\\":\\"inner-secret-xyz\\"}"}';
    for (const parseJson of ['false', 'true']) {
      const result = buildVariables(
        plan({ 'parse-json-secrets': parseJson }),
        [opened('m/arr', arr), opened('m/nestedarr', nestedArr), opened('m/nested', nestedObj)],
        {},
      );
      expect(result.failures).toEqual([]);
      for (const leaf of ['arr-elem-secret-1', 'arr-elem-secret-2', 'inner-arr-secret', 'inner-secret-xyz'])
        expect(result.masks, `${leaf} (parse-json ${parseJson})`).toContain(leaf);
    }
  });

  it('masks no leaf shorter than 4 characters, and refuses a value with too many masks, masking it whole (F4)', () => {
    const numbers = `{"a":[${Array.from({ length: 12_000 }, (_, i) => i).join(',')}]}`;
    const lines = Array.from({ length: 3_000 }, (_, i) => `line-${i}`).join('\n');
    const result = buildVariables(
      plan(),
      [opened('m/nums', numbers), opened('m/lines', lines), opened('ok', '{"port":443,"pin":"1234"}')],
      {},
    );
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['m/nums', 'ERR_TOO_MANY_MASKS'],
      ['m/lines', 'ERR_TOO_MANY_MASKS'],
    ]);
    expect(result.failures.map((f) => f.message).join('\n')).not.toContain('line-');
    // The refused values are masked whole, not by thousands of texts; `443` is no mask, `1234` is.
    expect(result.masks).toEqual([numbers, lines, '{"port":443,"pin":"1234"}', '1234']);
  });

  it('refuses JSON nested too deep (ERR_JSON_TOO_DEEP) and NUL (ERR_VALUE_NUL), naming each secret', () => {
    const deep = `${'{"k":'.repeat(4_000)}"v"${'}'.repeat(4_000)}`;
    const result = buildVariables(
      plan({ 'parse-json-secrets': 'true' }),
      [
        opened('prod/deep', deep),
        opened('prod/nul', 'a\u0000b'),
        opened('prod/leaf', '{"p":"x\\u0000"}'),
        opened('ok', 'v'),
      ],
      {},
    );
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['prod/deep', 'ERR_JSON_TOO_DEEP'],
      ['prod/nul', 'ERR_VALUE_NUL'],
      ['prod/leaf', 'ERR_VALUE_NUL'],
    ]);
    // Without parse-json-secrets the deep value is exported whole; a NUL is still refused.
    const whole = buildVariables(plan(), [opened('prod/deep', deep), opened('prod/nul', 'a\u0000b')], {});
    expect(whole.failures.map((f) => [f.subject, f.code])).toEqual([['prod/nul', 'ERR_VALUE_NUL']]);
    expect(whole.variables.map((v) => v.name)).toEqual(['PROD_DEEP']);
  });

  it("with set-outputs, refuses a variable that would replace the step's output 'names'", () => {
    const values = { 'set-outputs': 'true', 'name-transformation': 'lowercase' };
    const result = buildVariables(plan(values), [opened('Names', 'x'), opened('other', 'y')], {});
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([['Names', 'ERR_NAME_RESERVED']]);
    expect(buildVariables(plan(), [opened('names', 'x')], {}).failures).toEqual([]);
  });

  it('refuses reserved, duplicate and existing names, naming each secret', () => {
    const result = buildVariables(
      plan(),
      [opened('path', 'a'), opened('my/db', 'b'), opened('my-db', 'c'), opened('existing', 'd')],
      { EXISTING: 'set before' },
    );
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['path', 'ERR_NAME_RESERVED'],
      ['my-db', 'ERR_NAME_DUPLICATE'],
      ['existing', 'ERR_NAME_EXISTS'],
    ]);
    expect(JSON.stringify(result.failures)).not.toMatch(/"(a|b|c|d)"/);
  });

  it('exports a secret matched twice with the same alias once (id and prefix, two prefixes)', () => {
    const result = buildVariables(
      plan(),
      [opened('app/one', 'a'), opened('app/two', 'b'), opened('app/one', 'a'), opened('app/two', 'b')],
      {},
    );
    expect(result.failures).toEqual([]);
    expect(result.variables.map((v) => v.name)).toEqual(['APP_ONE', 'APP_TWO']);
  });

  it('keeps a secret matched twice under different aliases (blank is an alias too) apart', () => {
    const result = buildVariables(
      plan(),
      [
        opened('app/one', 'a'),
        opened('app/one', 'a', { alias: 'ONE' }),
        opened('app/one', 'a', { alias: '' }),
      ],
      {},
    );
    expect(result.variables.map((v) => v.name)).toEqual(['APP_ONE', 'ONE', 'APP_ONE']);
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_NAME_DUPLICATE']);
  });

  it('lists the names for cleanup after those SECRETS_LIST_CLEAN_UP held, as the official action', () => {
    const env = { SECRETS_LIST_CLEAN_UP: '["EARLIER"]' };
    expect(buildVariables(plan(), [opened('a/b', 'x')], env).cleanupList).toBe('["EARLIER","A_B"]');
    expect(buildVariables(plan(), [], {}).cleanupList).toBe('[]');
    expect(buildVariables(plan({ cleanup: 'false' }), [opened('a/b', 'x')], env).cleanupList).toBeUndefined();
    const outputsOnly = plan({ 'export-env': 'false', 'set-outputs': 'true' });
    expect(buildVariables(outputsOnly, [opened('a/b', 'x')], env).cleanupList).toBeUndefined();
  });

  it('refuses SECRETS_LIST_CLEAN_UP as a variable name, as the official action', () => {
    const result = buildVariables(plan(), [opened('secrets/list/clean/up', 'x')], {});
    expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
      ['secrets/list/clean/up', 'ERR_NAME_RESERVED'],
    ]);
  });
});

describe('who chose the name', () => {
  const attack = '{"GIT_CONFIG_COUNT":"1","GIT_CONFIG_KEY_0":"core.fsmonitor","PERL5OPT":"-Mx","DB":"ok"}';
  it('refuses deny-listed JSON keys under a blank alias, and under a prefix', () => {
    for (const alias of ['', 'GIT']) {
      const keys = alias === '' ? attack : '{"CONFIG_COUNT":"1"}';
      const result = buildVariables(
        plan({ 'parse-json-secrets': 'true' }),
        [opened('prod/flags', keys, { alias })],
        {},
      );
      expect(result.failures.length).toBeGreaterThan(0);
      expect(new Set(result.failures.map((f) => f.code))).toEqual(new Set(['ERR_NAME_DENIED']));
      expect(result.failures.every((f) => f.subject === 'prod/flags')).toBe(true);
    }
  });
  it('lets an alias the author wrote, or a secret id, pick a content-tier name', () => {
    const result = buildVariables(
      plan(),
      [opened('prod/a', 'x', { alias: 'LD_PRELOAD' }), opened('git/dir', 'y', { nameChosenBy: 'author' })],
      {},
    );
    expect(result.failures).toEqual([]);
    expect(result.variables.map((v) => v.name)).toEqual(['LD_PRELOAD', 'GIT_DIR']);
  });
  it('refuses a content-tier name of a secret found by a prefix', () => {
    const result = buildVariables(plan(), [opened('git/dir', 'y', { nameChosenBy: 'content' })], {});
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_NAME_DENIED']);
  });

  // External review F7: the cleanup list was compared exact-case, so on Windows (one variable for
  // every case) a JSON key `secrets_list_clean_up` replaced the list both post steps blank.
  it.each(['lowercase', 'none'])(
    'refuses secrets_list_clean_up as a JSON key under name-transformation %s, and as an alias',
    (transformation) => {
      const result = buildVariables(
        plan({ 'parse-json-secrets': 'true', 'name-transformation': transformation }),
        [
          opened('prod/flags', '{"secrets_list_clean_up":"[]","ok":"1"}', { alias: '' }),
          opened('prod/a', 'x', { alias: 'Secrets_List_Clean_Up' }),
        ],
        {},
      );
      expect(result.failures.map((f) => [f.subject, f.code])).toEqual([
        ['prod/flags', 'ERR_NAME_RESERVED'],
        ['prod/a', 'ERR_NAME_RESERVED'],
      ]);
    },
  );
});

describe('content-names: allow-list', () => {
  const flags = '{"RM":"x","APP_PORT":"1","DB_URL":"u"}';
  const allowList = (allowNames: string) =>
    plan({ 'parse-json-secrets': 'true', 'content-names': 'allow-list', 'allow-names': allowNames });

  it('exports JSON keys under a blank alias only when allow-names admits them', () => {
    const result = buildVariables(allowList('APP_*'), [opened('prod/flags', flags, { alias: '' })], {});
    expect(result.failures.map((f) => [f.subject, f.code, f.message.split(' was ')[0]])).toEqual([
      ['prod/flags', 'ERR_NAME_DENIED', "variable name 'RM'"],
      ['prod/flags', 'ERR_NAME_DENIED', "variable name 'DB_URL'"],
    ]);
    const admitted = buildVariables(
      allowList('APP_*\nDB_URL'),
      [opened('prod/flags', '{"APP_PORT":"1","DB_URL":"u"}', { alias: '' })],
      {},
    );
    expect(admitted.failures).toEqual([]);
    expect(admitted.variables.map((v) => v.name)).toEqual(['APP_PORT', 'DB_URL']);
  });

  it('refuses a name a secret found by a prefix chose, unless admitted', () => {
    const found = opened('team/api', 'y', { nameChosenBy: 'content' });
    expect(buildVariables(allowList(''), [found], {}).failures.map((f) => f.code)).toEqual([
      'ERR_NAME_DENIED',
    ]);
    expect(buildVariables(allowList('TEAM_*'), [found], {}).failures).toEqual([]);
  });

  it('leaves names under an alias or a secret id written to the deny-list alone', () => {
    const result = buildVariables(
      allowList(''),
      [
        opened('prod/flags', '{"APP_PORT":"1"}', { alias: 'CFG' }),
        opened('prod/db', '{"URL":"u"}', { nameChosenBy: 'author' }),
      ],
      {},
    );
    expect(result.failures).toEqual([]);
    expect(result.variables.map((v) => v.name)).toEqual(['CFG_APP_PORT', 'PROD_DB_URL']);
  });
});
