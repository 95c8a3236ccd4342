/**
 * What every command is: a name, its help, its options, and a `run` that returns an exit code.
 * Shared helpers build the AWS client factory from the global options.
 */
import {
  AwsClientFactory,
  type AwsClientOptions,
  isKmsAlias,
  isKmsKeyArn,
  type PutSecretOptions,
  type PutSecretResult,
  regionOf,
  SecretsManagerSource,
} from '@envelope-kit/aws-adapter';
import { EnvelopeKitError } from '@envelope-kit/envelope-core';
import type { OptionSpec, ParsedValues } from './args.js';
import { stringOption } from './args.js';
import { CliError, markCommandSubject, markSubjectKind, type SubjectKind } from './errors.js';

/** One `envelope` command. */
export interface Command {
  readonly name: string;
  /** One line for `envelope --help`. */
  readonly summary: string;
  /** The full `envelope <name> --help` text, examples included. */
  readonly help: string;
  readonly options: Record<string, OptionSpec>;
  /** Runs the command; `rest` holds the arguments after `--` (only `run` takes them). */
  run(values: ParsedValues, positionals: string[], rest: string[] | undefined): Promise<number>;
}

/**
 * The text printed after every command's own help: the global options and exit codes.
 *
 * @example
 * ```ts
 * const help = `Usage: envelope seal ...\n\n${GLOBAL_HELP}`;
 * ```
 */
export const GLOBAL_HELP = `Global options:
  --region REGION        AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, profile)
  --endpoint-url URL     AWS endpoint (default: AWS_ENDPOINT_URL), e.g. a local emulator
  --json                 JSON output (push, rewrap, migrate; inspect always prints JSON)
  --debug                on failure, also print the error chain: names, codes, AWS call,
                         HTTP status and request ids (never a value)
  -h, --help             this help

Exit codes: 0 ok, 1 failure, 2 usage error.`;

/**
 * The AWS client factory from `--region` and `--endpoint-url` (else AWS_ENDPOINT_URL, which the SDK
 * also reads by itself).
 *
 * @example
 * ```ts
 * const factory = awsFactory(values);
 * ```
 */
export function awsFactory(
  values: ParsedValues,
  regionOverride?: string,
  options: AwsClientOptions = {},
): AwsClientFactory {
  const region = regionOverride ?? stringOption(values, 'region');
  const endpoint = stringOption(values, 'endpoint-url') ?? (process.env.AWS_ENDPOINT_URL || undefined);
  return new AwsClientFactory({
    ...options,
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    // Named in the fix of AWS setup errors: "no AWS region: set AWS_REGION or pass --region".
    settingNames: { region: 'pass --region', endpoint: '--endpoint-url' },
  });
}

/** Key ids that are no KMS alias or key ARN: local and RSA key ids, bare KMS key ids. */
const OTHER_KEY_ID =
  /^(local:|rsa:|mrk-[0-9a-f]{32}$|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)/;

/** Whether a subject is a key id as providers report them. */
function isKeyId(id: string): boolean {
  return isKmsAlias(id) || isKmsKeyArn(id) || OTHER_KEY_ID.test(id);
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12,}:secret:(.+)$/;

/**
 * The secret name of an id: the name itself, or the name inside an ARN without the 6-character
 * suffix Secrets Manager appends. Prefer the name Secrets Manager answers with when there is one.
 *
 * @example
 * ```ts
 * secretNameOf('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf'); // 'prod/db'
 * ```
 */
export function secretNameOf(id: string): string {
  const resource = SECRET_ARN.exec(id)?.[1];
  return resource === undefined ? id : resource.replace(/-[A-Za-z0-9]{6}$/, '');
}

/**
 * Writes `value` as the new version of the secret `id` (creating it when absent). An ARN is written
 * by name in the ARN's own region: Secrets Manager's CreateSecret takes a name, never an ARN.
 *
 * @example
 * ```ts
 * const { arn, versionId, created } = await putSecret(values, 'prod/db', envelope, {});
 * ```
 */
export async function putSecret(
  values: ParsedValues,
  id: string,
  value: string,
  options: PutSecretOptions = {},
): Promise<PutSecretResult> {
  const factory = awsFactory(values, regionOf(id));
  try {
    return await secretsSource(factory).put(secretNameOf(id), value, options);
  } finally {
    factory.destroy();
  }
}

/**
 * Fetches one secret's current value as text.
 *
 * @example
 * ```ts
 * const { name, arn, text } = await fetchSecretText(source, 'prod/db');
 * ```
 */
export async function fetchSecretText(
  source: SecretsManagerSource,
  id: string,
): Promise<{ name: string; arn: string; text: string }> {
  const [result] = await source.fetch([id]);
  if (result === undefined) throw new CliError('ERR_INTERNAL', 'secret was not fetched', { subject: id });
  if ('error' in result) throw result.error.about(id);
  if (typeof result.value !== 'string') {
    throw new CliError('ERR_NOT_ENVELOPE', 'secret holds a binary value, not an envelope', { subject: id });
  }
  return { name: result.name, arn: result.arn, text: result.value };
}

/**
 * A Secrets Manager source on `factory`.
 *
 * @example
 * ```ts
 * const source = secretsSource(factory);
 * ```
 */
export function secretsSource(factory: AwsClientFactory): SecretsManagerSource {
  return new SecretsManagerSource(factory);
}

/**
 * Runs `task`; an envelope-kit error that names no subject gets `subject` (a secret id or file),
 * one about something else (a key) keeps its own and names `subject` too.
 *
 * @example
 * ```ts
 * const header = await about('prod/db', async () => inspect(text));
 * ```
 */
export async function about<T>(
  subject: string,
  task: () => Promise<T> | T,
  kind: SubjectKind = 'secret',
): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof EnvelopeKitError) {
      error.about(subject); // only when it names nothing yet
      if (error.subject !== subject) markCommandSubject(error, subject, kind, isKeyId(error.subject ?? ''));
      else if (kind !== 'secret') markSubjectKind(error, kind);
    }
    throw error;
  }
}
