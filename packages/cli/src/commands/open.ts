/** `envelope open`: reads a v1 or legacy envelope from stdin or --in, prints the plaintext. */
import { noPositionals, parsePairs, stringList, stringOption } from '../args.js';
import { about, awsFactory, type Command, GLOBAL_HELP } from '../command.js';
import { readInputText, warn, writeOutput } from '../io.js';
import { clearKeys } from '../keys.js';
import {
  LEGACY_POLICY_HELP,
  LEGACY_POLICY_OPTIONS,
  openKeys,
  openValue,
  parseLegacyKdf,
  parseLegacyPolicy,
} from '../opener.js';

/**
 * The `open` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['open', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const openCommand: Command = {
  name: 'open',
  summary: 'open a v1 or legacy envelope from stdin or a file; prints the plaintext',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    'require-context': { type: 'string', multiple: true },
    'legacy-kdf': { type: 'string' },
    ...LEGACY_POLICY_OPTIONS,
    in: { type: 'string' },
    out: { type: 'string' },
  },
  help: `Usage: envelope open [--in F] [--key KEY]... [--require-context k=v]... [--legacy-kdf K]
                     [--legacy MODE] [--accept-weak-legacy F]... [--out F]

Reads an envelope (v1, or the legacy openssl recipe's JSON) from stdin or --in F and writes the
plaintext to stdout or --out F (created with mode 0600). Nothing else touches the disk.

Options:
  -k, --key KEY              supplies a local or RSA key, and limits which keys may open the
                             envelope (repeatable); without --key any KMS key your credentials
                             may use is accepted
  --require-context k=v      the envelope's context must hold this pair (repeatable)
  --legacy-kdf K             legacy envelopes: auto (default), sha256, md5, pbkdf2[:ITER]
${LEGACY_POLICY_HELP}
                             (ID: the --in path, or stdin)
  --in F                     read the envelope from F (default: stdin)
  --out F                    write the plaintext to F, mode 0600 (default: stdout)

Input that is no envelope is refused (ERR_NOT_ENVELOPE). With --require-context or --legacy,
a legacy envelope passes the rules of pull, run and the action: it carries no context, so under
--require-context it is refused (ERR_LEGACY_REFUSED) unless --legacy allow, and one whose openssl
password is under 80 bits is refused (ERR_LEGACY_WEAK) unless --accept-weak-legacy names it (the
first without any KMS call). Without them, open is a way off legacy: any legacy envelope
opens, with a warning on stderr when its openssl password was shortened or empty; re-seal it with
"envelope migrate".

Examples:
  envelope open --in db.env.json --require-context env=prod
  envelope open --key local:kek.bin < value.env.json > /dev/null
  envelope open --key alias/prod --in legacy.json --legacy-kdf md5

${GLOBAL_HELP}`,
  async run(values, positionals) {
    noPositionals('open', positionals);
    const requireContext = parsePairs(stringList(values, 'require-context'), '--require-context');
    const legacyKdf = parseLegacyKdf(stringOption(values, 'legacy-kdf'));
    const legacyMode = stringOption(values, 'legacy');
    // Asking for context (or a legacy mode) asks for the rule of pull, run and the action: a legacy
    // envelope, which carries no context, must not satisfy --require-context by default.
    const legacy =
      Object.keys(requireContext).length > 0 || legacyMode !== undefined
        ? parseLegacyPolicy(legacyMode, stringList(values, 'accept-weak-legacy'))
        : undefined;
    const input = stringOption(values, 'in');
    const factory = awsFactory(values);
    const keys = await openKeys(stringList(values, 'key'), factory);
    const text = await readInputText(input);
    const subject = input ?? 'stdin';
    const opened = await about(
      subject,
      () => openValue(text, { keys, requireContext, legacyKdf, legacy, subject }),
      'file',
    ).finally(() => {
      clearKeys(keys.providers);
      factory.destroy();
    });
    try {
      for (const warning of opened.warnings) warn(warning);
      await writeOutput(stringOption(values, 'out'), opened.plaintext);
    } finally {
      opened.plaintext.fill(0);
    }
    return 0;
  },
};
