// Shared test helpers. Each module has its own subpath export too.
export * from './fault-proxy.js';
export * from './leak-scan.js';
export * from './moto.js';
export * from './runner.js';
