// The compatibility suite's corpus, the map of the official action's tests, and the harness that
// runs them (the suite in test/ and scripts/side-by-side.mjs use the same).
export * from './cases.js';
export * from './harness.js';
export * from './official-tests.js';
