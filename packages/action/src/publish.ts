/**
 * The last stages: mask every value, then (only when nothing failed) export, set outputs, save the
 * names for the post step, warn and write the summary. The order is the point: every
 * `::add-mask::` is issued before any line that could carry a value (aws-actions/configure-aws-
 * credentials masks first "so they are already masked in any error messages").
 */
import { CLEANUP_LIST_VARIABLE } from './cleanup-list.js';
import { type Failure, formatFailures } from './errors.js';
import type { RollbackResult } from './export-checkpoint.js';
import type { Plan } from './plan.js';
import { writeSummary } from './summary.js';
import type { ActionsIO } from './toolkit.js';
import type { Variable } from './variables.js';

// ActionsIO moved to toolkit.ts with the toolkit; re-exported for the modules that import it here.
export type { ActionsIO } from './toolkit.js';

/** The state key under which the main step leaves the exported names (never values) for the post step. */
export const EXPORTED_NAMES_STATE = 'exported-names';

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
    /** Every text to register with `add-mask`, as buildVariables chose them (variables.ts). */
    masks: readonly string[];
    failures: readonly Failure[];
    /** The new SECRETS_LIST_CLEAN_UP (variables.ts), exported before the variables. */
    cleanupList?: string | undefined;
  },
): Promise<string[]> {
  // 1. Mask every value and leaf, even when the step is about to fail: later lines must not leak.
  // The texts are final (lines and leaves chosen by aws-adapter masks.ts, via buildVariables).
  for (const mask of new Set(result.masks)) io.setSecret(mask);
  // 2. All or nothing.
  if (result.failures.length > 0) {
    io.setFailed(formatFailures(result.failures));
    return [];
  }
  const names = result.variables.map((v) => v.name);
  // 3. Export as one transaction: the cleanup state first, so that a failure part-way leaves the
  // post step the list of everything that may have been written; then SECRETS_LIST_CLEAN_UP, the
  // variables and outputs. On an I/O failure the file commands are cut back to where they stood.
  const failure = exportAll(io, plan, result.variables, names, result.cleanupList);
  if (failure !== undefined) {
    io.setFailed(failure);
    return [];
  }
  // 4. Report: warnings once per source, one info line, the summary.
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

/** Why a file command write failed, without its message (which holds a path, and could hold more). */
function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
}

/**
 * Saves the cleanup state, then exports every variable and output. Returns undefined when all was
 * written, else the step's failure message: which write failed, what was undone and what stays
 * exported (names only), with code ERR_EXPORT_FAILED.
 */
function exportAll(
  io: ActionsIO,
  plan: Plan,
  variables: readonly Variable[],
  names: readonly string[],
  cleanupList: string | undefined,
): string | undefined {
  const envNames: string[] = [];
  const outputNames: string[] = [];
  let current = { subject: 'decrypt-secrets', what: `state '${EXPORTED_NAMES_STATE}'` };
  const checkpoint = io.checkpoint?.();
  try {
    io.saveState(EXPORTED_NAMES_STATE, JSON.stringify(plan.exportEnv ? names : []));
    if (cleanupList !== undefined) {
      current = { subject: 'decrypt-secrets', what: `variable ${CLEANUP_LIST_VARIABLE}` };
      io.exportVariable(CLEANUP_LIST_VARIABLE, cleanupList);
      envNames.push(CLEANUP_LIST_VARIABLE);
    }
    for (const v of variables) {
      if (plan.exportEnv) {
        current = { subject: v.source, what: `variable ${v.name}` };
        io.exportVariable(v.name, v.value);
        envNames.push(v.name);
      }
      if (plan.setOutputs) {
        current = { subject: v.source, what: `output ${v.name}` };
        io.setOutput(v.name, v.value);
        outputNames.push(v.name);
      }
    }
    current = { subject: 'decrypt-secrets', what: "output 'names'" };
    io.setOutput('names', JSON.stringify(names));
    return undefined;
  } catch (error) {
    const undo: RollbackResult = checkpoint?.rollback() ?? { restored: [], failed: [] };
    const envStays = undo.restored.includes('GITHUB_ENV') ? [] : envNames;
    const outputsStay = undo.restored.includes('GITHUB_OUTPUT') ? [] : outputNames;
    if (envStays.length === 0) {
      // Nothing is left for the post step to blank (best effort: if this fails too, it blanks
      // names that are not set, which is harmless).
      try {
        io.saveState(EXPORTED_NAMES_STATE, '[]');
      } catch {}
    }
    const lines = [
      `${current.subject}: ERR_EXPORT_FAILED could not write ${current.what} (${ioReason(error)})`,
    ];
    if (undo.restored.length > 0)
      lines.push(`undone: ${undo.restored.join(', ')} cut back to before this step`);
    if (undo.failed.length > 0) lines.push(`could not undo: ${undo.failed.join(', ')}`);
    if (envStays.length === 0 && outputsStay.length === 0) {
      return [`the export failed, nothing was exported:`, ...lines].join('\n');
    }
    if (envStays.length > 0)
      lines.push(`still exported to the environment: ${envStays.join(', ')} (the post step blanks them)`);
    if (outputsStay.length > 0) lines.push(`still set as outputs: ${outputsStay.join(', ')}`);
    return ['the export failed part-way:', ...lines].join('\n');
  }
}
