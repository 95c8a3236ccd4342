/**
 * The plan: a plain value, built without any I/O from the inputs and the step's context,
 * listing every secret id, prefix and file to open (with its alias, region, variable name and the
 * formats it may have) and the policy to open them with. Tests assert it without AWS; execute()
 * carries it out.
 */
import { type EnvelopeFileEntry, envelopeFileEntry } from '@envelope-kit/aws-adapter/envelope-files';
import { ActionError, type Failure, toFailure } from './errors.js';
import type { Inputs, LegacyKdf } from './inputs.js';
import {
  baseEnvName,
  type ContentNames,
  isSecretArn,
  type NameTransformation,
  regionOfSecretArn,
  secretNameFromArn,
  splitAlias,
} from './naming.js';
import type { StepContext } from './toolkit.js';
import type { ValueFormat } from './variables.js';

/** A secret named by a name or an ARN. */
export interface SecretEntry {
  readonly kind: 'secret';
  /** The `[ALIAS,]ID` line as written, for messages. */
  readonly line: string;
  /** The alias; `''` for a blank alias (drops the JSON prefix); undefined for none. */
  readonly alias: string | undefined;
  /** The secret name or ARN: what is fetched, and the subject of every error about it. */
  readonly id: string;
  /** The region of an ARN (an ARN's own region wins over the `region` input), else the input's. */
  readonly region: string | undefined;
  /**
   * The variable a plain value gets (the alias, else the secret name, for an ARN without its
   * suffix); with parse-json-secrets, the prefix of a JSON value's variables.
   */
  readonly envName: string;
  /** The formats the value may have: plain only when plaintext-secrets allows it. */
  readonly formats: readonly ValueFormat[];
}

/** `PREFIX*`: every secret whose name starts with `prefix` (all ListSecrets pages). */
export interface PrefixEntry {
  readonly kind: 'prefix';
  readonly line: string;
  /** An alias only fits a prefix that matches exactly one secret, as in the official action. */
  readonly alias: string | undefined;
  /** The prefix without its trailing `*`. */
  readonly prefix: string;
  readonly region: string | undefined;
  /** As SecretEntry's, for every secret the prefix matches (their names are known after listing). */
  readonly formats: readonly ValueFormat[];
}

/** An envelope file inside the workspace (aws-adapter's envelope-files rules). */
export interface FileEntry extends EnvelopeFileEntry {
  readonly kind: 'file';
  /** An envelope file holds an envelope: v1 or the legacy recipe, never plain text. */
  readonly formats: readonly ValueFormat[];
}

/** One thing to open. */
export type PlanEntry = SecretEntry | PrefixEntry | FileEntry;

/**
 * The workflow facts an envelope's `ctx` may bind to: repository (`owner/repo`) and ref from
 * @actions/github's `context` (toolkit.ts). The runner exposes no deployment environment name to
 * actions (it is not in the context), so `environment` is only known when GITHUB_ENVIRONMENT is
 * set; envelopes that require it are refused otherwise.
 */
export interface WorkflowBinding {
  readonly repository: string | undefined;
  readonly ref: string | undefined;
  readonly environment: string | undefined;
}

/** Everything execute() and the later stages need. */
export interface Plan {
  readonly entries: readonly PlanEntry[];
  /** Lines refused while planning (bad alias, bad prefix, a path outside the workspace). */
  readonly failures: readonly Failure[];
  readonly parseJson: boolean;
  readonly transformation: NameTransformation;
  readonly requireContext: Readonly<Record<string, string>>;
  readonly allowedKeyIds: readonly string[];
  readonly legacyKdf: LegacyKdf;
  readonly plaintext: 'allow' | 'deny';
  /** `legacy-envelopes` and `accept-weak-legacy` (policy.ts applies them). */
  readonly legacy: { readonly mode: 'auto' | 'allow' | 'deny'; readonly acceptWeak: readonly string[] };
  /** `allow-names`: names (`NAME` or `PREFIX*`) a secret may choose although the deny-list has them. */
  readonly allowNames: readonly string[];
  /** `content-names`: how names a secret chose entirely are checked (see aws-adapter's refusingRule). */
  readonly contentNames: ContentNames;
  readonly workflow: WorkflowBinding;
  readonly workspace: string;
  readonly exportEnv: boolean;
  readonly setOutputs: boolean;
  readonly allowOverwrite: boolean;
  readonly summary: boolean;
  /** The post step blanks what was exported (`cleanup`). */
  readonly cleanup: boolean;
}

