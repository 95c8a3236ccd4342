import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Problem } from './problem.js';

/** One input of action.yml, as the runner reads it. */
export interface ActionInput {
  name: string;
  description: string;
  required: boolean;
  /** The default as written; the runner hands every input over as a string. */
  default: string | undefined;
  deprecationMessage: string | undefined;
}

/** The parts of action.yml that the checks and the README table use. */
export interface ActionMetadata {
  name: string;
  description: string;
  inputs: ActionInput[];
  outputs: { name: string; description: string }[];
  runs: { using: string; main?: string; pre?: string; post?: string };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const asText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/**
 * Reads action.yml into a plain value, keeping the inputs in file order (the order the README shows).
 *
 * @example
 * const meta = readActionMetadata('name: x\ndescription: y\nruns:\n  using: node24\n  main: dist/index.js\n');
 * meta.runs.using; // 'node24'
 */
export function readActionMetadata(text: string): ActionMetadata {
  const doc = asRecord(parse(text));
  const inputs = Object.entries(asRecord(doc.inputs)).map(([name, raw]) => {
    const input = asRecord(raw);
    return {
      name,
      description: asText(input.description).trim(),
      required: input.required === true || input.required === 'true',
      default: input.default === undefined ? undefined : asText(input.default),
      deprecationMessage:
        input.deprecationMessage === undefined ? undefined : asText(input.deprecationMessage),
    };
  });
  const outputs = Object.entries(asRecord(doc.outputs)).map(([name, raw]) => ({
    name,
    description: asText(asRecord(raw).description).trim(),
  }));
  const runs = asRecord(doc.runs);
  return {
    name: asText(doc.name),
    description: asText(doc.description),
    inputs,
    outputs,
    runs: {
      using: asText(runs.using),
      ...(runs.main === undefined ? {} : { main: asText(runs.main) }),
      ...(runs.pre === undefined ? {} : { pre: asText(runs.pre) }),
      ...(runs.post === undefined ? {} : { post: asText(runs.post) }),
    },
  };
}

/**
 * Our rules for the action's metadata, on top of GitHub's schema: it runs on node24 (DESIGN), the
 * entry points it names exist in the committed dist, and every input and output is described (the
 * README table is generated from those descriptions).
 *
 * @example
 * checkActionMetadata('actions/decrypt-secrets/action.yml', text, 'actions/decrypt-secrets'); // [] when clean
 */
export function checkActionMetadata(file: string, text: string, actionDir: string): Problem[] {
  const meta = readActionMetadata(text);
  const problems: Problem[] = [];
  const add = (message: string) => problems.push({ file, rule: 'action', message });
  if (meta.runs.using !== 'node24') add(`runs.using is "${meta.runs.using}", expected node24`);
  for (const entry of ['main', 'pre', 'post'] as const) {
    const path = meta.runs[entry];
    if (path !== undefined && !existsSync(join(actionDir, path))) {
      add(`runs.${entry} names ${path}, which does not exist (build and commit the bundle)`);
    }
  }
  if (meta.runs.main === undefined) add('runs.main is missing');
  for (const input of meta.inputs) {
    if (input.description === '') add(`input ${input.name} has no description`);
    if (input.required && input.default !== undefined) {
      add(`input ${input.name} is required and has a default; one of the two is wrong`);
    }
  }
  for (const output of meta.outputs) {
    if (output.description === '') add(`output ${output.name} has no description`);
  }
  return problems;
}
