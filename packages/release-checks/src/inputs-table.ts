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

/**
 * Renders the inputs (and the outputs, if any) of action.yml as Markdown tables, in file order.
 *
 * @example
 * renderInputsTable(readActionMetadata(actionYml));
 * // '| input | description | default | required |\n| --- | --- | --- | --- |\n| `secret-ids` | ... |'
 */
export function renderInputsTable(meta: ActionMetadata): string {
  const lines = ['| input | description | default | required |', '| --- | --- | --- | --- |'];
  for (const input of meta.inputs) {
    const description = input.deprecationMessage
      ? `${input.description} **Deprecated:** ${input.deprecationMessage}`
      : input.description;
    const defaultCell =
      input.default === undefined || input.default === '' ? '' : `\`${cell(input.default)}\``;
    lines.push(
      `| \`${input.name}\` | ${cell(description)} | ${defaultCell} | ${input.required ? 'yes' : 'no'} |`,
    );
  }
  if (meta.outputs.length > 0) {
    lines.push('', '| output | description |', '| --- | --- |');
    for (const output of meta.outputs) lines.push(`| \`${output.name}\` | ${cell(output.description)} |`);
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
