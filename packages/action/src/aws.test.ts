import { getDefaultAutoSelectFamilyAttemptTimeout, setDefaultAutoSelectFamilyAttemptTimeout } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsDeps } from './aws.js';
import { readInputs } from './inputs.js';
import { buildPlan } from './plan.js';

describe('createAwsDeps', () => {
  const before = getDefaultAutoSelectFamilyAttemptTimeout();
  afterEach(() => setDefaultAutoSelectFamilyAttemptTimeout(before));

  it('sets Node’s auto-select-family attempt timeout from the input, as the official action', () => {
    const given: Record<string, string> = {
      'secret-ids': 'prod/db',
      'auto-select-family-attempt-timeout': '2345',
    };
    const inputs = readInputs((name) => given[name] ?? '');
    const step = {
      workspace: process.cwd(),
      workflow: { repository: undefined, ref: undefined, environment: undefined },
    };
    const deps = createAwsDeps(inputs, buildPlan(inputs, step));
    try {
      expect(getDefaultAutoSelectFamilyAttemptTimeout()).toBe(2345);
    } finally {
      deps.dispose?.();
    }
  });
});
