export {
  AwsClientFactory,
  type AwsClientOptions,
  BURST_RETRY_OPTIONS,
  regionOf,
  USER_AGENT,
  VERSION,
} from './clients.js';
export {
  baseEnvName,
  CONTENT_TIER,
  checkNames,
  DENY_LIST,
  type DenyRule,
  type DenyTier,
  deniedBy,
  EnvNameError,
  type EnvNameErrorCode,
  flattenSecret,
  isJsonObjectText,
  isReservedName,
  isSecretArn,
  type NameCandidate,
  type NameChooser,
  type NamedValue,
  type NameTransformation,
  RESERVED_NAMES,
  RESERVED_PREFIXES,
  RUNNER_TIER,
  refusingRule,
  regionOfSecretArn,
  secretNameFromArn,
  splitAlias,
  toEnvName,
} from './env-names.js';
export {
  type EnvelopeFileEntry,
  EnvelopeFileError,
  type EnvelopeFileErrorCode,
  envelopeFileEntry,
  MAX_ENVELOPE_FILE_BYTES,
  workspaceFileReader,
} from './envelope-files.js';
export {
  AccessDeniedError,
  type AwsCallInfo,
  AwsConfigError,
  AwsConnectionError,
  AwsCredentialsError,
  type AwsErrorCode,
  AwsServiceError,
  AwsTimeoutError,
  awsCallOf,
  errorFromCode,
  KeyIdMismatchError,
  SecretDeletedError,
  SecretNotFoundError,
  ThrottledError,
  toAwsError,
} from './errors.js';
export { isKmsAlias, isKmsKeyArn, keyStates, resolveKeyIds, sameKmsKey } from './key-ids.js';
export { KMS_PROVIDER, type KmsDiscoveryOptions, KmsKeyProvider, type KmsKeyProviderOptions } from './kms.js';
export {
  KMS_RSA_ALGORITHM,
  KMS_RSA_PROVIDER,
  KmsRsaKeyProvider,
  type KmsRsaKeyProviderOptions,
} from './kms-rsa.js';
export { createLimiter } from './secrets/limit.js';
export {
  BATCH_SIZE,
  type FetchSecretsOptions,
  type PutSecretOptions,
  type PutSecretResult,
  type SecretResult,
  SecretsManagerSource,
  type SecretsManagerSourceOptions,
} from './secrets.js';
