/**
 * The one place that builds the real dependencies of execute(): the AWS client factory (region,
 * endpoint, retries), the Secrets Manager source, the KMS discovery provider, the local key
 * provider and envelope-core's operations. Everything else receives them.
 */

import { setDefaultAutoSelectFamilyAttemptTimeout } from 'node:net';
import {
  AwsClientFactory,
  KmsKeyProvider,
  resolveKeyIds,
  SecretsManagerSource,
} from '@envelope-kit/aws-adapter';
import { detectFormat, inspect, LocalKeyProvider, open, openLegacy } from '@envelope-kit/envelope-core';
import type { ExecuteDeps } from './execute.js';
import { workspaceFileReader } from './files.js';
import type { Inputs } from './inputs.js';
import type { Plan } from './plan.js';

/**
 * Attempts per AWS call (first included) the action allows; see {@link createAwsDeps}.
 *
 * @example
 * ```ts
 * new AwsClientFactory({ retryMode: 'standard', maxAttempts: ACTION_MAX_ATTEMPTS });
 * ```
 */
export const ACTION_MAX_ATTEMPTS = 10;

/**
 * The longest wait between two attempts of one AWS call, in ms; see {@link createAwsDeps}.
 *
 * @example
 * ```ts
 * new AwsClientFactory({ retryMode: 'standard', maxBackoffMs: ACTION_MAX_BACKOFF_MS });
 * ```
 */
export const ACTION_MAX_BACKOFF_MS = 2_000;

/**
 * Builds the real dependencies from the inputs. `endpoint-url` empty means the SDK's default
 * endpoint; `region` empty means the SDK's default region (AWS_REGION, set by
 * aws-actions/configure-aws-credentials). An ARN is fetched from its own region (the source
 * asks the factory for a client of the ARN's region).
 *
 * @example
 * ```ts
 * const deps = createAwsDeps(inputs, plan);
 * const result = await execute(plan, deps);
 * ```
 */
export function createAwsDeps(inputs: Inputs, plan: Plan): ExecuteDeps {
  // `auto-select-family-attempt-timeout`, as the official action: Node tries the A and AAAA
  // addresses of a dual-stack endpoint in turn and gives each this long (default 250 ms in Node,
  // 1000 ms in action.yml); runners far from the region time out at Node's default
  // (nodejs/node#54359). Process-wide, which is what a step's process is for.
  setDefaultAutoSelectFamilyAttemptTimeout(inputs.autoSelectFamilyAttemptTimeout);
  const factory = new AwsClientFactory({
    // A step is a short burst, not a long-lived service: `standard` retries (jittered exponential
    // backoff; the limiter per service backs off on throttles in place of the SDK's retry quota,
    // which 1,000 calls at 30% throttling would spend in their first wave) without `adaptive`'s
    // rate limiter, which slows a burst to 0.5 requests/s after a few throttles; and 10 attempts, because 5 lose about 1 call in 145
    // at 30% throttling (0.37^5 with 503s and resets), i.e. about half the runs of 100 secrets. Measured
    // in packages/reliability/test/faults.test.ts.
    retryMode: 'standard',
    maxAttempts: ACTION_MAX_ATTEMPTS,
    // The SDK's 20 s cap lets one unlucky call keep the whole step waiting ~25 s under 30%
    // throttling; 2 s bounds a call that keeps failing to ~13 s of waits (~6.5 s on average).
    maxBackoffMs: ACTION_MAX_BACKOFF_MS,
    ...(inputs.region === undefined ? {} : { region: inputs.region }),
    ...(inputs.endpointUrl === undefined ? {} : { endpoint: inputs.endpointUrl }),
    // Each service gets the calls in flight its published quota allows in one burst, backing off
    // on throttles (aws-adapter's SERVICE_CONCURRENCY); max-concurrency caps both.
    ...(inputs.maxConcurrency === undefined ? {} : { maxConcurrency: inputs.maxConcurrency }),
    // Named in the fix of AWS setup errors: "no AWS region: set AWS_REGION or the region input".
    settingNames: { region: 'the region input', endpoint: 'the endpoint-url input' },
  });
  // The discovery provider decrypts each distinct wrapped key once and keeps the data key for the
  // other envelopes that share it, until dispose() zeroes them (and the local provider's KEK copy).
  const kms = KmsKeyProvider.discovery(factory);
  const local = inputs.localKey === undefined ? undefined : LocalKeyProvider.fromBytes(inputs.localKey);
  return {
    envelopes: { detectFormat, inspect, open, openLegacy },
    secrets: new SecretsManagerSource(factory),
    kms,
    local,
    resolveKeyIds: (ids) => resolveKeyIds(factory, ids),
    readFile: workspaceFileReader(plan.workspace),
    dispose: () => {
      kms.clear();
      local?.clear();
      factory.destroy();
    },
  };
}
