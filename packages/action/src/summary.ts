/**
 * The job summary: one row per exported variable with its source, format, key id and warnings.
 * It never holds a value: the rows are built from {@link Variable}s without reading `value`.
 */
import type { Variable } from './variables.js';

/** One summary row. Every field is metadata, never a value. */
export interface SummaryRow {
  readonly name: string;
  readonly source: string;
  readonly format: string;
  readonly keyId: string;
  readonly warnings: string;
}

/**
 * The rows of the summary table.
 *
 * @example
 * ```ts
 * summaryRows(variables); // [{ name: 'DB', source: 'prod/db', format: 'v1', keyId: 'arn:aws:kms:…', warnings: '' }]
 * ```
 */
export function summaryRows(variables: readonly Variable[]): SummaryRow[] {
  return variables.map((v) => ({
    name: v.name,
    source: v.source,
    format: v.format,
    keyId: v.keyId ?? '',
    warnings: v.warnings.join('; '),
  }));
}

/** Escapes text for an HTML table cell (@actions/core's summary does not). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the summary needs of @actions/core's `summary` (a subset, so tests can record it). */
export interface SummaryWriter {
  addHeading(text: string, level?: number | string): SummaryWriter;
  addRaw(text: string, addEOL?: boolean): SummaryWriter;
  addTable(rows: ({ data: string; header?: boolean } | string)[][]): SummaryWriter;
  write(): Promise<unknown>;
}

/**
 * Writes the summary table.
 *
 * @example
 * ```ts
 * await writeSummary(actionsIO().summary, variables);
 * ```
 */
export async function writeSummary(summary: SummaryWriter, variables: readonly Variable[]): Promise<void> {
  const header = ['Variable', 'Source', 'Format', 'Key id', 'Warnings'].map((data) => ({
    data,
    header: true,
  }));
  const rows = summaryRows(variables).map((r) =>
    [r.name, r.source, r.format, r.keyId, r.warnings].map(escapeHtml),
  );
  summary.addHeading('decrypt-secrets', 3);
  if (rows.length === 0) summary.addRaw('No variable was exported.', true);
  else summary.addTable([header, ...rows]);
  await summary.write();
}
