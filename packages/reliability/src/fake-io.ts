/**
 * An in-memory {@link ActionsIO}: records what the action masked, exported, logged and wrote to the
 * summary, so run() can be driven in-process (faster than the bundle, same code path).
 */
import type { ActionsIO, SummaryWriter } from '@envelope-kit/action';

/** What a {@link recordingIO} saw. */
export interface Recorded {
  readonly masks: string[];
  readonly exported: Map<string, string>;
  readonly outputs: Map<string, string>;
  readonly state: Map<string, string>;
  /** setFailed messages (at most one in a well-behaved run). */
  readonly failed: string[];
  /** info and warning lines, in order. */
  readonly log: string[];
  /** Everything the summary was given, as text. */
  readonly summary: string[];
  /** Each exported name with the number of masks registered before its export (0 = exported unmasked). */
  readonly masksBeforeExport: Map<string, number>;
}

/**
 * An ActionsIO that reads the given inputs and records into a {@link Recorded}.
 *
 * @example
 * ```ts
 * const { io, recorded } = recordingIO({ 'secret-ids': 'prod/db' });
 * await run({ io, step });
 * expect(recorded.failed).toEqual([]);
 * ```
 */
export function recordingIO(inputs: Readonly<Record<string, string>> = {}): {
  io: ActionsIO;
  recorded: Recorded;
} {
  const recorded: Recorded = {
    masks: [],
    exported: new Map(),
    outputs: new Map(),
    state: new Map(),
    failed: [],
    log: [],
    summary: [],
    masksBeforeExport: new Map(),
  };
  const summary: SummaryWriter = {
    addHeading: (text) => {
      recorded.summary.push(text);
      return summary;
    },
    addRaw: (text) => {
      recorded.summary.push(text);
      return summary;
    },
    addTable: (rows) => {
      for (const row of rows)
        for (const cell of row) recorded.summary.push(typeof cell === 'string' ? cell : cell.data);
      return summary;
    },
    write: async () => undefined,
  };
  const io: ActionsIO = {
    getInput: (name) => inputs[name] ?? '',
    setSecret: (secret) => {
      recorded.masks.push(secret);
    },
    exportVariable: (name, value) => {
      recorded.masksBeforeExport.set(name, recorded.masks.length);
      recorded.exported.set(name, value);
    },
    setOutput: (name, value) => {
      recorded.outputs.set(name, value);
    },
    saveState: (name, value) => {
      recorded.state.set(name, value);
    },
    getState: (name) => recorded.state.get(name) ?? '',
    setFailed: (message) => {
      recorded.failed.push(message);
    },
    warning: (message) => {
      recorded.log.push(message);
    },
    info: (message) => {
      recorded.log.push(message);
    },
    summary,
  };
  return { io, recorded };
}
