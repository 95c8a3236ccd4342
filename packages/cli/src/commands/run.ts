/**
 * `envelope run`: does locally what the action does (fetch, open, name, flatten JSON) and runs
 * CMD with the variables added to its environment. The child inherits stdio; SIGINT, SIGTERM,
 * SIGHUP, SIGUSR1 and SIGUSR2 are forwarded to it (SIGUSR1 never opens Node's inspector here, see
 * inspector-guard.ts); its exit code is passed through (128 + signal number when a signal killed it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import {
  ALLOW_NAME_PATTERN,
  CONTENT_NAMES,
  type ContentNames,
  checkNames,
  EnvNameError,
  envelopeFileEntry,
  flattenSecret,
  isJsonObjectText,
  type NameCandidate,
  type NameChooser,
  type NameTransformation,
  nameChooser,
  splitAlias,
  workspaceFileReader,
} from '@envelope-kit/aws-adapter';
import { EnvelopeKitError } from '@envelope-kit/envelope-core';
import { parsePairs, stringList, stringOption } from '../args.js';
import { about, awsFactory, type Command, GLOBAL_HELP, secretNameOf, secretsSource } from '../command.js';
import { CliError, type CliErrorCode, formatError, UsageError } from '../errors.js';
import { retryHint } from '../hint.js';
import { guardInspectorSignal, inspectorIsOpen } from '../inspector-guard.js';
import { printLine, warn } from '../io.js';
import { clearKeys } from '../keys.js';
import {
  LEGACY_POLICY_HELP,
  LEGACY_POLICY_OPTIONS,
  openKeys,
  openValue,
  PLAINTEXT_HELP,
  PLAINTEXT_OPTION,
  parseLegacyKdf,
  parseLegacyPolicy,
  parsePlaintextMode,
} from '../opener.js';
import { environmentAsGiven } from '../sdk-warning.js';

/**
/**
 * One value to open: a secret as the user wrote it (or found by a prefix), its alias and the id to
 * fetch; or an envelope file, with the path as written and the name its variable derives from. And
 * who chose the name it gives (`content` for a secret found by a prefix without an alias; a file's
 * path is the author's, as in the action).
 */
type Target =
  | {
      readonly subject: string;
      readonly alias: string | undefined;
      readonly fetchId: string;
      readonly file?: never;
      readonly nameChosenBy: NameChooser;
    }
  | {
      readonly subject: string;
      readonly alias: string | undefined;
      readonly fetchId?: never;
      readonly file: { readonly path: string; readonly absolutePath: string; readonly name: string };
      readonly nameChosenBy: NameChooser;
    };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function parseTransformation(text: string | undefined): NameTransformation {
  if (text === undefined) return 'uppercase';
  if (text === 'uppercase' || text === 'lowercase' || text === 'none') return text;
  throw new UsageError('--name-transformation expects uppercase, lowercase or none');
}

/** One `[ALIAS,]ID` line of --secret-ids or --file; a malformed line or a bad alias is a usage error (exit 2). */
function splitSecretIdLine(line: string, transformation: NameTransformation, option = '--secret-ids') {
  try {
    return splitAlias(line, transformation, option);
  } catch (error) {
    if (!(error instanceof EnvNameError)) throw error;
    // A malformed line is named as written (the option's value); a bad alias by its secret id.
    throw error.code === 'ERR_SECRET_ID_SYNTAX'
      ? new UsageError(error.message, { subject: line, kind: 'option', cause: error })
      : new UsageError(error.message, { subject: error.subject, cause: error });
  }
}

/**
 * Every refused variable name, as a CliError (exit 1) naming its secret: the action's rules
 * (aws-adapter's checkNames and deny-list), with --allow-overwrite, --allow-names and
 * --content-names for its inputs.
 */
function refusedNames(
  candidates: readonly NameCandidate[],
  allowOverwrite: boolean,
  allowNames: readonly string[],
  contentNames: ContentNames,
): CliError[] {
  return checkNames(
    candidates,
    process.env,
    allowOverwrite,
    '--allow-overwrite',
    allowNames,
    '--allow-names',
    contentNames,
  ).map(
    // checkNames returns only the ERR_NAME_* codes, every one of them a CliErrorCode.
    (error) => new CliError(error.code as CliErrorCode, error.message, { subject: error.subject }),
  );
}

