export * from './errors.js';
export type * from './key-provider.js';
export * from './legacy.js';
