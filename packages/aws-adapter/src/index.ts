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
