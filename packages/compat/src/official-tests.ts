/**
 * Every test of aws-actions/aws-secretsmanager-get-secrets (main branch, v3.0.0: `__tests__/*.ts`,
 * `__integration_tests__/**` and the jobs of `.github/workflows/tests.yml` that run them), and the
 * case ids of this suite that check the same behaviour against our bundle. A test that checks
 * something no workflow can observe, or something moto cannot answer, says so in `none` instead.
 * The suite fails when a case id here does not exist, so the list cannot rot.
 */
export interface OfficialTest {
  /** File of the official repository, and the test's name as written there. */
  readonly file: string;
  readonly test: string;
  /** Our case ids (src/cases.ts). */
  readonly cases: readonly string[];
  /** Why no black-box case stands for it (only when `cases` is empty). */
  readonly none?: string;
}

const UTILS = '__tests__/utils.test.ts';
const INDEX = '__tests__/index.test.ts';
const CLEANUP = '__tests__/cleanup.test.ts';
const INTEG = '.github/workflows/tests.yml + __integration_tests__';

export const OFFICIAL_TESTS: readonly OfficialTest[] = [
  { file: UTILS, test: 'Retrieves a secret string', cases: ['fetch/string'] },
  {
    file: UTILS,
    test: 'Retrieves a secret string and returns with name if requested',
    cases: ['fetch/arn-full', 'arn/partial', 'arn/suffix-like-full'],
  },
  { file: UTILS, test: 'Retrieves a binary secret', cases: ['fetch/binary-ascii'] },
  { file: UTILS, test: 'Throws an error if unable to retrieve the secret', cases: ['fetch/not-found'] },
  {
    file: UTILS,
    test: 'Throws an error if the secret value is invalid',
    cases: [],
    none: 'a GetSecretValue answer without a Name: moto (like AWS) always sends one; a mocked client only',
  },
  {
    file: UTILS,
    test: 'Throws error on invalid list secrets response ',
    cases: [],
    none: 'a ListSecrets answer without SecretList: moto (like AWS) always sends one; a mocked client only',
  },
  { file: UTILS, test: 'Builds a complete list of secrets from user input', cases: ['prefix/list'] },
  {
    file: UTILS,
    test: 'Builds a complete list of secrets, including alias, for prefix secret',
    cases: ['prefix/alias-one-match'],
  },
  {
    file: UTILS,
    test: 'Throws an error if a prefix filter is invalid or not specific enough',
    cases: ['prefix/invalid-short', 'prefix/invalid-leading-star', 'prefix/invalid-one-char'],
  },
  {
    file: UTILS,
    test: 'Throws an error if a prefix filter returns too many results',
    cases: ['prefix/over-100', 'prefix/hundred'],
  },
  { file: UTILS, test: 'Throws an error if a prefix filter has no results', cases: ['prefix/no-match'] },
  {
    file: UTILS,
    test: 'Throws an error if a prefix filter with an alias returns more than 1 result',
    cases: ['prefix/alias-many'],
  },
  { file: UTILS, test: 'Returns true for valid arn', cases: ['fetch/arn-full', 'alias/spaces'] },
  {
    file: UTILS,
    test: 'Return false for invalid arn or secret name',
    cases: ['names/not-an-arn', 'names/slashes'],
  },
  { file: UTILS, test: 'Stores a simple secret', cases: ['fetch/string'] },
  {
    file: UTILS,
    test: 'Stores a JSON secret as string when parseJson is false',
    cases: ['json/parse-false'],
  },
  { file: UTILS, test: 'Throws an error if reserved name is used', cases: ['names/cleanup-list-name'] },
  {
    file: UTILS,
    test: 'Stores a variable for each JSON key value when parseJson is true',
    cases: ['json/simple'],
  },
  {
    file: UTILS,
    test: 'Stores a variable for nested JSON key values when parseJson is true',
    cases: ['json/nested'],
  },
  {
    file: UTILS,
    test: 'Maintains single underscore between prefix and numeric properties',
    cases: ['json/digit-key-alias'],
  },
  {
    file: UTILS,
    test: 'Maintains single underscore between prefix and numeric properties with a EnvName',
    cases: ['json/digit-key-name', 'corpus/non-ascii-keys'],
  },
  { file: UTILS, test: 'Separates an alias from an id if provided', cases: ['alias/spaces'] },
  {
    file: UTILS,
    test: 'Returns undefined for alias if none is provided',
    cases: ['fetch/string', 'fetch/arn-full'],
  },
  {
    file: UTILS,
    test: 'Returns empty string for alias if none is provided, but comma delimited',
    cases: ['alias/blank-arn', 'alias/blank-json', 'index/blank-alias-no-json'],
  },
  {
    file: UTILS,
    test: 'Throws an error if the provided alias cannot be used as the environment name',
    cases: ['alias/invalid-dash', 'alias/invalid-digit', 'alias/invalid-at'],
  },
  {
    file: UTILS,
    test: 'Prevents illegal special characters in environment name',
    cases: ['names/slashes', 'corpus/punctuation'],
  },
  {
    file: UTILS,
    test: 'Prevents leading digits in environment name',
    cases: ['names/leading-digit', 'corpus/leading-digit'],
  },
  { file: UTILS, test: 'Transformation function is applied', cases: ['transform/uppercase'] },
  { file: UTILS, test: 'Test invalid JSON "100" ', cases: ['json/scalar-number'] },
  { file: UTILS, test: 'Test invalid JSON key { a: "100" } ', cases: ['json/unquoted-key'] },
  { file: UTILS, test: 'Test invalid array ["a", "b"] ', cases: ['json/top-level-array'] },
  { file: UTILS, test: 'Test invalid JSON { "a": "Missing quote }', cases: ['json/missing-value'] },
  {
    file: UTILS,
    test: 'Test invalid JSON null',
    cases: ['json/scalars'],
    // The test passes '' to isJSONString; Secrets Manager keeps no empty SecretString, so the
    // stored text closest to it, JSON null, stands for it.
  },
  { file: UTILS, test: 'Test valid JSON { "a": "yes", "b": "no" } ', cases: ['json/simple'] },
  {
    file: UTILS,
    test: 'Test valid nested JSON { "a": "yes", "options": { "opt_a": "yes", "opt_b": "no"} } ',
    cases: ['json/nested'],
  },
  {
    file: UTILS,
    test: 'NameTransformation parsing of string %s should pass.',
    cases: ['transform/Uppercase', 'transform/uppercase', 'transform/lowErCase', 'transform/none'],
  },
  {
    file: UTILS,
    test: 'NameTransformation parsing of string %s should fail.',
    cases: ['transform/something', 'transform/empty'],
  },
  {
    file: UTILS,
    test: 'should have a valid version format',
    cases: [],
    none: "the official action's own version string; no workflow-visible behaviour",
  },
  {
    file: UTILS,
    test: 'should return user agent with version',
    cases: [],
    none: "the official action's User-Agent header; ours sends the SDK's own, no workflow-visible behaviour",
  },
  {
    file: INDEX,
    test: 'Retrieves and sets the requested secrets as environment variables, parsing JSON',
    cases: ['index/parsing-json'],
  },
  {
    file: INDEX,
    test: 'Defaults to correct behavior with empty string alias',
    cases: ['index/blank-alias-no-json'],
  },
  {
    file: INDEX,
    test: 'Fails the action when an error occurs in Secrets Manager',
    cases: ['index/fetch-fails', 'fail/among-good'],
  },
  {
    file: INDEX,
    test: 'Fails the action when Secrets Manager GetSecretValue fails',
    cases: ['index/fetch-fails', 'fetch/not-found'],
  },
  {
    file: INDEX,
    test: 'Fails the action when multiple secrets exported the same variable name',
    cases: ['index/same-name', 'json/colliding-keys'],
  },
  {
    file: INDEX,
    test: 'Keep existing cleanup list',
    cases: ['index/keep-cleanup-list', 'cleanup/mixed-job'],
  },
  { file: INDEX, test: 'handles invalid timeout string', cases: ['timeout/abc'] },
  { file: INDEX, test: 'handles valid timeout value', cases: ['timeout/3000', 'integ/timeout-2000'] },
  { file: INDEX, test: 'handles invalid timeout value', cases: ['timeout/9'] },
  {
    file: CLEANUP,
    test: 'Cleans a single variable from the environment',
    cases: ['fetch/string', 'json/nested'],
  },
  {
    file: CLEANUP,
    test: 'Replaces AWS credential and region env vars with empty strings',
    cases: ['post/listed', 'post/nothing-listed', 'cleanup/mixed-job'],
  },
  {
    file: CLEANUP,
    test: 'Fails the action if a variable is still present after being cleaned',
    cases: [],
    none: 'needs a mocked @actions/core whose exportVariable does nothing; a real post step always blanks (ours never fails the job)',
  },
  { file: INTEG, test: 'uppercase-transformation-integration-test', cases: ['integ/uppercase'] },
  { file: INTEG, test: 'lowercase-transformation-integration-test', cases: ['integ/lowercase'] },
  { file: INTEG, test: 'none-transformation-integration-test', cases: ['integ/none'] },
  {
    file: INTEG,
    test: 'default-name-transformation-param-integration-test',
    cases: ['integ/default-transformation'],
  },
  { file: INTEG, test: 'default-parse-json-secrets-integration-test', cases: ['integ/default-parse-json'] },
  { file: INTEG, test: 'af-south-1-integration-test', cases: ['integ/timeout-2000'] },
];
