/**
 * The modules the Lambda bundles swap for shims (scripts/build/shims) must keep what their callers
 * rely on: Telegraf's node-fetch calls, the SDK's environment credentials, tough-cookie's domains,
 * and pino without its transports.
 */
import { PassThrough, Readable } from 'node:stream';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '@tradebot/local-stack';
import { credentialsTreatedAsExpired, CredentialsProviderError, defaultProvider } from '../build/shims/aws-credentials';
import nodeFetch from '../build/shims/node-fetch';
import { getDomain, getPublicSuffix } from '../build/shims/public-suffix';
import ThreadStream from '../build/shims/thread-stream';

describe('Function: nodeFetch (node-fetch v2 on httpFetch)', () => {
  let server: RecordingServer;
  let base: string;
  let seen: RecordedRequest[];

  beforeAll(async () => {
    server = await startRecordingServer((req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 5_000).unref();
      if (req.url === '/fail') return void res.writeHead(502, 'Bad Gateway').end('{"ok":false}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: { echoed: req.body.length > 0 } }));
    });
    base = server.url;
    seen = server.requests;
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('sends a JSON call the way Telegraf builds it and reads the JSON answer', async () => {
    // Prepare: Telegraf's buildJSONConfig, with node-fetch-only options.
    const init = { method: 'POST', compress: true, headers: { 'content-type': 'application/json', connection: 'keep-alive' }, body: '{"chat_id":1,"text":"hi"}', agent: {}, timeout: 500_000 };
    // Act
    const response = await nodeFetch(new URL(`${base}/bot1:x/sendMessage`), init);
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, result: { echoed: true } });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"chat_id":1,"text":"hi"}' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('streams a Node stream body (Telegraf multipart uploads) to the server intact', async () => {
    // Prepare: a multipart body built the way Telegraf's MultipartStream writes it, part by part.
    const body = new PassThrough();
    const parts = ['--b\r\ncontent-disposition: form-data; name="chat_id"\r\n\r\n1\r\n', '--b\r\ncontent-disposition: form-data; name="document"; filename="a.csv"\r\n\r\n', 'x,y\n1,2\n', '\r\n--b--'];
    // Act
    const pending = nodeFetch(`${base}/bot1:x/sendDocument`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body });
    for (const part of parts) body.write(part);
    body.end();
    const response = await pending;
    // Assess
    expect(response.ok).toBe(true);
    expect(seen[0]!.body).toBe(parts.join(''));
  });

  it('gives the response body as a Node stream, as node-fetch v2 does', async () => {
    // Act
    const response = await nodeFetch(`${base}/file`);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
    // Assess
    expect(response.body).toBeInstanceOf(Readable);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual({ ok: true, result: { echoed: false } });
  });

  it('reports a server error status and statusText without throwing (Telegraf turns it into TelegramError)', async () => {
    // Act
    const response = await nodeFetch(`${base}/fail`, { method: 'POST', body: '{}' });
    // Assess
    expect([response.status, response.statusText, response.ok]).toEqual([502, 'Bad Gateway', false]);
  });

  it('aborts after node-fetch\'s `timeout`', async () => {
    // Act + Assess
    await expect(nodeFetch(`${base}/slow`, { timeout: 50 })).rejects.toThrow(/abort|timeout/i);
  });
});

describe('Function: defaultProvider (environment credentials only)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('returns the credentials Lambda puts in the environment', async () => {
    // Prepare
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    // Act
    const credentials = await defaultProvider({})();
    // Assess
    expect(credentials).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(credentialsTreatedAsExpired(credentials)).toBe(false);
  });

  it('fails with a message naming the variables when they are missing', async () => {
    // Prepare
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    // Act
    const outcome = defaultProvider({})();
    // Assess
    await expect(outcome).rejects.toBeInstanceOf(CredentialsProviderError);
    await expect(outcome).rejects.toThrow(/AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
  });
});

describe('Function: getDomain (the public-suffix shim for the Yahoo cookie jar)', () => {
  it('gives the registrable domain of every Yahoo host the crumb flow visits', () => {
    // Act + Assess
    for (const host of ['finance.yahoo.com', 'query1.finance.yahoo.com', 'fc.yahoo.com', 'guce.yahoo.com', '.yahoo.com', 'yahoo.com']) {
      expect(getDomain(host)).toBe('yahoo.com');
    }
  });

  it('calls a bare top-level domain a public suffix, so tough-cookie refuses a cookie set on it', () => {
    // Act + Assess
    expect(getDomain('com')).toBeNull();
    expect(getDomain('.com')).toBeNull();
    expect(getPublicSuffix('finance.yahoo.com')).toBe('com');
  });

  it('has no domain for an IP address or an empty name', () => {
    // Act + Assess
    expect(getDomain('127.0.0.1')).toBeNull();
    expect(getDomain('::1')).toBeNull();
    expect(getDomain('')).toBeNull();
  });
});

describe('Class: ThreadStream (pino without transports)', () => {
  it('refuses a pino transport at once, saying that the functions log to stdout', () => {
    // Act + Assess: pino builds a ThreadStream only for pino.transport(); the loggers never ask for one.
    expect(() => new ThreadStream()).toThrow('pino transports are not bundled in the Lambda functions: log to stdout');
  });
});