/** The official action's prefix filter: at least 3 characters of a secret name, then `*`. */
const PREFIX = /^([a-zA-Z0-9/_+=.@-]{3,})\*$/;

const ENVELOPES: readonly ValueFormat[] = ['v1', 'legacy'];
const ANY_FORMAT: readonly ValueFormat[] = ['v1', 'legacy', 'plain'];

function secretEntry(line: string, inputs: Inputs): SecretEntry | PrefixEntry {
  const { alias, id } = splitAlias(line, inputs.nameTransformation, 'secret-ids');
  const formats = inputs.plaintextSecrets === 'deny' ? ENVELOPES : ANY_FORMAT;
  if (id.includes('*')) {
    const prefix = PREFIX.exec(id)?.[1];
    if (prefix === undefined) {
      throw new ActionError('ERR_INPUT', "input 'secret-ids': a prefix is at least 3 characters then '*'", {
        subject: id,
      });
    }
    return { kind: 'prefix', line, alias, prefix, region: inputs.region, formats };
  }
  const secretName = isSecretArn(id) ? (secretNameFromArn(id) ?? id) : id;
  return {
    kind: 'secret',
    line,
    alias,
    id,
    region: regionOfSecretArn(id) ?? inputs.region,
    envName: baseEnvName(alias, secretName, inputs.nameTransformation),
    formats,
  };
}

function fileEntry(line: string, inputs: Inputs, workspace: string): FileEntry {
  // The rules of an envelope file live in aws-adapter, shared with `envelope run --file`.
  const split = splitAlias(line, inputs.nameTransformation, 'envelope-files');
  const entry = envelopeFileEntry(line, split, inputs.nameTransformation, workspace);
  return { kind: 'file', ...entry, formats: ENVELOPES };
}

/**
 * Builds the plan. Pure: reads only its arguments. `step` gives the workspace and the workflow
 * facts (toolkit.ts reads them from the runner). Every refused line becomes a failure (all are
 * reported together, none stops the others being checked).
 *
 * @example
 * ```ts
 * const plan = buildPlan(readInputs(actionsIO().getInput), stepContext());
 * plan.entries; // [{ kind: 'secret', id: 'prod/db', alias: undefined, region: undefined, line: 'prod/db' }]
 * ```
 */
export function buildPlan(inputs: Inputs, step: StepContext): Plan {
  const workspace = step.workspace;
  const entries: PlanEntry[] = [];
  const failures: Failure[] = [];
  for (const line of inputs.secretIds) {
    try {
      entries.push(secretEntry(line, inputs));
    } catch (error) {
      failures.push(toFailure(error, line));
    }
  }
  for (const line of inputs.envelopeFiles) {
    try {
      entries.push(fileEntry(line, inputs, workspace));
    } catch (error) {
      failures.push(toFailure(error, line));
    }
  }
  return {
    entries,
    failures,
    parseJson: inputs.parseJsonSecrets,
    transformation: inputs.nameTransformation,
    requireContext: inputs.requireContext,
    allowedKeyIds: inputs.allowedKeyIds,
    legacyKdf: inputs.legacyKdf,
    plaintext: inputs.plaintextSecrets,
    legacy: { mode: inputs.legacyEnvelopes, acceptWeak: inputs.acceptWeakLegacy },
    allowNames: inputs.allowNames,
    contentNames: inputs.contentNames,
    workflow: step.workflow,
    workspace,
    exportEnv: inputs.exportEnv,
    setOutputs: inputs.setOutputs,
    allowOverwrite: inputs.allowOverwrite,
    summary: inputs.summary,
    cleanup: inputs.cleanup,
  };
}
