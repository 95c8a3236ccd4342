/**
 * Runs the corpus against a bundle of an action, as the runner runs it (testkit's runAction: Node
 * 24, INPUT_* with action.yml's defaults for what the step leaves out, GITHUB_ENV/OUTPUT/STATE
 * files), and reduces each step to what a workflow sees: exit status, the variables set, the masks
 * registered, the error lines, and what the post step blanks. Used by the suite against this
 * action's committed bundle, and by scripts/side-by-side.mjs against the official one too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClientFactory, KmsKeyProvider } from '@envelope-kit/aws-adapter';
import { seal } from '@envelope-kit/envelope-core';
import { readActionMetadata } from '@envelope-kit/release-checks';
import {
  ACTION_DIR,
  awsTestEnv,
  cleanupRun,
  runAction,
  TEST_REGION,
  testClientOptions,
} from '@envelope-kit/testkit';
import type { CompatCase, CorpusSecret, PostCase } from './cases.js';

/** The variable both actions keep their cleanup list in. */
export const CLEANUP_LIST = 'SECRETS_LIST_CLEAN_UP';

/** An action to run: its entry scripts and the defaults its action.yml gives the inputs. */
export interface ActionUnderTest {
  readonly label: string;
  readonly main: string;
  readonly post: string;
  readonly defaults: Readonly<Record<string, string>>;
}

/**
 * An action from its folder: action.yml's `runs.main`/`runs.post` and input defaults.
 *
 * @example
 * ```ts
 * const ours = actionAt(ACTION_DIR, 'decrypt-secrets');
 * ```
 */
export function actionAt(dir: string, label: string): ActionUnderTest {
  const metadata = readActionMetadata(readFileSync(join(dir, 'action.yml'), 'utf8'));
  const defaults: Record<string, string> = {};
  for (const input of metadata.inputs) if (input.default !== undefined) defaults[input.name] = input.default;
  if (metadata.runs.main === undefined || metadata.runs.post === undefined)
    throw new Error(`${dir}/action.yml has no main or post entry`);
  return { label, main: join(dir, metadata.runs.main), post: join(dir, metadata.runs.post), defaults };
}

/**
 * This action's committed bundle (actions/decrypt-secrets).
 *
 * @example
 * ```ts
 * const outcome = await runCase(ours(), someCase, seeded);
 * ```
 */
export function ours(): ActionUnderTest {
  return actionAt(ACTION_DIR, 'decrypt-secrets');
}

/** What the corpus became in moto: every secret's ARN, by name. */
export interface Seeded {
  readonly endpoint: string;
  readonly arns: ReadonlyMap<string, string>;
}

/**
 * Stores the corpus in moto (a KMS key first, for the envelope secrets).
 *
 * @example
 * ```ts
 * const seeded = await seedCorpus(inject('motoEndpoint'), CORPUS);
 * ```
 */
export async function seedCorpus(endpoint: string, corpus: readonly CorpusSecret[]): Promise<Seeded> {
  const factory = new AwsClientFactory(testClientOptions(endpoint));
  const key = await factory.kms().send(new CreateKeyCommand({ Description: 'envelope-kit compat' }));
  const keyArn = key.KeyMetadata?.Arn;
  if (keyArn === undefined) throw new Error('moto CreateKey returned no ARN');
  const arns = new Map<string, string>();
  const create = async (secret: CorpusSecret) => {
    const value =
      secret.envelopeOf === undefined
        ? secret.text
        : await seal(secret.envelopeOf, {
            providers: [new KmsKeyProvider(factory, keyArn)],
            context: { secret: secret.name },
          });
    const command = new CreateSecretCommand({
      Name: secret.name,
      ...(value === undefined ? {} : { SecretString: value }),
      ...(secret.binary === undefined ? {} : { SecretBinary: secret.binary }),
    });
    // moto (one Python process) now and then answers 500 to concurrent creates: the SDK retries.
    const created = await factory.secretsManager(secret.region ?? TEST_REGION).send(command);
    if (created.ARN === undefined) throw new Error(`moto CreateSecret ${secret.name} returned no ARN`);
    arns.set(secret.name, created.ARN);
  };
  // ListSecrets answers in creation order, and both actions keep that order (names in the cleanup
  // list, which of two colliding secrets is reported): create the secrets that share a prefix one
  // after another, and only the long numbered runs (hundred/, many/) a few at a time.
  const bulk = corpus.filter((secret) => /^(hundred|many)\//.test(secret.name));
  for (const secret of corpus.filter((secret) => !bulk.includes(secret))) await create(secret);
  for (let i = 0; i < bulk.length; i += 8) await Promise.all(bulk.slice(i, i + 8).map(create));
  factory.destroy();
  return { endpoint, arns };
}

/** Replaces `{arn:NAME}` and `{partial-arn:NAME}` by the secret's ARN (without its suffix). */
export function resolveIds(text: string, seeded: Seeded): string {
  return text.replace(/\{(arn|partial-arn):([^}]+)\}/g, (_, kind: string, name: string) => {
    const arn = seeded.arns.get(name);
    if (arn === undefined) throw new Error(`no secret ${name} in the corpus`);
    return kind === 'arn' ? arn : arn.replace(/-[A-Za-z0-9]{6}$/, '');
  });
}

