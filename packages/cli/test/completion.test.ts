// `envelope completion bash|zsh|fish` (issue 14, problem 8): the bash script, sourced in a real
// bash, completes commands and each command's own options; zsh and fish scripts list the same.
import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { BIN, envelope } from './helpers.js';

const endpoint = inject('motoEndpoint');

function complete(words: readonly string[]): string[] {
  const script = `source <("${process.execPath}" "${BIN}" completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _envelope
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('completion', () => {
  it('bash completes command names and the options of the command being typed', () => {
    expect(complete(['envelope', 'se'])).toEqual(['seal']);
    expect(complete(['envelope', 'ke'])).toEqual(['keygen']);
    expect(complete(['envelope', 'seal', '--ke'])).toEqual(['--key']);
    expect(complete(['envelope', 'keygen', '--fo'])).toEqual(['--force']);
    expect(complete(['envelope', 'open', '--legacy-'])).toEqual(['--legacy-kdf']);
    expect(complete(['envelope', 'completion', 'fi'])).toEqual(['fish']);
  });

  it('zsh and fish scripts name every command; an unknown shell is a usage error', async () => {
    const zsh = await envelope(endpoint, ['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef envelope/);
    const fish = await envelope(endpoint, ['completion', 'fish']);
    for (const name of ['seal', 'open', 'keygen', 'run']) {
      expect(zsh.stdout).toContain(name);
      expect(fish.stdout).toContain(`complete -c envelope -n __fish_use_subcommand -a ${name}`);
    }
    expect(fish.stdout).toContain("complete -c envelope -n '__fish_seen_subcommand_from seal' -l key");
    const bad = await envelope(endpoint, ['completion', 'powershell']);
    expect(bad.code).toBe(2);
  });
});
