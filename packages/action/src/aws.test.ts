import { getDefaultAutoSelectFamilyAttemptTimeout, setDefaultAutoSelectFamilyAttemptTimeout } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsDeps } from './aws.js';
import { inputsFromEnv, readInputs } from './inputs.js';
import { buildPlan } from './plan.js';

describe('createAwsDeps', () => {
  const before = getDefaultAutoSelectFamilyAttemptTimeout();
  afterEach(() => setDefaultAutoSelectFamilyAttemptTimeout(before));

  it('sets Node’s auto-select-family attempt timeout from the input, as the official action', () => {
    const inputs = readInputs(
      inputsFromEnv({ 'INPUT_SECRET-IDS': 'prod/db', 'INPUT_AUTO-SELECT-FAMILY-ATTEMPT-TIMEOUT': '2345' }),
    );
    const deps = createAwsDeps(inputs, buildPlan(inputs, {}, process.cwd()));
    try {
      expect(getDefaultAutoSelectFamilyAttemptTimeout()).toBe(2345);
    } finally {
      deps.dispose?.();
    }
  });
});
