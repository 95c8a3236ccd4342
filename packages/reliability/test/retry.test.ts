// AwsClientFactory's retry options, which the action relies on (packages/action/src/aws.ts):
// `standard` mode with `maxBackoffMs` retries exactly maxAttempts times with short waits.
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClientFactory } from '@envelope-kit/aws-adapter';
import { startFaultProxy, testClientOptions } from '@envelope-kit/testkit';
import { expect, inject, it } from 'vitest';

const endpoint = inject('motoEndpoint');

it.each([3, 6])(
  'standard mode, %i attempts, waits capped at 50 ms: gives up after exactly that many requests, quickly',
  async (attempts) => {
    const proxy = await startFaultProxy({ target: endpoint, rules: { GetSecretValue: { throttle: 1 } } });
    const factory = new AwsClientFactory({
      ...testClientOptions(proxy.endpoint),
      retryMode: 'standard',
      maxAttempts: attempts,
      maxBackoffMs: 50,
    });
    try {
      const started = performance.now();
      await expect(
        factory.secretsManager().send(new GetSecretValueCommand({ SecretId: 'any' })),
      ).rejects.toMatchObject({
        name: 'ThrottlingException',
      });
      // Without the cap, throttling waits start at up to 500 ms and double: 5 waits alone average ~7.5 s.
      expect(performance.now() - started).toBeLessThan(50 * attempts + 1_000);
      expect(proxy.stats()['secretsmanager.GetSecretValue']?.requests).toBe(attempts);
    } finally {
      factory.destroy();
      await proxy.close();
    }
  },
);
