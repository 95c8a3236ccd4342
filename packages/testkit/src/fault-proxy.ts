/**
 * A fault-injecting HTTP proxy to put between the AWS SDK and moto.
 *
 * KMS and Secrets Manager speak the AWS JSON 1.1 protocol: every call is a `POST /` whose
 * `X-Amz-Target` header names the operation (`TrentService.Decrypt`,
 * `secretsmanager.BatchGetSecretValue`). The proxy reads that header, counts the call, and per the
 * rules for that operation adds latency, answers with an error the SDK understands, drops the
 * connection or never answers; otherwise it forwards the request to the target unchanged.
 *
 * Random choices come from a seeded PRNG (mulberry32), so a run with the same seed and the same
 * request order injects the same faults.
 *
 * The proxy also logs when each request arrived and when it was answered, from which
 * {@link sequentialRoundTrips} counts the round trips a client made one after another.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Faults for one operation. Rates are probabilities in [0, 1], drawn once per request in this order:
 * reset, stall, throttle, accessDenied, error500, error503 (their sum should stay <= 1).
 */
export interface FaultRule {
  /** Delay before answering or forwarding, in ms (also applied before an injected error). */
  latencyMs?: number;
  /** Answer 400 `ThrottlingException` (the SDK retries it as throttling). */
  throttle?: number;
  /** Answer 400 `AccessDeniedException` (not retried). */
  accessDenied?: number;
  /** Answer 500 `InternalFailure` (retried as transient). */
  error500?: number;
  /** Answer 503 `ServiceUnavailable` (retried as transient). */
  error503?: number;
  /** Destroy the socket without an answer (the SDK sees ECONNRESET / socket hang up). */
  reset?: number;
  /** Hold the request open and never answer (exercises the SDK's request timeout). */
  stall?: number;
  /** Inject at most this many faults under this rule, then pass everything through ("a few throttles"). */
  maxFaults?: number;
}

/**
 * Rules by operation. A key is a full target (`secretsmanager.GetSecretValue`), an operation name
 * (`GetSecretValue`) or `'*'`; the fields of the most specific matching rule override those of `'*'`.
 */
export type FaultRules = Record<string, FaultRule>;

/** The faults a request can get. */
export type FaultKind = 'throttle' | 'accessDenied' | 'error500' | 'error503' | 'reset' | 'stall';

/** Counters of one operation (keyed by its full `X-Amz-Target`). */
export interface OperationStats {
  /** Requests received. */
  requests: number;
  /** Requests passed on to the target. */
  forwarded: number;
  /** Injected faults by kind. */
  faults: Record<FaultKind, number>;
}

/** When one request reached the proxy and when the proxy had answered it (ms, `performance.now()`). */
export interface RequestTiming {
  /** The `X-Amz-Target`, or `''` for a request without one. */
  operation: string;
  arrivedAt: number;
  /** When the answer's last byte was handed to the socket, or the socket was dropped (reset). */
  answeredAt: number;
}

/**
 * The number of sequential round trips in a log: the length of the longest chain of requests in
 * which each one arrived only after the one before it had been answered. Requests that overlap in
 * time are one round trip, however many there are; a client that waits for an answer before its
 * next request adds one. It counts the client's waits, not the server's speed: a slow emulator
 * stretches the times but not the chain.
 *
 * @example
 * ```ts
 * sequentialRoundTrips([
 *   { operation: 'a', arrivedAt: 0, answeredAt: 10 },
 *   { operation: 'b', arrivedAt: 1, answeredAt: 12 }, // overlaps a: same round trip
 *   { operation: 'c', arrivedAt: 11, answeredAt: 20 }, // after a's answer: a second one
 * ]); // 2
 * ```
 */
export function sequentialRoundTrips(log: readonly RequestTiming[]): number {
  // Longest chain in an interval order: walk the requests by arrival; a request extends the best
  // chain among those answered by the time it arrived (answers taken in order of answer time).
  const byArrival = [...log].sort((a, b) => a.arrivedAt - b.arrivedAt);
  const byAnswer = [...log].sort((a, b) => a.answeredAt - b.answeredAt);
  const chain = new Map<RequestTiming, number>();
  let answered = 0;
  let bestAnswered = 0;
  let longest = 0;
  for (const request of byArrival) {
    while (
      answered < byAnswer.length &&
      (byAnswer[answered] as RequestTiming).answeredAt <= request.arrivedAt
    ) {
      bestAnswered = Math.max(bestAnswered, chain.get(byAnswer[answered] as RequestTiming) ?? 0);
      answered++;
    }
    const length = bestAnswered + 1;
    chain.set(request, length);
    longest = Math.max(longest, length);
  }
  return longest;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where to forward, e.g. moto's endpoint `http://127.0.0.1:5000`. */
  target: string;
  /** PRNG seed (default 1). */
  seed?: number;
  rules?: FaultRules;
  /**
   * Requests forwarded to the target at once; the rest wait in the proxy, in order (default: no
   * bound). moto answers on a thread per connection under one interpreter lock: hundreds of
   * requests at once slow it down to timeouts, where a few at a time keep it at its best rate.
   * Clients still see all their requests in flight, as they would with AWS.
   */
  upstreamConcurrency?: number;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** Point the SDK's `endpoint` here. */
  endpoint: string;
  port: number;
  /** Counters per operation since start (or the last `resetStats()`). */
  stats(): Record<string, OperationStats>;
  /**
   * Arrival and answer times of every answered AWS request since start (or the last
   * `resetStats()`), in order of answer; stalled requests are not in it.
   */
  log(): RequestTiming[];
  /** {@link sequentialRoundTrips} of `log()`. */
  roundTrips(): number;
  /** Clears the counters and the log. */
  resetStats(): void;
  /** Replaces the rules (and their `maxFaults` budgets) for the following requests. */
  setRules(rules: FaultRules): void;
  /** Drops stalled requests and open connections, then closes the server. */
  close(): Promise<void>;
}

