/** `envelope pull`: fetches a secret and opens it, plaintext to stdout (or --out). */
import { parsePairs, secretIdPositional, stringList, stringOption } from '../args.js';
import { about, awsFactory, type Command, fetchSecretText, GLOBAL_HELP, secretsSource } from '../command.js';
import { warn, writeOutput } from '../io.js';
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

/**
 * The `pull` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['pull', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const pullCommand: Command = {
  name: 'pull',
  summary: 'fetch a secret and open it; plaintext to stdout',
  options: {
    key: { type: 'string', multiple: true, short: 'k' },
    'require-context': { type: 'string', multiple: true },
    'legacy-kdf': { type: 'string' },
    ...LEGACY_POLICY_OPTIONS,
    ...PLAINTEXT_OPTION,
    out: { type: 'string' },
  },
  help: `Usage: envelope pull SECRET_ID [--key KEY]... [--require-context k=v]... [--legacy-kdf K] [--plaintext allow|deny] [--out F]

Fetches the secret SECRET_ID (name or ARN) and opens it as the action does: a v1 envelope whose
context names another secret (secret=...) is refused; a legacy envelope is refused under
--require-context (it carries no context) or when its openssl password is weak, and otherwise
opens with a warning; a value that is no envelope is refused under --require-context
(ERR_CONTEXT_MISMATCH) or --plaintext deny (ERR_PLAINTEXT_REFUSED), and otherwise printed as it
is, with a warning. The plaintext goes to stdout or --out F (mode 0600).

Options:
  -k, --key KEY              supplies local/RSA keys and limits which keys may be used (repeatable)
  --require-context k=v      the envelope's context must hold this pair (repeatable)
  --legacy-kdf K             legacy envelopes: auto (default), sha256, md5, pbkdf2[:ITER]
${LEGACY_POLICY_HELP}
${PLAINTEXT_HELP}
  --out F                    write the plaintext to F, mode 0600 (default: stdout)
  --json                     print {"secret","arn","format","keyId","context","value"} instead
                             ("valueBase64" instead of "value" when the value is not UTF-8)

Examples:
  envelope pull prod/db
  envelope pull prod/db --key alias/prod-secrets --require-context env=prod --out db.txt
  envelope pull prod/db --json | jq -r .value

${GLOBAL_HELP}`,
  async run(values, positionals) {
    const secretId = secretIdPositional('pull', positionals);
    const requireContext = parsePairs(stringList(values, 'require-context'), '--require-context');
    const legacyKdf = parseLegacyKdf(stringOption(values, 'legacy-kdf'));
    const legacy = parseLegacyPolicy(
      stringOption(values, 'legacy'),
      stringList(values, 'accept-weak-legacy'),
    );
    const plaintext = parsePlaintextMode(stringOption(values, 'plaintext'));
    const factory = awsFactory(values);
    let arn = '';
    const opened = await about(secretId, async () => {
      const keys = await openKeys(stringList(values, 'key'), factory);
      try {
        const fetched = await fetchSecretText(secretsSource(factory), secretId);
        const { name, text } = fetched;
        arn = fetched.arn;
        return await openValue(text, {
          keys,
          requireContext,
          legacyKdf,
          legacy,
          subject: secretId,
          secretName: name,
          plaintext,
        });
      } finally {
        clearKeys(keys.providers);
        factory.destroy();
      }
    });
    try {
      for (const warning of opened.warnings) warn(warning);
      if (values.json === true) {
        const value = textOrBase64(opened.plaintext);
        const json = JSON.stringify({
          secret: secretId,
          arn,
          format: opened.format,
          keyId: opened.keyId ?? null,
          context: opened.context,
          ...value,
        });
        await writeOutput(stringOption(values, 'out'), `${json}\n`);
      } else {
        await writeOutput(stringOption(values, 'out'), opened.plaintext);
      }
    } finally {
      opened.plaintext.fill(0);
    }
    return 0;
  },
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The value as JSON text when it is UTF-8, else as base64 (JSON cannot hold arbitrary bytes). */
function textOrBase64(bytes: Uint8Array): { value: string } | { valueBase64: string } {
  try {
    return { value: utf8.decode(bytes) };
  } catch {
    return { valueBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }
}
