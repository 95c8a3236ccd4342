/**
 * The one place that builds the real dependencies of execute(): the AWS client factory (region,
 * endpoint, retries), the Secrets Manager source, the KMS discovery provider, the local key
 * provider and envelope-core's operations. Everything else receives them.
 */

import { setDefaultAutoSelectFamilyAttemptTimeout } from 'node:net';
import {
  AwsClientFactory,
  BURST_RETRY_OPTIONS,
  KmsKeyProvider,
  resolveKeyIds,
  SecretsManagerSource,
} from '@envelope-kit/aws-adapter';
import { workspaceFileReader } from '@envelope-kit/aws-adapter/envelope-files';
import { detectFormat, inspect, LocalKeyProvider, open, openLegacy } from '@envelope-kit/envelope-core';
import type { ExecuteDeps } from './execute.js';
import type { Inputs } from './inputs.js';
import type { Plan } from './plan.js';

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
    // A step is a short burst that must finish: the shared burst retry settings (see there why).
    ...BURST_RETRY_OPTIONS,
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
