export {
  type ActionInput,
  type ActionMetadata,
  checkActionMetadata,
  readActionMetadata,
} from './action-metadata.js';
export {
  INPUTS_END,
  INPUTS_START,
  MissingMarkersError,
  renderInputsTable,
  replaceInputsRegion,
} from './inputs-table.js';
export { ACTION_DIR, lintActionMetadata, lintRepository, lintWorkflow, WORKFLOWS_DIR } from './lint.js';
export { formatProblems, type Problem } from './problem.js';
export { type ActionTagPlan, planActionTags } from './release-tags.js';
export {
  checkPermissions,
  checkPinnedActions,
  checkReleaseWorkflow,
  PUBLISH_JOB,
} from './workflow-policy.js';
