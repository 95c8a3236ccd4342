// The strategy of aws-actions/aws-secretsmanager-get-secrets, applied to envelopes: one
// GetSecretValue after another, then one KMS Decrypt after another (envelope-core open with a KMS
// provider, one envelope at a time). Run by bench/run.mjs as a step (INPUT_SECRET-IDS,
// INPUT_ENDPOINT-URL), on the same secrets and through the same proxy as the action.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { AwsClientFactory, KmsKeyProvider } from '../../aws-adapter/dist/index.js';
import { open } from '../../envelope-core/dist/index.js';

// The SDK client comes from aws-adapter's dependencies (the action package does not depend on it).
const require = createRequire(fileURLToPath(new URL('../../aws-adapter/package.json', import.meta.url)));
const { GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');

const ids = (process.env['INPUT_SECRET-IDS'] ?? '').split('\n').filter(Boolean);
const factory = new AwsClientFactory({ endpoint: process.env['INPUT_ENDPOINT-URL'] });
const client = factory.secretsManager();
const values = [];
for (const id of ids) {
  const answer = await client.send(new GetSecretValueCommand({ SecretId: id }));
  values.push([id, answer.SecretString ?? '']);
}
const kms = KmsKeyProvider.discovery(factory);
let opened = 0;
for (const [id, envelope] of values) {
  const result = await open(envelope, { providers: [kms], subject: id });
  result.plaintext.fill(0);
  opened++;
}
if (opened !== ids.length) process.exit(1);
