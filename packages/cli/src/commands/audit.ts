/**
 * `envelope audit`: the migration inventory. For every secret (or those named or matched by
 * `PREFIX*`): its format (v1, legacy, plain), keys, context, the weakness of a legacy envelope and
 * when its value last changed. Never prints a value: a legacy envelope's data key is asked of KMS
 * only to tell how much of it openssl used as the password, and is zeroed at once.
 */
import { KmsKeyProvider } from '@envelope-kit/aws-adapter';
import { detectFormat, inspect, isEnvelopeKitError, openLegacy } from '@envelope-kit/envelope-core';
import { stringOption } from '../args.js';
import { about, type Command, GLOBAL_HELP, secretsSource } from '../command.js';
import { printLine } from '../io.js';
import { parseLegacyKdf } from '../opener.js';
import {
  concurrencyOf,
  expandTargets,
  type FetchedSecret,
  fleetFactory,
  forEachSecret,
  type Outcome,
} from './fleet.js';

/** One row of the inventory. */
interface AuditRow extends Outcome {
  readonly format: 'v1' | 'legacy' | 'plain' | '-';
  /** Keys as `inspect` prints them; for a legacy envelope, the KMS key its data key needs. */
  readonly keys: readonly { readonly provider: string; readonly keyId: string }[];
  readonly context: Readonly<Record<string, string>>;
  /**
   * Legacy only: `empty-password` (effectively unencrypted), `shortened-password`, `none` (only
   * the recipe's own: AES-CBC without integrity), or `unknown: CODE` when the data key could not
   * be checked. null for other formats.
   */
  readonly legacyWeakness: string | null;
  /** When the current version was created (ISO 8601), if Secrets Manager said. */
  readonly lastChanged: string | null;
}

/**
 * The `audit` command (see its `help` for options and examples).
 *
 * @example
 * ```ts
 * const code = await main(['audit', '--help']); // main() finds it in COMMANDS
 * ```
 */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'inventory of secrets: format, keys, context, legacy weakness, last change (no values)',
  options: {
    'legacy-kdf': { type: 'string' },
    'no-decrypt': { type: 'boolean' },
    concurrency: { type: 'string' },
  },
  help: `Usage: envelope audit [SECRET_ID|PREFIX*]... [--json] [--no-decrypt]

Lists every secret of the account and region (or those named, or matched by PREFIX*) with its
format (v1, legacy, plain), its keys (ids as "envelope inspect" prints them), its context, the
weakness of a legacy envelope, and when its value last changed. It is the migration inventory:
feed the legacy ones to "envelope migrate". Never prints a value.

To tell a legacy envelope's weakness (an openssl password shortened or empty because the data
key held a 0x0A or 0x00 byte), audit asks KMS for its data key (kms:Decrypt), checks it in
memory and zeroes it; --no-decrypt skips that (weakness "unknown: not checked").

Options:
  --no-decrypt             do not call KMS; legacy weakness is reported as unknown
  --legacy-kdf K           legacy envelopes: auto (default), sha256, md5, pbkdf2[:ITER]
  --concurrency N          secrets checked at once (default 8, at most 64)
  --json                   {"command","counts","secrets":[{"secret","arn","format","keys",
                           "context","legacyWeakness","lastChanged"}]}

Examples:
  envelope audit
  envelope audit 'prod/*' legacy/app --json | jq '.secrets[] | select(.format == "legacy") | .secret'

${GLOBAL_HELP}`,
  async run(values, positionals) {
    const legacyKdf = parseLegacyKdf(stringOption(values, 'legacy-kdf'));
    const decrypt = values['no-decrypt'] !== true;
    const concurrency = concurrencyOf(values);
    const factory = fleetFactory(values);
    const kms = KmsKeyProvider.discovery(factory, { keepDataKeys: false });
    try {
      const source = secretsSource(factory);
      // No pattern: every secret (ListSecrets without a filter, every page).
      const everything = positionals.length === 0;
      const expanded = await expandTargets(source, everything ? ['*'] : positionals);
      const { targets } = expanded;
      // An account without secrets is an empty inventory, not a prefix that matched nothing.
      const failures = everything
        ? expanded.failures.filter((f) => f.error?.code !== 'ERR_PREFIX_NO_MATCH')
        : expanded.failures;
      const rows = await forEachSecret(source, targets, concurrency, 'audit', (secret) =>
        auditOne(secret, { kms, legacyKdf, decrypt }),
      );
      const all = [...failures, ...rows].map(asRow);
      const counts = { v1: 0, legacy: 0, plain: 0, failed: 0 };
      for (const row of all) {
        if (row.status === 'failed') counts.failed++;
        else if (row.format !== '-') counts[row.format]++;
      }
      if (values.json === true) {
        await printLine(JSON.stringify({ command: 'audit', counts, secrets: all.map(jsonRow) }));
      } else {
        await printLine(table(all, counts));
      }
      return counts.failed > 0 ? 1 : 0;
    } finally {
      kms.clear();
      factory.destroy();
    }
  },
};

