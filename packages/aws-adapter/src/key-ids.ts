/**
 * KMS key identifiers: key ARNs, alias ARNs, alias names and bare key ids, and their resolution to
 * key ARNs. Envelopes record the key ARN that KMS returned at seal time, so allow-lists must hold
 * key ARNs too: {@link resolveKeyIds} turns the aliases a user writes into them.
 */
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import type { AwsClientFactory } from './clients.js';
import { toAwsError } from './errors.js';

const KEY_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:key\/(.+)$/;
const ALIAS_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:alias\/.+$/;

/**
 * Whether `id` is a KMS key ARN (`arn:aws:kms:<region>:<account>:key/<key-id>`), not an alias.
 *
 * @example
 * ```ts
 * isKmsKeyArn('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...') // true
 * isKmsKeyArn('alias/prod')                                          // false
 * ```
 */
export function isKmsKeyArn(id: string): boolean {
  return KEY_ARN.test(id);
}

/**
 * Whether `id` names an alias (`alias/x` or an alias ARN), which KMS resolves to a key at call time.
 *
 * @example
 * ```ts
 * isKmsAlias('alias/prod')                                     // true
 * isKmsAlias('arn:aws:kms:us-east-1:111122223333:alias/prod')  // true
 * ```
 */
export function isKmsAlias(id: string): boolean {
  return id.startsWith('alias/') || ALIAS_ARN.test(id);
}

/**
 * Whether the key id KMS reported (`returned`, a key ARN) names the same key as `expected` (a key
 * ARN, or a bare key id). Aliases never match: they can be repointed, so a recorded or allowed id
 * must be a key ARN or key id.
 *
 * @example
 * ```ts
 * sameKmsKey('arn:aws:kms:us-east-1:1:key/abc', 'abc')                         // true
 * sameKmsKey('arn:aws:kms:us-east-1:1:key/abc', 'arn:aws:kms:us-east-1:1:key/abd') // false
 * ```
 */
export function sameKmsKey(returned: string, expected: string): boolean {
  if (returned === expected) return true;
  if (expected === '' || isKmsAlias(expected) || expected.startsWith('arn:')) return false;
  return KEY_ARN.exec(returned)?.[1] === expected;
}

/**
 * Resolves aliases, alias ARNs and bare key ids to key ARNs with DescribeKey (in the region of an
 * ARN, else the factory's region), in parallel and in input order. Key ARNs are returned as they are,
 * without a call. Use it to build `allowedKeyIds`, which envelope-core compares exactly.
 *
 * @throws an aws-adapter error (ERR_AWS for an unknown alias, ERR_ACCESS_DENIED...) naming the id.
 *
 * @example
 * ```ts
 * const allowed = await resolveKeyIds(factory, ['alias/prod-secrets', 'arn:aws:kms:eu-west-1:1:key/abc']);
 * await open(text, { providers: [KmsKeyProvider.discovery(factory, { allowedKeyIds: allowed })], allowedKeyIds: allowed });
 * ```
 */
export async function resolveKeyIds(factory: AwsClientFactory, ids: readonly string[]): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => {
      if (isKmsKeyArn(id)) return id;
      try {
        const out = await factory.kms(factory.regionOf(id)).send(new DescribeKeyCommand({ KeyId: id }));
        const arn = out.KeyMetadata?.Arn;
        if (arn === undefined) throw new Error('DescribeKey answered without KeyMetadata.Arn');
        return arn;
      } catch (error) {
        throw toAwsError(error, id);
      }
    }),
  );
}

/**
 * The state of each KMS key (`Enabled`, `Disabled`, `PendingDeletion`...), by DescribeKey in the
 * key's region, in parallel, in input order. A key KMS does not know is `NotFound`; any other
 * failure is thrown as an aws-adapter error naming the key. Used to refuse a rewrap that would
 * leave an envelope with no key that can still open it.
 *
 * @example
 * ```ts
 * const [state] = await keyStates(factory, ['arn:aws:kms:us-east-1:111122223333:key/abc']);
 * if (state !== 'Enabled') console.warn('this key cannot decrypt');
 * ```
 */
export async function keyStates(factory: AwsClientFactory, ids: readonly string[]): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => {
      try {
        const out = await factory.kms(factory.regionOf(id)).send(new DescribeKeyCommand({ KeyId: id }));
        return out.KeyMetadata?.KeyState ?? 'Unknown';
      } catch (error) {
        if ((error as { name?: unknown } | null)?.name === 'NotFoundException') return 'NotFound';
        throw toAwsError(error, id);
      }
    }),
  );
}
