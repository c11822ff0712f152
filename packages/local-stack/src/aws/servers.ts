import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';

/** A running embedded server: where to point clients, and how to stop it. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Stops the server, dropping open keep-alive connections. Safe to call twice. */
  stop(): Promise<void>;
}

/** Where an embedded server keeps its data. */
export interface ServerOptions {
  /** Directory to persist to (created if missing). Absent: s3rver uses a fresh temp dir, dynalite memory. */
  readonly directory?: string;
  /**
   * Port to listen on (default: a free one). Give the port and directory of a stopped server to
   * restart it where its clients expect it, with its data (tests of an outage).
   */
  readonly port?: number;
}

/**
 * Starts an S3 server (s3rver) in this process on 127.0.0.1 and a free port. Use it for local runs,
 * tests and benches; clients need `forcePathStyle: true` and credentials `S3RVER`/`S3RVER`
 * (see `localS3Client`).
 */
export async function startS3Server(options: ServerOptions = {}): Promise<RunningServer> {
  const ownTemp = options.directory ? undefined : mkdtempSync(join(tmpdir(), 'tradebot-s3-'));
  const directory = options.directory ?? ownTemp!;
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, silent: true, directory });
  const address = (await server.run()) as unknown as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: () => {
      stopped ??= (async () => {
        // s3rver keeps its http.Server on `httpServer`. Idle keep-alive sockets would hold close() open;
        // requests still in flight are let finish.
        const http = (server as unknown as { httpServer?: { closeIdleConnections?: () => void } }).httpServer;
        http?.closeIdleConnections?.();
        await server.close();
        if (ownTemp) rmSync(ownTemp, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * Starts a DynamoDB server (dynalite) in this process on 127.0.0.1 and a free port, with tables
 * ACTIVE at once (`createTableMs: 0`). With `directory` the data persists in LevelDB there
 * (used by `pnpm start` under `.local/`); without it, in memory.
 */
export async function startDynamoServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (options.directory) mkdirSync(options.directory, { recursive: true });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.directory ? { path: options.directory } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      stopped ??= new Promise<void>((resolve, reject) => {
        // Idle keep-alive sockets are dropped; a request in flight is let finish, because dynalite throws
        // (and takes the process down) when a request it is still handling meets its closed store.
        server.closeIdleConnections();
        // dynalite's close() also closes its LevelDB store, so a persisted directory is consistent.
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      });
      return stopped;
    },
  };
}

/** Both embedded AWS servers, started together. */
export interface LocalAwsServers {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the S3 and DynamoDB servers with data under `directory` (`<directory>/s3`,
 * `<directory>/dynamodb`). Does not create tables or buckets: see `startLocalAws`.
 */
export async function startAwsServers(directory: string, options: { readonly persistDynamo?: boolean } = {}): Promise<LocalAwsServers> {
  const [s3, dynamo] = await Promise.all([
    startS3Server({ directory: join(directory, 's3') }),
    startDynamoServer(options.persistDynamo === false ? {} : { directory: join(directory, 'dynamodb') }),
  ]);
  return {
    s3Endpoint: s3.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    stop: async () => {
      await Promise.all([s3.stop(), dynamo.stop()]);
    },
  };
}
