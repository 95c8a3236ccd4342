/**
 * The `envelope` dispatcher: finds the command, parses its arguments, runs it, and turns any error
 * into one line on stderr and an exit code (0 ok, 1 failure, 2 usage).
 */
import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { commandHint, recordInvocation } from './hint.js';
import { silenceSdkNodeVersionWarning } from './sdk-warning.js';
import { didYouMean } from './suggest.js';

/** A command as `envelope --help` lists it; `load()` imports its module (and with it the AWS SDK). */
export interface CommandEntry {
  readonly name: string;
  /** One line for `envelope --help`; the same as the loaded command's `summary` (a test checks). */
  readonly summary: string;
  load(): Promise<Command>;
}

/**
 * Every command, in the order `envelope --help` lists them. Each module is imported only when its
 * command runs: `envelope --version` and `--help` load no AWS SDK (BENCHMARKS.md, CLI start).
 *
 * @example
 * ```ts
 * COMMANDS.map((c) => c.name); // ['seal', 'open', 'inspect', 'push', 'pull', 'rewrap', 'migrate', 'run', 'audit']
 * const seal = await COMMANDS[0].load();
 * ```
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'seal',
    summary: 'seal a value from stdin or a file into a v1 envelope',
    load: async () => (await import('./commands/seal.js')).sealCommand,
  },
  {
    name: 'open',
    summary: 'open a v1 or legacy envelope from stdin or a file; prints the plaintext',
    load: async () => (await import('./commands/open.js')).openCommand,
  },
  {
    name: 'inspect',
    summary: 'print an envelope header as JSON (no decryption, no value)',
    load: async () => (await import('./commands/inspect.js')).inspectCommand,
  },
  {
    name: 'push',
    summary: 'seal a value and store it in Secrets Manager (create or new version)',
    load: async () => (await import('./commands/push.js')).pushCommand,
  },
  {
    name: 'pull',
    summary: 'fetch a secret and open it; plaintext to stdout',
    load: async () => (await import('./commands/pull.js')).pullCommand,
  },
  {
    name: 'rewrap',
    summary: 'add or remove keys of envelopes (secrets, prefixes or a file); same ciphertext',
    load: async () => (await import('./commands/rewrap.js')).rewrapCommand,
  },
  {
    name: 'migrate',
    summary: 'turn legacy openssl-recipe secrets (or a file) into v1 envelopes with a fresh data key',
    load: async () => (await import('./commands/migrate.js')).migrateCommand,
  },
  {
    name: 'keygen',
    summary: 'make a local key: a new 0600 file, or base64 to a pipe (gh secret set)',
    load: async () => (await import('./commands/keygen.js')).keygenCommand,
  },
  {
    name: 'completion',
    summary: 'print a shell completion script (bash, zsh or fish)',
    load: async () => (await import('./commands/completion.js')).completionCommand,
  },
  {
    name: 'run',
    summary: 'run a command with secrets as environment variables (as the action names them)',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  {
    name: 'audit',
    summary: 'inventory of secrets: format, keys, context, legacy weakness, last change (no values)',
    load: async () => (await import('./commands/audit.js')).auditCommand,
  },
];

/**
 * The CLI's version, from its package.json.
 *
 * @example
 * ```ts
 * cliVersion(); // '0.1.0'
 * ```
 */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The commands with a `--json` output (inspect prints JSON anyway). */
const JSON_COMMANDS = new Set(['push', 'pull', 'rewrap', 'migrate', 'inspect', 'audit']);

/**
 * The text of `envelope --help`.
 *
 * @example
 * ```ts
 * process.stdout.write(mainHelp());
 * ```
 */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: envelope <command> [options]

Seal, open, rotate and migrate envelope-encrypted secrets (AWS KMS + Secrets Manager).
Values are read from stdin or files, never from the command line.

Commands:
${lines.join('\n')}

Run "envelope <command> --help" for a command's options and examples.
Options: --version, --help, --debug (on failure: the error chain, never a value).
Exit codes: 0 ok, 1 failure, 2 usage error.
`;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code. Errors are
 * printed to stderr as `envelope: <CODE>: <message> (secret: <id>)`, never with a value.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  recordInvocation(argv);
  if (name === undefined) {
    // No command is a usage error: the help goes to stderr, stdout stays empty.
    process.stderr.write(mainHelp());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${cliVersion()}\n`);
    return EXIT_OK;
  }
  // Only now, past --version and --help: errors.js and args.js load envelope-core (about 70 ms of
  // module loading on Node 20, measured with performance.now() around the import).
  const [{ exitCodeOf, formatError, UsageError }, { parseCommandArgs }] = await Promise.all([
    import('./errors.js'),
    import('./args.js'),
  ]);
  const entry = COMMANDS.find((c) => c.name === name);
  let command: Command | undefined;
  try {
    if (entry === undefined) {
      const names = COMMANDS.map((c) => c.name);
      throw new UsageError(
        name.startsWith('-')
          ? `unknown option ${name.split('=')[0]}${didYouMean(name.split('=')[0] ?? name, ['--help', '--version'])}`
          : `unknown command '${name}'${didYouMean(name, names) || `; see ${commandHint('unknown-command', ['--help'])}`}`,
      );
    }
    silenceSdkNodeVersionWarning();
    command = await entry.load();
    // Only `run` takes arguments after `--`: the command line of the child.
    const dashes = rest.indexOf('--');
    const own = dashes < 0 || command.name !== 'run' ? rest : rest.slice(0, dashes);
    const tail = dashes < 0 || command.name !== 'run' ? undefined : rest.slice(dashes + 1);
    const { values, positionals } = parseCommandArgs(command.name, own, command.options);
    if (values.help === true) {
      process.stdout.write(`${command.help}\n`);
      return EXIT_OK;
    }
    if (values.json === true && !JSON_COMMANDS.has(command.name)) {
      throw new UsageError(
        `${command.name}: --json is not an option of this command (its output is the value itself)`,
      );
    }
    return await command.run(values, positionals, tail);
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    // Before `--` only: after it, `run`'s child owns its arguments.
    const own = argv.indexOf('--') < 0 ? argv : argv.slice(0, argv.indexOf('--'));
    if (own.includes('--debug')) {
      const { debugLines } = await import('./debug.js');
      for (const line of debugLines(error)) process.stderr.write(`envelope: debug: ${line}\n`);
    }
    if (error instanceof UsageError) {
      const help = commandHint('command-help', command === undefined ? ['--help'] : [command.name, '--help']);
      process.stderr.write(`Run "${help}" for usage.\n`);
    }
    return exitCodeOf(error);
  }
}
