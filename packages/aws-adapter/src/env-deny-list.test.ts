import { describe, expect, it } from 'vitest';
import {
  admittedBy,
  CONTENT_TIER,
  DENY_LIST,
  deniedBy,
  NOT_ALLOWED,
  RUNNER_TIER,
  refusingRule,
} from './env-deny-list.js';

describe('the deny-list', () => {
  it('gives every rule a reason and a documentation URL, and no pattern twice', () => {
    for (const rule of DENY_LIST) {
      expect(rule.reason.length, rule.pattern).toBeGreaterThan(10);
      expect(rule.source, rule.pattern).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      expect(rule.pattern, 'patterns are upper case').toBe(rule.pattern.toUpperCase());
    }
    const patterns = DENY_LIST.map((r) => r.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it('has the runner names on the runner tier only', () => {
    expect(RUNNER_TIER.map((r) => r.pattern).sort()).toEqual(
      [
        'ACTIONS_*',
        'CI',
        'GITHUB_*',
        'HOME',
        'NODE_OPTIONS',
        'PATH',
        'RUNNER_*',
        'SECRETS_LIST_CLEAN_UP',
      ].sort(),
    );
    expect(CONTENT_TIER.every((r) => r.tier === 'content')).toBe(true);
  });

  // Every name the security review's attack 1 used (issue 11), and one of each family.
  it.each([
    'GIT_CONFIG_COUNT',
    'GIT_CONFIG_KEY_0',
    'GIT_CONFIG_VALUE_0',
    'PERL5OPT',
    'JAVA_TOOL_OPTIONS',
    'RUSTC_WRAPPER',
    'GOFLAGS',
    'PYTHONPATH',
    'HTTPS_PROXY',
    'SSL_CERT_FILE',
    'NPM_CONFIG_REGISTRY',
    'AWS_ENDPOINT_URL_S3',
    'ComSpec',
    'PATHEXT',
    'PSModulePath',
    'windir',
    'SystemRoot',
    'LD_PRELOAD',
    'LD_AUDIT',
    'DYLD_INSERT_LIBRARIES',
    'BASH_ENV',
    'ENV',
    'PS4',
    'SHELLOPTS',
    'BASHOPTS',
    'IFS',
    'CDPATH',
    'PROMPT_COMMAND',
    'NODE_PATH',
    'NODE_EXTRA_CA_CERTS',
    'PYTHONSTARTUP',
    'PYTHONHOME',
    'PERL5LIB',
    'PERLLIB',
    'RUBYOPT',
    'RUBYLIB',
    '_JAVA_OPTIONS',
    'JDK_JAVA_OPTIONS',
    'MAVEN_OPTS',
    'GRADLE_OPTS',
    'DOTNET_STARTUP_HOOKS',
    'CORECLR_PROFILER_PATH',
    'npm_config_script_shell',
    'YARN_NPM_REGISTRY_SERVER',
    'PIP_INDEX_URL',
    'CARGO_BUILD_RUSTC_WRAPPER',
    'RUSTFLAGS',
    'GEM_HOME',
    'BUNDLE_GEMFILE',
    'GIT_SSH_COMMAND',
    'MAKEFLAGS',
    'CC',
    'CXX',
    'HTTP_PROXY',
    'https_proxy',
    'ALL_PROXY',
    'NO_PROXY',
    'SSL_CERT_DIR',
    'REQUESTS_CA_BUNDLE',
    'CURL_CA_BUNDLE',
    'OPENSSL_CONF',
    'AWS_CA_BUNDLE',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_PROFILE',
    'AWS_PAGER',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'KUBECONFIG',
    'DOCKER_HOST',
    'XDG_CONFIG_HOME',
  ])('denies %s to a secret', (name) => {
    expect(refusingRule(name, 'content', [])).toBeDefined();
    expect(refusingRule(name.toLowerCase(), 'content', [])).toBeDefined();
  });

  // The external review's F1 payload: 42 JSON keys a secret's content chose under a blank alias,
  // all exported before this list had the families. TF_VAR_X alone stays allowed: TF_VAR_* is how
  // secrets reach terraform (the values of its variables, not a program or a file it runs).
  const F1_PAYLOAD = [
    'TAR_OPTIONS',
    'BIOME_BINARY',
    'ESBUILD_BINARY_PATH',
    'VIMINIT',
    'EXINIT',
    'RSYNC_RSH',
    'BAZELISK_BASE_URL',
    'NIX_CONFIG',
    'GLIBC_TUNABLES',
    'LOCPATH',
    'TZDIR',
    'MALLOC_PERTURB_',
    'TERMINFO',
    'LESS',
    'LESSKEYIN',
    'PUPPETEER_EXECUTABLE_PATH',
    'SASS_BINARY_SITE',
    'CYPRESS_INSTALL_BINARY',
    'DEVELOPER_DIR',
    'ANSIBLE_CONFIG',
    'APT_CONFIG',
    'VAULT_ADDR',
    'KUBE_EDITOR',
    'SVN_SSH',
    'CVS_RSH',
    'ZIPOPT',
    'HISTFILE',
    'INPUTRC',
    'JULIA_DEPOT_PATH',
    'GHC_ENVIRONMENT',
    'MANOPT',
    'PLAYWRIGHT_DOWNLOAD_HOST',
    'NVM_NODEJS_ORG_MIRROR',
    'SOPS_AGE_KEY_FILE',
    'HOMEBREW_BOTTLE_DOMAIN',
    'TF_VAR_X',
    'CHROME_PATH',
    'PRISMA_QUERY_ENGINE_BINARY',
    'SYSTEMD_PAGER',
    'DEBUGINFOD_URLS',
    'PKGX_DIR',
    'GIT_PAGER_',
  ];

  it('has the 42 names of review F1', () => {
    expect(F1_PAYLOAD).toHaveLength(42);
  });

  it.each(F1_PAYLOAD.filter((name) => name !== 'TF_VAR_X'))('denies %s (review F1) to a secret', (name) => {
    expect(refusingRule(name, 'content', [])).toBeDefined();
    expect(refusingRule(name.toLowerCase(), 'content', [])).toBeDefined();
    expect(refusingRule(name, 'author', [])).toBeUndefined();
  });

  // One of each family, beyond the names review F1 tried.
  it.each([
    'SWC_BINARY_PATH',
    'TURBO_BINARY_PATH',
    'FIREFOX_EXECUTABLE',
    'PHANTOMJS_CDNURL_MIRROR',
    'ELECTRON_MIRROR',
    'SYSTEMD_EDITOR',
    'GIT_SSH_COMMAND',
    'HG_SSH',
    'BOTO_CONFIG',
    'KUBE_CONFIG_PATH',
    'KAFKA_OPTS',
    'CATALINA_OPTS',
    'MALLOC_CHECK_',
    'NIX_PATH',
  ])('denies the family member %s to a secret', (name) => {
    expect(refusingRule(name, 'content', [])).toBeDefined();
  });

  it.each([
    'DATABASE_URL',
    'APP_CONFIG_JSON',
    'API_BASE_URL',
    'SSH_PRIVATE_KEY',
    'DEPLOY_KEY',
    'SOPS_AGE_KEY',
    'VAULT_TOKEN',
    'TF_VAR_X',
    'DB_PASSWORD',
    'API_KEY',
    'NODE_ENV',
    'GOOGLE_API_KEY',
    'TF_VAR_region',
    'APP_OPTIONS',
    'STRIPE_SECRET',
    'PATHS',
    'GITHUBX',
    'CI_TOKEN',
  ])('lets a secret choose %s', (name) => {
    expect(deniedBy(name)).toBeUndefined();
  });

  it('lets an alias choose a content-tier name but never a runner one', () => {
    expect(refusingRule('LD_PRELOAD', 'author', [])).toBeUndefined();
    expect(refusingRule('NODE_OPTIONS', 'author', [])?.tier).toBe('runner');
    expect(refusingRule('github_token', 'author', [], true)?.pattern).toBe('GITHUB_*');
    // On Linux and macOS `github_token` is another variable, which the runner never reads.
    expect(refusingRule('github_token', 'content', [], false)).toBeUndefined();
  });

  it('admits exact names listed in allow-names, case-insensitively, never a family', () => {
    expect(refusingRule('HTTPS_PROXY', 'content', ['https_proxy'])).toBeUndefined();
    expect(refusingRule('HTTP_PROXY', 'content', ['HTTPS_PROXY'])?.pattern).toBe('HTTP_PROXY');
    expect(refusingRule('GIT_DIR', 'content', ['GIT_*'])?.pattern).toBe('GIT_*');
    expect(refusingRule('PATH', 'content', ['PATH'])?.tier).toBe('runner');
  });

  // External review F1 (second round): 57 names a secret's content chose under a blank alias were
  // exported; make's $(RM) and setuptools' LDSHARED ran a command. Every name the report lists.
  const F1_ROUND2 = [
    'RM',
    'LDSHARED',
    'AWK',
    'CONFIG_SHELL',
    'RANLIB',
    'STRIP',
    'NM',
    'OBJCOPY',
    'YACC',
    'LEX',
    'M4',
    'MAKE',
    'LINK',
    'TARGET_CC',
    'HOST_CC',
    'CC_x86_64_unknown_linux_gnu',
    'COMPILER_PATH',
    'GCC_EXEC_PREFIX',
    'LIBRARY_PATH',
    'CPATH',
    'DEPENDENCIES_OUTPUT',
    'SUNPRO_DEPENDENCIES',
    'TWINE_REPOSITORY_URL',
    'SONAR_HOST_URL',
    'SENTRY_URL',
    'PGHOST',
    'HF_ENDPOINT',
    'PUB_HOSTED_URL',
    'VCPKG_BINARY_SOURCES',
    'PUPPETEER_DOWNLOAD_BASE_URL',
    'CONAN_HOME',
    'BASH_LOADABLES_PATH',
    'SOPS_PGP_FP',
    'SOPS_KMS_ARN',
    'GOOGLE_CREDENTIALS',
    'GOOGLE_OAUTH_ACCESS_TOKEN',
    'ARM_CLIENT_ID',
    'CONTAINERS_CONF',
    'REGISTRY_AUTH_FILE',
    'TS_NODE_COMPILER',
    'CL',
    '_CL_',
    '_LINK_',
    'INCLUDE',
    'LIB',
  ];

  it.each(F1_ROUND2)('denies %s (review F1, second round) to a secret, not to an alias', (name) => {
    expect(refusingRule(name, 'content', [])).toBeDefined();
    expect(refusingRule(name.toLowerCase(), 'content', [])).toBeDefined();
    expect(refusingRule(name, 'author-prefix', [])).toBeDefined();
    expect(refusingRule(name, 'author', [])).toBeUndefined();
  });

  // The families the round-two names belong to: one member each that the report did not try.
  it.each([
    ['CTANGLE', 'make implicit programs'],
    ['LINTFLAGS', 'make implicit flags'],
    ['YFLAGS', 'make implicit flags'],
    ['CONFIG_SITE', 'autoconf site script'],
    ['ac_cv_path_SED', 'autoconf cache variables'],
    ['GCC_COMPARE_DEBUG', 'gcc environment'],
    ['CPLUS_INCLUDE_PATH', 'gcc environment'],
    ['CFLAGS_aarch64_apple_darwin', 'cc crate per target'],
    ['TARGET_CFLAGS', 'cc crate per build kind'],
    ['HOST_AR', 'cc crate per build kind'],
    ['LDCXXSHARED', 'setuptools'],
    ['ARCHFLAGS', 'setuptools'],
    ['_PYTHON_SYSCONFIGDATA_NAME', 'setuptools'],
    ['LIBPATH', 'MSVC'],
    ['TWINE_CERT', 'twine'],
    ['PGSSLMODE', 'libpq'],
    ['VCPKG_OVERLAY_PORTS', 'vcpkg'],
    ['ARM_OIDC_REQUEST_URL', 'azurerm'],
    ['SCCACHE_BUCKET', 'sccache'],
    ['CCC_OVERRIDE_OPTIONS', 'clang driver'],
  ])('denies %s (%s) to a secret', (name) => {
    expect(refusingRule(name, 'content', [])).toBeDefined();
  });

  it.each([
    'HOST',
    'TARGET',
    'HOSTNAME',
    'LINKS',
    'LIBRARY',
    'CLIENT_ID',
    'TARGET_ENV',
    'PG_PASSWORD',
    'PGPASSWORD',
  ])('still lets a secret choose %s', (name) => {
    expect(deniedBy(name)).toBeUndefined();
  });

  // External review F7: a JSON key `secrets_list_clean_up` replaced the cleanup list on Windows.
  it('reserves SECRETS_LIST_CLEAN_UP in every case on every OS, also to an alias', () => {
    for (const ignoreCase of [true, false]) {
      for (const name of ['SECRETS_LIST_CLEAN_UP', 'secrets_list_clean_up', 'Secrets_List_Clean_Up']) {
        expect(deniedBy(name, ignoreCase)?.tier, `${name} ignoreCase=${ignoreCase}`).toBe('runner');
        expect(refusingRule(name, 'author', [name], ignoreCase)?.pattern).toBe('SECRETS_LIST_CLEAN_UP');
      }
    }
  });
});

describe('content-names: allow-list', () => {
  it('refuses a name a secret chose entirely unless allow-names admits it, by name or PREFIX*', () => {
    expect(refusingRule('DB_URL', 'content', [], false, 'allow-list')).toBe(NOT_ALLOWED);
    expect(refusingRule('DB_URL', 'content', ['db_url'], false, 'allow-list')).toBeUndefined();
    expect(refusingRule('APP_DB_URL', 'content', ['APP_*'], false, 'allow-list')).toBeUndefined();
    expect(refusingRule('app_db_url', 'content', ['APP_*'], false, 'allow-list')).toBeUndefined();
    expect(refusingRule('APPX', 'content', ['APP_*'], false, 'allow-list')).toBe(NOT_ALLOWED);
  });

  it('leaves names an alias or secret id starts to the deny-list, and an alias alone to the author', () => {
    expect(refusingRule('APP_DB_URL', 'author-prefix', [], false, 'allow-list')).toBeUndefined();
    expect(refusingRule('APP_LD_PRELOAD', 'author-prefix', [], false, 'allow-list')).toBeUndefined();
    expect(refusingRule('LD_PRELOAD', 'author-prefix', [], false, 'allow-list')?.pattern).toBe('LD_*');
    expect(refusingRule('RM', 'author', [], false, 'allow-list')).toBeUndefined();
  });

  it('keeps the deny-list under a pattern: only an exact entry admits a denied name', () => {
    expect(refusingRule('CC_x86_64', 'content', ['CC_*'], false, 'allow-list')?.pattern).toBe('CC_*');
    expect(refusingRule('CC', 'content', ['C*'], false, 'allow-list')?.pattern).toBe('CC');
    expect(refusingRule('CC', 'content', ['C*', 'CC'], false, 'allow-list')).toBeUndefined();
    expect(refusingRule('PATH', 'content', ['PATH'], false, 'allow-list')?.tier).toBe('runner');
  });

  it('reads no * alone and no *SUFFIX as admitting anything', () => {
    expect(admittedBy(['*'], 'DB_URL')).toBe(false);
    expect(admittedBy(['*_URL'], 'DB_URL')).toBe(false);
    expect(admittedBy(['DB_*'], 'DB_URL')).toBe(true);
  });

  it('changes nothing by default (deny-list)', () => {
    expect(refusingRule('DB_URL', 'content', [])).toBeUndefined();
    expect(refusingRule('RM', 'content', [])?.pattern).toBe('RM');
  });
});
