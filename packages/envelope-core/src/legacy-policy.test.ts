import { describe, expect, it } from 'vitest';
import { legacyFormatRefusal, legacyVerdict } from './legacy-policy.js';

const base = { passwordLength: 32, requireContext: false, mode: 'auto', acceptWeak: false } as const;

describe('legacyVerdict', () => {
  it('opens a full-length password when no context is required', () => {
    expect(legacyVerdict(base)).toEqual({ ok: true, weak: false });
  });
  it('refuses under require-context unless mode is allow', () => {
    expect(legacyVerdict({ ...base, requireContext: true })).toMatchObject({
      code: 'ERR_LEGACY_REFUSED',
      reason: 'context',
    });
    expect(legacyVerdict({ ...base, requireContext: true, mode: 'allow' })).toEqual({
      ok: true,
      weak: false,
    });
  });
  it('deny refuses everything', () => {
    expect(legacyVerdict({ ...base, mode: 'deny' })).toMatchObject({
      code: 'ERR_LEGACY_REFUSED',
      reason: 'denied',
    });
  });
  it('refuses under 80 bits (10 bytes) and empty, unless accepted; 11 bytes passes', () => {
    expect(legacyVerdict({ ...base, passwordLength: 10 })).toMatchObject({
      code: 'ERR_LEGACY_WEAK',
      reason: 'weak',
    });
    expect(legacyVerdict({ ...base, passwordLength: 0 })).toMatchObject({
      code: 'ERR_LEGACY_WEAK',
      reason: 'empty',
    });
    expect(legacyVerdict({ ...base, passwordLength: 11 })).toEqual({ ok: true, weak: false });
    expect(legacyVerdict({ ...base, passwordLength: 0, acceptWeak: true })).toEqual({ ok: true, weak: true });
  });
  it('allow does not waive the weak rule', () => {
    expect(legacyVerdict({ ...base, passwordLength: 3, mode: 'allow', requireContext: true })).toMatchObject({
      code: 'ERR_LEGACY_WEAK',
    });
  });
});

describe('legacyFormatRefusal (before any KMS call)', () => {
  it('refuses what the options alone decide, and leaves the weak rule to legacyVerdict', () => {
    expect(legacyFormatRefusal({ requireContext: false, mode: 'deny' })).toMatchObject({ reason: 'denied' });
    expect(legacyFormatRefusal({ requireContext: true, mode: 'auto' })).toMatchObject({ reason: 'context' });
    expect(legacyFormatRefusal({ requireContext: true, mode: 'allow' })).toBeUndefined();
    expect(legacyFormatRefusal({ requireContext: false, mode: 'auto' })).toBeUndefined();
  });
});
