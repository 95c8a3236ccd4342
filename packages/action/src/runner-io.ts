/**
 * The runner protocol the action speaks (workflow commands on stdout, file commands in
 * GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY), written exactly as
 * @actions/core 3 writes it (lib/command.js, lib/file-command.js, lib/summary.js).
 *
 * Why not @actions/core itself: it statically imports its OIDC client, hence @actions/http-client
 * and undici, which add about 490 KB to the minified bundle and 40 ms to every cold start, for
 * nothing this action calls. The bundle target is 1.2 MB and the AWS SDK chunk alone is 1.09 MB.
 * src/runner-io.test.ts checks byte for byte that this writes what @actions/core writes.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import type { ActionsIO } from './publish.js';
import type { SummaryWriter } from './summary.js';

/** @actions/core's escapeData: the message of a workflow command. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core's escapeProperty: a property value of a workflow command. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Writes one workflow command line (`::name key=value::message`) to stdout.
 *
 * @example
 * ```ts
 * issueCommand('add-mask', {}, value); // ::add-mask::<value, escaped>
 * ```
 */
export function issueCommand(command: string, properties: Record<string, string>, message: string): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/** Appends one message to the file named by GITHUB_<command>, as @actions/core's issueFileCommand. */
function issueFileCommand(command: string, message: string): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  appendFileSync(filePath, `${message}${EOL}`, { encoding: 'utf8' });
}

/**
 * `NAME<<ghadelimiter_<uuid>` block, as @actions/core's prepareKeyValueMessage: the random
 * delimiter cannot occur in the value (checked anyway), so no value can end the block early.
 *
 * @example
 * ```ts
 * keyValueMessage('A', 'x\ny'); // 'A<<ghadelimiter_…\nx\ny\nghadelimiter_…'
 * ```
 */
export function keyValueMessage(key: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  // The error names neither the value nor the key's content beyond the rule broken.
  if (key.includes(delimiter)) throw new Error('Unexpected input: name should not contain the delimiter');
  if (value.includes(delimiter)) throw new Error('Unexpected input: value should not contain the delimiter');
  return `${key}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}

function fileOrCommand(file: 'ENV' | 'OUTPUT' | 'STATE', command: string, name: string, value: string): void {
  if (process.env[`GITHUB_${file}`]) issueFileCommand(file, keyValueMessage(name, value));
  else {
    // What @actions/core falls back to without the file (old runners).
    if (command === 'set-output') process.stdout.write(EOL);
    issueCommand(command, { name }, value);
  }
}

/** @actions/core's Summary.wrap: an empty element is written without its closing tag. */
function wrap(tag: string, content: string): string {
  return content ? `<${tag}>${content}</${tag}>` : `<${tag}>`;
}

/** The job summary buffer, written to GITHUB_STEP_SUMMARY as @actions/core's Summary writes it. */
class StepSummary implements SummaryWriter {
  #buffer = '';

  addRaw(text: string, addEOL = false): this {
    this.#buffer += text + (addEOL ? EOL : '');
    return this;
  }

  addHeading(text: string, level: number | string = 1): this {
    const tag = ['1', '2', '3', '4', '5', '6'].includes(`${level}`) ? `h${level}` : 'h1';
    return this.addRaw(wrap(tag, text), true);
  }

  addTable(rows: ({ data: string; header?: boolean } | string)[][]): this {
    const body = rows
      .map((row) => {
        const cells = row
          .map((cell) => {
            if (typeof cell === 'string') return wrap('td', cell);
            return wrap(cell.header ? 'th' : 'td', cell.data);
          })
          .join('');
        return wrap('tr', cells);
      })
      .join('');
    return this.addRaw(wrap('table', body), true);
  }

  async write(): Promise<this> {
    const filePath = process.env.GITHUB_STEP_SUMMARY;
    if (!filePath) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
    appendFileSync(filePath, this.#buffer, { encoding: 'utf8' });
    this.#buffer = '';
    return this;
  }
}

/**
 * The real runner: what main.ts and post.ts use by default.
 *
 * @example
 * ```ts
 * await run({ io: runnerIO() });
 * ```
 */
export function runnerIO(): ActionsIO {
  return {
    setSecret: (secret) => issueCommand('add-mask', {}, secret),
    exportVariable: (name, value) => {
      process.env[name] = value;
      fileOrCommand('ENV', 'set-env', name, value);
    },
    setOutput: (name, value) => fileOrCommand('OUTPUT', 'set-output', name, value),
    saveState: (name, value) => fileOrCommand('STATE', 'save-state', name, value),
    getState: (name) => process.env[`STATE_${name}`] || '',
    setFailed: (message) => {
      process.exitCode = 1;
      issueCommand('error', {}, message);
    },
    warning: (message) => issueCommand('warning', {}, message),
    info: (message) => {
      process.stdout.write(message + EOL);
    },
    summary: new StepSummary(),
  };
}
