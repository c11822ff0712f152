/**
 * A stand-in for SSM Parameter Store: an HTTP server speaking the AWS JSON 1.1 protocol
 * (`POST /`, `X-Amz-Target: AmazonSSM.<Operation>`), so the real `@aws-sdk/client-ssm` (and the
 * Powertools provider on it) read secrets exactly as in AWS. Operations: `GetParameter`,
 * `GetParameters`, `GetParametersByPath`, `PutParameter`. Parameters live in memory.
 *
 * SecureString "encryption" is a reversible encoding: with `WithDecryption: true` the value comes
 * back as stored (decryption as identity); without it, a SecureString comes back as an opaque
 * base64 blob, as AWS returns the ciphertext, so code that forgets to decrypt fails here too.
 * Signatures are not checked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '@tradebot/core-domain';
import type { RunningServer } from './servers';

/** A parameter as stored. */
export interface StoredParameter {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly value: string;
  readonly version: number;
  readonly lastModifiedDate: number;
}

/** The running stand-in: where to point the SDK (`AWS_ENDPOINT_URL_SSM`), what it holds, what it was asked. */
export interface SsmServer extends RunningServer {
  /** Stores a parameter directly (test setup); same rules as `PutParameter` with `Overwrite: true`. */
  put(name: string, value: string, type?: StoredParameter['type']): void;
  /** The stored parameter, or undefined. */
  get(name: string): StoredParameter | undefined;
  /** Operations received, in order (`GetParameters`, ...). */
  readonly calls: readonly { readonly operation: string; readonly input: Record<string, unknown> }[];
  /**
   * Answers every request with this AWS error until called with `null` (e.g. the
   * `AccessDeniedException` of a role without `ssm:GetParameters`); the request is still recorded.
   */
  refuse(error: { readonly type: string; readonly status: number; readonly message: string } | null): void;
}

/** An AWS JSON protocol error: HTTP status, `__type` and message. */
class SsmError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BATCH = 10;
const NAME = /^\/?[A-Za-z0-9_.\-/]{1,2048}$/;

/** The ciphertext a SecureString shows when not decrypted. */
export const sealSecureString = (value: string): string => Buffer.from(`tradebot-local-kms:${value}`, 'utf8').toString('base64');

function requireName(input: Record<string, unknown>, field = 'Name'): string {
  const name = input[field];
  if (typeof name !== 'string' || !NAME.test(name)) throw new SsmError(400, 'ValidationException', `1 validation error detected: Value at '${field.toLowerCase()}' failed to satisfy constraint`);
  return name;
}

/**
 * Starts the SSM stand-in on 127.0.0.1 and a free port. Use it for tests and local runs that load a
 * Lambda bundle; point the SDK at it with `AWS_ENDPOINT_URL_SSM` (or a client `endpoint`).
 */
export async function startSsmServer(options: { readonly parameters?: Readonly<Record<string, string>> } = {}): Promise<SsmServer> {
  const store = new Map<string, StoredParameter>();
  const calls: { operation: string; input: Record<string, unknown> }[] = [];
  let refusal: SsmError | null = null;

  const put = (name: string, value: string, type: StoredParameter['type'], overwrite: boolean): number => {
    const existing = store.get(name);
    if (existing && !overwrite) throw new SsmError(400, 'ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    if (value.length === 0 || value.length > 8192) throw new SsmError(400, 'ValidationException', 'Parameter value must be 1 to 8192 characters');
    const version = (existing?.version ?? 0) + 1;
    store.set(name, { name, type, value, version, lastModifiedDate: Date.now() / 1000 });
    return version;
  };
  for (const [name, value] of Object.entries(options.parameters ?? {})) put(name, value, 'SecureString', true);

  const shape = (parameter: StoredParameter, decrypt: boolean): Record<string, unknown> => ({
    Name: parameter.name,
    Type: parameter.type,
    Value: parameter.type === 'SecureString' && !decrypt ? sealSecureString(parameter.value) : parameter.value,
    Version: parameter.version,
    LastModifiedDate: parameter.lastModifiedDate,
    ARN: `arn:aws:ssm:us-east-1:000000000000:parameter${parameter.name.startsWith('/') ? '' : '/'}${parameter.name}`,
    DataType: 'text',
  });

  const operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    GetParameter(input) {
      const name = requireName(input);
      const parameter = store.get(name);
      if (!parameter) throw new SsmError(400, 'ParameterNotFound', `Parameter ${name} not found.`);
      return { Parameter: shape(parameter, input.WithDecryption === true) };
    },
    GetParameters(input) {
      const names = input.Names;
      if (!Array.isArray(names) || names.length === 0 || names.length > MAX_BATCH) {
        throw new SsmError(400, 'ValidationException', `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and ${MAX_BATCH}`);
      }
      const found = names.filter((n): n is string => typeof n === 'string' && store.has(n));
      return {
        Parameters: found.map((n) => shape(store.get(n)!, input.WithDecryption === true)),
        InvalidParameters: names.filter((n) => !found.includes(n as string)),
      };
    },
    GetParametersByPath(input) {
      const path = requireName(input, 'Path');
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const recursive = input.Recursive === true;
      const max = typeof input.MaxResults === 'number' ? input.MaxResults : MAX_BATCH;
      if (max < 1 || max > MAX_BATCH) throw new SsmError(400, 'ValidationException', `MaxResults must be between 1 and ${MAX_BATCH}`);
      const matching = [...store.values()]
        .filter((p) => p.name.startsWith(prefix) && (recursive || !p.name.slice(prefix.length).includes('/')))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const start = typeof input.NextToken === 'string' ? Number.parseInt(input.NextToken, 10) : 0;
      if (!Number.isInteger(start) || start < 0) throw new SsmError(400, 'ValidationException', 'The NextToken is not valid.');
      const page = matching.slice(start, start + max);
      const next = start + max < matching.length ? String(start + max) : undefined;
      return { Parameters: page.map((p) => shape(p, input.WithDecryption === true)), ...(next ? { NextToken: next } : {}) };
    },
    PutParameter(input) {
      const name = requireName(input);
      const value = input.Value;
      if (typeof value !== 'string') throw new SsmError(400, 'ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint");
      const type = input.Type ?? store.get(name)?.type ?? 'String';
      if (type !== 'String' && type !== 'StringList' && type !== 'SecureString') throw new SsmError(400, 'ValidationException', `Unsupported parameter type ${String(type)}`);
      return { Version: put(name, value, type, input.Overwrite === true), Tier: 'Standard' };
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string): void => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-errortype': errorType } : {}), 'x-amzn-requestid': `local-${calls.length}` });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : '';
    try {
      if (req.method !== 'POST') throw new SsmError(405, 'MethodNotAllowed', 'POST only');
      const run = operations[operation];
      if (!run) throw new SsmError(400, 'UnknownOperationException', `Unsupported operation ${String(target)}`);
      let input: Record<string, unknown>;
      try {
        input = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      } catch {
        throw new SsmError(400, 'SerializationException', 'Request body is not JSON');
      }
      calls.push({ operation, input });
      if (refusal) throw refusal;
      send(res, 200, run(input));
    } catch (error) {
      const failure = error instanceof SsmError ? error : new SsmError(500, 'InternalServerError', describeError(error));
      send(res, failure.status, { __type: failure.type, message: failure.message }, failure.type);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    put: (name, value, type = 'SecureString') => void put(name, value, type, true),
    get: (name) => store.get(name),
    calls,
    refuse: (error) => {
      refusal = error ? new SsmError(error.status, error.type, error.message) : null;
    },
    stop: () => {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.closeIdleConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      return stopped;
    },
  };
}
