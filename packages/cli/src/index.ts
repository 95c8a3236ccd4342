// The CLI's building blocks, for tests and for programs that embed the `envelope` command.
export * from './args.js';
export * from './errors.js';
export * from './keys.js';
export { COMMANDS, cliVersion, main, mainHelp } from './main.js';
export * from './opener.js';
