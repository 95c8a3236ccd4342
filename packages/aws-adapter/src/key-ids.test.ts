import { describe, expect, it } from 'vitest';
import { isKmsAlias, isKmsKeyArn, sameKmsKey } from './key-ids.js';

const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';

describe('KMS key ids', () => {
  it.each([
    [arn, true, false],
    ['arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234', true, false],
    ['arn:aws:kms:eu-west-1:111122223333:alias/prod', false, true],
    ['alias/prod', false, true],
    [keyId, false, false],
    ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:key/x', false, false],
    ['', false, false],
  ])('%s: key ARN %s, alias %s', (id, keyArn, alias) => {
    expect(isKmsKeyArn(id)).toBe(keyArn);
    expect(isKmsAlias(id)).toBe(alias);
  });

  it('sameKmsKey: exact ARN or the bare key id of the ARN; never an alias or another ARN', () => {
    expect(sameKmsKey(arn, arn)).toBe(true);
    expect(sameKmsKey(arn, keyId)).toBe(true);
    expect(sameKmsKey(arn, keyId.slice(1))).toBe(false);
    expect(sameKmsKey(arn, arn.replace('eu-west-1', 'us-east-1'))).toBe(false);
    expect(sameKmsKey(arn, 'alias/prod')).toBe(false);
    expect(sameKmsKey(arn, '')).toBe(false);
    expect(sameKmsKey(arn.replace('key/', 'alias/'), keyId)).toBe(false);
  });
});
