// The public pieces of the action's logic; the bundle's entries call run() and runPost().
export * from './errors.js';
export * from './execute.js';
export * from './inputs.js';
export * from './main.js';
export * from './naming.js';
export * from './plan.js';
export { type RunPostOptions, runPost } from './post.js';
export * from './publish.js';
export * from './summary.js';
export * from './toolkit.js';
export * from './variables.js';
