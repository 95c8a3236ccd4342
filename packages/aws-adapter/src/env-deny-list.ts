/**
 * Variable names a later step's programs read as instructions: they load code, run a command,
 * change which binary or module runs, or redirect network trust and credentials. A secret's value
 * is written by whoever may write the secret, which need not be the workflow author; so a name
 * chosen by a secret's content or name (a JSON key, a secret found by a prefix) may not be one of
 * these. A name the author wrote (an alias, a secret id) is the author's choice, except the
 * {@link RUNNER_TIER} names that the runner itself relies on, which nobody may set.
 *
 * Every rule gives the reason and where the behaviour is documented. Names are compared
 * case-insensitively: Windows runners treat environment names so, and several programs read both
 * cases (`https_proxy`, `npm_config_*`). A pattern ends in `*` (a family: every name starting so)
 * or starts with `*` (every name ending so).
 *
 * Shared by the decrypt-secrets action and `envelope run`.
 */

/** Who is refused a name: everybody (`runner`), or only names a secret chose (`content`). */
export type DenyTier = 'runner' | 'content';

/** One entry of the deny-list. */
export interface DenyRule {
  /** An exact name, `PREFIX*` or `*SUFFIX`, upper case; matched case-insensitively. */
  readonly pattern: string;
  readonly tier: DenyTier;
  /** What a program does with it, in one line. */
  readonly reason: string;
  /** Where that behaviour is documented. */
  readonly source: string;
  /**
   * Compared case-insensitively on every OS, also where the runner tier otherwise follows the OS
   * (see {@link deniedBy}): a variant in another case replaces the name on Windows, and a workflow
   * should not pass on Linux what fails on Windows.
   */
  readonly anyCase?: boolean;
}

const GITHUB_VARS = 'https://docs.github.com/en/actions/reference/variables-reference';
const NODE_ENV_VARS = 'https://nodejs.org/api/cli.html#environment-variables';
const LD_SO = 'https://man7.org/linux/man-pages/man8/ld.so.8.html';
const DYLD = 'https://www.manpagez.com/man/1/dyld/';
const BASH_VARS = 'https://www.gnu.org/software/bash/manual/html_node/Bash-Variables.html';
const BOURNE_VARS = 'https://www.gnu.org/software/bash/manual/html_node/Bourne-Shell-Variables.html';
const POSIX_SH = 'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/sh.html';
const PYTHON_ENV = 'https://docs.python.org/3/using/cmdline.html#environment-variables';
const PERLRUN = 'https://perldoc.perl.org/perlrun#ENVIRONMENT';
const RUBY_MAN = 'https://man.archlinux.org/man/ruby.1#ENVIRONMENT';
const JAVA_MAN = 'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html';
const JVMTI = 'https://docs.oracle.com/en/java/javase/21/docs/specs/jvmti.html#tooloptions';
const DOTNET_ENV = 'https://learn.microsoft.com/en-us/dotnet/core/tools/dotnet-environment-variables';
const DOTNET_PROFILER = 'https://learn.microsoft.com/en-us/dotnet/core/runtime-config/debugging-profiling';
const GO_ENV = 'https://pkg.go.dev/cmd/go#hdr-Environment_variables';
const CARGO_ENV = 'https://doc.rust-lang.org/cargo/reference/environment-variables.html';
const RUSTUP_ENV = 'https://rust-lang.github.io/rustup/environment-variables.html';
const NPM_CONFIG = 'https://docs.npmjs.com/cli/v10/using-npm/config#environment-variables';
const GIT_ENV = 'https://git-scm.com/docs/git#_environment_variables';
const GNU_MAKE_IMPLICIT = 'https://www.gnu.org/software/make/manual/html_node/Implicit-Variables.html';
const CURL_ENV = 'https://curl.se/docs/manpage.html#ENVIRONMENT';
const OPENSSL_ENV = 'https://docs.openssl.org/3.0/man7/openssl-env/';
const AWS_CLI_ENV = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html';
const WIN_ENV =
  'https://learn.microsoft.com/en-us/windows/deployment/usmt/usmt-recognized-environment-variables';

function rules(tier: DenyTier, source: string, reason: string, patterns: readonly string[]): DenyRule[] {
  return patterns.map((pattern) => ({ pattern, tier, reason, source }));
}

const OFFICIAL_ACTION_CONSTANTS =
  'https://github.com/aws-actions/aws-secretsmanager-get-secrets/blob/main/src/constants.ts';

/** Names nobody may set, not even with an alias: the runner and the next steps' Node rely on them. */
export const RUNNER_TIER: readonly DenyRule[] = [
  ...rules(
    'runner',
    GITHUB_VARS,
    "the runner's own variables: tokens, file-command paths (GITHUB_ENV, GITHUB_PATH), the event",
    ['GITHUB_*'],
  ),
  ...rules('runner', GITHUB_VARS, "the runner's own variables (tool cache, temp, debug, OS)", ['RUNNER_*']),
  ...rules(
    'runner',
    'https://github.com/actions/toolkit/blob/main/packages/core/src/oidc-utils.ts',
    'the runner-to-action channel: runtime token and URLs, OIDC request URL and token, step debug',
    ['ACTIONS_*'],
  ),
  ...rules('runner', BOURNE_VARS, 'where every later step finds its programs (and actions find node)', [
    'PATH',
  ]),
  ...rules(
    'runner',
    NODE_ENV_VARS,
    'options of every later node process, actions included: --require/--import run code',
    ['NODE_OPTIONS'],
  ),
  ...rules('runner', GITHUB_VARS, 'set by the runner for every step; tools and caches rely on it', [
    'HOME',
    'CI',
  ]),
  // External review F7: on Windows a JSON key `secrets_list_clean_up` (name-transformation
  // lowercase or none) replaced the list both actions' post steps blank.
  {
    pattern: 'SECRETS_LIST_CLEAN_UP',
    tier: 'runner',
    reason: "the cleanup list both this action's and the official action's post steps blank (CLEANUP_NAME)",
    source: OFFICIAL_ACTION_CONSTANTS,
    anyCase: true,
  },
];

