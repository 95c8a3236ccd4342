/**
 * `--debug`: the chain of an error (the error, its cause, the cause's cause...) as lines for
 * stderr. Each link shows only what cannot hold a value: its class name, `code`, the AWS call it
 * came from (service, operation, region, endpoint origin), HTTP status, request ids, attempts and
 * the Node network fields (syscall, address, port, host). Never a message of a foreign error: an
 * SDK or JSON.parse message can quote a response body or a request field, that is, a secret.
 */
import { awsCallOf } from '@envelope-kit/aws-adapter';
import { isEnvelopeKitError } from '@envelope-kit/envelope-core';

interface ChainLink {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $fault?: unknown;
  $metadata?: {
    httpStatusCode?: unknown;
    requestId?: unknown;
    extendedRequestId?: unknown;
    cfId?: unknown;
    attempts?: unknown;
    totalRetryDelay?: unknown;
  };
  syscall?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

/** A field fit for the debug line: a short token of safe characters (ids, names, numbers). */
function token(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && /^[A-Za-z0-9_.:/[\]+=-]{1,200}$/.test(value) ? value : undefined;
}

function origin(endpoint: string | undefined): string | undefined {
  try {
    return endpoint === undefined ? undefined : new URL(endpoint).origin;
  } catch {
    return undefined;
  }
}

/**
 * The lines `--debug` prints for `error`, outermost first (at most 8 links).
 *
 * @example
 * ```ts
 * for (const line of debugLines(error)) process.stderr.write(`envelope: debug: ${line}\n`);
 * // cause 1: Error code=ECONNREFUSED call=secretsmanager:GetSecretValue region=us-east-1 syscall=connect address=127.0.0.1 port=1 attempts=5
 * ```
 */
export function debugLines(error: unknown): string[] {
  const lines: string[] = [];
  let link: unknown = error;
  for (let depth = 0; depth < 8 && typeof link === 'object' && link !== null; depth++) {
    const e = link as ChainLink;
    const fields: [string, unknown][] = [
      ['code', e.code],
      ['fault', e.$fault],
      ['http', e.$metadata?.httpStatusCode],
      ['requestId', e.$metadata?.requestId],
      ['extendedRequestId', e.$metadata?.extendedRequestId],
      ['cfId', e.$metadata?.cfId],
      ['attempts', e.$metadata?.attempts],
      ['retryDelayMs', e.$metadata?.totalRetryDelay],
      ['syscall', e.syscall],
      ['address', e.address],
      ['port', e.port],
      ['host', e.hostname],
    ];
    const call = awsCallOf(link);
    if (call !== undefined) {
      fields.splice(
        1,
        0,
        ['call', `${call.service}:${call.operation}`],
        ['region', call.region],
        ['endpoint', origin(call.endpoint)],
      );
    }
    const shown = fields.flatMap(([key, value]) => {
      const text = token(value);
      return text === undefined ? [] : [`${key}=${text}`];
    });
    const name = token(e.name) ?? (link instanceof Error ? 'Error' : typeof link);
    // envelope-kit messages are written never to hold a value; they are already on the error line.
    const kind = isEnvelopeKitError(link) ? 'envelope-kit' : 'sdk/node';
    lines.push(
      `${depth === 0 ? 'error' : `cause ${depth}`}: ${name} (${kind})${shown.length ? ` ${shown.join(' ')}` : ''}`,
    );
    link = e.cause;
  }
  return lines;
}
