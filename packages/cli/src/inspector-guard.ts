/**
 * Keeps SIGUSR1 from opening Node's inspector in the `envelope` process.
 *
 * Node opens its inspector (a debugger on 127.0.0.1:9229 that can read every value in the process)
 * when the process receives SIGUSR1, unless a JavaScript listener for SIGUSR1 is installed: the
 * listener replaces that default (Node docs, process "Signal events": SIGUSR1 "is reserved by
 * Node.js to start the debugger. It's possible to install a listener but doing so might interfere
 * with the debugger"; nodejs/node#19619). Measured on Node 20.20 and 24.22: with a listener, SIGUSR1
 * reaches it and nothing listens; without one, the inspector opens. test/run-signals.test.ts checks
 * it against the real `envelope run` on both.
 *
 * This module imports nothing and installs the listener when it is evaluated, so that bin.ts, which
 * imports it first, has it in place before the rest of the CLI loads. A SIGUSR1 that arrives even
 * earlier (while Node itself starts) can still open the inspector: `envelope run` checks
 * {@link inspectorIsOpen} before it fetches any secret, and refuses.
 */

/** The listener: SIGUSR1 does nothing by itself; `envelope run` adds its own to forward it. */
function keepInspectorClosed(): void {}

/**
 * Installs the SIGUSR1 listener once (idempotent).
 *
 * @example
 * ```ts
 * guardInspectorSignal(); // kill -USR1 <pid> no longer opens 127.0.0.1:9229
 * ```
 */
export function guardInspectorSignal(): void {
  if (!process.listeners('SIGUSR1').includes(keepInspectorClosed)) process.on('SIGUSR1', keepInspectorClosed);
}

/**
 * Whether Node's inspector is active in this process (`--inspect`, `NODE_OPTIONS=--inspect`, or a
 * SIGUSR1 received before the guard was installed). False where Node was built without inspector.
 *
 * @example
 * ```ts
 * if (await inspectorIsOpen()) throw new Error('refusing to open secrets under a debugger');
 * ```
 */
export async function inspectorIsOpen(): Promise<boolean> {
  try {
    const inspector = await import('node:inspector');
    return inspector.url() !== undefined;
  } catch {
    return false;
  }
}

guardInspectorSignal();