/** Names a secret's content or name may not choose (an alias in the workflow may; `allow-names` admits). */
export const CONTENT_TIER: readonly DenyRule[] = [
  // Dynamic loaders.
  ...rules('content', LD_SO, 'the glibc dynamic loader: preloads libraries, search paths, audit modules', [
    'LD_*',
  ]),
  ...rules('content', DYLD, 'the macOS dynamic loader: inserted libraries, search paths', ['DYLD_*']),
  ...rules(
    'content',
    'https://www.gnu.org/software/libc/manual/html_node/glibc-iconv-Implementation.html',
    'glibc loads iconv modules (shared objects) from this directory',
    ['GCONV_PATH'],
  ),
  ...rules(
    'content',
    'https://man7.org/linux/man-pages/man5/resolv.conf.5.html',
    'glibc resolver overrides: search domains, options, host aliases (redirects names)',
    ['LOCALDOMAIN', 'RES_OPTIONS', 'HOSTALIASES'],
  ),
  ...rules(
    'content',
    'https://man7.org/linux/man-pages/man3/catopen.3.html',
    'where message catalogs are loaded from',
    ['NLSPATH'],
  ),
  // Shells.
  ...rules('content', BASH_VARS, 'a file bash sources before running any non-interactive script', [
    'BASH_ENV',
  ]),
  ...rules('content', POSIX_SH, 'a file sh/dash/ksh source when starting (POSIX ENV)', ['ENV']),
  ...rules(
    'content',
    BASH_VARS,
    'bash options, prompts and hooks that run or expand code (PS4 on every `set -x` line)',
    ['SHELLOPTS', 'BASHOPTS', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'BASH_XTRACEFD', 'GLOBIGNORE'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/bash/manual/html_node/Shell-Functions.html',
    'bash imports exported functions from BASH_FUNC_name%% variables',
    ['BASH_FUNC_*'],
  ),
  ...rules('content', BOURNE_VARS, 'word splitting and `cd` search path change what scripts do', [
    'IFS',
    'CDPATH',
  ]),
  ...rules(
    'content',
    'https://zsh.sourceforge.io/Doc/Release/Files.html',
    'where zsh reads its startup files',
    ['ZDOTDIR', 'FPATH'],
  ),
  ...rules(
    'content',
    'https://git-scm.com/docs/git-var#_variables',
    'programs that tools start for the user (git, crontab, man, less, xdg-open)',
    ['EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'BROWSER', 'SHELL'],
  ),
  ...rules(
    'content',
    'https://man7.org/linux/man-pages/man1/less.1.html',
    'less runs these input preprocessors',
    ['LESSOPEN', 'LESSCLOSE'],
  ),
  ...rules(
    'content',
    'https://man.openbsd.org/ssh#ENVIRONMENT',
    'ssh/sudo run this program to ask for a password; the agent socket signs for ssh',
    ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'SSH_AUTH_SOCK', 'SUDO_ASKPASS'],
  ),
  ...rules(
    'content',
    'https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/V1_chap08.html',
    'where programs write temporary files (scripts included)',
    ['TMPDIR'],
  ),
  ...rules(
    'content',
    'https://specifications.freedesktop.org/basedir-spec/latest/',
    'where git and most tools read their configuration (git: core.fsmonitor, aliases run commands)',
    ['XDG_*'],
  ),
  // Node.js and other JavaScript runtimes.
  ...rules('content', NODE_ENV_VARS, 'node module resolution', ['NODE_PATH']),
  ...rules('content', NODE_ENV_VARS, 'TLS trust of every node process', [
    'NODE_EXTRA_CA_CERTS',
    'NODE_TLS_REJECT_UNAUTHORIZED',
    'NODE_USE_SYSTEM_CA',
    'NODE_USE_ENV_PROXY',
  ]),
  ...rules('content', NODE_ENV_VARS, 'node loads a module or data file, or writes files, named here', [
    'NODE_REPL_EXTERNAL_MODULE',
    'NODE_ICU_DATA',
    'NODE_V8_COVERAGE',
    'NODE_REDIRECT_WARNINGS',
    'NODE_COMPILE_CACHE',
  ]),
  ...rules(
    'content',
    'https://www.electronjs.org/docs/latest/api/environment-variables',
    'an Electron app runs as plain node, executing its arguments',
    ['ELECTRON_RUN_AS_NODE'],
  ),
  ...rules(
    'content',
    'https://docs.deno.com/runtime/reference/env_variables/',
    'deno TLS trust, cache and install dirs',
    ['DENO_*'],
  ),
  ...rules('content', 'https://bun.sh/docs/runtime/env#configuring-bun', 'bun options and registry', [
    'BUN_*',
  ]),
  // Python.
  ...rules(
    'content',
    PYTHON_ENV,
    'CPython options: PYTHONPATH/PYTHONHOME/PYTHONSTARTUP load code, PYTHONWARNINGS and PYTHONBREAKPOINT import modules',
    ['PYTHON*'],
  ),
  ...rules('content', 'https://docs.python.org/3/library/venv.html', 'which virtual environment tools use', [
    'VIRTUAL_ENV',
  ]),
  // Perl, Ruby, PHP, Lua, R, Erlang, Tcl.
  ...rules('content', PERLRUN, 'PERL5OPT adds -M (loads modules), PERL5LIB/PERLLIB search paths, PERL5DB', [
    'PERL*',
  ]),
  ...rules('content', RUBY_MAN, 'RUBYOPT adds -r (requires code), RUBYLIB search path, RUBYSHELL', ['RUBY*']),
  ...rules(
    'content',
    'https://www.php.net/manual/en/configuration.file.php',
    'php.ini location: auto_prepend_file runs code',
    ['PHPRC', 'PHP_INI_SCAN_DIR'],
  ),
  ...rules(
    'content',
    'https://www.lua.org/manual/5.4/manual.html#7',
    'LUA_INIT runs code, LUA_PATH/LUA_CPATH load modules',
    ['LUA_*'],
  ),
  ...rules(
    'content',
    'https://stat.ethz.ch/R-manual/R-devel/library/base/html/Startup.html',
    'R sources profile files and library paths named here',
    ['R_PROFILE', 'R_PROFILE_USER', 'R_ENVIRON', 'R_ENVIRON_USER', 'R_LIBS', 'R_LIBS_USER', 'R_LIBS_SITE'],
  ),
  ...rules(
    'content',
    'https://www.erlang.org/doc/apps/erts/erl_cmd.html',
    'erl flags (-eval runs code), library path',
    ['ERL_*', 'ELIXIR_ERL_OPTIONS'],
  ),
  ...rules('content', 'https://www.tcl.tk/man/tcl/TclCmd/library.htm', 'Tcl package search path', [
    'TCLLIBPATH',
  ]),
  // JVM.
  ...rules('content', JVMTI, 'options of every JVM started (-javaagent runs code)', ['JAVA_TOOL_OPTIONS']),
  ...rules('content', JAVA_MAN, 'options of every `java` launcher (-javaagent runs code)', [
    'JDK_JAVA_OPTIONS',
    '_JAVA_OPTIONS',
    'JAVA_OPTS',
    'CLASSPATH',
  ]),
  ...rules(
    'content',
    'https://github.com/actions/setup-java#usage',
    'which JDK tools run (setup-java sets JAVA_HOME_<v>_<arch>)',
    ['JAVA_HOME*'],
  ),
  ...rules(
    'content',
    'https://maven.apache.org/configure.html',
    'JVM options and arguments of every mvn run',
    ['MAVEN_OPTS', 'MAVEN_ARGS', 'MAVEN_CONFIG', 'M2_HOME'],
  ),
  ...rules(
    'content',
    'https://docs.gradle.org/current/userguide/build_environment.html',
    'JVM options of gradle; GRADLE_USER_HOME holds init scripts that run on every build',
    ['GRADLE_OPTS', 'GRADLE_USER_HOME', 'GRADLE_HOME', 'ORG_GRADLE_PROJECT_*'],
  ),
  ...rules(
    'content',
    'https://www.scala-sbt.org/1.x/docs/Command-Line-Reference.html',
    'JVM options of sbt',
    ['SBT_OPTS'],
  ),
  ...rules('content', 'https://ant.apache.org/manual/running.html', 'JVM options and arguments of ant', [
    'ANT_OPTS',
    'ANT_ARGS',
  ]),
  // .NET and Windows profilers.
  ...rules('content', DOTNET_ENV, 'dotnet host and runtime settings (startup hooks load assemblies)', [
    'DOTNET_*',
    'COREHOST_*',
  ]),
  ...rules('content', DOTNET_PROFILER, 'the CLR loads the profiler DLL named here into every .NET process', [
    'CORECLR_*',
    'COR_*',
    'COMPLUS_*',
  ]),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/nuget/reference/cli-reference/cli-ref-environment-variables',
    'NuGet config, package folders and credential providers (run as programs)',
    ['NUGET_*'],
  ),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/visualstudio/msbuild/how-to-use-environment-variables-in-a-build',
    'MSBuild extension paths import targets files (code) from here',
    ['MSBUILD*'],
  ),
  // Go.
  ...rules(
    'content',
    GO_ENV,
    'go command settings: flags, module proxy and checksum database, toolchain download, roots',
    [
      'GOFLAGS',
      'GOPROXY',
      'GOSUMDB',
      'GONOSUMDB',
      'GONOSUMCHECK',
      'GONOPROXY',
      'GOPRIVATE',
      'GOINSECURE',
      'GOVCS',
      'GOAUTH',
      'GOTOOLCHAIN',
      'GOROOT',
      'GOPATH',
      'GOBIN',
      'GOENV',
      'GOCACHE',
      'GOMODCACHE',
      'GOEXPERIMENT',
      'GODEBUG',
      'CGO_*',
    ],
  ),
  // Rust.
  ...rules('content', CARGO_ENV, 'cargo config: registries, target runners and wrappers run programs', [
    'CARGO_*',
  ]),
  ...rules('content', CARGO_ENV, 'the compiler cargo runs, its wrappers and flags', [
    'RUSTC',
    'RUSTC_WRAPPER',
    'RUSTC_WORKSPACE_WRAPPER',
    'RUSTDOC',
    'RUSTFLAGS',
    'RUSTDOCFLAGS',
  ]),
  ...rules('content', RUSTUP_ENV, 'rustup toolchain, home and download server', ['RUSTUP_*']),
  // JavaScript package managers.
  ...rules('content', NPM_CONFIG, 'npm reads npm_config_* as config: registry, script-shell, node-options', [
    'NPM_CONFIG_*',
  ]),
  ...rules(
    'content',
    'https://yarnpkg.com/configuration/yarnrc',
    'yarn reads YARN_* as .yarnrc settings: registry, plugins',
    ['YARN_*'],
  ),
  ...rules('content', 'https://pnpm.io/npmrc', 'pnpm settings and home (where pnpm installs binaries)', [
    'PNPM_*',
  ]),
  ...rules(
    'content',
    'https://github.com/nodejs/corepack#environment-variables',
    'corepack downloads and runs the package manager from this registry',
    ['COREPACK_*'],
  ),
  // Python, Ruby, PHP package managers.
  ...rules(
    'content',
    'https://pip.pypa.io/en/stable/topics/configuration/#environment-variables',
    'pip options: index URL, trusted hosts, config file',
    ['PIP_*'],
  ),
  ...rules(
    'content',
    'https://docs.astral.sh/uv/reference/environment/',
    'uv index URLs, python downloads, config',
    ['UV_*'],
  ),
  ...rules(
    'content',
    'https://python-poetry.org/docs/configuration/#using-environment-variables',
    'poetry config: repositories and their credentials',
    ['POETRY_*', 'PIPENV_*'],
  ),
  ...rules(
    'content',
    'https://docs.conda.io/projects/conda/en/latest/user-guide/configuration/use-condarc.html',
    'conda channels and config',
    ['CONDA_*', 'CONDARC'],
  ),
  ...rules(
    'content',
    'https://guides.rubygems.org/command-reference/#gem-environment',
    'where gems are installed and loaded from',
    ['GEM_*'],
  ),
  ...rules(
    'content',
    'https://bundler.io/man/bundle-config.1.html',
    'bundler config; BUNDLE_GEMFILE names a Gemfile (Ruby code)',
    ['BUNDLE_*', 'BUNDLER_*'],
  ),
  ...rules(
    'content',
    'https://getcomposer.org/doc/03-cli.md#environment-variables',
    'composer config and composer.json location (scripts run)',
    ['COMPOSER', 'COMPOSER_*'],
  ),
  // Version control.
  ...rules(
    'content',
    GIT_ENV,
    'git: GIT_CONFIG_COUNT/KEY/VALUE inject config (core.fsmonitor runs a command), GIT_SSH_COMMAND, GIT_ASKPASS, GIT_EXEC_PATH, GIT_DIR',
    ['GIT_*'],
  ),
  ...rules(
    'content',
    'https://www.mercurial-scm.org/doc/hg.1.html#environment',
    'Mercurial config path (hooks run commands)',
    ['HGRCPATH', 'HGRC'],
  ),
  ...rules(
    'content',
    'https://www.gnupg.org/documentation/manuals/gnupg/Environment.html',
    'gpg home: which keys sign and verify',
    ['GNUPGHOME'],
  ),
  // Build tools.
  ...rules(
    'content',
    'https://www.gnu.org/software/make/manual/html_node/MAKEFILES-Variable.html',
    'make reads these makefiles first (recipes run commands) and these flags',
    ['MAKEFILES', 'MAKEFLAGS', 'MFLAGS', 'GNUMAKEFLAGS'],
  ),
  // Build tools and compilers (external review F1: a JSON key `RM` made a later `make clean` run a
  // command, `LDSHARED` a later `python setup.py build_ext`). make splices these variables unquoted
  // into recipe lines that /bin/sh runs, so any of them runs a command (`RM="sh -c 'id' ;"`), and an
  // environment value wins over make's built-in default. Flags too: gcc `-B`/`-wrapper` run
  // programs, `-fplugin` loads code, `-fuse-ld` picks the linker.
  ...rules(
    'content',
    GNU_MAKE_IMPLICIT,
    "make's implicit-rule programs, spliced into shell command lines (RM runs on `make clean`)",
    [
      'AR',
      'AS',
      'CC',
      'CXX',
      'CPP',
      'FC',
      'M2C',
      'PC',
      'CO',
      'GET',
      'LEX',
      'YACC',
      'LINT',
      'MAKEINFO',
      'TEX',
      'TEXI2DVI',
      'WEAVE',
      'CWEAVE',
      'TANGLE',
      'CTANGLE',
      'RM',
      'LD',
    ],
  ),
  ...rules(
    'content',
    GNU_MAKE_IMPLICIT,
    "make's implicit-rule flags, spliced into shell command lines; compiler flags -B, -wrapper, -fplugin, -specs, -fuse-ld run or load programs",
    [
      'ARFLAGS',
      'ASFLAGS',
      'CFLAGS',
      'CXXFLAGS',
      'COFLAGS',
      'CPPFLAGS',
      'FFLAGS',
      'GFLAGS',
      'LDFLAGS',
      'LDLIBS',
      'LFLAGS',
      'YFLAGS',
      'PFLAGS',
      'RFLAGS',
      'LINTFLAGS',
      'TARGET_ARCH',
      'TARGET_MACH',
      'OUTPUT_OPTION',
    ],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/make/manual/html_node/MAKE-Variable.html',
    'the make program recursive builds run ($(MAKE))',
    ['MAKE'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/prep/standards/html_node/Command-Variables.html',
    'GNU makefiles run these programs through variables of these names',
    [
      'BISON',
      'FLEX',
      'INSTALL',
      'INSTALL_PROGRAM',
      'INSTALL_DATA',
      'INSTALL_SCRIPT',
      'LDCONFIG',
      'LN',
      'LN_S',
      'MKDIR_P',
      'DESTDIR',
    ],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/autoconf/manual/autoconf-2.72/html_node/Particular-Programs.html',
    'configure keeps a program variable already set in the environment, and the build runs it',
    ['AWK', 'GREP', 'EGREP', 'FGREP', 'SED', 'M4'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/autoconf/manual/autoconf-2.72/html_node/Generic-Programs.html',
    'binutils configure and libtool take from the environment (AC_CHECK_TOOL keeps a set variable), and builds run',
    ['RANLIB', 'STRIP', 'NM', 'OBJCOPY', 'OBJDUMP', 'READELF', 'DLLTOOL', 'WINDRES', 'LIPO', 'OTOOL'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/autoconf/manual/autoconf-2.72/html_node/config_002estatus-Invocation.html',
    'the shell configure and config.status re-run themselves with',
    ['CONFIG_SHELL'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/autoconf/manual/autoconf-2.72/html_node/Site-Defaults.html',
    'a shell script every configure sources; preset cache variables (ac_cv_path_SED) pick programs',
    ['CONFIG_SITE', 'AC_CV_*'],
  ),
  ...rules(
    'content',
    'https://gcc.gnu.org/onlinedocs/gcc/Environment-Variables.html',
    'gcc: where it finds cc1, as and ld (GCC_EXEC_PREFIX, COMPILER_PATH), libraries and headers it builds in, files it writes (DEPENDENCIES_OUTPUT), extra options (GCC_COMPARE_DEBUG)',
    [
      'GCC_*',
      'COMPILER_PATH',
      'LIBRARY_PATH',
      'CPATH',
      'C_INCLUDE_PATH',
      'CPLUS_INCLUDE_PATH',
      'OBJC_INCLUDE_PATH',
      'DEPENDENCIES_OUTPUT',
      'SUNPRO_DEPENDENCIES',
    ],
  ),
  ...rules(
    'content',
    'https://github.com/llvm/llvm-project/blob/main/clang/tools/driver/driver.cpp',
    'the clang driver edits its own command line from this variable (adds any option)',
    ['CCC_OVERRIDE_OPTIONS'],
  ),
  ...rules(
    'content',
    'https://docs.rs/cc/latest/cc/#external-configuration-via-environment-variables',
    'the Rust cc crate (every build.rs that compiles C): compiler, archiver and flags per target (CC_x86_64_unknown_linux_gnu) and per build kind (HOST_CC, TARGET_CC)',
    [
      'CC_*',
      'CXX_*',
      'CFLAGS_*',
      'CXXFLAGS_*',
      'AR_*',
      'ARFLAGS_*',
      'RANLIB_*',
      'RANLIBFLAGS',
      'RANLIBFLAGS_*',
      ...['HOST', 'TARGET'].flatMap((kind) =>
        ['CC', 'CXX', 'CFLAGS', 'CXXFLAGS', 'AR', 'ARFLAGS', 'RANLIB', 'RANLIBFLAGS'].map(
          (v) => `${kind}_${v}`,
        ),
      ),
    ],
  ),
  ...rules(
    'content',
    'https://github.com/rust-lang/rust-bindgen#environment-variables-for-clang',
    'bindgen passes these arguments to clang and loads libclang from this path',
    ['BINDGEN_EXTRA_CLANG_ARGS*', 'LIBCLANG_PATH'],
  ),
  ...rules(
    'content',
    'https://github.com/pypa/setuptools/blob/main/setuptools/_distutils/sysconfig.py',
    'setuptools/distutils customize_compiler: the compiler, shared-library linker (LDSHARED runs on build_ext) and flags of every C extension build; _PYTHON_SYSCONFIGDATA_NAME imports a module',
    ['LDSHARED', 'LDCXXSHARED', 'ARCHFLAGS', 'CCSHARED', '_PYTHON_*'],
  ),
  ...rules(
    'content',
    'https://github.com/nodejs/node-gyp/blob/main/gyp/pylib/gyp/generator/make.py',
    'node-gyp (every native npm module) takes its linker from LINK, as MSVC link.exe takes options',
    ['LINK'],
  ),
  ...rules(
    'content',
    'https://github.com/mozilla/sccache/blob/main/docs/Configuration.md',
    'sccache: the cache compile results come from (a writer of it chooses object code)',
    ['SCCACHE_*'],
  ),
  // MSVC (Windows runners).
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/cpp/build/reference/cl-environment-variables',
    'options cl.exe adds to every command line (/B1, /Bx pick compiler passes), and header search paths',
    ['CL', '_CL_', 'INCLUDE'],
  ),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/cpp/build/reference/link-environment-variables',
    'options link.exe adds to every link, and library search paths',
    ['_LINK_', 'LIB', 'LIBPATH'],
  ),
  ...rules(
    'content',
    'https://cmake.org/cmake/help/latest/manual/cmake-env-variables.7.html',
    'cmake toolchain file (CMake code), generator, compilers',
    ['CMAKE_*'],
  ),
  ...rules(
    'content',
    'https://man.archlinux.org/man/pkg-config.1',
    'which .pc files (compiler flags) builds use',
    ['PKG_CONFIG', 'PKG_CONFIG_*'],
  ),
  ...rules(
    'content',
    'https://ccache.dev/manual/latest.html#_configuration',
    'ccache runs CCACHE_PREFIX before the compiler',
    ['CCACHE_*', 'DISTCC_*'],
  ),
  ...rules(
    'content',
    'https://docs.docker.com/reference/cli/docker/#environment-variables',
    'which daemon docker talks to, its TLS, its config (credential helpers run)',
    ['DOCKER_*', 'BUILDKIT_*', 'BUILDX_*'],
  ),
  ...rules(
    'content',
    'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/',
    'kubeconfig files: cluster endpoints and exec credential plugins (run commands)',
    ['KUBECONFIG'],
  ),
  ...rules('content', 'https://helm.sh/docs/helm/helm/', 'helm plugins, config and registry config', [
    'HELM_*',
  ]),
  ...rules(
    'content',
    'https://developer.hashicorp.com/terraform/cli/config/environment-variables',
    'terraform CLI config (provider installation), extra arguments, plugin and data dirs',
    ['TF_CLI_CONFIG_FILE', 'TERRAFORM_CONFIG', 'TF_CLI_ARGS*', 'TF_PLUGIN_CACHE_DIR', 'TF_DATA_DIR'],
  ),
  ...rules(
    'content',
    'https://cli.github.com/manual/gh_help_environment',
    'gh credentials, host, and programs it runs',
    [
      'GH_TOKEN',
      'GH_ENTERPRISE_TOKEN',
      'GH_HOST',
      'GH_REPO',
      'GH_CONFIG_DIR',
      'GH_PAGER',
      'GH_BROWSER',
      'GH_EDITOR',
    ],
  ),
  // TLS and proxies.
  ...rules(
    'content',
    CURL_ENV,
    'proxies for curl, git, pip, npm, the AWS SDKs, Go, Node 24: traffic (and tokens) go through them',
    ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'FTP_PROXY', 'SOCKS_PROXY'],
  ),
  ...rules('content', CURL_ENV, 'curl config file dir, CA bundle, and TLS key log (session keys on disk)', [
    'CURL_HOME',
    'CURL_CA_BUNDLE',
    'SSLKEYLOGFILE',
  ]),
  ...rules(
    'content',
    OPENSSL_ENV,
    'OpenSSL: trusted CAs, and config/engine/provider modules it loads (code)',
    ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'OPENSSL_*'],
  ),
  ...rules(
    'content',
    'https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification',
    'python requests CA bundle',
    ['REQUESTS_CA_BUNDLE'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/wget/manual/html_node/Startup-File.html',
    'wget startup file',
    ['WGETRC'],
  ),
  ...rules(
    'content',
    'https://everything.curl.dev/usingcurl/netrc.html',
    'credentials file curl and git read',
    ['NETRC'],
  ),
  ...rules('content', 'https://grpc.github.io/grpc/core/md_doc_environment_variables.html', 'gRPC root CAs', [
    'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH',
  ]),
  // Cloud SDKs.
  ...rules(
    'content',
    AWS_CLI_ENV,
    'AWS CLI/SDK settings: credentials, profile and config files, endpoints (AWS_ENDPOINT_URL_*), CA bundle, AWS_PAGER (a program)',
    ['AWS_*'],
  ),
  ...rules(
    'content',
    'https://cloud.google.com/docs/authentication/application-default-credentials',
    'Google credentials file and metadata server',
    ['GOOGLE_APPLICATION_CREDENTIALS', 'GCE_METADATA_HOST', 'GCE_METADATA_IP'],
  ),
  ...rules(
    'content',
    'https://cloud.google.com/sdk/docs/properties',
    'gcloud properties: endpoints, tokens, the python it runs',
    ['CLOUDSDK_*'],
  ),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/dotnet/api/azure.identity.environmentcredential',
    'Azure identity: client credentials, token file, authority host; az config dir; managed identity endpoint',
    [
      'AZURE_CLIENT_ID',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_CLIENT_CERTIFICATE_PATH',
      'AZURE_FEDERATED_TOKEN_FILE',
      'AZURE_AUTHORITY_HOST',
      'AZURE_CONFIG_DIR',
      'IDENTITY_ENDPOINT',
      'IDENTITY_HEADER',
      'MSI_ENDPOINT',
      'MSI_SECRET',
    ],
  ),
  // Windows.
  ...rules('content', WIN_ENV, 'the command interpreter programs start (cmd.exe)', ['COMSPEC']),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/cmd',
    'which file extensions cmd runs as programs',
    ['PATHEXT'],
  ),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_psmodulepath',
    'where PowerShell autoloads modules from (code)',
    ['PSMODULEPATH'],
  ),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_execution_policies',
    'PowerShell execution policy of later pwsh steps',
    ['PSEXECUTIONPOLICYPREFERENCE'],
  ),
  ...rules(
    'content',
    WIN_ENV,
    'Windows system and profile folders: where programs, DLLs and config are looked up',
    [
      'WINDIR',
      'SYSTEMROOT',
      'SYSTEMDRIVE',
      'PROGRAMFILES',
      'PROGRAMFILES(X86)',
      'PROGRAMW6432',
      'PROGRAMDATA',
      'COMMONPROGRAMFILES',
      'APPDATA',
      'LOCALAPPDATA',
      'USERPROFILE',
      'HOMEDRIVE',
      'HOMEPATH',
      'ALLUSERSPROFILE',
      'PUBLIC',
      'TEMP',
      'TMP',
    ],
  ),
  ...rules(
    'content',
    'https://docs.chocolatey.org/en-us/choco/setup/',
    'where choco and its shims run from',
    ['CHOCOLATEYINSTALL'],
  ),
  ...rules(
    'content',
    'https://www.msys2.org/wiki/MSYS2-introduction/',
    'MSYS2/Cygwin runtime behaviour (which environment bash starts)',
    ['MSYS', 'MSYSTEM', 'CYGWIN'],
  ),
  // Families: tools name the program they run, the file they read as config or the server they
  // download a binary from in variables shaped so (external review F1). A list of names is never
  // complete; these suffixes cover the shapes, the exact names below what fits no shape.
  ...rules(
    'content',
    'https://esbuild.github.io/getting-started/#download-a-build',
    'the binary a wrapper runs instead of its own (BIOME_BINARY, ESBUILD_BINARY_PATH, PRISMA_QUERY_ENGINE_BINARY, PUPPETEER_EXECUTABLE_PATH, CHROME_PATH)',
    ['*_BINARY', '*_BINARY_PATH', '*_EXECUTABLE', '*_EXECUTABLE_PATH', 'CHROME_PATH'],
  ),
  ...rules(
    'content',
    'https://github.com/sass/node-sass#binary-configuration-parameters',
    'where an installer downloads the binary it then runs (SASS_BINARY_SITE, NVM_NODEJS_ORG_MIRROR, CYPRESS_INSTALL_BINARY)',
    [
      '*_BINARY_SITE',
      '*_MIRROR',
      '*_DOWNLOAD_HOST',
      'BAZELISK_BASE_URL',
      'HOMEBREW_*',
      'PKGX_DIR',
      'DEBUGINFOD_URLS',
    ],
  ),
  ...rules(
    'content',
    'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_edit/',
    'the editor or pager a tool runs (KUBE_EDITOR, SYSTEMD_PAGER, GIT_PAGER)',
    ['*_EDITOR', '*_PAGER'],
  ),
  ...rules(
    'content',
    'https://download.samba.org/pub/rsync/rsync.1',
    'the remote shell a tool runs (RSYNC_RSH, CVS_RSH, SVN_SSH, *_SSH_COMMAND)',
    ['*_RSH', '*_SSH', '*_SSH_COMMAND'],
  ),
  ...rules(
    'content',
    'https://docs.ansible.com/ansible/latest/reference_appendices/config.html',
    'the config file (or text) a tool reads: hooks, plugins and commands run from it (ANSIBLE_CONFIG, APT_CONFIG, NIX_CONFIG)',
    ['*_CONFIG', '*_CONFIG_FILE', '*_CONFIG_PATH', '*_CONFIG_DIR', 'NIX_*', 'ANSIBLE_*'],
  ),
  ...rules(
    'content',
    'https://ant.apache.org/manual/running.html',
    'JVM and launcher options (-javaagent runs code): JAVA_OPTS, KAFKA_OPTS, CATALINA_OPTS',
    ['*_OPTS'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/tar/manual/html_node/using-tar-options.html',
    'default options of archivers and pagers (TAR_OPTIONS --checkpoint-action=exec, LESS +!cmd, MANOPT -P)',
    [
      'TAR_OPTIONS',
      'GZIP',
      'BZIP',
      'BZIP2',
      'XZ_OPT',
      'XZ_DEFAULTS',
      'ZIPOPT',
      'UNZIP',
      'UNZIPOPT',
      'GREP_OPTIONS',
      'LESS',
      'LESSKEY',
      'LESSKEYIN',
      'MANOPT',
    ],
  ),
  ...rules(
    'content',
    'https://vimhelp.org/starting.txt.html#VIMINIT',
    'editor and readline startup commands or files (VIMINIT, EXINIT run ex commands)',
    ['VIMINIT', 'GVIMINIT', 'EXINIT', 'MYVIMRC', 'VIMRUNTIME', 'INPUTRC', 'HISTFILE'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/libc/manual/html_node/Tunables.html',
    'glibc tunables, locale, timezone and malloc settings read by every process',
    ['GLIBC_TUNABLES', 'LOCPATH', 'TZDIR', 'MALLOC_*', 'TERMINFO', 'TERMINFO_DIRS'],
  ),
  ...rules(
    'content',
    'https://docs.julialang.org/en/v1/manual/environment-variables/',
    'language depots and package environments load code from here (Julia startup.jl, GHC env file)',
    ['JULIA_*', 'GHC_ENVIRONMENT', 'GHC_PACKAGE_PATH'],
  ),
  ...rules(
    'content',
    'https://developer.apple.com/library/archive/technotes/tn2339/_index.html',
    'which Xcode toolchain (compilers, git) xcrun runs',
    ['DEVELOPER_DIR'],
  ),
  ...rules(
    'content',
    'https://developer.hashicorp.com/vault/docs/commands#environment-variables',
    'where vault sends its token, and which CA it trusts',
    ['VAULT_ADDR', 'VAULT_AGENT_ADDR', 'VAULT_CACERT', 'VAULT_CAPATH', 'VAULT_SKIP_VERIFY'],
  ),
  ...rules(
    'content',
    'https://github.com/getsops/sops#usage',
    'which keys sops encrypts new files to (SOPS_PGP_FP, SOPS_KMS_ARN, SOPS_AGE_RECIPIENTS: they open for the writer) and which key files it trusts',
    [
      'SOPS_AGE_KEY_FILE',
      'SOPS_AGE_RECIPIENTS',
      'SOPS_PGP_FP',
      'SOPS_KMS_ARN',
      'SOPS_GCP_KMS_IDS',
      'SOPS_AZURE_KEYVAULT_URLS',
      'SOPS_HC_VAULT_URIS',
    ],
  ),
  // Services a later step sends a credential to: whoever names the endpoint receives the token
  // (external review F1). No naming convention is shared, so these are exact names or one tool's prefix.
  ...rules(
    'content',
    'https://twine.readthedocs.io/en/stable/#environment-variables',
    'twine uploads (with the PyPI token) to this repository URL',
    ['TWINE_*'],
  ),
  ...rules(
    'content',
    'https://docs.sonarsource.com/sonarqube-server/latest/analyzing-source-code/scanners/sonarscanner/',
    'SonarScanner sends SONAR_TOKEN and the code to SONAR_HOST_URL; SONARQUBE_SCANNER_PARAMS sets any property',
    ['SONAR_*', 'SONARQUBE_*'],
  ),
  ...rules(
    'content',
    'https://docs.sentry.io/cli/configuration/',
    'sentry-cli sends SENTRY_AUTH_TOKEN (and source maps) to this server',
    ['SENTRY_URL', 'SENTRY_PROPERTIES'],
  ),
  ...rules(
    'content',
    'https://www.postgresql.org/docs/current/libpq-envars.html',
    'libpq (psql, pg_dump, every driver on libpq) connects and sends the password to this host; TLS mode and files',
    [
      'PGHOST',
      'PGHOSTADDR',
      'PGPORT',
      'PGSERVICE',
      'PGSERVICEFILE',
      'PGSYSCONFDIR',
      'PGPASSFILE',
      'PGSSLMODE',
      'PGSSLROOTCERT',
      'PGREQUIRESSL',
      'PGGSSENCMODE',
    ],
  ),
  ...rules(
    'content',
    'https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables',
    'huggingface_hub sends HF_TOKEN to this endpoint and downloads models (pickles run code) from it',
    ['HF_ENDPOINT', 'HF_HOME', 'HF_TOKEN_PATH'],
  ),
  ...rules(
    'content',
    'https://dart.dev/tools/pub/environment-variables',
    'dart pub: the package server (with its token) and the cache packages load from',
    ['PUB_*'],
  ),
  ...rules(
    'content',
    'https://learn.microsoft.com/en-us/vcpkg/users/config-environment',
    'vcpkg: binary caches (prebuilt libraries) and overlay ports (CMake code)',
    ['VCPKG_*'],
  ),
  ...rules(
    'content',
    'https://pptr.dev/guides/configuration',
    'puppeteer: where it downloads the browser it then runs, and which browser',
    ['PUPPETEER_*', '*_DOWNLOAD_BASE_URL'],
  ),
  ...rules(
    'content',
    'https://docs.conan.io/2/reference/environment.html',
    'conan home: hooks, plugins and profiles (Python code) run on every conan command',
    ['CONAN_*'],
  ),
  ...rules('content', BASH_VARS, 'where bash `enable -f` loads builtins (shared objects) from', [
    'BASH_LOADABLES_PATH',
  ]),
  ...rules(
    'content',
    'https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference',
    'which Google identity the terraform provider and gcloud tools act as (credentials, tokens, impersonation)',
    [
      'GOOGLE_CREDENTIALS',
      'GOOGLE_CLOUD_KEYFILE_JSON',
      'GCLOUD_KEYFILE_JSON',
      'GOOGLE_OAUTH_ACCESS_TOKEN',
      'GOOGLE_IMPERSONATE_SERVICE_ACCOUNT',
    ],
  ),
  ...rules(
    'content',
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/service_principal_oidc',
    'the azurerm provider: identity, and ARM_OIDC_REQUEST_URL receives the job OIDC request token',
    ['ARM_*'],
  ),
  ...rules(
    'content',
    'https://github.com/containers/common/blob/main/docs/containers.conf.5.md',
    'podman/buildah config (helper binaries, registries) and registry credentials file',
    ['CONTAINERS_*', 'REGISTRY_AUTH_FILE'],
  ),
  ...rules(
    'content',
    'https://typestrong.org/ts-node/docs/options',
    'ts-node loads the compiler, transpiler and project named here (modules: code)',
    ['TS_NODE_*'],
  ),
  ...rules(
    'content',
    'https://web.mit.edu/kerberos/krb5-latest/doc/admin/env_variables.html',
    'Kerberos credential cache and keytab: which identity later tools authenticate as',
    ['KRB5*'],
  ),
  ...rules(
    'content',
    'https://www.gnu.org/software/emacs/manual/html_node/emacs/General-Variables.html',
    'where emacs loads Lisp (code) from',
    ['EMACSLOADPATH'],
  ),
  ...rules(
    'content',
    'https://mise.jdx.dev/configuration.html',
    'tool version managers: which tool binaries their shims run, and config that runs tasks',
    ['MISE_*', 'ASDF_*', 'OPAMROOT', 'CABAL_DIR'],
  ),
];

/** Both tiers. */
export const DENY_LIST: readonly DenyRule[] = [...RUNNER_TIER, ...CONTENT_TIER];

/**
 * Whether environment names are compared case-insensitively where this process runs: on Windows
 * (the runner's OS, for the action), where `Path` and `PATH` are one variable.
 */
export const ENV_NAMES_IGNORE_CASE: boolean = process.platform === 'win32';

function matches(pattern: string, name: string): boolean {
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return name.endsWith(pattern.slice(1));
  return name === pattern;
}

/**
 * The first rule that denies `name`, runner tier first, or undefined. Content-tier rules match
 * case-insensitively everywhere: the programs behind them read lower-case spellings too
 * (`https_proxy`, `npm_config_*`) and Windows ignores case. Runner-tier rules match as the OS
 * compares names (`ignoreCase`, default {@link ENV_NAMES_IGNORE_CASE}): on Linux `home` is not
 * `HOME`, and the runner reads only the upper-case spelling.
 *
 * @example
 * ```ts
 * deniedBy('git_config_count')?.pattern; // 'GIT_*'
 * deniedBy('home', false);                // undefined (Linux, macOS)
 * deniedBy('DATABASE_URL');               // undefined
 * ```
 */
export function deniedBy(name: string, ignoreCase: boolean = ENV_NAMES_IGNORE_CASE): DenyRule | undefined {
  const upper = name.toUpperCase();
  return (
    RUNNER_TIER.find((rule) => matches(rule.pattern, ignoreCase || rule.anyCase ? upper : name)) ??
    CONTENT_TIER.find((rule) => matches(rule.pattern, upper))
  );
}

/**
 * Who chose a variable's name: the workflow author entirely (`author`: an alias, a secret id or
 * file written), the author its start and a secret the rest (`author-prefix`: `ALIAS_KEY`, or
 * `PROD_DB_KEY` for the JSON key `KEY` of the secret id `prod/db` written), or a secret entirely
 * (`content`: a JSON key under a blank alias, a secret found by a prefix).
 */
export type NameChooser = 'author' | 'author-prefix' | 'content';

/**
 * How names a secret chose entirely (`content`) are checked: `deny-list` refuses those on the
 * content tier (defence in depth: no list of dangerous names is complete); `allow-list` refuses
 * every one that `allowNames` does not admit (the boundary).
 */
export type ContentNames = 'deny-list' | 'allow-list';

/** The values of {@link ContentNames}, default first. */
export const CONTENT_NAMES: readonly ContentNames[] = ['deny-list', 'allow-list'];

/**
 * The refusal of a name a secret chose while content names are `allow-list` and `allowNames` does
 * not admit it: not a deny-list rule, but returned as one so that callers handle one shape.
 */
export const NOT_ALLOWED: DenyRule = {
  pattern: '*',
  tier: 'content',
  reason: 'content-names: allow-list admits only names that allow-names lists',
  source: 'https://github.com/envelope-kit/envelope-kit/blob/main/SECURITY.md',
};

/**
 * An allow-names entry: an exact name, or `PREFIX*` (a non-empty prefix: every name starting so).
 * Upper or lower case alike: entries are compared case-insensitively.
 */
export const ALLOW_NAME_PATTERN: RegExp = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/**
 * Whether an `allowNames` entry (see {@link ALLOW_NAME_PATTERN}) admits `name`, case-insensitively.
 *
 * @example
 * ```ts
 * admittedBy(['APP_*'], 'app_token'); // true
 * admittedBy(['APP'], 'APP_TOKEN');   // false
 * ```
 */
export function admittedBy(allowNames: readonly string[], name: string): boolean {
  const upper = name.toUpperCase();
  return allowNames.some(
    (allowed) => allowed !== '*' && !allowed.startsWith('*') && matches(allowed.toUpperCase(), upper),
  );
}

/**
 * Whether `name` may be set when chosen by `chooser`: the rule that refuses it, or undefined.
 * Runner-tier names are refused to everybody. A name the author chose entirely is the author's
 * choice. A content-tier name a secret chose all or part of is refused unless `allowNames` lists
 * that exact name (a `PREFIX*` entry never admits a deny-listed name: the list stays defence in
 * depth under a broad pattern). With `contentNames` `allow-list`, a name a secret chose entirely
 * is refused ({@link NOT_ALLOWED}) unless an `allowNames` entry admits it ({@link admittedBy}).
 * `ignoreCase`: see {@link deniedBy}.
 *
 * @example
 * ```ts
 * refusingRule('LD_PRELOAD', 'content', []);          // the LD_* rule
 * refusingRule('LD_PRELOAD', 'author', []);           // undefined: an alias is the author's choice
 * refusingRule('HTTPS_PROXY', 'content', ['HTTPS_PROXY']); // undefined: admitted on purpose
 * refusingRule('PATH', 'author', ['PATH']);           // the PATH rule: never
 * refusingRule('DB_URL', 'content', ['APP_*'], false, 'allow-list'); // NOT_ALLOWED
 * refusingRule('APP_DB_URL', 'content', ['APP_*'], false, 'allow-list'); // undefined
 * refusingRule('APP_DB_URL', 'author-prefix', [], false, 'allow-list'); // undefined: APP is an alias
 * ```
 */
export function refusingRule(
  name: string,
  chooser: NameChooser,
  allowNames: readonly string[],
  ignoreCase: boolean = ENV_NAMES_IGNORE_CASE,
  contentNames: ContentNames = 'deny-list',
): DenyRule | undefined {
  const rule = deniedBy(name, ignoreCase);
  if (rule?.tier === 'runner') return rule;
  if (chooser === 'author') return undefined;
  const upper = name.toUpperCase();
  if (rule !== undefined)
    return allowNames.some((allowed) => allowed.toUpperCase() === upper) ? undefined : rule;
  if (chooser === 'content' && contentNames === 'allow-list' && !admittedBy(allowNames, name))
    return NOT_ALLOWED;
  return undefined;
}