/**
 * mulberry32: a tiny, good-enough seeded PRNG returning floats in [0, 1).
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // the same sequence for the same seed
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULT_ORDER: readonly FaultKind[] = [
  'reset',
  'stall',
  'throttle',
  'accessDenied',
  'error500',
  'error503',
];

// Error shapes of the AWS JSON protocol: the SDK reads `__type` (and X-Amzn-ErrorType) for the name.
const ERROR_ANSWERS: Record<'throttle' | 'accessDenied' | 'error500' | 'error503', [number, string, string]> =
  {
    throttle: [400, 'ThrottlingException', 'Rate exceeded'],
    accessDenied: [
      400,
      'AccessDeniedException',
      'injected by the fault proxy: not authorized to perform this operation',
    ],
    error500: [500, 'InternalFailure', 'injected by the fault proxy'],
    error503: [503, 'ServiceUnavailable', 'injected by the fault proxy'],
  };

function emptyStats(): OperationStats {
  return {
    requests: 0,
    forwarded: 0,
    faults: { throttle: 0, accessDenied: 0, error500: 0, error503: 0, reset: 0, stall: 0 },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Headers that concern one connection only; a proxy does not pass them on. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers };
  for (const name of HOP_BY_HOP) delete out[name];
  return out;
}

/**
 * Starts the proxy on a free loopback port.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy({
 *   target: inject('motoEndpoint'),
 *   seed: 7,
 *   rules: { 'secretsmanager.BatchGetSecretValue': { accessDenied: 1 }, '*': { latencyMs: 20 } },
 * });
 * const factory = new AwsClientFactory(testClientOptions(proxy.endpoint));
 * // ...
 * expect(proxy.stats()['secretsmanager.GetSecretValue']?.forwarded).toBe(3);
 * await proxy.close();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = mulberry32(options.seed ?? 1);
  let rules: FaultRules = options.rules ?? {};
  let faultsUsed = new Map<string, number>();
  let counters = new Map<string, OperationStats>();
  let timings: RequestTiming[] = [];
  const stalled = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const upstreamAgent =
    options.upstreamConcurrency === undefined
      ? undefined
      : new Agent({ keepAlive: true, maxSockets: options.upstreamConcurrency });

  /** The merged rule for a target, and the key whose `maxFaults` budget it spends. */
  function ruleFor(operation: string): { rule: FaultRule; key: string } {
    const short = operation.slice(operation.indexOf('.') + 1);
    const key = operation in rules ? operation : short in rules ? short : '*';
    return { rule: { ...rules['*'], ...rules[key] }, key };
  }

  function pickFault(rule: FaultRule, key: string): FaultKind | undefined {
    const draw = random();
    if (rule.maxFaults !== undefined && (faultsUsed.get(key) ?? 0) >= rule.maxFaults) return undefined;
    let edge = 0;
    for (const kind of FAULT_ORDER) {
      edge += rule[kind] ?? 0;
      if (draw < edge) {
        faultsUsed.set(key, (faultsUsed.get(key) ?? 0) + 1);
        return kind;
      }
    }
    return undefined;
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const upstream = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...withoutHopByHop(req.headers), host: target.host },
        ...(upstreamAgent === undefined ? {} : { agent: upstreamAgent }),
      },
      (answer) => {
        // Hop-by-hop headers are the proxy's own business (RFC 9110, 7.6.1): moto (Werkzeug) closes
        // every connection, and relaying its `Connection: close` would make the SDK open a new
        // socket per request, which AWS does not.
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);

    const header = req.headers['x-amz-target'];
    // Only AWS operations get faults; moto's own API (/moto-api/reset) passes straight through.
    if (typeof header !== 'string') return forward(req, res, body);
    const operation = header;
    // Logged when the answer is out or the socket dropped; a stalled request never is.
    const logAnswer = () => timings.push({ operation, arrivedAt, answeredAt: performance.now() });
    res.once('finish', logAnswer);
    const stats = counters.get(operation) ?? emptyStats();
    counters.set(operation, stats);
    stats.requests++;

    const { rule, key } = ruleFor(operation);
    const fault = pickFault(rule, key);
    if (rule.latencyMs) await sleep(rule.latencyMs);
    if (fault === undefined) {
      stats.forwarded++;
      return forward(req, res, body);
    }
    stats.faults[fault]++;
    if (fault === 'reset') {
      logAnswer();
      req.socket.destroy();
      return;
    }
    if (fault === 'stall') {
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    }
    const [status, type, message] = ERROR_ANSWERS[fault];
    const payload = JSON.stringify({ __type: type, message });
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(payload),
      'x-amzn-errortype': type,
      'x-amzn-requestid': `fault-proxy-${stats.requests}`,
    });
    res.end(payload);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A backlog for a burst of a thousand new connections (Node's default is 511).
    server.listen(0, '127.0.0.1', 4096, resolve);
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stats: () => Object.fromEntries([...counters].map(([op, s]) => [op, structuredClone(s)])),
    log: () => timings.map((t) => ({ ...t })),
    roundTrips: () => sequentialRoundTrips(timings),
    resetStats: () => {
      counters = new Map();
      timings = [];
    },
    setRules: (next) => {
      rules = next;
      faultsUsed = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of stalled) res.destroy();
        for (const socket of sockets) socket.destroy();
        upstreamAgent?.destroy();
        server.close(() => resolve());
      }),
  };
}
