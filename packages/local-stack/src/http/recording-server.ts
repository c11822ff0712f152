import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a `RecordingServer` received it, its body read in full. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A local HTTP server that records every request; `answer` writes each response. */
export interface RecordingServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The requests so far, oldest first (clear it with `requests.length = 0`). */
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * Starts a server on a free local port that records each request and lets `answer` respond once its
 * body has arrived. Use it to test an HTTP client's requests and its reading of answers (status,
 * headers, redirects, slow or compressed bodies) when no stand-in of a real API fits.
 */
export async function startRecordingServer(answer: (request: RecordedRequest, res: ServerResponse) => void): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      answer(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
