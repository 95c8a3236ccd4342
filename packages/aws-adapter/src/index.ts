export { AwsClientFactory, type AwsClientOptions, regionOf, USER_AGENT, VERSION } from './clients.js';
export {
  AccessDeniedError,
  type AwsErrorCode,
  AwsServiceError,
  AwsTimeoutError,
  errorFromCode,
  KeyIdMismatchError,
  SecretDeletedError,
  SecretNotFoundError,
  ThrottledError,
  toAwsError,
} from './errors.js';
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
