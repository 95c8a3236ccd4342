#!/usr/bin/env node
// The `envelope` executable: all logic lives in main.ts.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