async function auditOne(
  secret: FetchedSecret,
  options: { kms: KmsKeyProvider; legacyKdf: ReturnType<typeof parseLegacyKdf>; decrypt: boolean },
): Promise<AuditRow> {
  const subject = secret.target.subject;
  const base = {
    secret: subject,
    arn: secret.arn,
    status: 'unchanged' as const,
    lastChanged: secret.createdDate?.toISOString() ?? null,
  };
  const format = detectFormat(secret.text);
  if (format === 'plain') {
    return { ...base, format, keys: [], context: {}, legacyWeakness: null, note: 'plain value' };
  }
  if (format === 'v1') {
    const header = await about(subject, () => inspect(secret.text));
    return {
      ...base,
      format,
      keys: header.keys,
      context: header.context,
      legacyWeakness: null,
      note: 'v1 envelope',
    };
  }
  if (!options.decrypt) {
    return { ...base, format, keys: [], context: {}, legacyWeakness: 'unknown: not checked', note: 'legacy' };
  }
  try {
    const opened = await openLegacy(secret.text, { provider: options.kms, kdf: options.legacyKdf, subject });
    opened.plaintext.fill(0);
    const weakness = opened.passwordEmpty
      ? 'empty-password'
      : opened.passwordShortened
        ? 'shortened-password'
        : 'none';
    return {
      ...base,
      format,
      keys: [{ provider: 'aws-kms', keyId: opened.keyId }],
      context: {},
      legacyWeakness: weakness,
      note: 'legacy',
    };
  } catch (error) {
    const code = isEnvelopeKitError(error) ? error.code : 'ERR_INTERNAL';
    return { ...base, format, keys: [], context: {}, legacyWeakness: `unknown: ${code}`, note: 'legacy' };
  }
}

function asRow(outcome: Outcome): AuditRow {
  if ('format' in outcome) return outcome as AuditRow;
  return { ...outcome, format: '-', keys: [], context: {}, legacyWeakness: null, lastChanged: null };
}

function jsonRow(row: AuditRow) {
  return {
    secret: row.secret,
    arn: row.arn ?? null,
    format: row.status === 'failed' ? null : row.format,
    keys: row.keys,
    context: row.context,
    legacyWeakness: row.legacyWeakness,
    lastChanged: row.lastChanged,
    ...(row.error === undefined ? {} : { error: row.error }),
  };
}

function table(rows: readonly AuditRow[], counts: Record<string, number>): string {
  const header = ['SECRET', 'FORMAT', 'KEYS', 'CONTEXT', 'LEGACY WEAKNESS', 'LAST CHANGED'];
  const cells = rows.map((row) =>
    row.status === 'failed'
      ? [row.secret, 'FAILED', row.note, '', '', '']
      : [
          row.secret,
          row.format,
          row.keys.map((k) => k.keyId).join(',') || '-',
          Object.entries(row.context)
            .map(([k, v]) => `${k}=${v}`)
            .join(',') || '-',
          row.legacyWeakness ?? '-',
          row.lastChanged ?? '-',
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) =>
    c
      .map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const total = `${rows.length} secret(s): ${counts.v1} v1, ${counts.legacy} legacy, ${counts.plain} plain, ${counts.failed} failed`;
  return [line(header), ...cells.map(line), total].join('\n');
}
