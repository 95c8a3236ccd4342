export * from './errors.js';
export type * from './key-provider.js';
