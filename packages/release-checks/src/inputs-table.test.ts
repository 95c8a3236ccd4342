import { describe, expect, it } from 'vitest';
import { readActionMetadata } from './action-metadata.js';
import {
  INPUTS_END,
  INPUTS_START,
  MissingMarkersError,
  renderInputsTable,
  replaceInputsRegion,
} from './inputs-table.js';

const ACTION_YML = `name: decrypt-secrets
description: test
inputs:
  secret-ids:
    description: |
      Lines of [ALIAS,]ID.
      ID is a name | an ARN.
  parse-json-secrets:
    description: Flatten JSON.
    default: false
  region:
    description: AWS region.
    required: true
outputs:
  names:
    description: JSON array of the exported names.
runs:
  using: node24
  main: dist/index.js
`;

describe('renderInputsTable', () => {
  it('renders inputs in file order, one line per input, pipes escaped, defaults as code, columns padded', () => {
    const table = renderInputsTable(readActionMetadata(ACTION_YML));
    expect(table.split('\n')).toEqual([
      '| input                | description                                  | default | required |',
      '| -------------------- | -------------------------------------------- | ------- | -------- |',
      '| `secret-ids`         | Lines of [ALIAS,]ID. ID is a name \\| an ARN. |         | no       |',
      '| `parse-json-secrets` | Flatten JSON.                                | `false` | no       |',
      '| `region`             | AWS region.                                  |         | yes      |',
      '',
      '| output  | description                       |',
      '| ------- | --------------------------------- |',
      '| `names` | JSON array of the exported names. |',
    ]);
  });
});

describe('replaceInputsRegion', () => {
  const readme = `# title\n\nintro\n\n${INPUTS_START}\nstale\n${INPUTS_END}\n\n## more\n`;

  it('replaces only the region between the markers', () => {
    const updated = replaceInputsRegion(readme, 'TABLE');
    expect(updated).toBe(`# title\n\nintro\n\n${INPUTS_START}\n\nTABLE\n\n${INPUTS_END}\n\n## more\n`);
    expect(replaceInputsRegion(updated, 'TABLE')).toBe(updated);
  });

  it('detects drift: a changed description gives another README', () => {
    const table = (yml: string) => renderInputsTable(readActionMetadata(yml));
    const current = replaceInputsRegion(readme, table(ACTION_YML));
    const drifted = replaceInputsRegion(current, table(ACTION_YML.replace('AWS region.', 'The AWS region.')));
    expect(drifted).not.toBe(current);
  });

  it('throws when the markers are missing, doubled or reversed', () => {
    expect(() => replaceInputsRegion('# no markers', 'T')).toThrow(MissingMarkersError);
    expect(() => replaceInputsRegion(`${INPUTS_END}\n${INPUTS_START}`, 'T')).toThrow(MissingMarkersError);
    expect(() => replaceInputsRegion(`${INPUTS_START}${INPUTS_START}${INPUTS_END}`, 'T')).toThrow(
      MissingMarkersError,
    );
  });
});
