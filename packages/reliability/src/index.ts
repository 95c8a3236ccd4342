// The suite's shared helpers (fixtures against moto, fake runner IO, error-message checks).
export * from './bundle-under-test.js';
export * from './codes.js';
export * from './fake-io.js';
export * from './fixtures.js';
export * from './json-model.js';
export * from './pipeline-check.js';
export * from './secret-search.js';
