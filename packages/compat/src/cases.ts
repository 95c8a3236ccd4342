/**
 * The compatibility corpus: the secrets stored in moto, and the cases run against them. Each case
 * is a step as a workflow writes it (inputs, variables set by earlier steps) with the outcome this
 * action must give. A case whose outcome differs from aws-actions/aws-secretsmanager-get-secrets
 * on purpose names the row of the README's differences table (`differs`); every other case is one
 * where both actions give the same variables, values, exit status and post step (the side-by-side
 * run, scripts/side-by-side.mjs, checks that against the official bundle).
 */

/** A secret in moto. */
export interface CorpusSecret {
  readonly name: string;
  /** SecretString. */
  readonly text?: string;
  /** SecretBinary. */
  readonly binary?: Uint8Array;
  /** A v1 envelope of this plaintext, sealed with the corpus KMS key, bound to the secret's name. */
  readonly envelopeOf?: string;
  /** Default us-east-1 (the job's region). */
  readonly region?: string;
}

/** A README differences-table row (actions/decrypt-secrets/README.md, "Differences from the official action"). */
export type DifferenceRow =
  | 'S1'
  | 'S2'
  | 'S3'
  | 'S4'
  | 'S5'
  | 'S6'
  | 'S7'
  | 'S8'
  | 'S11'
  | 'S12'
  | 'B1'
  | 'B2'
  | 'B3'
  | 'B4'
  | 'B5'
  | 'B6'
  | 'B7'
  | 'B8'
  | 'B9'
  | 'B10'
  | 'E1'
  | 'E2'
  | 'E3'
  | 'E4'
  | 'E5'
  | 'E6'
  | 'E7';

/** What this action must do. */
export type Expected =
  | {
      /** Exactly these variables (besides SECRETS_LIST_CLEAN_UP), with these values. */
      readonly exports: Readonly<Record<string, string>>;
      /** SECRETS_LIST_CLEAN_UP exactly, when the case is about it (else: earlier list, then the names). */
      readonly cleanupList?: readonly string[];
    }
  | {
      /** The step fails, exports nothing, and names each [subject, code]. */
      readonly fails: readonly (readonly [string, string])[];
    };

/** One step of a workflow, run as the runner runs it. */
export interface CompatCase {
  /** Stable id, `area/what`. */
  readonly id: string;
  readonly title: string;
  /** The `with:` inputs. Placeholders `{arn:NAME}` and `{partial-arn:NAME}` become the secret's ARN. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Variables earlier steps set (GITHUB_ENV of the job). */
  readonly env?: Readonly<Record<string, string>>;
  readonly expected: Expected;
  /** Also run the post step and check it blanks every exported and listed name. */
  readonly post?: boolean;
  /** The README row when the official action behaves differently here, on purpose. */
  readonly differs?: DifferenceRow;
}

