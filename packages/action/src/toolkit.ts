/**
 * The action's seam to the runner: GitHub's toolkit, `@actions/core` for inputs, masking, env,
 * outputs, state, summary and failure, and `@actions/github`'s `context` for the workflow run.
 * main.ts and post.ts use {@link actionsIO} and {@link stepContext} by default; tests pass a
 * recorder and a plain {@link StepContext} instead.
 */
import path from 'node:path';
import * as core from '@actions/core';
import { context } from '@actions/github';
import { type ExportCheckpoint, fileCommandCheckpoint } from './export-checkpoint.js';
import type { WorkflowBinding } from './plan.js';
import type { SummaryWriter } from './summary.js';

/** The part of @actions/core's API the action uses (@actions/core itself fits it). */
export interface ActionsIO {
  /** core.getInput: the input's value, trimmed, `''` when it is not set. */
  getInput(name: string): string;
  setSecret(secret: string): void;
  exportVariable(name: string, value: string): void;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  setFailed(message: string): void;
  warning(message: string): void;
  info(message: string): void;
  readonly summary: SummaryWriter;
  /**
   * Records the file commands before the export, to cut them back if it fails part-way
   * (export-checkpoint.ts). Optional: without it a failed export is reported, not undone.
   */
  checkpoint?(): ExportCheckpoint;
}

/** Where the step runs: the workspace (envelope files resolve against it) and the workflow run. */
export interface StepContext {
  /** An absolute path. */
  readonly workspace: string;
  readonly workflow: WorkflowBinding;
}

/**
 * The runner, through @actions/core.
 *
 * @example
 * ```ts
 * await run({ io: actionsIO() });
 * ```
 */
export function actionsIO(): ActionsIO {
  return {
    getInput: (name) => core.getInput(name),
    setSecret: (secret) => core.setSecret(secret),
    exportVariable: (name, value) => core.exportVariable(name, value),
    setOutput: (name, value) => core.setOutput(name, value),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    setFailed: (message) => core.setFailed(message),
    warning: (message) => core.warning(message),
    info: (message) => core.info(message),
    summary: core.summary,
    checkpoint: () => fileCommandCheckpoint(),
  };
}

/** `owner/repo` from context.repo, which throws when neither GITHUB_REPOSITORY nor the event names one. */
function repositoryOf(github: Pick<typeof context, 'repo'>): string | undefined {
  try {
    const { owner, repo } = github.repo;
    return owner && repo ? `${owner}/${repo}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The step's context: the workflow from @actions/github's `context`, the workspace from
 * GITHUB_WORKSPACE (else `cwd`) and the deployment environment from GITHUB_ENVIRONMENT.
 *
 * @example
 * ```ts
 * stepContext().workflow; // { repository: 'acme/app', ref: 'refs/heads/main', environment: undefined }
 * ```
 */
export function stepContext(
  github: Pick<typeof context, 'repo' | 'ref'> = context,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): StepContext {
  return {
    workspace: path.resolve(cwd, env.GITHUB_WORKSPACE || '.'),
    workflow: {
      repository: repositoryOf(github),
      ref: github.ref || undefined,
      environment: env.GITHUB_ENVIRONMENT || undefined,
    },
  };
}
