/**
 * The AWS SDK for JavaScript warns, once per process and in 9 lines, that its releases after
 * January 2027 will need Node 22 (`NodeVersionSupportWarning`, @aws-sdk/core). envelope supports
 * Node 20.19 and later (package.json engines), so for its users the warning is noise on every AWS
 * command. The SDK's own switch silences it: `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true`,
 * read when a client is created. The CLI sets it for its own process only: `envelope run` gives
 * its child the environment as it was.
 */

const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
let setHere = false;

/**
 * Sets the SDK's switch for this process, unless the user set it (either way).
 *
 * @example
 * ```ts
 * silenceSdkNodeVersionWarning(); // before the first AWS client is created
 * ```
 */
export function silenceSdkNodeVersionWarning(): void {
  if (process.env[SWITCH] === undefined) {
    process.env[SWITCH] = 'true';
    setHere = true;
  }
}

/**
 * A copy of the environment without what {@link silenceSdkNodeVersionWarning} set: the environment
 * a child process should get.
 *
 * @example
 * ```ts
 * spawn(command, args, { env: { ...environmentAsGiven(), ...variables } });
 * ```
 */
export function environmentAsGiven(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (setHere) delete env[SWITCH];
  return env;
}
