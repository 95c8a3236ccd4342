import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseKeySpec, rsaKeyId } from './keys.js';

describe('parseKeySpec', () => {
  const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  it.each([
    ['alias/prod', { kind: 'aws-kms', keyId: 'alias/prod' }],
    [arn, { kind: 'aws-kms', keyId: arn }],
    [
      'arn:aws:kms:eu-west-1:111122223333:alias/prod',
      { kind: 'aws-kms', keyId: 'arn:aws:kms:eu-west-1:111122223333:alias/prod' },
    ],
    [`aws-kms-rsa:${arn}`, { kind: 'aws-kms-rsa', keyId: arn }],
    ['rsa-public:keys/ops.pub.pem', { kind: 'rsa-public', path: 'keys/ops.pub.pem' }],
    ['rsa-private:ops.pem', { kind: 'rsa-private', path: 'ops.pem' }],
    ['local:./kek.bin', { kind: 'local', path: './kek.bin' }],
    ['local:C:with:colons', { kind: 'local', path: 'C:with:colons' }],
  ])('%s', (spec, want) => {
    expect(parseKeySpec(spec)).toEqual(want);
  });

  it.each(['', 'alias/', 'prod', 'local:', 'aws-kms-rsa:not-an-arn', 'arn:aws:s3:::bucket', 'gcp:key'])(
    'refuses %j as a usage error naming the forms',
    (spec) => {
      expect(() => parseKeySpec(spec)).toThrow(expect.objectContaining({ code: 'ERR_USAGE', subject: spec }));
    },
  );

  it('gives the public and the private PEM of one RSA key the same id', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(rsaKeyId(pub)).toMatch(/^rsa:sha256:[0-9a-f]{64}$/);
    expect(rsaKeyId(priv)).toBe(rsaKeyId(pub));
  });
});