/** What one step did, as a workflow sees it. */
export interface StepOutcome {
  readonly status: 'ok' | 'failed';
  /** GITHUB_ENV of the step, parsed. */
  readonly env: Readonly<Record<string, string>>;
  readonly masks: readonly string[];
  /** The `::error::` messages. */
  readonly errors: readonly string[];
}

/** A case's main step and (when asked) its post step. */
export interface CaseOutcome {
  readonly main: StepOutcome;
  readonly post: StepOutcome | undefined;
}

function stepOutcome(result: Awaited<ReturnType<typeof runAction>>): StepOutcome {
  return {
    status: result.exitCode === 0 ? 'ok' : 'failed',
    env: result.env,
    masks: result.masks,
    errors: result.commands.filter((c) => c.command === 'error').map((c) => c.message),
  };
}

/** The job's environment: dummy credentials, region us-east-1 and the moto endpoint in AWS_ENDPOINT_URL. */
function jobEnv(seeded: Seeded, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...awsTestEnv(seeded.endpoint), ...extra };
}

/**
 * Runs a case's main step (and post step when `withPost`), as the runner does.
 *
 * @example
 * ```ts
 * const { main } = await runCase(ours(), CASES[0], seeded, false);
 * ```
 */
export async function runCase(
  action: ActionUnderTest,
  testCase: CompatCase,
  seeded: Seeded,
  withPost: boolean,
): Promise<CaseOutcome> {
  const inputs: Record<string, string> = { ...action.defaults };
  for (const [name, value] of Object.entries(testCase.inputs)) inputs[name] = resolveIds(value, seeded);
  const env = jobEnv(seeded, testCase.env);
  const main = await runAction({ entry: 'main', script: action.main, inputs, env });
  try {
    if (!withPost) return { main: stepOutcome(main), post: undefined };
    // The post step sees the job's variables as the main step left them (its GITHUB_ENV wins). A
    // value holding NUL cannot be an environment variable (the official action writes one for a
    // binary secret decoded as ASCII): it is left out, as no process could receive it.
    const left = Object.entries(main.env).filter(([, value]) => !value.includes('\0'));
    const post = await runAction({
      entry: 'post',
      script: action.post,
      inputs,
      env: { ...env, ...Object.fromEntries(left) },
      after: { env: Object.fromEntries(left), state: main.state },
    });
    await cleanupRun(post);
    return { main: stepOutcome(main), post: stepOutcome(post) };
  } finally {
    await cleanupRun(main);
  }
}

/**
 * Runs a post step alone, with the job's variables `testCase.env`.
 *
 * @example
 * ```ts
 * const outcome = await runPostCase(ours(), POST_CASES[0], seeded);
 * ```
 */
export async function runPostCase(
  action: ActionUnderTest,
  testCase: PostCase,
  seeded: Seeded,
): Promise<StepOutcome> {
  const result = await runAction({
    entry: 'post',
    script: action.post,
    inputs: { ...action.defaults },
    env: jobEnv(seeded, testCase.env),
  });
  await cleanupRun(result);
  return stepOutcome(result);
}

/**
 * Runs `task` over `items`, `limit` at a time (each item is a Node process of its own).
 *
 * @example
 * ```ts
 * const outcomes = await inBatches(CASES, 3, (c) => runCase(ours(), c, seeded, false));
 * ```
 */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
