// Legacy envelopes made by the real seed recipe against moto: the aws CLI's generate-data-key, the
// openssl binary with the recipe's flags, GNU base64 (wrapping at 76 columns) and the recipe's JSON,
// then opened through envelope-core's openLegacy with the aws-kms provider (Decrypt without context;
// a discovery provider also without KeyId).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { openLegacy } from '@envelope-kit/envelope-core';
import {
  awsTestEnv,
  type FaultProxy,
  resetMoto,
  startFaultProxy,
  testClientOptions,
} from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsClientFactory } from '../src/clients.js';
import { KmsKeyProvider } from '../src/kms.js';

const endpoint = inject('motoEndpoint');
const factory = new AwsClientFactory(testClientOptions(endpoint));
const env = { ...process.env, ...awsTestEnv(endpoint) };
let dir: string;
let keyArn: string;
let otherKeyArn: string;

/**
 * Runs the recipe in a shell exactly as the DESIGN quotes it; returns the envelope text. Data keys
 * whose first byte is 0x00 or 0x0A are drawn again: with them openssl fails or encrypts with an empty
 * password (envelope-core's own tests cover those), and this test is about the KMS side.
 */
function recipe(keyId: string, secret: string): string {
  for (;;) {
    const script = `
      set -eu
      aws kms generate-data-key --key-id "$KEY_ID" --key-spec AES_256 --output json --endpoint-url "$AWS_ENDPOINT_URL" --region us-east-1 > data-key.json
      jq -r .Plaintext data-key.json | base64 --decode > data-key-plaintext.bin
      echo "$SECRET" | openssl enc -aes-256-cbc -salt -in /dev/stdin -out secret-encrypted.bin -pass file:./data-key-plaintext.bin
      printf '{"encryptedSecret": "%s", "encryptedDataKey": "%s"}' "$(base64 secret-encrypted.bin)" "$(jq -r .CiphertextBlob data-key.json)" > envelope.json
    `;
    const first = () => readFileSync(join(dir, 'data-key-plaintext.bin'))[0];
    try {
      execFileSync('bash', ['-c', script], {
        cwd: dir,
        env: { ...env, KEY_ID: keyId, SECRET: secret },
        stdio: 'pipe',
      });
    } catch (error) {
      if (first() === 0x00) continue;
      throw error;
    }
    if (first() === 0x0a) continue;
    return readFileSync(join(dir, 'envelope.json'), 'utf8');
  }
}

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'ek-legacy-kms-'));
  const kms = factory.kms();
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  otherKeyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  factory.destroy();
});

describe('legacy recipe envelopes through KMS', () => {
  const long = 'a legacy secret longer than thirty-one characters, so base64 wraps it: ✓';

  it('opens with a discovery provider: Decrypt without KeyId and context, the key ARN reported', async () => {
    const envelope = recipe(keyArn, long);
    expect(envelope).toMatch(/"encryptedSecret": "[^"]*\n/); // GNU base64 wrapped it: not strict JSON
    let proxy: FaultProxy | undefined;
    try {
      proxy = await startFaultProxy({ target: endpoint });
      const through = new AwsClientFactory(testClientOptions(proxy.endpoint));
      // Records what the provider asked the SDK for (the request still goes to moto unchanged).
      const inputs: Record<string, unknown>[] = [];
      through.kms().middlewareStack.add(
        (next) => async (args) => {
          inputs.push(args.input as Record<string, unknown>);
          return next(args);
        },
        { step: 'initialize', name: 'recordInput' },
      );
      const result = await openLegacy(envelope, {
        provider: KmsKeyProvider.discovery(through),
        subject: 'prod/db',
      });
      expect(Buffer.from(result.plaintext).toString('utf8')).toBe(long); // echo's newline stripped
      expect(result.keyId).toBe(keyArn);
      expect(result.kdf).toBe('sha256');
      expect(proxy.stats()['TrentService.Decrypt']?.requests).toBe(1);
      expect(inputs).toHaveLength(1);
      expect(Object.keys(inputs[0] ?? {})).toEqual(['CiphertextBlob']); // no KeyId, no EncryptionContext
    } finally {
      await proxy?.close();
    }
  });

  it('opens with the key given by ARN (KMS checks the blob is that key) and refuses another key', async () => {
    const envelope = recipe(keyArn, 'short');
    const result = await openLegacy(envelope, { provider: new KmsKeyProvider(factory, keyArn) });
    expect(Buffer.from(result.plaintext).toString('utf8')).toBe('short');
    expect(result.keyId).toBe(keyArn);
    // AWS: IncorrectKeyException (ERR_DECRYPTION_FAILED); moto 5.2: AccessDeniedException.
    await expect(
      openLegacy(envelope, { provider: new KmsKeyProvider(factory, otherKeyArn), subject: 'prod/db' }),
    ).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', subject: otherKeyArn });
  });

  it('applies allowedKeyIds to the key KMS reports', async () => {
    const envelope = recipe(keyArn, 'allowed?');
    const allowed = KmsKeyProvider.discovery(factory, { allowedKeyIds: [keyArn] });
    await expect(openLegacy(envelope, { provider: allowed })).resolves.toMatchObject({ keyId: keyArn });
    const error = await openLegacy(envelope, {
      provider: KmsKeyProvider.discovery(factory, { allowedKeyIds: [otherKeyArn] }),
      subject: 'prod/db',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_KEY_NOT_ALLOWED', subject: keyArn });
    expect((error as Error).message).not.toContain('allowed?');
  });

  it('a data key blob that KMS does not accept fails without leaking it', async () => {
    const envelope = JSON.parse(recipe(keyArn, 'x').replace(/\n/g, '')) as Record<string, string>;
    const blob = Buffer.from(envelope.encryptedDataKey as string, 'base64');
    blob[blob.length - 1] = (blob[blob.length - 1] as number) ^ 1;
    const tampered = JSON.stringify({ ...envelope, encryptedDataKey: blob.toString('base64') });
    const error = await openLegacy(tampered, { provider: KmsKeyProvider.discovery(factory) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ERR_DECRYPTION_FAILED' });
    expect(String(error)).not.toContain(blob.toString('base64'));
  });
});
