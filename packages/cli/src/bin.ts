#!/usr/bin/env node
// The `envelope` executable: all logic lives in main.ts. The inspector guard comes first, so that
// SIGUSR1 cannot open a debugger while the rest loads (src/inspector-guard.ts says why).
import './inspector-guard.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
