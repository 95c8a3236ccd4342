import { describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';
import { buildPlan } from './plan.js';
import { applyPolicy, legacyPasswordBits, WEAK_LEGACY_BITS } from './policy.js';
import type { OpenedValue } from './variables.js';

const plan = (values: Record<string, string> = {}) =>
  buildPlan(
    readInputs((name) => ({ 'secret-ids': 'x', ...values })[name] ?? ''),
    { workspace: '/ws', workflow: { repository: undefined, ref: undefined, environment: undefined } },
  );

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/k';
const value = (subject: string, extra: Partial<OpenedValue>): OpenedValue => ({
  subject,
  kind: 'secret',
  alias: undefined,
  name: subject,
  value: `value-of-${subject}`,
  format: 'v1',
  keyId: KEY,
  context: { secret: subject },
  warnings: [],
  ...extra,
});
const legacy = (subject: string, length: number) =>
  value(subject, { format: 'legacy', context: undefined, legacyPasswordLength: length });
const codes = (r: ReturnType<typeof applyPolicy>) => r.failures.map((f) => [f.subject, f.code]);

describe('applyPolicy', () => {
  it('states the weak threshold: fewer than 11 password bytes is under 80 bits', () => {
    expect(WEAK_LEGACY_BITS).toBe(80);
    expect(legacyPasswordBits(10)).toBeLessThan(80);
    expect(legacyPasswordBits(11)).toBeGreaterThanOrEqual(80);
  });

  it('refuses weak legacy envelopes by default, naming envelope migrate; accepts them by name', () => {
    const opened = [legacy('old/empty', 0), legacy('old/short', 10), legacy('old/ok', 11)];
    const strict = applyPolicy(plan(), opened, undefined);
    expect(codes(strict)).toEqual([
      ['old/empty', 'ERR_LEGACY_WEAK'],
      ['old/short', 'ERR_LEGACY_WEAK'],
    ]);
    expect(strict.failures[0]?.message).toContain('envelope migrate old/empty');
    expect(strict.failures[1]?.message).not.toContain('10');
    const accepted = applyPolicy(plan({ 'accept-weak-legacy': 'old/empty\nold/short' }), opened, undefined);
    expect(accepted.failures).toEqual([]);
    expect(accepted.accepted.map((v) => v.subject)).toEqual(['old/empty', 'old/short', 'old/ok']);
  });

  it('warns about every legacy value that passes, weak or not, naming the secret', () => {
    const r = applyPolicy(
      plan({ 'accept-weak-legacy': 'old/empty' }),
      [legacy('old/empty', 0), legacy('old/ok', 32)],
      undefined,
    );
    expect(r.accepted.map((v) => v.warnings)).toEqual([
      [
        'legacy envelope (no context, key list not authenticated, weak password accepted by accept-weak-legacy): re-seal it: envelope migrate old/empty',
      ],
      ['legacy envelope (no context, key list not authenticated): re-seal it: envelope migrate old/ok'],
    ]);
  });

  it('refuses legacy under require-context unless legacy-envelopes: allow, and always under deny', () => {
    const opened = [legacy('old/ok', 32)];
    expect(codes(applyPolicy(plan({ 'require-context': 'stage=prod' }), opened, undefined))).toEqual([
      ['old/ok', 'ERR_LEGACY_REFUSED'],
    ]);
    expect(
      applyPolicy(plan({ 'require-context': 'stage=prod', 'legacy-envelopes': 'allow' }), opened, undefined)
        .failures,
    ).toEqual([]);
    expect(codes(applyPolicy(plan({ 'legacy-envelopes': 'deny' }), opened, undefined))).toEqual([
      ['old/ok', 'ERR_LEGACY_REFUSED'],
    ]);
  });

  it('checks allowed-key-ids for every format that has a key', () => {
    const opened = [legacy('old/ok', 32), value('new/ok', {})];
    expect(codes(applyPolicy(plan(), opened, ['arn:aws:kms:us-east-1:111122223333:key/other']))).toEqual([
      ['old/ok', 'ERR_KEY_NOT_ALLOWED'],
      ['new/ok', 'ERR_KEY_NOT_ALLOWED'],
    ]);
    expect(applyPolicy(plan(), opened, [KEY]).failures).toEqual([]);
  });

  it('refuses plain values under require-context or plaintext-secrets: deny, and in files', () => {
    const plain = value('p/one', { format: 'plain', keyId: undefined, context: undefined });
    expect(applyPolicy(plan(), [plain], undefined).failures).toEqual([]);
    expect(codes(applyPolicy(plan({ 'require-context': 'stage=prod' }), [plain], undefined))).toEqual([
      ['p/one', 'ERR_CONTEXT_MISMATCH'],
    ]);
    expect(codes(applyPolicy(plan({ 'plaintext-secrets': 'deny' }), [plain], undefined))).toEqual([
      ['p/one', 'ERR_PLAINTEXT_REFUSED'],
    ]);
    expect(codes(applyPolicy(plan(), [{ ...plain, kind: 'file' }], undefined))).toEqual([
      ['p/one', 'ERR_PLAINTEXT_REFUSED'],
    ]);
  });

  it('re-checks a v1 value: required context and the secret binding', () => {
    const v1 = value('new/ok', { context: { secret: 'new/ok', stage: 'dev' } });
    expect(codes(applyPolicy(plan({ 'require-context': 'stage=prod' }), [v1], undefined))).toEqual([
      ['new/ok', 'ERR_CONTEXT_MISMATCH'],
    ]);
    const copied = value('new/ok', { context: { secret: 'other' } });
    expect(codes(applyPolicy(plan(), [copied], undefined))).toEqual([['new/ok', 'ERR_CONTEXT_MISMATCH']]);
  });
});
