// Unit tests of the aws-kms provider's pure parts: which entries it handles, how KMS errors map, the
// KeyId check. The KMS calls themselves are tested against moto in test/kms.test.ts.
import { KMSServiceException } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { AwsClientFactory } from './clients.js';
import { checkReturnedKeyId, KmsKeyProvider, kmsDecryptError } from './kms.js';

const factory = new AwsClientFactory({ region: 'us-east-1' });
const east = 'arn:aws:kms:us-east-1:111122223333:key/aaaa';
const west = 'arn:aws:kms:eu-west-1:111122223333:key/bbbb';
const entry = (keyId: string, provider = 'aws-kms') => ({ provider, keyId });

const kmsError = (name: string) =>
  new KMSServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'secret-ish detail',
  });

describe('KmsKeyProvider.handles', () => {
  it('a key ARN handles its own entries only; a bare key id the ARNs ending in it', () => {
    const byArn = new KmsKeyProvider(factory, east);
    expect(byArn.handles(entry(east))).toBe(true);
    expect(byArn.handles(entry(west))).toBe(false);
    expect(byArn.handles(entry(east, 'aws-kms-rsa'))).toBe(false);
    expect(new KmsKeyProvider(factory, 'aaaa').handles(entry(east))).toBe(true);
    expect(new KmsKeyProvider(factory, 'aaaa').handles(entry(west))).toBe(false);
  });

  it('an alias handles the entries of its region (KMS refuses other keys when asked with it)', () => {
    expect(new KmsKeyProvider(factory, 'alias/prod').handles(entry(east))).toBe(true);
    expect(new KmsKeyProvider(factory, 'alias/prod').handles(entry(west))).toBe(false);
    const westAlias = new KmsKeyProvider(factory, 'arn:aws:kms:eu-west-1:111122223333:alias/prod');
    expect(westAlias.handles(entry(west))).toBe(true);
    expect(westAlias.handles(entry(east))).toBe(false);
  });

  it('discovery handles any aws-kms entry, or those allowed; every provider handles a legacy entry', () => {
    expect(KmsKeyProvider.discovery(factory).handles(entry(west))).toBe(true);
    const allowed = KmsKeyProvider.discovery(factory, { allowedKeyIds: [east, 'bbbb'] });
    expect(allowed.handles(entry(east))).toBe(true);
    expect(allowed.handles(entry(west))).toBe(true);
    expect(allowed.handles(entry(east.replace('aaaa', 'cccc')))).toBe(false);
    expect(new KmsKeyProvider(factory, east).handles(entry(''))).toBe(true);
    expect(KmsKeyProvider.discovery(factory, { allowedKeyIds: [] }).handles(entry(''))).toBe(true);
  });

  it('refuses an empty key id, and unwraps nothing it does not handle', async () => {
    expect(() => new KmsKeyProvider(factory, '')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    await expect(
      new KmsKeyProvider(factory, east).unwrapDataKey(
        { ...entry(west), encryptedKey: new Uint8Array(8) },
        {},
      ),
    ).rejects.toMatchObject({ code: 'ERR_KEY_NOT_ALLOWED' });
  });
});

describe('KMS error mapping', () => {
  it.each([
    ['InvalidCiphertextException', 'ERR_DECRYPTION_FAILED'],
    ['IncorrectKeyException', 'ERR_DECRYPTION_FAILED'],
    ['AccessDeniedException', 'ERR_ACCESS_DENIED'],
    ['ThrottlingException', 'ERR_THROTTLED'],
    ['NotFoundException', 'ERR_KEY_NOT_FOUND'],
    ['DisabledException', 'ERR_AWS'],
  ])('%s -> %s, subject and cause kept, SDK message not copied', (name, code) => {
    const cause = kmsError(name);
    const error = kmsDecryptError(cause, east);
    expect(error).toMatchObject({ code, subject: east, cause });
    expect(error.message).not.toContain('secret-ish');
  });

  it('checkReturnedKeyId accepts the same key only', () => {
    expect(checkReturnedKeyId(east, east)).toBe(east);
    expect(checkReturnedKeyId(east, 'aaaa')).toBe(east);
    expect(checkReturnedKeyId(east, '')).toBe(east);
    expect(() => checkReturnedKeyId(west, east)).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_ID_MISMATCH' }),
    );
    expect(() => checkReturnedKeyId(undefined, east)).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_ID_MISMATCH', subject: east }),
    );
  });
});
