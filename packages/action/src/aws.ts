/**
 * The one place that builds the real dependencies of execute(): the AWS client factory (region,
 * endpoint, retries), the Secrets Manager source, the KMS discovery provider, the local key
 * provider and envelope-core's operations. Everything else receives them.
 */
import * as adapter from '@envelope-kit/aws-adapter';
import { AwsClientFactory, SecretsManagerSource } from '@envelope-kit/aws-adapter';
import type { KeyProvider } from '@envelope-kit/envelope-core';
import * as core from '@envelope-kit/envelope-core';
import type { EnvelopeOps, ExecuteDeps } from './execute.js';
import { workspaceFileReader } from './files.js';
import type { Inputs } from './inputs.js';
import type { Plan } from './plan.js';

/**
 * What this module takes from envelope-core and aws-adapter beyond what their built dist exported
 * when it was written (the v1 API and the KMS providers were still being written): typed from the
 * settled contract and read from the module namespaces. Replace with named imports once both
 * packages export them.
 */
interface ContractParts extends EnvelopeOps {
  LocalKeyProvider: { fromBytes(kek: Uint8Array, keyId?: string): KeyProvider };
  KmsKeyProvider: { discovery(factory: AwsClientFactory): KeyProvider };
  resolveKeyIds(factory: AwsClientFactory, ids: string[]): Promise<string[]>;
}
const parts = { ...core, ...adapter } as unknown as ContractParts;

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
    envelopes: {
      detectFormat: parts.detectFormat,
      inspect: parts.inspect,
      open: parts.open,
      openLegacy: parts.openLegacy,
    },
    secrets: new SecretsManagerSource(factory, { concurrency: inputs.maxConcurrency }),
    kms: parts.KmsKeyProvider.discovery(factory),
    local: inputs.localKey === undefined ? undefined : parts.LocalKeyProvider.fromBytes(inputs.localKey),
    resolveKeyIds: (ids) => parts.resolveKeyIds(factory, ids),
    readFile: workspaceFileReader(plan.workspace),
  };
}
