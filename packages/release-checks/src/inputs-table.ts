import type { ActionMetadata } from './action-metadata.js';

export const INPUTS_START = '<!-- inputs:start -->';
export const INPUTS_END = '<!-- inputs:end -->';

/** The README has no generated region, or it is malformed. */
export class MissingMarkersError extends Error {
  readonly code = 'ERR_INPUTS_MARKERS';
}

// Markdown table cells: a pipe ends the cell and a newline ends the row.
const cell = (text: string): string =>
  text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');

// Pads every column to its widest cell, as Biome's Markdown formatter lays tables out: the
// generated region then passes `biome ci` unchanged and --write stays a fixed point of `biome format`.
function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const width = (text: string) => [...text].length;
  const widths = header.map((title, column) =>
    Math.max(3, width(title), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text, column) => text + ' '.repeat((widths[column] ?? 0) - width(text))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/**
 * Renders the inputs (and the outputs, if any) of action.yml as Markdown tables, in file order,
 * columns padded the way Biome formats Markdown tables.
 *
 * @example
 * renderInputsTable(readActionMetadata(actionYml));
 * // '| input        | description | default | required |\n| ------------ | ... |'
 */
export function renderInputsTable(meta: ActionMetadata): string {
  const inputs = meta.inputs.map((input) => {
    const description = input.deprecationMessage
      ? `${input.description} **Deprecated:** ${input.deprecationMessage}`
      : input.description;
    const defaultCell =
      input.default === undefined || input.default === '' ? '' : `\`${cell(input.default)}\``;
    return [`\`${input.name}\``, cell(description), defaultCell, input.required ? 'yes' : 'no'];
  });
  const lines = alignedTable(['input', 'description', 'default', 'required'], inputs);
  if (meta.outputs.length > 0) {
    const outputs = meta.outputs.map((output) => [`\`${output.name}\``, cell(output.description)]);
    lines.push('', ...alignedTable(['output', 'description'], outputs));
  }
  return lines.join('\n');
}

/**
 * Replaces what lies between the inputs markers of a README with `table`; the rest of the README is
 * left byte for byte. Throws MissingMarkersError when the markers are absent, doubled or out of order.
 *
 * @example
 * replaceInputsRegion('a\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\nb', 'new');
 * // 'a\n<!-- inputs:start -->\n\nnew\n\n<!-- inputs:end -->\nb'
 */
export function replaceInputsRegion(readme: string, table: string): string {
  const start = readme.indexOf(INPUTS_START);
  const end = readme.indexOf(INPUTS_END);
  if (start === -1 || end === -1 || end < start || readme.indexOf(INPUTS_START, start + 1) !== -1) {
    throw new MissingMarkersError(`expected one ${INPUTS_START} followed by one ${INPUTS_END}`);
  }
  return `${readme.slice(0, start + INPUTS_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
