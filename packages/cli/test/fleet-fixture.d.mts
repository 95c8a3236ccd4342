// Types of fleet-fixture.mjs (plain JavaScript, shared with bench/fleet.mjs).

/** A KMS GenerateDataKey answer, as `aws kms generate-data-key --output json` prints it. */
export interface DataKeyJson {
  readonly Plaintext: string;
  readonly CiphertextBlob: string;
}

export function motoCall<T = Record<string, unknown>>(
  endpoint: string,
  service: 'secretsmanager' | 'kms',
  operation: string,
  body: Record<string, unknown>,
): Promise<T>;

export function generateDataKey(endpoint: string, keyId: string): Promise<DataKeyJson>;

export function opensslRecipe(
  dir: string,
  secret: string,
  dataKey: DataKeyJson,
  opensslArgs?: readonly string[],
): Promise<string>;

export function fleetValue(name: string): string;

export interface FleetNames {
  readonly v1: readonly string[];
  readonly legacy: readonly string[];
  readonly plain: readonly string[];
}

export function populateFleet(options: {
  endpoint: string;
  dir: string;
  prefix: string;
  keyAlias: string;
  v1: number;
  legacy: number;
  plain: number;
  concurrency?: number;
}): Promise<FleetNames>;
