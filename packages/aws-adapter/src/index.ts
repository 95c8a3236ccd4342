export { AwsClientFactory, type AwsClientOptions, regionOf, USER_AGENT, VERSION } from './clients.js';
export {
  baseEnvName,
  checkNames,
  EnvNameError,
  type EnvNameErrorCode,
  analyzeSecret,
  type AnalyzedSecret,
  flattenSecret,
  isJsonObjectText,
  isReservedName,
  isSecretArn,
  JsonValueError,
  type JsonValueErrorCode,
  MAX_JSON_DEPTH,
  type NameCandidate,
  type NamedValue,
  type NameTransformation,
  RESERVED_NAMES,
  RESERVED_PREFIXES,
  regionOfSecretArn,
  secretNameFromArn,
  splitAlias,
  toEnvName,
} from './env-names.js';
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
export { isKmsAlias, isKmsKeyArn, resolveKeyIds, sameKmsKey } from './key-ids.js';
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
