import { EnvelopeKitError, type EnvelopeKitErrorCode, isEnvelopeKitError } from '@envelope-kit/envelope-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { EnvNameErrorCode } from './env-names.js';
import { type AwsErrorCode, errorFromCode, toAwsError } from './errors.js';

const sdkError = (name: string, message = 'service message', status = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('toAwsError', () => {
  it.each([
    ['ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 'ERR_SECRET_NOT_FOUND'],
    // moto's wording and AWS's wording for a secret scheduled for deletion.
    [
      'InvalidRequestException',
      "You tried to perform the operation on a secret that's currently marked deleted.",
      'ERR_SECRET_DELETED',
    ],
    [
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
      'ERR_SECRET_DELETED',
    ],
    ['InvalidRequestException', 'something else', 'ERR_AWS'],
    ['AccessDeniedException', 'User is not authorized', 'ERR_ACCESS_DENIED'],
    ['ThrottlingException', 'Rate exceeded', 'ERR_THROTTLED'],
    ['TooManyRequestsException', 'slow down', 'ERR_THROTTLED'],
    ['TimeoutError', 'request timed out', 'ERR_TIMEOUT'],
    ['ValidationException', 'Value at secretString failed to satisfy constraint', 'ERR_AWS'],
  ])('%s (%s) -> %s', (name, message, code) => {
    const cause = sdkError(name, message);
    const error = toAwsError(cause, 'prod/db');
    expect(error).toMatchObject({ code, subject: 'prod/db', cause });
    // The subject is printed beside the message (CLI and action), not inside it.
    expect(error.message).not.toMatch(/^prod\/db:/);
    // The SDK's message is never copied: AWS validation messages can echo request fields.
    expect(error.message).not.toContain(message);
  });

  it('maps network errors by their code, and HTTP 403 / 429 by status', () => {
    const network = (code: string) => toAwsError(Object.assign(new Error('x'), { code }), 'k').code;
    expect(network('ECONNRESET')).toBe('ERR_TIMEOUT');
    // A refused connection or an unknown host gets no answer by design: no timeout, nor retry worth.
    expect(network('ECONNREFUSED')).toBe('ERR_CONNECTION_REFUSED');
    expect(network('ENOTFOUND')).toBe('ERR_HOST_NOT_FOUND');
    expect(network('EAI_AGAIN')).toBe('ERR_HOST_NOT_FOUND');
    expect(network('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('ERR_BAD_ENDPOINT');
    expect(toAwsError(sdkError('SomethingForbidden', 'x', 403), 'k').code).toBe('ERR_ACCESS_DENIED');
    expect(toAwsError(sdkError('Unknown', 'x', 429), 'k').code).toBe('ERR_THROTTLED');
    expect(toAwsError('not an error', 'k')).toMatchObject({
      code: 'ERR_AWS',
      message: 'AWS error UnknownError',
    });
  });

  it('passes envelope-kit errors through, filling a missing subject', () => {
    const original = new EnvelopeKitError('ERR_KEY_PROVIDER', 'x');
    expect(toAwsError(original, 'prod/db')).toBe(original);
    expect(original.subject).toBe('prod/db');
    expect(errorFromCode('ResourceNotFoundException', 'a').code).toBe('ERR_SECRET_NOT_FOUND');
  });
});

describe('error codes as types', () => {
  // Checked by `pnpm typecheck`: aws-adapter registers its codes with envelope-core's
  // EnvelopeKitErrorCodes, so isEnvelopeKitError takes them (and narrows), and still refuses typos.
  it('lets isEnvelopeKitError take and narrow aws-adapter codes', () => {
    const error: unknown = errorFromCode('ResourceNotFoundException', 'prod/db');
    expect(isEnvelopeKitError(error, 'ERR_SECRET_NOT_FOUND')).toBe(true);
    if (isEnvelopeKitError(error, 'ERR_SECRET_NOT_FOUND')) {
      expectTypeOf(error.code).toEqualTypeOf<'ERR_SECRET_NOT_FOUND'>();
    }
    // @ts-expect-error 'ERR_SECRET_NOT_FOUNDD' is no registered code
    expect(isEnvelopeKitError(error, 'ERR_SECRET_NOT_FOUNDD')).toBe(false);
    expectTypeOf<AwsErrorCode | EnvNameErrorCode>().toExtend<EnvelopeKitErrorCode>();
  });
});