/**
 * The `run` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['run', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a command with secrets as environment variables (as the action names them)',
  options: {
    'secret-ids': { type: 'string', multiple: true, short: 's' },
    'parse-json': { type: 'boolean' },
    'name-transformation': { type: 'string' },
    key: { type: 'string', multiple: true, short: 'k' },
    'require-context': { type: 'string', multiple: true },
    'legacy-kdf': { type: 'string' },
    ...LEGACY_POLICY_OPTIONS,
    ...PLAINTEXT_OPTION,
    'allow-overwrite': { type: 'boolean' },
    'allow-names': { type: 'string', multiple: true },
    'content-names': { type: 'string' },
    file: { type: 'string', multiple: true, short: 'f' },
    'dry-run': { type: 'boolean', short: 'n' },
  },
  help: `Usage: envelope run [--secret-ids [ALIAS,]ID]... [--file [ALIAS,]PATH]... [--parse-json] [options] -- CMD [ARGS...]

Fetches and opens every secret as the decrypt-secrets action does, and runs CMD with them added to
its environment, under the action's names: the alias, or the secret name with every character
outside [A-Za-z0-9_] turned into _ (uppercase by default); ID may be a name, an ARN or PREFIX*.
--file reads an envelope file by the action's envelope-files rules: PATH inside the current
directory (also after symbolic links), at most 1 MiB, a v1 or legacy envelope (never plain text),
the variable named after the alias or the file name without its last extension; a file is bound
by --require-context, not by a secret name. A secret that is no envelope passes as it is, unless
--require-context is given (it carries no context: ERR_CONTEXT_MISMATCH) or --plaintext deny
(ERR_PLAINTEXT_REFUSED); a legacy envelope is refused under --require-context unless --legacy allow. With --parse-json a JSON object value becomes NAME_KEY
variables. --dry-run opens everything and lists the names it would set, never a value, and runs
nothing. Names follow the action's
rules: the runner's own (PATH, HOME, GITHUB_*, NODE_OPTIONS...) are refused; a name the secret
chose (a JSON key, or a secret found by PREFIX* without an alias) may not be one that runs code
or redirects trust (LD_*, GIT_CONFIG_*, BASH_ENV, *_PROXY, RM, CC...: ERR_NAME_DENIED) unless
--allow-names admits it, while an alias you write may. No such list is complete: for secrets
others can write, use --content-names allow-list, and a secret may choose only the names
--allow-names admits (NAME or PREFIX*); names equal but for case, duplicates and
variables already set are refused; if any secret
fails, CMD is not run. CMD inherits stdin/stdout/stderr and receives SIGINT, SIGTERM, SIGHUP,
SIGUSR1 and SIGUSR2 sent to envelope; its exit code is envelope's (128 + N when killed by signal
N). SIGUSR1 never opens Node's inspector in envelope, and run refuses to start when an inspector
is already open (--inspect, NODE_OPTIONS).

Options:
  -s, --secret-ids LINE      [ALIAS,]ID (repeatable; a value may hold several lines)
  -f, --file LINE            [ALIAS,]PATH of an envelope file (repeatable; several lines too)
  -n, --dry-run              list the variables it would set (names only); run nothing
  --parse-json               flatten JSON object values into NAME_KEY variables
  --name-transformation T    uppercase (default), lowercase or none
  -k, --key KEY              supplies local/RSA keys and limits which keys may be used (repeatable)
  --require-context k=v      every v1 envelope's context must hold this pair (repeatable)
  --legacy-kdf K             legacy envelopes: auto (default), sha256, md5, pbkdf2[:ITER]
${LEGACY_POLICY_HELP}
${PLAINTEXT_HELP}
  --allow-overwrite          allow replacing a variable already set in the environment
  --allow-names NAME         admit a name a secret chose, on purpose: NAME or PREFIX* (repeatable)
  --content-names MODE       names a secret chose entirely: deny-list (default) refuses the
                             deny-list's; allow-list refuses all but what --allow-names admits

Examples:
  envelope run --secret-ids prod/db -- ./migrate.sh
  envelope run -s DB,prod/db -s 'prod/api/*' --parse-json -- node server.js
  envelope run --file API_TOKEN,secrets/token.env.json --key local:kek.bin -- ./deploy.sh
  envelope run -s 'prod/*' --parse-json --dry-run
  envelope run -s ,prod/app --parse-json --content-names allow-list --allow-names 'APP_*' -- ./start.sh

${GLOBAL_HELP}`,
  async run(values, positionals, rest) {
    if (positionals.length > 0)
      throw new UsageError(
        `run: put the command after --: ${retryHint('run-command-after-dashes', { afterDashes: positionals })}`,
      );
    const dryRun = values['dry-run'] === true;
    if (!dryRun && (rest === undefined || rest.length === 0 || rest[0] === '')) {
      throw new UsageError('run: a command is required after --');
    }
    const transformation = parseTransformation(stringOption(values, 'name-transformation'));
    const contentNamesOption = stringOption(values, 'content-names') ?? 'deny-list';
    const contentNames = CONTENT_NAMES.find((mode) => mode === contentNamesOption);
    if (contentNames === undefined)
      throw new UsageError(`--content-names must be one of ${CONTENT_NAMES.join(', ')}`);
    const allowNames = stringList(values, 'allow-names').flatMap((v) =>
      v
        .split(/[\n,]/)
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    );
    for (const name of allowNames) {
      if (!ALLOW_NAME_PATTERN.test(name))
        throw new UsageError(`--allow-names: '${name}' is neither a variable name nor PREFIX*`);
    }
    const linesOf = (option: string) =>
      stringList(values, option)
        .flatMap((v) => v.split('\n'))
        .map((l) => l.trim())
        .filter((l) => l !== '');
    const lines = linesOf('secret-ids');
    const fileLines = linesOf('file');
    if (lines.length === 0 && fileLines.length === 0) {
      throw new UsageError('run: at least one --secret-ids or --file is required');
    }
    // Before any value enters this process: no debugger may be attached or attachable.
    guardInspectorSignal();
    if (await inspectorIsOpen())
      throw new CliError(
        'ERR_INSPECTOR_OPEN',
        'the Node inspector is open in this process (--inspect, NODE_OPTIONS or an early SIGUSR1): refusing to open secrets',
      );
    const entries = lines.map((line) => splitSecretIdLine(line, transformation));
    // Envelope files follow the action's envelope-files rules, the current directory as workspace.
    const workspace = process.cwd();
    const fileTargets: Target[] = fileLines.map((line) => {
      try {
        const entry = envelopeFileEntry(
          line,
          splitSecretIdLine(line, transformation, '--file'),
          transformation,
          workspace,
        );
        return { subject: entry.path, alias: entry.alias, file: entry, nameChosenBy: 'author' };
      } catch (error) {
        if (error instanceof EnvelopeKitError && error.code === 'ERR_PATH_OUTSIDE_WORKSPACE') {
          throw new UsageError(
            '--file: an envelope file must be inside the current directory (the action reads only its workspace)',
            {
              subject: error.subject,
              kind: 'file',
            },
          );
        }
        throw error;
      }
    });
    const readEnvelopeFile = workspaceFileReader(workspace);
    const requireContext = parsePairs(stringList(values, 'require-context'), '--require-context');
    const legacyKdf = parseLegacyKdf(stringOption(values, 'legacy-kdf'));
    const legacy = parseLegacyPolicy(
      stringOption(values, 'legacy'),
      stringList(values, 'accept-weak-legacy'),
    );
    const plaintext = parsePlaintextMode(stringOption(values, 'plaintext'));
    const factory = awsFactory(values);
    const source = secretsSource(factory);
    const keys = await openKeys(stringList(values, 'key'), factory);

    const failures: unknown[] = [];
    const targets: Target[] = [...fileTargets];
    for (const { alias, id } of entries) {
      if (!id.endsWith('*')) {
        targets.push({ subject: id, alias, fetchId: id, nameChosenBy: 'author' });
        continue;
      }
      const prefix = id.slice(0, -1);
      const matches = await source.listByPrefix(prefix);
      if (matches.length === 0) {
        failures.push(
          new CliError('ERR_PREFIX_NO_MATCH', 'no secret name starts with this prefix', { subject: id }),
        );
      } else if (alias && matches.length > 1) {
        failures.push(
          new UsageError(`an alias needs a prefix that matches one secret, it matches ${matches.length}`, {
            subject: id,
          }),
        );
      } else {
        // A blank alias (`,app/*`) is no alias on a prefix, as in the action: names keep the prefix.
        for (const m of matches)
          targets.push({
            subject: m.name,
            alias: alias || undefined,
            fetchId: m.arn,
            // A name derived from a matched secret's name was chosen by whoever named that secret.
            nameChosenBy: alias ? 'author' : 'content',
          });
      }
    }
    const fetchIds = targets.flatMap((t) => (t.fetchId === undefined ? [] : [t.fetchId]));
    const fetched = new Map(
      (fetchIds.length === 0 ? [] : await source.fetch([...new Set(fetchIds)])).map((r) => [r.id, r]),
    );
    const readTarget = async (target: Target) => {
      if (target.file !== undefined) {
        return { name: target.file.name, text: await readEnvelopeFile(target.file), fromSecret: false };
      }
      const result = fetched.get(target.fetchId);
      if (result === undefined) throw new CliError('ERR_INTERNAL', 'secret was not fetched');
      if ('error' in result) throw result.error;
      if (typeof result.value !== 'string')
        throw new CliError('ERR_NOT_ENVELOPE', 'secret holds a binary value');
      // The action names an ARN by the fetched name; a name stays as written.
      const name = target.subject.startsWith('arn:') ? result.name : secretNameOf(target.subject);
      return { name, text: result.value, fromSecret: true };
    };
    const opened = await Promise.all(
      targets.map(async (target) => {
        // about(): every failure names the secret or file, also one whose own subject is a key
        // (`... (key: arn:aws:kms:..., secret: leg/b)`), as pull does.
        const kind = target.file === undefined ? 'secret' : 'file';
        try {
          return await about(
            target.subject,
            async () => {
              const { name, text: stored, fromSecret } = await readTarget(target);
              const value = await openValue(stored, {
                keys,
                requireContext,
                legacyKdf,
                legacy,
                subject: target.subject,
                // A file holds an envelope, never plain text, and is bound by --require-context only.
                ...(fromSecret ? { secretName: name, plaintext } : {}),
              });
              let text: string;
              try {
                text = utf8.decode(value.plaintext);
              } catch {
                throw new CliError('ERR_NOT_ENVELOPE', 'plaintext is not UTF-8 text');
              } finally {
                value.plaintext.fill(0);
              }
              const warnings = value.format === 'plain' ? [] : value.warnings;
              return { target, name, text, warnings };
            },
            kind,
          );
        } catch (error) {
          failures.push(error);
          return undefined;
        }
      }),
    );
    // Every value is opened: zero the keys the providers kept, close the AWS connections.
    clearKeys(keys.providers);
    factory.destroy();
    const parseJson = values['parse-json'] === true;
    const variables = opened.flatMap((item) => {
      if (item === undefined) return [];
      // JSON keys are the secret's choice, under the author's prefix or alone (as in the action).
      const chosenBy = nameChooser(
        item.target.alias,
        item.target.nameChosenBy,
        parseJson && isJsonObjectText(item.text),
      );
      return flattenSecret({
        alias: item.target.alias,
        secretName: item.name,
        value: item.text,
        parseJson,
        transformation,
        subject: item.target.subject,
      }).map((v) => ({ ...v, subject: item.target.subject, chosenBy }));
    });
    failures.push(...refusedNames(variables, values['allow-overwrite'] === true, allowNames, contentNames));
    if (failures.length > 0) {
      for (const failure of failures) process.stderr.write(`${formatError(failure)}\n`);
      throw new CliError('ERR_SECRETS_FAILED', `${failures.length} failure(s); the command was not run`);
    }
    for (const item of opened) {
      const kind = item?.target.file === undefined ? 'secret' : 'file';
      for (const warning of item?.warnings ?? []) warn(`${warning} (${kind}: ${item?.target.subject})`);
    }
    if (dryRun) {
      // Names and where they come from; never a value.
      const list = variables.map((v) => {
        const kind = targets.find((t) => t.subject === v.subject)?.file === undefined ? 'secret' : 'file';
        return `${v.name}\t(${kind}: ${v.subject})`;
      });
      await printLine(
        [...list, `run (dry run): would set ${variables.length} variable(s), ran nothing`].join('\n'),
      );
      return 0;
    }
    const env = environmentAsGiven();
    for (const v of variables) env[v.name] = v.value;
    const [command, ...args] = rest as [string, ...string[]];
    return spawnForwarding(command, args, env);
  },
};

/** Signals `envelope run` passes on to its child (its help and the CLI README list the same). */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;

/**
 * Spawns the child with inherited stdio, forwards {@link FORWARDED_SIGNALS}, resolves with its exit
 * code (128 + signal number when it died of a signal).
 */
function spawnForwarding(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const signals = FORWARDED_SIGNALS;
    // Listen before spawning: the child may run (and be signalled through us) before spawn() returns
    // to this code, and a signal without a listener would kill us and orphan the child.
    let child: ChildProcess | undefined;
    const forward = (signal: NodeJS.Signals) => {
      child?.kill(signal);
    };
    for (const s of signals) process.on(s, forward);
    const detach = () => {
      for (const s of signals) process.off(s, forward);
    };
    try {
      child = spawn(command, args, { stdio: 'inherit', env });
    } catch (error) {
      detach();
      throw error;
    }
    child.once('error', (error) => {
      detach();
      const code = (error as { code?: unknown }).code;
      reject(
        new CliError('ERR_SPAWN', `cannot run the command${typeof code === 'string' ? ` (${code})` : ''}`, {
          subject: command,
          kind: 'command',
        }),
      );
    });
    child.once('exit', (code, signal) => {
      detach();
      resolve(signal === null ? (code ?? 1) : 128 + (constants.signals[signal] ?? 0));
    });
  });
}
