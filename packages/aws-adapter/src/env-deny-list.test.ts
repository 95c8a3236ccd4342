import { describe, expect, it } from 'vitest';
import { CONTENT_TIER, DENY_LIST, deniedBy, RUNNER_TIER, refusingRule } from './env-deny-list.js';

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
      ['ACTIONS_*', 'CI', 'GITHUB_*', 'HOME', 'NODE_OPTIONS', 'PATH', 'RUNNER_*'].sort(),
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

  it.each([
    'DATABASE_URL',
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
});
