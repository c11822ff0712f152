/**
 * An HTTP proxy to put between a function and one of its dependencies (the S3 or DynamoDB
 * stand-in) in tests: it forwards every request, records it, and can hold a chosen request until
 * the test releases it, so a test can stop a server, let a timeout strike or start a rival
 * delivery at an exact point of a command, without sleeping. When the target does not answer (a
 * stopped server) the client's connection is dropped, as a dead endpoint would.
 *
 * With `requestTimeShiftMs` it also moves the `X-Amz-Date` of header-signed requests back by that
 * much, and the `Date` of every answer forward: a function running on a virtual clock (see
 * `LambdaConfiguration.virtualClock`) signs with its own "now", the S3 stand-in refuses requests
 * more than 15 minutes off its wall clock (`RequestTimeTooSkewed`), and the AWS SDK "corrects" its
 * clock from any answer's `Date` that is far from its own. s3rver checks the signing key, not the
 * V4 signature, so the shifted date is accepted exactly like an unshifted one.
 *
 * With `onAnswer` it tells what the target answered to each request before the client sees the
 * answer: local-stack's DynamoDB stream stand-in (`startDynamoStream`) turns the successful writes
 * it sees into stream records this way, so a record exists by the time its writer hears "done".
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as text (the stand-ins' protocols are JSON or XML). */
  readonly body: string;
  /** DynamoDB's operation (`PutItem`...) from `X-Amz-Target`, or undefined. */
  readonly operation?: string;
}

/** A request held at the proxy. */
export interface HeldRequest {
  /** Resolves with the request once one matching arrives (it is then waiting at the proxy). */
  readonly reached: Promise<ProxiedRequest>;
  /** Resolves when the held request's client goes away (its process was killed, it gave up). */
  readonly abandoned: Promise<void>;
  /** Lets the held request go on to the target (nothing happens if its client has gone meanwhile). */
  release(): void;
}

/** Options of `startFaultProxy`. */
export interface FaultProxyOptions {
  /** Where requests go, e.g. `http://127.0.0.1:4569`. */
  readonly target: string;
  /** How far the clients' clocks run ahead of the target's, in ms, read per request. Default none. */
  readonly requestTimeShiftMs?: () => number;
  /**
   * Called with each request and the target's status code once the target has answered, before the
   * answer is passed on to the client. Default none.
   */
  readonly onAnswer?: (request: ProxiedRequest, statusCode: number) => void;
}

/** A running proxy. */
export interface FaultProxy {
  /** Point clients here (e.g. `AWS_ENDPOINT_URL_S3`). */
  readonly endpoint: string;
  /** Every request received, oldest first. */
  readonly requests: readonly ProxiedRequest[];
  /** Holds the next request that `match` accepts until `release()`. */
  hold(match: (request: ProxiedRequest) => boolean): HeldRequest;
  /** Sends requests to another target from now on (a server restarted elsewhere). */
  retarget(target: string): void;
  stop(): Promise<void>;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `X-Amz-Date` minus `shiftMs`, in the same `YYYYMMDDTHHMMSSZ` form (unchanged when it does not parse). */
export function shiftAmzDate(value: string, shiftMs: number): string {
  const parts = AMZ_DATE.exec(value);
  if (!parts || shiftMs === 0) return value;
  const [, y, mo, d, h, mi, s] = parts;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - shiftMs);
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the proxy on 127.0.0.1 and a free port. Stop it in `afterAll`. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = new URL(options.target);
  const requests: ProxiedRequest[] = [];
  const holds: { match: (r: ProxiedRequest) => boolean; arrived: (r: ProxiedRequest) => void; gone: () => void; released: Promise<void>; taken: boolean }[] = [];
  const agent = new Agent({ keepAlive: true });

  const forward = (req: IncomingMessage, res: ServerResponse, seen: ProxiedRequest, body: Buffer, headers: IncomingHttpHeaders, shiftMs: number): void => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        options.onAnswer?.(seen, answer.statusCode ?? 502);
        const date = answer.headers.date;
        const answerHeaders = shiftMs !== 0 && date ? { ...answer.headers, date: new Date(Date.parse(date) + shiftMs).toUTCString() } : answer.headers;
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(res);
      },
    );
    // The target is down: drop the client's connection, as a dead endpoint would.
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const target = req.headers['x-amz-target'];
      const operation = typeof target === 'string' ? target.split('.').pop() : undefined;
      const seen: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: body.toString('utf8'), ...(operation ? { operation } : {}) };
      requests.push(seen);
      const hold = holds.find((h) => !h.taken && h.match(seen));
      if (hold) {
        hold.taken = true;
        let gone = false;
        res.on('close', () => {
          if (res.writableFinished) return;
          gone = true;
          hold.gone();
        });
        hold.arrived(seen);
        await hold.released;
        // Its client gave up (or was killed) while it was held: it never reached the target.
        if (gone || req.socket.destroyed) return;
      }
      const headers = { ...req.headers };
      const shift = options.requestTimeShiftMs?.() ?? 0;
      if (typeof headers['x-amz-date'] === 'string' && headers.authorization) headers['x-amz-date'] = shiftAmzDate(headers['x-amz-date'], shift);
      forward(req, res, seen, body, headers, shift);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const releases: (() => void)[] = [];
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hold(match) {
      let arrived!: (r: ProxiedRequest) => void;
      let release!: () => void;
      let gone!: () => void;
      const reached = new Promise<ProxiedRequest>((resolve) => {
        arrived = resolve;
      });
      const abandoned = new Promise<void>((resolve) => {
        gone = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      releases.push(release);
      holds.push({ match, arrived, gone, released, taken: false });
      return { reached, abandoned, release };
    },
    retarget(next) {
      target = new URL(next);
    },
    async stop() {
      for (const release of releases) release();
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
