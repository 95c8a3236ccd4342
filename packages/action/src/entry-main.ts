// The bundle's main entry (ncc input, compiled to dist/entry-main.js): run() never throws; it ends
// in core.setFailed, which sets process.exitCode = 1.
import { run } from './main.js';

await run();
