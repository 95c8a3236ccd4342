/**
 * The main entry of actions/decrypt-secrets: inputs -> plan -> execute -> name -> mask -> export
 * -> report. `run()` stays small: each stage lives in its own module. The module exports `run()`,
 * as @github/local-action expects of an entrypoint (the bundle's entry-main.ts calls it).
 */
import { formatFailures, toFailure } from './errors.js';
import { type ExecuteDeps, type ExecuteResult, execute } from './execute.js';
import { type Inputs, readInputs } from './inputs.js';
import { buildPlan, type Plan } from './plan.js';
import { applyPolicy } from './policy.js';
import { publish } from './publish.js';
import { type ActionsIO, actionsIO, type StepContext, stepContext } from './toolkit.js';
import { buildVariables } from './variables.js';

/** What run() can be given instead of the real runner, AWS and process (tests, the CLI's `run`). */
export interface RunOptions {
  /** The variables already set (a name among them is not overwritten). Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The runner: inputs, masks, variables, outputs, state, summary. Default: @actions/core. */
  readonly io?: ActionsIO;
  /** The workspace and the workflow run. Default: @actions/github's context (toolkit.ts). */
  readonly step?: StepContext;
  /** Default: the real AWS clients (aws.ts). */
  readonly deps?: (inputs: Inputs, plan: Plan) => ExecuteDeps | Promise<ExecuteDeps>;
}

async function realDeps(inputs: Inputs, plan: Plan): Promise<ExecuteDeps> {
  // Loaded on demand so that an input error fails fast without loading the AWS SDK.
  const { createAwsDeps } = await import('./aws.js');
  return createAwsDeps(inputs, plan);
}

/**
 * Runs the main step. Never throws: any failure ends in `setFailed` with every failing secret id
 * and its code, and then nothing is exported. Returns the exported names.
 *
 * @example
 * ```ts
 * import { run } from './main.js';
 * await run();
 * ```
 */
export async function run(options: RunOptions = {}): Promise<string[]> {
  const env = options.env ?? process.env;
  const io = options.io ?? actionsIO();
  let inputs: Inputs | undefined;
  try {
    inputs = readInputs((name) => io.getInput(name));
    // local-key comes from a GitHub secret, which the runner masks already; mask it again in case
    // it was written some other way.
    if (inputs.localKey !== undefined) io.setSecret(Buffer.from(inputs.localKey).toString('base64'));
    const plan = buildPlan(inputs, options.step ?? stepContext());
    const deps = await (options.deps ?? realDeps)(inputs, plan);
    let result: ExecuteResult;
    try {
      result = await execute(plan, deps);
    } finally {
      deps.dispose?.();
    }
    const policy = applyPolicy(plan, result.opened, result.allowedKeyIds);
    const named = buildVariables(plan, policy.accepted, env);
    // A refused value is masked all the same: the failure lines that follow must not show it.
    const refused = result.opened.filter((item) => !policy.accepted.some((a) => a.subject === item.subject));
    const refusedMasks = refused.length === 0 ? [] : buildVariables(plan, refused, env).masks;
    return await publish(io, plan, {
      variables: named.variables,
      masks: [...named.masks, ...refusedMasks],
      failures: [...result.failures, ...policy.failures, ...named.failures],
      cleanupList: named.cleanupList,
    });
  } catch (error) {
    io.setFailed(formatFailures([toFailure(error, 'decrypt-secrets')]));
    return [];
  } finally {
    inputs?.localKey?.fill(0);
  }
}
