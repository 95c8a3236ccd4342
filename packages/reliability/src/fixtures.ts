/**
 * Secrets for the suite, made with the real parts against moto: a KMS key, and v1 envelopes sealed
 * with it (context `secret=<name>`, as `envelope push` does) stored in Secrets Manager.
 */
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { type AwsClientFactory, KmsKeyProvider } from '@envelope-kit/aws-adapter';
import { seal } from '@envelope-kit/envelope-core';

/** One stored secret: its name, the plaintext, and what is stored (the envelope). */
export interface StoredSecret {
  readonly name: string;
  readonly plaintext: string;
  readonly stored: string;
}

/**
 * Creates a symmetric KMS key in moto and returns its ARN.
 *
 * @example
 * ```ts
 * const keyArn = await createKmsKey(factory);
 * ```
 */
export async function createKmsKey(factory: AwsClientFactory): Promise<string> {
  const { KeyMetadata } = await factory
    .kms()
    .send(new CreateKeyCommand({ Description: 'reliability suite' }));
  if (KeyMetadata?.Arn === undefined) throw new Error('CreateKey returned no ARN');
  return KeyMetadata.Arn;
}

/**
 * A plaintext with the awkward parts real secrets have (quotes, `%`, unicode, `=`), distinct per index.
 *
 * @example
 * ```ts
 * plaintextFor(3); // 'p3-…'
 * ```
 */
export function plaintextFor(index: number): string {
  return `p${index}-${'x'.repeat(index % 7)}"quoted" 100% é=${(index * 2654435761) >>> 0}`;
}

/**
 * Seals `plaintext` with the KMS key (context `secret=<name>`) and stores it as `name`.
 *
 * @example
 * ```ts
 * await storeEnvelope(factory, keyArn, 'prod/db', 'hunter2');
 * ```
 */
export async function storeEnvelope(
  factory: AwsClientFactory,
  keyArn: string,
  name: string,
  plaintext: string,
  context: Record<string, string> = { secret: name },
): Promise<StoredSecret> {
  const stored = await seal(plaintext, { providers: [new KmsKeyProvider(factory, keyArn)], context });
  await factory.secretsManager().send(new CreateSecretCommand({ Name: name, SecretString: stored }));
  return { name, plaintext, stored };
}

/**
 * Stores `count` envelope secrets `<prefix>/s000`... (each with its own data key), 8 at a time.
 *
 * @example
 * ```ts
 * const secrets = await storeEnvelopes(factory, keyArn, 'faults', 100);
 * ```
 */
export async function storeEnvelopes(
  factory: AwsClientFactory,
  keyArn: string,
  prefix: string,
  count: number,
): Promise<StoredSecret[]> {
  const out: StoredSecret[] = [];
  for (let start = 0; start < count; start += 8) {
    const batch = Array.from({ length: Math.min(8, count - start) }, (_, i) => start + i);
    out.push(
      ...(await Promise.all(
        batch.map((i) =>
          storeEnvelope(factory, keyArn, `${prefix}/s${String(i).padStart(3, '0')}`, plaintextFor(i)),
        ),
      )),
    );
  }
  return out;
}
