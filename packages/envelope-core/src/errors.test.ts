// Error codes are public API, typed as a union: these tests run at runtime under vitest, and their
// type assertions (`expectTypeOf`, `@ts-expect-error`) are checked by `pnpm typecheck` (tsc over
// src/**/*.test.ts): a misspelt code must not compile, and the guard must narrow by code.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CoreErrorCode,
  DecryptionFailedError,
  type EnvelopeKitErrorCode,
  InvalidArgumentError,
  isEnvelopeKitError,
} from './errors.js';

describe('isEnvelopeKitError', () => {
  it('matches envelope-kit errors, and with a code only that code', () => {
    const error: unknown = new DecryptionFailedError({ subject: 'prod/db' });
    expect(isEnvelopeKitError(error)).toBe(true);
    expect(isEnvelopeKitError(error, 'ERR_DECRYPTION_FAILED')).toBe(true);
    expect(isEnvelopeKitError(error, 'ERR_CONTEXT_MISMATCH')).toBe(false);
    expect(isEnvelopeKitError(new Error('decryption failed'))).toBe(false);
    expect(isEnvelopeKitError({ code: 'ERR_DECRYPTION_FAILED' }, 'ERR_DECRYPTION_FAILED')).toBe(false);
  });

  it('narrows the code to the one asked for', () => {
    const error: unknown = new InvalidArgumentError('expected 32-byte key, got 31');
    if (!isEnvelopeKitError(error, 'ERR_INVALID_ARGUMENT')) throw new Error('guard refused its own code');
    expectTypeOf(error.code).toEqualTypeOf<'ERR_INVALID_ARGUMENT'>();
    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
  });

  it('refuses a misspelt code at compile time', () => {
    const error: unknown = new DecryptionFailedError();
    // @ts-expect-error 'ERR_DECRYPT_FAILD' is no EnvelopeKitErrorCode
    expect(isEnvelopeKitError(error, 'ERR_DECRYPT_FAILD')).toBe(false);
    // @ts-expect-error a code is a string literal from the union, not any string
    expect(isEnvelopeKitError(error, String('ERR_DECRYPTION_FAILED'))).toBe(true);
  });

  it('types the code of every error as the union of known codes', () => {
    expectTypeOf<CoreErrorCode>().toExtend<EnvelopeKitErrorCode>();
    expectTypeOf(new InvalidArgumentError('x').code).toEqualTypeOf<'ERR_INVALID_ARGUMENT'>();
    const error: unknown = new InvalidArgumentError('x');
    if (isEnvelopeKitError(error)) expectTypeOf(error.code).toEqualTypeOf<EnvelopeKitErrorCode>();
  });
});
