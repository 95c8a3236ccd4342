import { describe, expect, it } from 'vitest';
import { plainVerdict } from './plain-policy.js';

describe('plainVerdict', () => {
  it('passes a plain value when plaintext is allowed and no context is required', () => {
    expect(plainVerdict({ mode: 'allow', requireContext: false })).toEqual({ ok: true });
  });
  it('refuses under required context, even when plaintext is allowed', () => {
    expect(plainVerdict({ mode: 'allow', requireContext: true })).toEqual({
      ok: false,
      code: 'ERR_CONTEXT_MISMATCH',
      reason: 'context',
    });
  });
  it('deny refuses, with or without required context', () => {
    for (const requireContext of [false, true]) {
      expect(plainVerdict({ mode: 'deny', requireContext })).toEqual({
        ok: false,
        code: 'ERR_PLAINTEXT_REFUSED',
        reason: 'denied',
      });
    }
  });
});
