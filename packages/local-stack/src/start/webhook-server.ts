import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Anything that answers API Gateway v2 events (the webhook app). */
export interface EventHandler {
  handle(event: APIGatewayProxyEventV2, context?: { readonly awsRequestId?: string }): Promise<APIGatewayProxyStructuredResultV2>;
}

/** A running local API Gateway stand-in. */
export interface LocalWebhookServer {
  /** `http://127.0.0.1:<port>/webhook`. */
  readonly url: string;
  stop(): Promise<void>;
}

let requestCounter = 0;

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Keep reading past the limit only up to a bound; the app answers 413 on what it gets.
    if (size <= limit * 2) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Serves `handler` over HTTP the way API Gateway's HTTP API would: each request becomes a payload
 * v2 event (headers lower-cased, body base64-encoded when it is not text), and the structured
 * result becomes the response. Use it in `pnpm start` so local traffic goes through the Lambda code.
 */
export async function startLocalWebhookServer(handler: EventHandler, options: { readonly port?: number; readonly path?: string } = {}): Promise<LocalWebhookServer> {
  const path = options.path ?? '/webhook';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== path) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      const body = await readBody(req, 512 * 1024);
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      const type = headers['content-type'] ?? '';
      const textual = type === '' || /json|text|x-www-form-urlencoded/.test(type);
      requestCounter += 1;
      const now = Date.now();
      const method = req.method ?? 'GET';
      const requestId = `local-${now.toString(36)}-${requestCounter}`;
      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey: `${method} ${path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: url.host,
          domainPrefix: 'local',
          http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
          requestId,
          routeKey: `${method} ${path}`,
          stage: '$default',
          time: new Date(now).toUTCString(),
          timeEpoch: now,
        },
        isBase64Encoded: !textual,
        ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      };
      const result = await handler.handle(event, { awsRequestId: requestId });
      res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
      res.end(result.body ?? '');
    })().catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`Local webhook failed: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
