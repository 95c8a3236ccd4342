/**
 * The last stages: mask every value, then (only when nothing failed) export, set outputs, save the
 * names for the post step, warn and write the summary. The order is the point: every
 * `::add-mask::` is issued before any line that could carry a value (aws-actions/configure-aws-
 * credentials masks first "so they are already masked in any error messages").
 */
import { CLEANUP_LIST_VARIABLE } from './cleanup-list.js';
import { type Failure, formatFailures } from './errors.js';
import type { Plan } from './plan.js';
import { writeSummary } from './summary.js';
import type { ActionsIO } from './toolkit.js';
import type { Variable } from './variables.js';

// ActionsIO moved to toolkit.ts with the toolkit; re-exported for the modules that import it here.
export type { ActionsIO } from './toolkit.js';

/** The state key under which the main step leaves the exported names (never values) for the post step. */
export const EXPORTED_NAMES_STATE = 'exported-names';

/**
 * The texts to register with `add-mask` for one value: the value itself and, for a multi-line
 * value, each line too (the runner matches masks within one log line, so a line of a multi-line
 * value must be a mask of its own to be hidden wherever it is printed alone). Whitespace-only
 * texts are left out: the runner refuses them and they would hide nothing.
 *
 * @example
 * ```ts
 * masksFor('a\nb'); // ['a\nb', 'a', 'b']
 * ```
 */
export function masksFor(value: string): string[] {
  const out = new Set<string>();
  if (value.trim() !== '') out.add(value);
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) if (line.trim() !== '') out.add(line);
  }
  return [...out];
}

/**
 * Masks, then exports everything or nothing. Returns the exported names.
 *
 * @example
 * ```ts
 * await publish(actionsIO(), plan, { variables, masks, failures });
 * ```
 */
export async function publish(
  io: ActionsIO,
  plan: Plan,
  result: {
    variables: readonly Variable[];
    masks: readonly string[];
    failures: readonly Failure[];
    /** The new SECRETS_LIST_CLEAN_UP (variables.ts), exported before the variables. */
    cleanupList?: string | undefined;
  },
): Promise<string[]> {
  // 1. Mask every value and leaf, even when the step is about to fail: later lines must not leak.
  for (const text of result.masks) for (const mask of masksFor(text)) io.setSecret(mask);
  // 2. All or nothing.
  if (result.failures.length > 0) {
    io.setFailed(formatFailures(result.failures));
    return [];
  }
  const names = result.variables.map((v) => v.name);
  if (result.cleanupList !== undefined) io.exportVariable(CLEANUP_LIST_VARIABLE, result.cleanupList);
  for (const v of result.variables) {
    if (plan.exportEnv) io.exportVariable(v.name, v.value);
    if (plan.setOutputs) io.setOutput(v.name, v.value);
  }
  const exported = plan.exportEnv ? names : [];
  io.setOutput('names', JSON.stringify(names));
  io.saveState(EXPORTED_NAMES_STATE, JSON.stringify(exported));
  // 3. Report: warnings once per source, one info line, the summary.
  const warned = new Set<string>();
  for (const v of result.variables) {
    for (const w of v.warnings) {
      const line = `${v.source}: ${w}`;
      if (!warned.has(line)) io.warning(line);
      warned.add(line);
    }
  }
  const where = [plan.exportEnv ? 'environment' : '', plan.setOutputs ? 'outputs' : '']
    .filter(Boolean)
    .join(' and ');
  io.info(
    `decrypt-secrets: ${names.length} variable(s) set${where ? ` in ${where}` : ''}: ${names.join(', ')}`,
  );
  if (plan.summary) {
    try {
      await writeSummary(io.summary, result.variables);
    } catch {
      // No GITHUB_STEP_SUMMARY (an old runner, a local run): the variables are set, keep going.
      io.warning('decrypt-secrets: could not write the job summary');
    }
  }
  return names;
}