/** A post step alone (the official cleanup tests): what it must blank, given the job's variables. */
export interface PostCase {
  readonly id: string;
  readonly title: string;
  readonly env: Readonly<Record<string, string>>;
  /** Blanked, in order, SECRETS_LIST_CLEAN_UP included. */
  readonly blanks: readonly string[];
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// The official action's own test values (its __tests__ and __integration_tests__), so that a reader
// can hold a case against the test it stands for.
const TEST_VALUE = 'test!secret!value!';
const SIMPLE_JSON = '{"api_key": "testkey", "user": "testuser"}';
const NESTED_JSON =
  '{"host":"127.0.0.1", "port": "3600", "config":{"db_user":"testuser","db_password":"testpw","options":{"a":"YES","b":"NO", "c": 100 }}}';
const SECRET_1 = '{"user": "admin", "password": "adminpw"}';
const SECRET_2 = '{"user": "integ", "password": "integpw"}';
const SECRET_FOR_BLANK = '{"username": "integ", "password": "integpw", "config": {"id1": "example1"}}';
const SECRET_FOR_BLANK_3 = '{"username": "integ", "password": "integpw", "config": {"id2": "example2"}}';
const INTEG_JSON = '{"api":{"user":"user","key":"key"},"config":{"active":true}}';
const LEAVES = `{"s":"str","i":42,"f":1.5,"e":1e3,"neg":-0,"big":12345678901234567890,"t":true,"f2":false,"n":null,"empty":"","arr":[1,"a",null,{"x":1}],"obj":{"deep":{"er":"x"}},"eobj":{},"sjson":"{\\"inner\\":\\"v\\"}","sarr":"[1,2]"}`;
const LEGACY_NESTED = '{"service":"billing","blob":{"encryptedSecret":"abc","encryptedDataKey":"def"}}';

const numbered = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

/** Every secret the cases read. Names are unique across cases, so that prefixes match exactly. */
export const CORPUS: readonly CorpusSecret[] = [
  { name: 'test/secret', text: TEST_VALUE },
  { name: 'test/secret1', text: SIMPLE_JSON },
  { name: 'utils/simple', text: SIMPLE_JSON },
  { name: 'utils/nested', text: NESTED_JSON },
  { name: 'utils/digit', text: '{"7Value":"test-value"}' },
  { name: 'utils/binary', binary: utf8(TEST_VALUE) },
  { name: 'prod/db/admin', text: 'admin-pw' },
  { name: '0Admin', text: 'zero-admin' },
  { name: 'secrets_list_clean_up', text: 'takes-the-list' },
  { name: 'list/test/one', text: SECRET_1 },
  { name: 'list/test/two', text: SECRET_2 },
  { name: 'list/alternativeSecret', text: 'alternative-value' },
  { name: 'alias/only/one', text: 'only-one-value' },
  { name: 'idx/test/one', text: SECRET_1 },
  { name: 'idx/test/two', text: SECRET_2 },
  { name: 'idx/app/secret', text: 'secretString1' },
  { name: 'idx/arn/secret-name', text: 'secretString2' },
  { name: 'idx/blank', text: SECRET_FOR_BLANK },
  { name: 'idx/blank2', text: 'blankNameSecretString' },
  { name: 'idx/blank3', text: SECRET_FOR_BLANK_3 },
  { name: 'dup/secret/2', text: 'dup-slash' },
  { name: 'dup/secret@2', text: 'dup-at' },
  // The official integration workflow's secrets (.github/workflows/tests.yml).
  { name: 'SampleSecret1', text: 'SomeSampleSecret1' },
  { name: '/special/chars/secret', text: 'SomeSampleSecret2' },
  { name: '0/special/chars/secret', text: 'SomeSampleSecret3' },
  { name: 'PrefixSecret1', text: 'PrefixSecret1Value' },
  { name: 'PrefixSecret2', text: 'PrefixSecret2Value' },
  { name: 'JsonSecret', text: INTEG_JSON },
  // The corpus.
  { name: 'corp/plain', text: 'plain-value' },
  { name: 'cfg/redis', text: '{"config":"redis-config-value"}' },
  { name: 'corp/a-b.c@d+e=f', text: 'punctuation-value' },
  { name: '9lives', text: 'nine-lives' },
  { name: 'corp/unicode-keys', text: '{"clé":"v1","名前":"v2","emoji😀":"v3","7up":"v4"}' },
  { name: 'corp/unicode-value', text: 'päss wörd ✓ 名前' },
  { name: 'corp/multiline', text: 'line one\nline two\r\nline three' },
  { name: 'corp/arn-target', text: 'arn-target-value' },
  { name: 'corp/looks-abcdef', text: 'suffix-like-value' },
  { name: 'corp/json', text: '{"user":"u1","pass":"p1"}' },
  { name: 'json/leaves', text: LEAVES },
  { name: 'json/duplicate-keys', text: '{"a":"first","a":"second"}' },
  { name: 'json/colliding-keys', text: '{"a-b":"dash","a_b":"underscore"}' },
  { name: 'json/empty-object', text: '{}' },
  { name: 'json/array', text: '["a", "b"]' },
  { name: 'json/number', text: '100' },
  { name: 'json/string', text: '"quoted"' },
  { name: 'json/true', text: 'true' },
  { name: 'json/null', text: 'null' },
  { name: 'json/unquoted-key', text: '{ a: "100" }' },
  { name: 'json/missing-value', text: '{ "a": }' },
  { name: 'json/legacy-nested', text: LEGACY_NESTED },
  { name: 'json/legacy-damaged', text: '{"encryptedSecret":"not base64!","encryptedDataKey":"AA=="}' },
  { name: 'single/only', text: 'single-value' },
  ...numbered('hundred/s', 100).map((name) => ({ name, text: `${name}-value` })),
  ...numbered('many/s', 101).map((name) => ({ name, text: `${name}-value` })),
  { name: 'dedup/one', text: 'dedup-one' },
  { name: 'dedup/two', text: 'dedup-two' },
  { name: 'bin/utf8', binary: utf8('pässwörd ✓') },
  { name: 'bin/bytes', binary: Uint8Array.from([0xff, 0x00, 0x80, 0x41]) },
  { name: 'node/options', text: '--require=/tmp/x.js' },
  { name: 'west/secret', text: 'west-value', region: 'us-west-2' },
  { name: 'env/v1', envelopeOf: 'opened-v1-value' },
  { name: 'deny/json', text: '{"GIT_SSH_COMMAND":"ssh -o ProxyCommand=x","PLAIN":"plain-leaf"}' },
  { name: 'git/remote', text: 'git-remote-value' },
  { name: 'case/Db', text: 'mixed-case' },
  { name: 'case/DB', text: 'upper-case' },
];

/** `count` numbered secrets' variables, as `PREFIX_SNNN` -> value. */
function numberedExports(prefix: string, count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of numbered(`${prefix}/s`, count))
    out[name.replace('/', '_').toUpperCase()] = `${name}-value`;
  return out;
}

const INTEG_IDS = (alias: string) =>
  `SampleSecret1\n/special/chars/secret\n0/special/chars/secret\nPrefixSecret*\nJsonSecret\n${alias}, SampleSecret1\n`;

/** The official integration dataset (__integration_tests__/name_transformation.base.ts), transformed. */
function integExports(transform: (name: string) => string): Record<string, string> {
  const dataset: [string, string][] = [
    ['SampleSecret1', 'SomeSampleSecret1'],
    ['_special_chars_secret', 'SomeSampleSecret2'],
    ['_0_special_chars_secret', 'SomeSampleSecret3'],
    ['PrefixSecret1', 'PrefixSecret1Value'],
    ['PrefixSecret2', 'PrefixSecret2Value'],
    ['JsonSecret_api_user', 'user'],
    ['JsonSecret_api_key', 'key'],
    ['JsonSecret_config_active', 'true'],
    ['SampleSecret1_Alias', 'SomeSampleSecret1'],
  ];
  return Object.fromEntries(dataset.map(([name, value]) => [transform(name), value]));
}

const upper = (name: string) => name.toUpperCase();
const lower = (name: string) => name.toLowerCase();

