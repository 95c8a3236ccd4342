/**
 * The one place that builds the real dependencies of execute(): the AWS client factory (region,
 * endpoint, retries), the Secrets Manager source, the KMS discovery provider, the local key
 * provider and envelope-core's operations. Everything else receives them.
 */
import * as adapter from '@envelope-kit/aws-adapter';
import { AwsClientFactory, SecretsManagerSource } from '@envelope-kit/aws-adapter';
import {
  detectFormat,
  inspect,
  type KeyProvider,
  LocalKeyProvider,
  open,
  openLegacy,
} from '@envelope-kit/envelope-core';
import type { ExecuteDeps } from './execute.js';
import { workspaceFileReader } from './files.js';
import type { Inputs } from './inputs.js';
import type { Plan } from './plan.js';

/**
 * aws-adapter's KMS parts, typed from the settled contract and read from the module namespace:
 * aws-adapter did not export them yet when this was written. Replace with named imports once it does.
 */
interface KmsParts {
  KmsKeyProvider: { discovery(factory: AwsClientFactory): KeyProvider };
  resolveKeyIds(factory: AwsClientFactory, ids: string[]): Promise<string[]>;
}
const kmsParts = adapter as unknown as KmsParts;

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
  const factory = new AwsClientFactory({
    ...(inputs.region === undefined ? {} : { region: inputs.region }),
    ...(inputs.endpointUrl === undefined ? {} : { endpoint: inputs.endpointUrl }),
  });
  return {
    envelopes: { detectFormat, inspect, open, openLegacy },
    secrets: new SecretsManagerSource(factory, { concurrency: inputs.maxConcurrency }),
    kms: kmsParts.KmsKeyProvider.discovery(factory),
    local: inputs.localKey === undefined ? undefined : LocalKeyProvider.fromBytes(inputs.localKey),
    resolveKeyIds: (ids) => kmsParts.resolveKeyIds(factory, ids),
    readFile: workspaceFileReader(plan.workspace),
  };
}
