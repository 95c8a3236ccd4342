/**
 * The `envelope` dispatcher: finds the command, parses its arguments, runs it, and turns any error
 * into one line on stderr and an exit code (0 ok, 1 failure, 2 usage).
 */
import { readFileSync } from 'node:fs';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { auditCommand } from './commands/audit.js';
import { inspectCommand } from './commands/inspect.js';
import { migrateCommand } from './commands/migrate.js';
import { openCommand } from './commands/open.js';
import { pullCommand } from './commands/pull.js';
import { pushCommand } from './commands/push.js';
import { rewrapCommand } from './commands/rewrap.js';
import { runCommand } from './commands/run.js';
import { sealCommand } from './commands/seal.js';
import { EXIT_OK, EXIT_USAGE, exitCodeOf, formatError, UsageError } from './errors.js';

/**
 * Every command, in the order `envelope --help` lists them.
 *
 * @example
 * ```ts
 * COMMANDS.map((c) => c.name); // ['seal', 'open', 'inspect', 'push', 'pull', 'rewrap', 'migrate', 'run', 'audit']
 * ```
 */
export const COMMANDS: readonly Command[] = [
  sealCommand,
  openCommand,
  inspectCommand,
  pushCommand,
  pullCommand,
  rewrapCommand,
  migrateCommand,
  runCommand,
  auditCommand,
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
Options: --version, --help. Exit codes: 0 ok, 1 failure, 2 usage error.
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
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (command === undefined) {
      throw new UsageError(
        name.startsWith('-')
          ? `unknown option ${name.split('=')[0]}`
          : `unknown command '${name}'; see envelope --help`,
      );
    }
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
    if (error instanceof UsageError) {
      process.stderr.write(`Run "envelope ${command?.name ?? ''}${command ? ' ' : ''}--help" for usage.\n`);
    }
    return exitCodeOf(error);
  }
}