/** Every main-step case. */
export const CASES: readonly CompatCase[] = [
  // --- The official unit tests, __tests__/utils.test.ts -------------------------------------------
  {
    id: 'fetch/string',
    title: 'a secret string, named after the secret',
    inputs: { 'secret-ids': 'test/secret' },
    expected: { exports: { TEST_SECRET: TEST_VALUE } },
    post: true,
  },
  {
    id: 'fetch/arn-full',
    title: 'a full ARN is named after the fetched secret name',
    inputs: { 'secret-ids': '{arn:test/secret1}' },
    expected: { exports: { TEST_SECRET1: SIMPLE_JSON } },
  },
  {
    id: 'fetch/binary-ascii',
    title: 'an ASCII SecretBinary is exported as its text',
    inputs: { 'secret-ids': 'utils/binary' },
    expected: { exports: { UTILS_BINARY: TEST_VALUE } },
  },
  {
    id: 'fetch/not-found',
    title: 'a secret that does not exist fails the step',
    inputs: { 'secret-ids': 'no/such/secret' },
    expected: { fails: [['no/such/secret', 'ERR_SECRET_NOT_FOUND']] },
  },
  {
    id: 'prefix/list',
    title: 'a prefix expands to every match, in line order with the other ids',
    inputs: { 'secret-ids': 'list/test/*\nlist/alternativeSecret' },
    expected: {
      exports: {
        LIST_TEST_ONE: SECRET_1,
        LIST_TEST_TWO: SECRET_2,
        LIST_ALTERNATIVESECRET: 'alternative-value',
      },
      cleanupList: ['LIST_TEST_ONE', 'LIST_TEST_TWO', 'LIST_ALTERNATIVESECRET'],
    },
  },
  {
    id: 'prefix/alias-one-match',
    title: 'an alias on a prefix that matches one secret names it',
    inputs: { 'secret-ids': 'SECRET_ALIAS,alias/only/*\nlist/alternativeSecret' },
    expected: { exports: { SECRET_ALIAS: 'only-one-value', LIST_ALTERNATIVESECRET: 'alternative-value' } },
  },
  {
    id: 'prefix/invalid-short',
    title: 'a prefix of fewer than 3 characters is refused (/*)',
    inputs: { 'secret-ids': '/*\nlist/alternativeSecret' },
    expected: { fails: [['/*', 'ERR_INPUT']] },
  },
  {
    id: 'prefix/invalid-leading-star',
    title: 'a star that does not end the prefix is refused (*not/a/prefix)',
    inputs: { 'secret-ids': '*not/a/prefix\nlist/alternativeSecret' },
    expected: { fails: [['*not/a/prefix', 'ERR_INPUT']] },
  },
  {
    id: 'prefix/invalid-one-char',
    title: 'a one-character prefix is refused (a*)',
    inputs: { 'secret-ids': 'a*\nlist/alternativeSecret' },
    expected: { fails: [['a*', 'ERR_INPUT']] },
  },
  {
    id: 'prefix/over-100',
    title: 'a prefix matching 101 secrets exports all of them (every ListSecrets page)',
    inputs: { 'secret-ids': 'many/*' },
    expected: { exports: numberedExports('many', 101) },
    differs: 'B1',
  },
  {
    id: 'prefix/no-match',
    title: 'a prefix without match fails',
    inputs: { 'secret-ids': 'no/matches/*' },
    expected: { fails: [['no/matches/*', 'ERR_PREFIX_NO_MATCH']] },
  },
  {
    id: 'prefix/alias-many',
    title: 'an alias on a prefix that matches several secrets fails',
    inputs: { 'secret-ids': 'SECRET_ALIAS,list/test/*' },
    expected: { fails: [['list/test/*', 'ERR_PREFIX_ALIAS_AMBIGUOUS']] },
  },
  {
    id: 'names/not-an-arn',
    title: 'an id that is not an ARN (no arn: partition) is a name: not found',
    inputs: { 'secret-ids': 'aws:secretsmanager:us-east-1:123456789000:secret:test3-aBcdef' },
    expected: {
      fails: [['aws:secretsmanager:us-east-1:123456789000:secret:test3-aBcdef', 'ERR_SECRET_NOT_FOUND']],
    },
  },
  {
    id: 'json/parse-false',
    title: 'a JSON secret is exported whole when parse-json-secrets is false',
    inputs: { 'secret-ids': 'utils/simple' },
    expected: { exports: { UTILS_SIMPLE: SIMPLE_JSON } },
  },
  {
    id: 'names/cleanup-list-name',
    title: 'a secret that would be named SECRETS_LIST_CLEAN_UP is refused',
    inputs: { 'secret-ids': 'secrets_list_clean_up' },
    expected: { fails: [['secrets_list_clean_up', 'ERR_NAME_RESERVED']] },
  },
  {
    id: 'json/simple',
    title: 'one variable per JSON key with parse-json-secrets',
    inputs: { 'secret-ids': 'utils/simple', 'parse-json-secrets': 'true' },
    expected: { exports: { UTILS_SIMPLE_API_KEY: 'testkey', UTILS_SIMPLE_USER: 'testuser' } },
  },
  {
    id: 'json/nested',
    title: 'nested keys are joined by _, numbers exported as text',
    inputs: { 'secret-ids': 'utils/nested', 'parse-json-secrets': 'true' },
    expected: {
      exports: {
        UTILS_NESTED_HOST: '127.0.0.1',
        UTILS_NESTED_PORT: '3600',
        UTILS_NESTED_CONFIG_DB_USER: 'testuser',
        UTILS_NESTED_CONFIG_DB_PASSWORD: 'testpw',
        UTILS_NESTED_CONFIG_OPTIONS_A: 'YES',
        UTILS_NESTED_CONFIG_OPTIONS_B: 'NO',
        UTILS_NESTED_CONFIG_OPTIONS_C: '100',
      },
    },
    post: true,
  },
  {
    id: 'json/digit-key-alias',
    title: 'a key with a leading digit after an alias keeps one underscore (DB_7VALUE)',
    inputs: { 'secret-ids': 'DB,utils/digit', 'parse-json-secrets': 'true' },
    expected: { exports: { DB_7VALUE: 'test-value' } },
  },
  {
    id: 'json/digit-key-name',
    title: 'a key with a leading digit after a secret name keeps one underscore',
    inputs: { 'secret-ids': 'utils/digit', 'parse-json-secrets': 'true' },
    expected: { exports: { UTILS_DIGIT_7VALUE: 'test-value' } },
  },
  {
    id: 'alias/spaces',
    title: 'spaces around an alias and an ARN are trimmed',
    inputs: { 'secret-ids': 'SECRET_ALIAS, test/secret\nARN_ALIAS, {arn:corp/arn-target}' },
    expected: { exports: { SECRET_ALIAS: TEST_VALUE, ARN_ALIAS: 'arn-target-value' } },
  },
  {
    id: 'alias/blank-arn',
    title: 'a blank alias before an ARN of a plain secret is no alias',
    inputs: { 'secret-ids': ' , {arn:corp/arn-target}' },
    expected: { exports: { CORP_ARN_TARGET: 'arn-target-value' } },
  },
  {
    id: 'alias/invalid-dash',
    title: 'an alias that is not a valid name is refused (Invalid-env)',
    inputs: { 'secret-ids': 'Invalid-env, test/secret' },
    expected: { fails: [['test/secret', 'ERR_INPUT']] },
  },
  {
    id: 'alias/invalid-digit',
    title: 'an alias with a leading digit is refused (0INVALID)',
    inputs: { 'secret-ids': '0INVALID, test/secret' },
    expected: { fails: [['test/secret', 'ERR_INPUT']] },
  },
  {
    id: 'alias/invalid-at',
    title: 'an alias with @ is refused (@Invalid)',
    inputs: { 'secret-ids': '@Invalid, test/secret' },
    expected: { fails: [['test/secret', 'ERR_INPUT']] },
  },
  {
    id: 'names/slashes',
    title: 'illegal characters become _ (prod/db/admin)',
    inputs: { 'secret-ids': 'prod/db/admin' },
    expected: { exports: { PROD_DB_ADMIN: 'admin-pw' } },
  },
  {
    id: 'names/leading-digit',
    title: 'a leading digit gets _ in front (0Admin)',
    inputs: { 'secret-ids': '0Admin' },
    expected: { exports: { _0ADMIN: 'zero-admin' } },
  },
  {
    id: 'json/scalar-number',
    title: 'a JSON number is no object: exported whole',
    inputs: { 'secret-ids': 'json/number', 'parse-json-secrets': 'true' },
    expected: { exports: { JSON_NUMBER: '100' } },
  },
  {
    id: 'json/unquoted-key',
    title: 'invalid JSON ({ a: "100" }) is exported whole',
    inputs: { 'secret-ids': 'json/unquoted-key', 'parse-json-secrets': 'true' },
    expected: { exports: { JSON_UNQUOTED_KEY: '{ a: "100" }' } },
  },
  {
    id: 'json/top-level-array',
    title: 'a top-level array is exported whole',
    inputs: { 'secret-ids': 'json/array', 'parse-json-secrets': 'true' },
    expected: { exports: { JSON_ARRAY: '["a", "b"]' } },
  },
  {
    id: 'json/missing-value',
    title: 'invalid JSON ({ "a": }) is exported whole',
    inputs: { 'secret-ids': 'json/missing-value', 'parse-json-secrets': 'true' },
    expected: { exports: { JSON_MISSING_VALUE: '{ "a": }' } },
  },
  ...(
    [
      ['Uppercase', 'TEST_SECRET'],
      ['uppercase', 'TEST_SECRET'],
      ['lowErCase', 'test_secret'],
      ['none', 'test_secret'],
    ] as const
  ).map(
    ([transformation, name]): CompatCase => ({
      id: `transform/${transformation}`,
      title: `name-transformation ${transformation} is read case-insensitively`,
      inputs: { 'secret-ids': 'test/secret', 'name-transformation': transformation },
      expected: { exports: { [name]: TEST_VALUE } },
    }),
  ),
  {
    id: 'transform/something',
    title: 'an unknown name-transformation fails',
    inputs: { 'secret-ids': 'test/secret', 'name-transformation': 'something' },
    expected: { fails: [['name-transformation', 'ERR_INPUT']] },
  },
  {
    id: 'transform/empty',
    title: 'a name-transformation written empty takes the default',
    inputs: { 'secret-ids': 'test/secret', 'name-transformation': '' },
    expected: { exports: { TEST_SECRET: TEST_VALUE } },
    differs: 'E7',
  },

  // --- The official unit tests, __tests__/index.test.ts -------------------------------------------
  {
    id: 'index/parsing-json',
    title: 'prefix, alias, ARN alias and blank alias with parse-json-secrets, and the cleanup list',
    inputs: {
      'secret-ids':
        'idx/test/*\nSECRET_ALIAS,idx/app/secret\nARN_ALIAS,{arn:idx/arn/secret-name}\n,idx/blank',
      'parse-json-secrets': 'true',
    },
    expected: {
      exports: {
        IDX_TEST_ONE_USER: 'admin',
        IDX_TEST_ONE_PASSWORD: 'adminpw',
        IDX_TEST_TWO_USER: 'integ',
        IDX_TEST_TWO_PASSWORD: 'integpw',
        SECRET_ALIAS: 'secretString1',
        ARN_ALIAS: 'secretString2',
        USERNAME: 'integ',
        PASSWORD: 'integpw',
        CONFIG_ID1: 'example1',
      },
      cleanupList: [
        'IDX_TEST_ONE_USER',
        'IDX_TEST_ONE_PASSWORD',
        'IDX_TEST_TWO_USER',
        'IDX_TEST_TWO_PASSWORD',
        'SECRET_ALIAS',
        'ARN_ALIAS',
        'USERNAME',
        'PASSWORD',
        'CONFIG_ID1',
      ],
    },
    post: true,
  },
  {
    id: 'index/blank-alias-no-json',
    title: 'a blank alias without parse-json-secrets names the variable after the secret',
    inputs: { 'secret-ids': ',idx/blank2\n,idx/blank3' },
    expected: {
      exports: { IDX_BLANK2: 'blankNameSecretString', IDX_BLANK3: SECRET_FOR_BLANK_3 },
      cleanupList: ['IDX_BLANK2', 'IDX_BLANK3'],
    },
  },
  {
    id: 'index/fetch-fails',
    title: 'a secret that cannot be fetched fails the step',
    inputs: { 'secret-ids': 'list/test/*\nidx/missing', 'parse-json-secrets': 'true' },
    expected: { fails: [['idx/missing', 'ERR_SECRET_NOT_FOUND']] },
    differs: 'S1',
  },
  {
    id: 'index/same-name',
    title: 'two secrets that give one variable name fail the step (dup/secret/2, dup/secret@2)',
    inputs: { 'secret-ids': 'dup/*' },
    expected: { fails: [['dup/secret@2', 'ERR_NAME_DUPLICATE']] },
    differs: 'S3',
  },
  {
    id: 'index/keep-cleanup-list',
    title: 'the names an earlier step listed in SECRETS_LIST_CLEAN_UP are kept, first',
    inputs: { 'secret-ids': 'SECRET_ALIAS,idx/app/secret' },
    env: { SECRETS_LIST_CLEAN_UP: '["EXISTING_TEST_SECRET","EXISTING_TEST_SECRET_DB_HOST"]' },
    expected: {
      exports: { SECRET_ALIAS: 'secretString1' },
      cleanupList: ['EXISTING_TEST_SECRET', 'EXISTING_TEST_SECRET_DB_HOST', 'SECRET_ALIAS'],
    },
  },
  {
    id: 'timeout/abc',
    title: 'auto-select-family-attempt-timeout that is not a number fails',
    inputs: { 'secret-ids': 'test/secret', 'auto-select-family-attempt-timeout': 'abc' },
    expected: { fails: [['auto-select-family-attempt-timeout', 'ERR_INPUT']] },
  },
  {
    id: 'timeout/3000',
    title: 'auto-select-family-attempt-timeout 3000 is accepted',
    inputs: { 'secret-ids': 'test/secret', 'auto-select-family-attempt-timeout': '3000' },
    expected: { exports: { TEST_SECRET: TEST_VALUE } },
  },
  {
    id: 'timeout/9',
    title: 'auto-select-family-attempt-timeout below 10 fails',
    inputs: { 'secret-ids': 'test/secret', 'auto-select-family-attempt-timeout': '9' },
    expected: { fails: [['auto-select-family-attempt-timeout', 'ERR_INPUT']] },
  },

  // --- The official integration workflow, .github/workflows/tests.yml ------------------------------
  {
    id: 'integ/uppercase',
    title: 'integration: name-transformation uppercase',
    inputs: {
      'name-transformation': 'uppercase',
      'parse-json-secrets': 'true',
      'secret-ids': INTEG_IDS('SAMPLESECRET1_ALIAS'),
    },
    expected: { exports: integExports(upper) },
  },
  {
    id: 'integ/lowercase',
    title: 'integration: name-transformation lowercase',
    inputs: {
      'name-transformation': 'lowercase',
      'parse-json-secrets': 'true',
      'secret-ids': INTEG_IDS('samplesecret1_alias'),
    },
    expected: { exports: integExports(lower) },
  },
  {
    id: 'integ/none',
    title: 'integration: name-transformation none',
    inputs: {
      'name-transformation': 'none',
      'parse-json-secrets': 'true',
      'secret-ids': INTEG_IDS('SampleSecret1_Alias'),
    },
    expected: { exports: integExports((name) => name) },
  },
  {
    id: 'integ/default-transformation',
    title: 'integration: name-transformation left to its default (uppercase)',
    inputs: { 'parse-json-secrets': 'true', 'secret-ids': INTEG_IDS('SAMPLESECRET1_ALIAS') },
    expected: { exports: integExports(upper) },
  },
  {
    id: 'integ/default-parse-json',
    title: 'integration: parse-json-secrets defaults to false',
    inputs: { 'secret-ids': 'JsonSecret' },
    expected: { exports: { JSONSECRET: INTEG_JSON } },
  },
  {
    id: 'integ/timeout-2000',
    title: 'integration: auto-select-family-attempt-timeout 2000 (af-south-1 job)',
    inputs: { 'secret-ids': 'JsonSecret', 'auto-select-family-attempt-timeout': '2000' },
    expected: { exports: { JSONSECRET: INTEG_JSON } },
  },

  // --- The corpus ---------------------------------------------------------------------------------
  {
    id: 'corpus/punctuation',
    title: 'a name with / - . @ + = becomes underscores',
    inputs: { 'secret-ids': 'corp/a-b.c@d+e=f' },
    expected: { exports: { CORP_A_B_C_D_E_F: 'punctuation-value' } },
  },
  {
    id: 'corpus/leading-digit',
    title: 'a name with a leading digit',
    inputs: { 'secret-ids': '9lives', 'name-transformation': 'lowercase' },
    expected: { exports: { _9lives: 'nine-lives' } },
  },
  {
    id: 'corpus/non-ascii-keys',
    title: 'non-ASCII JSON keys: each UTF-16 unit outside [A-Za-z0-9_] becomes _; a digit key keeps one _',
    inputs: { 'secret-ids': 'corp/unicode-keys', 'parse-json-secrets': 'true' },
    expected: {
      exports: {
        CORP_UNICODE_KEYS_CL_: 'v1',
        CORP_UNICODE_KEYS___: 'v2',
        CORP_UNICODE_KEYS_EMOJI__: 'v3',
        CORP_UNICODE_KEYS_7UP: 'v4',
      },
    },
  },
  {
    id: 'corpus/non-ascii-value',
    title: 'a non-ASCII value is exported byte for byte',
    inputs: { 'secret-ids': 'corp/unicode-value' },
    expected: { exports: { CORP_UNICODE_VALUE: 'päss wörd ✓ 名前' } },
  },
  {
    id: 'corpus/non-ascii-alias',
    title: 'a non-ASCII alias is refused',
    inputs: { 'secret-ids': 'ÄLIAS,corp/plain' },
    expected: { fails: [['corp/plain', 'ERR_INPUT']] },
  },
  {
    id: 'corpus/multiline',
    title: 'a multi-line value with LF and CRLF is exported byte for byte',
    inputs: { 'secret-ids': 'corp/multiline' },
    expected: { exports: { CORP_MULTILINE: 'line one\nline two\r\nline three' } },
    post: true,
  },
  {
    id: 'arn/partial',
    title: 'a partial ARN (no random suffix) is named after the fetched name',
    inputs: { 'secret-ids': '{partial-arn:corp/arn-target}' },
    expected: { exports: { CORP_ARN_TARGET: 'arn-target-value' } },
  },
  {
    id: 'arn/suffix-like-name',
    title: 'a name that ends like a random suffix (-abcdef), by name',
    inputs: { 'secret-ids': 'corp/looks-abcdef' },
    expected: { exports: { CORP_LOOKS_ABCDEF: 'suffix-like-value' } },
  },
  {
    id: 'arn/suffix-like-full',
    title: 'a name that ends like a random suffix, by full ARN: named after the fetched name',
    inputs: { 'secret-ids': '{arn:corp/looks-abcdef}' },
    expected: { exports: { CORP_LOOKS_ABCDEF: 'suffix-like-value' } },
  },
  {
    id: 'arn/other-region',
    title: "an ARN of another region is fetched from the ARN's region",
    inputs: { 'secret-ids': '{arn:west/secret}' },
    expected: { exports: { WEST_SECRET: 'west-value' } },
    differs: 'B3',
  },
  {
    id: 'alias/plain',
    title: 'an alias names a plain secret',
    inputs: { 'secret-ids': 'MY_ALIAS,corp/plain' },
    expected: { exports: { MY_ALIAS: 'plain-value' } },
  },
  {
    id: 'alias/blank-json',
    title: 'a blank alias drops the prefix of JSON keys',
    inputs: { 'secret-ids': ',corp/json', 'parse-json-secrets': 'true' },
    expected: { exports: { USER: 'u1', PASS: 'p1' } },
  },
  {
    id: 'alias/json',
    title: 'an alias prefixes JSON keys',
    inputs: { 'secret-ids': 'DB,corp/json', 'parse-json-secrets': 'true' },
    expected: { exports: { DB_USER: 'u1', DB_PASS: 'p1' } },
  },
  {
    id: 'alias/lowercase-under-uppercase',
    title: 'a lower-case alias is refused under uppercase',
    inputs: { 'secret-ids': 'my_alias,corp/plain' },
    expected: { fails: [['corp/plain', 'ERR_INPUT']] },
  },
  {
    id: 'alias/lowercase-under-lowercase',
    title: 'a lower-case alias is accepted under lowercase',
    inputs: { 'secret-ids': 'my_alias,corp/plain', 'name-transformation': 'lowercase' },
    expected: { exports: { my_alias: 'plain-value' } },
  },
  {
    id: 'alias/mixed-under-none',
    title: 'a mixed-case alias is kept under none',
    inputs: { 'secret-ids': 'My_Alias,corp/plain', 'name-transformation': 'none' },
    expected: { exports: { My_Alias: 'plain-value' } },
  },
  {
    id: 'alias/prefix-blank',
    title: 'a blank alias on a prefix is no alias',
    inputs: { 'secret-ids': ',dedup/*' },
    expected: { exports: { DEDUP_ONE: 'dedup-one', DEDUP_TWO: 'dedup-two' } },
  },
  {
    id: 'alias/three-parts',
    title: 'a line A,B,C is refused',
    inputs: { 'secret-ids': 'MY_ALIAS,corp/plain,extra' },
    expected: { fails: [['corp/plain', 'ERR_INPUT']] },
    differs: 'S4',
  },
  {
    id: 'transform/none-json',
    title: 'none keeps the case of names and keys',
    inputs: { 'secret-ids': 'corp/json', 'name-transformation': 'NONE', 'parse-json-secrets': 'true' },
    expected: { exports: { corp_json_user: 'u1', corp_json_pass: 'p1' } },
  },
  {
    id: 'json/leaves',
    title:
      'JSON leaves of every type: strings as is, numbers as written (official: re-serialized), others as JSON text, {} nothing, a JSON string flattened',
    inputs: { 'secret-ids': 'json/leaves', 'parse-json-secrets': 'true' },
    differs: 'B8',
    expected: {
      exports: {
        JSON_LEAVES_S: 'str',
        JSON_LEAVES_I: '42',
        JSON_LEAVES_F: '1.5',
        JSON_LEAVES_E: '1e3',
        JSON_LEAVES_NEG: '-0',
        JSON_LEAVES_BIG: '12345678901234567890',
        JSON_LEAVES_T: 'true',
        JSON_LEAVES_F2: 'false',
        JSON_LEAVES_N: 'null',
        JSON_LEAVES_EMPTY: '',
        JSON_LEAVES_ARR: '[1,"a",null,{"x":1}]',
        JSON_LEAVES_OBJ_DEEP_ER: 'x',
        JSON_LEAVES_SJSON_INNER: 'v',
        JSON_LEAVES_SARR: '[1,2]',
      },
    },
    post: true,
  },
  {
    id: 'json/leaves-whole',
    title: 'without parse-json-secrets the JSON is exported whole (its leaves masked too)',
    inputs: { 'secret-ids': 'json/leaves' },
    expected: { exports: { JSON_LEAVES: LEAVES } },
  },
  {
    id: 'json/duplicate-keys',
    title: 'a duplicate key: the last one wins, as JSON.parse',
    inputs: { 'secret-ids': 'json/duplicate-keys', 'parse-json-secrets': 'true' },
    expected: { exports: { JSON_DUPLICATE_KEYS_A: 'second' } },
  },
  {
    id: 'json/colliding-keys',
    title: 'two keys that give one name fail',
    inputs: { 'secret-ids': 'json/colliding-keys', 'parse-json-secrets': 'true' },
    expected: { fails: [['json/colliding-keys', 'ERR_NAME_DUPLICATE']] },
    differs: 'S3',
  },
  {
    id: 'json/empty-object',
    title: '{} with parse-json-secrets exports nothing',
    inputs: { 'secret-ids': 'json/empty-object', 'parse-json-secrets': 'true' },
    expected: { exports: {} },
  },
  {
    id: 'json/empty-object-whole',
    title: '{} without parse-json-secrets is exported whole',
    inputs: { 'secret-ids': 'json/empty-object' },
    expected: { exports: { JSON_EMPTY_OBJECT: '{}' } },
  },
  {
    id: 'json/scalars',
    title: 'top-level string, true and null are exported whole',
    inputs: { 'secret-ids': 'json/string\njson/true\njson/null', 'parse-json-secrets': 'true' },
    expected: { exports: { JSON_STRING: '"quoted"', JSON_TRUE: 'true', JSON_NULL: 'null' } },
  },
  {
    id: 'json/legacy-nested',
    title: 'ordinary JSON that nests encryptedSecret/encryptedDataKey is a plain secret',
    inputs: { 'secret-ids': 'json/legacy-nested' },
    expected: { exports: { JSON_LEGACY_NESTED: LEGACY_NESTED } },
  },
  {
    id: 'json/legacy-nested-parsed',
    title: 'ordinary JSON that nests encryptedSecret/encryptedDataKey, flattened',
    inputs: { 'secret-ids': 'json/legacy-nested', 'parse-json-secrets': 'true' },
    expected: {
      exports: {
        JSON_LEGACY_NESTED_SERVICE: 'billing',
        JSON_LEGACY_NESTED_BLOB_ENCRYPTEDSECRET: 'abc',
        JSON_LEGACY_NESTED_BLOB_ENCRYPTEDDATAKEY: 'def',
      },
    },
  },
  {
    id: 'json/legacy-damaged',
    title: 'a damaged legacy envelope (top-level fields that do not decode) fails',
    inputs: { 'secret-ids': 'json/legacy-damaged' },
    expected: { fails: [['json/legacy-damaged', 'ERR_LEGACY_MALFORMED']] },
    differs: 'S6',
  },
  {
    id: 'envelope/v1',
    title: 'a v1 envelope is opened: its plaintext is exported',
    inputs: { 'secret-ids': 'env/v1' },
    expected: { exports: { ENV_V1: 'opened-v1-value' } },
    differs: 'E1',
  },
  {
    id: 'prefix/one',
    title: 'a prefix with one match',
    inputs: { 'secret-ids': 'single/*' },
    expected: { exports: { SINGLE_ONLY: 'single-value' } },
  },
  {
    id: 'prefix/hundred',
    title: 'a prefix with exactly 100 matches (one full page)',
    inputs: { 'secret-ids': 'hundred/*' },
    expected: { exports: numberedExports('hundred', 100) },
  },
  {
    id: 'dedup/id-and-prefix',
    title: 'a secret matched by its id and by a prefix is exported once',
    inputs: { 'secret-ids': 'dedup/*\ndedup/one' },
    expected: {
      exports: { DEDUP_ONE: 'dedup-one', DEDUP_TWO: 'dedup-two' },
      cleanupList: ['DEDUP_ONE', 'DEDUP_TWO'],
    },
  },
  {
    id: 'dedup/two-prefixes',
    title: 'a secret matched by two prefixes is exported once',
    inputs: { 'secret-ids': 'dedup/*\ndedup/o*' },
    expected: { exports: { DEDUP_ONE: 'dedup-one', DEDUP_TWO: 'dedup-two' } },
  },
  {
    id: 'dedup/alias-spaces',
    title: 'the same alias and secret written with different spaces is exported once',
    inputs: { 'secret-ids': 'MY_ALIAS,corp/plain\nMY_ALIAS, corp/plain' },
    expected: { exports: { MY_ALIAS: 'plain-value' } },
    differs: 'B5',
  },
  {
    id: 'binary/utf8',
    title: 'a UTF-8 SecretBinary is exported as its text',
    inputs: { 'secret-ids': 'bin/utf8' },
    expected: { exports: { BIN_UTF8: 'pässwörd ✓' } },
    differs: 'B2',
  },
  {
    id: 'binary/bytes',
    title: 'a SecretBinary that is not UTF-8 is exported as base64',
    inputs: { 'secret-ids': 'bin/bytes' },
    expected: { exports: { BIN_BYTES: '/wCAQQ==' } },
    differs: 'B2',
  },
  {
    id: 'env/preset',
    title: 'a variable already set fails',
    inputs: { 'secret-ids': 'corp/plain' },
    env: { CORP_PLAIN: 'set by an earlier step' },
    expected: { fails: [['corp/plain', 'ERR_NAME_EXISTS']] },
  },
  {
    id: 'env/preset-after-good',
    title: 'a variable already set, after a good secret, fails',
    inputs: { 'secret-ids': 'test/secret\ncorp/plain' },
    env: { CORP_PLAIN: 'set by an earlier step' },
    expected: { fails: [['corp/plain', 'ERR_NAME_EXISTS']] },
    differs: 'S3',
  },
  {
    id: 'env/preset-empty',
    title: 'a variable set to the empty string may be set',
    inputs: { 'secret-ids': 'corp/plain' },
    env: { CORP_PLAIN: '' },
    expected: { exports: { CORP_PLAIN: 'plain-value' } },
  },
  {
    id: 'input/crlf',
    title: 'secret-ids with CRLF line ends',
    inputs: { 'secret-ids': 'corp/plain\r\nMY_ALIAS,test/secret\r\n' },
    expected: { exports: { CORP_PLAIN: 'plain-value', MY_ALIAS: TEST_VALUE } },
  },
  {
    id: 'input/crlf-blank-line',
    title: 'secret-ids with CRLF line ends and a blank line',
    inputs: { 'secret-ids': 'corp/plain\r\n\r\ntest/secret\r\n' },
    expected: { exports: { CORP_PLAIN: 'plain-value', TEST_SECRET: TEST_VALUE } },
    differs: 'B6',
  },
  {
    id: 'input/empty',
    title: 'an empty secret-ids exports nothing and succeeds',
    inputs: { 'secret-ids': '' },
    expected: { exports: {}, cleanupList: [] },
  },
  {
    id: 'input/duplicate-lines',
    title: 'the same line twice is read once',
    inputs: { 'secret-ids': 'corp/plain\ncorp/plain' },
    expected: { exports: { CORP_PLAIN: 'plain-value' } },
  },
  {
    id: 'fail/among-good',
    title: 'one failure among good secrets: the step fails',
    inputs: { 'secret-ids': 'corp/plain\ncorp/missing\ncorp/unicode-value' },
    expected: { fails: [['corp/missing', 'ERR_SECRET_NOT_FOUND']] },
    differs: 'S1',
  },
  {
    id: 'reserved/path',
    title: 'an alias PATH is refused',
    inputs: { 'secret-ids': 'PATH,corp/plain' },
    // The official action refuses it too, only because PATH is always set ("already in use").
    expected: { fails: [['corp/plain', 'ERR_NAME_RESERVED']] },
  },
  {
    id: 'reserved/node-options',
    title: 'a secret named node/options (NODE_OPTIONS) is refused',
    inputs: { 'secret-ids': 'node/options' },
    expected: { fails: [['node/options', 'ERR_NAME_RESERVED']] },
    differs: 'S2',
  },
  {
    id: 'reserved/home-lowercase',
    title: 'home under lowercase is an ordinary name on Linux',
    inputs: { 'secret-ids': 'home,corp/plain', 'name-transformation': 'lowercase' },
    expected: { exports: { home: 'plain-value' } },
  },
  {
    id: 'deny/json-key',
    title: 'a JSON key on the deny-list (GIT_SSH_COMMAND under a blank alias) is refused',
    inputs: { 'secret-ids': ',deny/json', 'parse-json-secrets': 'true' },
    expected: { fails: [['deny/json', 'ERR_NAME_DENIED']] },
    differs: 'S7',
  },
  {
    id: 'deny/prefix-name',
    title: 'a secret found by a prefix whose name is on the deny-list (GIT_*) is refused',
    inputs: { 'secret-ids': 'git/*' },
    expected: { fails: [['git/remote', 'ERR_NAME_DENIED']] },
    differs: 'S7',
  },
  {
    id: 'deny/config-suffix',
    title:
      'a JSON key giving an ordinary *_CONFIG name (REDIS_CONFIG) is refused: the deny-list keeps *_CONFIG',
    inputs: { 'secret-ids': 'REDIS,cfg/redis', 'parse-json-secrets': 'true' },
    expected: { fails: [['cfg/redis', 'ERR_NAME_DENIED']] },
    differs: 'S12',
  },
  {
    id: 'deny/config-allow-names',
    title: 'allow-names admits REDIS_CONFIG on purpose (the way out of S12)',
    inputs: { 'secret-ids': 'REDIS,cfg/redis', 'parse-json-secrets': 'true', 'allow-names': 'REDIS_CONFIG' },
    expected: { exports: { REDIS_CONFIG: 'redis-config-value' } },
  },
  {
    id: 'deny/secret-id',
    title: 'a secret id the workflow wrote may give a deny-listed name (git/remote: GIT_REMOTE)',
    inputs: { 'secret-ids': 'git/remote' },
    expected: { exports: { GIT_REMOTE: 'git-remote-value' } },
  },
  {
    id: 'deny/alias',
    title: 'an alias the workflow wrote may take a deny-listed name (LD_PRELOAD)',
    inputs: { 'secret-ids': 'LD_PRELOAD,corp/plain' },
    expected: { exports: { LD_PRELOAD: 'plain-value' } },
  },
  {
    id: 'case/duplicate',
    title: 'two names that differ only in case (none: case_Db, case_DB) are refused',
    inputs: { 'secret-ids': 'case/Db\ncase/DB', 'name-transformation': 'none' },
    expected: { fails: [['case/DB', 'ERR_NAME_DUPLICATE']] },
    differs: 'S8',
  },
  {
    id: 'cleanup/hostile-list',
    title:
      'main carries only well-formed names outside the runner tier from an earlier SECRETS_LIST_CLEAN_UP',
    inputs: { 'secret-ids': 'corp/plain' },
    env: { SECRETS_LIST_CLEAN_UP: '["FROM_OFFICIAL","GITHUB_PATH","RUNNER_TEMP","A=B","bad name"]' },
    expected: { exports: { CORP_PLAIN: 'plain-value' }, cleanupList: ['FROM_OFFICIAL', 'CORP_PLAIN'] },
    differs: 'S11',
  },
  {
    id: 'cleanup/mixed-job',
    title: 'the post step also blanks what an earlier step of the official action listed',
    inputs: { 'secret-ids': 'corp/plain' },
    env: { SECRETS_LIST_CLEAN_UP: '["FROM_OFFICIAL"]', FROM_OFFICIAL: 'official-value' },
    expected: { exports: { CORP_PLAIN: 'plain-value' }, cleanupList: ['FROM_OFFICIAL', 'CORP_PLAIN'] },
    post: true,
  },
];

/** Post steps alone: the official __tests__/cleanup.test.ts. */
export const POST_CASES: readonly PostCase[] = [
  {
    id: 'post/listed',
    title: 'the post step blanks every name in SECRETS_LIST_CLEAN_UP, then the list',
    env: {
      SECRETS_LIST_CLEAN_UP: JSON.stringify(['TEST_SECRET', 'TEST_SECRET_DB_HOST', 'TEST_SECRET_API_KEY']),
      TEST_SECRET: 'secret',
      TEST_SECRET_DB_HOST: 'secret',
      TEST_SECRET_API_KEY: 'secret',
    },
    blanks: ['TEST_SECRET', 'TEST_SECRET_DB_HOST', 'TEST_SECRET_API_KEY', 'SECRETS_LIST_CLEAN_UP'],
  },
  {
    id: 'post/nothing-listed',
    title: 'without a list the post step blanks nothing',
    env: {},
    blanks: [],
  },
];
