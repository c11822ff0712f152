import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '@tradebot/local-stack';
import { httpFetch } from '../../src/http-fetch';

/** Routes of the test server: each answers the way a Yahoo or Telegram endpoint would. */
const ROUTES: Record<string, (req: RecordedRequest, res: ServerResponse) => void> = {
  '/json': (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
  '/cookies': (_req, res) => void res.writeHead(200, [['Set-Cookie', 'A=1; Path=/'], ['Set-Cookie', 'B=2; Path=/'], ['X-Two', 'a'], ['X-Two', 'b']]).end('ok'),
  '/gzip': (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"packed":true}')),
  '/moved': (_req, res) => void res.writeHead(302, { location: '/json', 'set-cookie': 'C=3' }).end(),
  '/see-other': (_req, res) => void res.writeHead(303, { location: '/echo' }).end(),
  '/loop': (_req, res) => void res.writeHead(302, { location: '/loop' }).end(),
  '/slow': (_req, res) => void setTimeout(() => res.end('late'), 5_000).unref(),
  '/slow-body': (_req, res) => {
    res.writeHead(200).write('first part;');
    setTimeout(() => res.end('second part'), 5_000).unref();
  },
  '/teapot': (_req, res) => void res.writeHead(418, "I'm a teapot").end('no coffee'),
  '/empty': (_req, res) => void res.writeHead(204).end(),
};

describe('Function: httpFetch (fetch on node:http for the Yahoo feed and Telegraf)', () => {
  let server: RecordingServer;
  let base: string;
  let seen: RecordedRequest[];

  beforeAll(async () => {
    server = await startRecordingServer((req, res) => {
      const route = ROUTES[req.url];
      if (route) route(req, res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body: req.body }));
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

  it('posts a string body with its length and headers, and reads the JSON answer', async () => {
    // Act
    const response = await httpFetch(`${base}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie: 'A=1' }, body: '{"é":1}' });
    // Assess
    expect(response).toMatchObject({ ok: true, status: 200, url: `${base}/echo`, redirected: false });
    expect(await response.json()).toEqual({ method: 'POST', body: '{"é":1}' });
    expect(seen[0]!.headers).toMatchObject({ 'content-type': 'application/json', cookie: 'A=1', 'content-length': '8', 'accept-encoding': 'gzip, deflate, br' });
  });

  it('takes headers as pairs or as a Headers-like object, as fetch callers pass them', async () => {
    // Act
    await httpFetch(`${base}/json`, { headers: [['X-One', '1']] });
    await httpFetch(`${base}/json`, { headers: { forEach: (cb: (value: string, name: string) => void) => cb('2', 'X-Two') } });
    // Assess
    expect(seen.map((s) => [s.headers['x-one'], s.headers['x-two']])).toEqual([
      ['1', undefined],
      [undefined, '2'],
    ]);
  });

  it('gives each Set-Cookie line apart and joins other repeated headers as fetch does', async () => {
    // Act
    const response = await httpFetch(`${base}/cookies`);
    // Assess
    expect(response.headers.getSetCookie()).toEqual(['A=1; Path=/', 'B=2; Path=/']);
    expect(response.headers.get('x-two')).toBe('a, b');
    expect(response.headers.get('X-Missing')).toBeNull();
    expect(response.headers.has('X-TWO')).toBe(true);
    expect([...response.headers.keys()]).toEqual(expect.arrayContaining(['set-cookie', 'x-two']));
  });

  it('decodes a gzip answer before it is read, as fetch does', async () => {
    // Act
    const response = await httpFetch(`${base}/gzip`);
    // Assess
    expect(await response.json()).toEqual({ packed: true });
  });

  it('follows a redirect by default and marks the response redirected', async () => {
    // Act
    const response = await httpFetch(`${base}/moved`);
    // Assess
    expect(response).toMatchObject({ status: 200, url: `${base}/json`, redirected: true });
    expect(await response.text()).toBe('{"ok":true}');
  });

  it("hands the redirect itself over with redirect: 'manual' (yahoo-finance2's crumb flow reads its cookie and location)", async () => {
    // Act
    const response = await httpFetch(`${base}/moved`, { redirect: 'manual' });
    // Assess
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/json');
    expect(response.headers.getSetCookie()).toEqual(['C=3']);
    expect(seen.map((s) => s.url)).toEqual(['/moved']);
  });

  it('turns a POST into a GET without a body on a 303', async () => {
    // Act
    const response = await httpFetch(`${base}/see-other`, { method: 'POST', body: 'form=1' });
    // Assess
    expect(await response.json()).toEqual({ method: 'GET', body: '' });
  });

  it("refuses a redirect with redirect: 'error' and an endless loop of them", async () => {
    // Act + Assess
    await expect(httpFetch(`${base}/moved`, { redirect: 'error' })).rejects.toThrow(TypeError);
    await expect(httpFetch(`${base}/loop`)).rejects.toThrow('too many redirects');
  });

  it('reports an error status without throwing, with its status text and body', async () => {
    // Act
    const response = await httpFetch(`${base}/teapot`);
    // Assess
    expect(response).toMatchObject({ ok: false, status: 418, statusText: "I'm a teapot" });
    expect(await response.text()).toBe('no coffee');
  });

  it('has no body for a 204, and reads a body once only', async () => {
    // Act
    const empty = await httpFetch(`${base}/empty`);
    const full = await httpFetch(`${base}/json`);
    await full.text();
    // Assess
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
    await expect(full.text()).rejects.toThrow('already been read');
  });

  it('aborts a request waiting for its answer when the signal fires, with the signal’s reason', async () => {
    // Act
    const attempt = httpFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) });
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('aborts the reading of a body that is still arriving', async () => {
    // Prepare
    const controller = new AbortController();
    const response = await httpFetch(`${base}/slow-body`, { signal: controller.signal });
    // Act
    const reading = response.text();
    controller.abort();
    // Assess
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails for a host that does not answer, as fetch does (the feed turns it into PriceSourceUnavailableError)', async () => {
    // Prepare: a port nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // Act + Assess
    await expect(httpFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
