/**
 * Key specs, as DESIGN.md's CLI section writes them:
 * - `alias/NAME`, `arn:...:kms:...:key/ID` or `arn:...:kms:...:alias/NAME`: a KMS symmetric key (`aws-kms`)
 * - `aws-kms-rsa:ARN`: a KMS RSA key; wraps offline with its public key, opens with KMS Decrypt
 * - `rsa-public:FILE.pem` (wrap only) / `rsa-private:FILE.pem` (wrap and open): an offline RSA key (`rsa`)
 * - `local:FILE`: a 32-byte key-encryption key in a file (`local`)
 */

import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type AwsClientFactory, KmsKeyProvider, KmsRsaKeyProvider } from '@envelope-kit/aws-adapter';
import {
  EnvelopeKitError,
  isEnvelopeKitError,
  type KeyProvider,
  LocalKeyProvider,
  RsaKeyProvider,
} from '@envelope-kit/envelope-core';
import { CliError, markSubjectKind, UsageError } from './errors.js';
import { commandHint, retryHint } from './hint.js';

/** A parsed key spec. */
export type KeySpec =
  | { readonly kind: 'aws-kms'; readonly keyId: string }
  | { readonly kind: 'aws-kms-rsa'; readonly keyId: string }
  | { readonly kind: 'rsa-public' | 'rsa-private'; readonly path: string }
  | { readonly kind: 'local'; readonly path: string };

const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)\/.+$/;

/**
 * Parses one `--key` value; a usage error names what is expected.
 *
 * @example
 * ```ts
 * parseKeySpec('alias/prod');            // { kind: 'aws-kms', keyId: 'alias/prod' }
 * parseKeySpec('local:./kek.bin');       // { kind: 'local', path: './kek.bin' }
 * parseKeySpec('aws-kms-rsa:arn:aws:kms:us-east-1:111122223333:key/1'); // { kind: 'aws-kms-rsa', ... }
 * ```
 */
export function parseKeySpec(spec: string): KeySpec {
  const colon = spec.indexOf(':');
  const scheme = colon < 0 ? '' : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (spec.startsWith('alias/') && spec.length > 'alias/'.length) return { kind: 'aws-kms', keyId: spec };
  if (KMS_ARN.test(spec)) return { kind: 'aws-kms', keyId: spec };
  switch (scheme) {
    case 'aws-kms':
      if (rest.startsWith('alias/') || KMS_ARN.test(rest)) return { kind: 'aws-kms', keyId: rest };
      break;
    case 'aws-kms-rsa':
      if (KMS_ARN.test(rest) || rest.startsWith('alias/')) return { kind: 'aws-kms-rsa', keyId: rest };
      break;
    case 'rsa-public':
    case 'rsa-private':
    case 'local':
      if (rest !== '') return { kind: scheme, path: rest };
      break;
  }
  throw new UsageError(
    'bad --key: expected alias/NAME, a KMS key ARN, aws-kms-rsa:ARN, rsa-public:FILE.pem, rsa-private:FILE.pem or local:FILE',
    { subject: spec, kind: 'key' },
  );
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new CliError(
      'ERR_FILE_READ',
      `cannot read key file${typeof code === 'string' ? ` (${code})` : ''}`,
      {
        subject: path,
        kind: 'file',
      },
    );
  }
}

/**
 * The key id of an offline RSA key: `rsa:sha256:<hex of the SPKI DER digest>`, the same for
 * its public and private PEM, so an envelope sealed with one opens with the other.
 *
 * @example
 * ```ts
 * rsaKeyId(publicPem); // 'rsa:sha256:3f1c...'
 * ```
 */
export function rsaKeyId(pem: string): string {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return `rsa:sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** 64 hex digits and a newline at most: what `openssl rand -hex 32` writes. */
const HEX_KEY = /^[0-9a-fA-F]{64}\s*$/;

/**
 * A local key file that holds hex (`openssl rand -hex 32 > kek`) is refused by the provider, which
 * reads raw bytes or base64; say how to convert it. The file is read again only to tell that.
 */
function withHexHint(error: EnvelopeKitError, path: string): EnvelopeKitError {
  let content: Buffer | undefined;
  try {
    content = readFileSync(path);
    if (content.length > 80 || !HEX_KEY.test(content.toString('latin1'))) return error;
  } catch {
    return error;
  } finally {
    content?.fill(0);
  }
  return new EnvelopeKitError(
    error.code,
    `${error.message}; it holds hex (openssl rand -hex 32?): convert it with: xxd -r -p ${path} | base64 > ${path}.b64, then run: ${retryHint('hex-key-retry', { replace: [`local:${path}`, `local:${path}.b64`] })} (or make a key with: ${commandHint('hex-key-keygen', ['keygen', '--out', 'FILE'])})`,
    { subject: path, cause: error },
  );
}

/**
 * Builds the provider of one key spec. KMS providers share `factory`'s clients.
 *
 * @example
 * ```ts
 * const provider = providerFor(parseKeySpec('alias/prod'), factory);
 * ```
 */
export function providerFor(spec: KeySpec, factory: AwsClientFactory): KeyProvider {
  switch (spec.kind) {
    case 'aws-kms':
      return new KmsKeyProvider(factory, spec.keyId);
    case 'aws-kms-rsa':
      return new KmsRsaKeyProvider(factory, spec.keyId);
    case 'rsa-public': {
      const publicKeyPem = readKeyFile(spec.path);
      return RsaKeyProvider.fromPem({ keyId: rsaKeyId(publicKeyPem), publicKeyPem });
    }
    case 'rsa-private': {
      const privateKeyPem = readKeyFile(spec.path);
      return RsaKeyProvider.fromPem({ keyId: rsaKeyId(privateKeyPem), privateKeyPem });
    }
    case 'local':
      try {
        return LocalKeyProvider.fromFile(spec.path);
      } catch (error) {
        // envelope-core's message names the file and says what is wrong, never the content.
        throw isEnvelopeKitError(error)
          ? markSubjectKind(withHexHint(error, spec.path).about(spec.path), 'file')
          : new CliError('ERR_FILE_READ', 'cannot read key file', { subject: spec.path, kind: 'file' });
      }
  }
}

/**
 * Parses every `--key` and builds their providers, in order (the first one generates the data key
 * when sealing).
 *
 * @example
 * ```ts
 * const providers = providersFor(['alias/prod', 'local:break-glass.bin'], factory);
 * ```
 */
export function providersFor(specs: readonly string[], factory: AwsClientFactory): KeyProvider[] {
  return specs.map((spec) => providerFor(parseKeySpec(spec), factory));
}

/**
 * Zeroes what the providers keep of keys once a command is done with them: a local KEK, the data
 * keys KMS discovery kept for deduplication. Providers with nothing to zero are left alone.
 *
 * @example
 * ```ts
 * const providers = providersFor(['local:kek.bin'], factory);
 * try {
 *   envelope = await seal(plaintext, { providers, context });
 * } finally {
 *   clearKeys(providers);
 * }
 * ```
 */
export function clearKeys(providers: readonly KeyProvider[]): void {
  for (const provider of providers) {
    if (provider instanceof LocalKeyProvider || provider instanceof KmsKeyProvider) provider.clear();
  }
}
