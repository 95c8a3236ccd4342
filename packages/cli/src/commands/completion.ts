/**
 * `envelope completion bash|zsh|fish`: prints a completion script for the shell, built from the
 * commands and their options (so it never lists an option that does not exist).
 */
import { GLOBAL_OPTIONS } from '../args.js';
import { type Command, GLOBAL_HELP } from '../command.js';
import { UsageError } from '../errors.js';
import { writeOutput } from '../io.js';

/** Every command's name and its long options, globals included. */
async function commandOptions(): Promise<{ name: string; options: string[] }[]> {
  const { COMMANDS } = await import('../main.js');
  const globals = Object.keys(GLOBAL_OPTIONS);
  return Promise.all(
    COMMANDS.map(async (entry) => {
      const options = entry.name === 'completion' ? {} : (await entry.load()).options;
      return { name: entry.name, options: [...Object.keys(options), ...globals].map((o) => `--${o}`) };
    }),
  );
}

function bash(commands: { name: string; options: string[] }[]): string {
  const cases = commands.map((c) => `    ${c.name}) opts="${c.options.join(' ')}" ;;`).join('\n');
  return `# bash completion for envelope: source <(envelope completion bash)
_envelope() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    *) opts="" ;;
  esac
  if [ "\${COMP_WORDS[1]}" = completion ]; then opts="bash zsh fish"; fi
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  [ \${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=( $(compgen -f -- "$cur") )
}
complete -o filenames -F _envelope envelope
`;
}

function zsh(commands: { name: string; options: string[] }[]): string {
  return `#compdef envelope
# zsh completion for envelope: envelope completion zsh > "\${fpath[1]}/_envelope"
autoload -U +X bashcompinit && bashcompinit
${bash(commands)}`;
}

function fish(commands: { name: string; options: string[] }[]): string {
  const lines = commands.map(
    (c) =>
      `complete -c envelope -n __fish_use_subcommand -a ${c.name}\n${c.options
        .map((o) => `complete -c envelope -n '__fish_seen_subcommand_from ${c.name}' -l ${o.slice(2)}`)
        .join('\n')}`,
  );
  return `# fish completion for envelope: envelope completion fish > ~/.config/fish/completions/envelope.fish
${lines.join('\n')}
complete -c envelope -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'
`;
}

/**
 * The `completion` command (see its `help`).
 *
 * @example
 * ```ts
 * const code = await main(['completion', 'bash']);
 * ```
 */
export const completionCommand: Command = {
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh or fish)',
  options: {},
  help: `Usage: envelope completion bash|zsh|fish

Prints a completion script for commands and options. Generate it once into a file:

Examples:
  envelope completion bash > ~/.local/share/bash-completion/completions/envelope
  envelope completion zsh > "\${fpath[1]}/_envelope"
  envelope completion fish > ~/.config/fish/completions/envelope.fish

${GLOBAL_HELP}`,
  async run(_values, positionals) {
    const [shell] = positionals;
    const scripts = { bash, zsh, fish } as const;
    if (positionals.length !== 1 || (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish')) {
      throw new UsageError('completion: expected one of bash, zsh, fish');
    }
    await writeOutput(undefined, scripts[shell](await commandOptions()));
    return 0;
  },
};
