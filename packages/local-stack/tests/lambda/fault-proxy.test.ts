import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shiftAmzDate, startFaultProxy, type FaultProxy } from '../../src/lambda';

describe('Function: startFaultProxy', () => {
  let target: Server;
  let proxy: FaultProxy;
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let clockLeadMs = 0;

  beforeAll(async () => {
    target = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(200, { 'content-type': 'text/plain', date: 'Mon, 03 Mar 2031 07:30:00 GMT' });
        res.end(`echo ${req.url}`);
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    proxy = await startFaultProxy({ target: `http://127.0.0.1:${(target.address() as AddressInfo).port}`, requestTimeShiftMs: () => clockLeadMs });
  });
  afterAll(async () => {
    await proxy.stop();
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  });

  it('forwards requests and answers, and records each with its DynamoDB operation', async () => {
    // Act
    const res = await fetch(`${proxy.endpoint}/a?b=1`, { method: 'POST', body: '{"x":1}', headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' } });
    // Assess
    expect([res.status, await res.text()]).toEqual([200, 'echo /a?b=1']);
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'POST', path: '/a?b=1', body: '{"x":1}', operation: 'PutItem' });
  });

  it('holds the chosen request until released, and lets the others through meanwhile', async () => {
    // Prepare
    const held = proxy.hold((r) => r.path === '/held');
    // Act
    const answer = fetch(`${proxy.endpoint}/held`);
    await held.reached;
    const other = await fetch(`${proxy.endpoint}/other`);
    const before = received.some((r) => r.path === '/held');
    held.release();
    // Assess
    expect(await other.text()).toBe('echo /other');
    expect(before).toBe(false);
    expect(await (await answer).text()).toBe('echo /held');
  });

  it('never forwards a held request whose client has gone', async () => {
    // Prepare
    const held = proxy.hold((r) => r.path === '/abandoned');
    const abort = new AbortController();
    const attempt = fetch(`${proxy.endpoint}/abandoned`, { signal: abort.signal }).catch((error: unknown) => error);
    await held.reached;
    // Act
    abort.abort();
    await attempt;
    await held.abandoned;
    held.release();
    await fetch(`${proxy.endpoint}/after`);
    // Assess: requests reach the target in order, so /after arriving means /abandoned never will.
    expect(received.some((r) => r.path === '/after')).toBe(true);
    expect(received.some((r) => r.path === '/abandoned')).toBe(false);
  });

  it('takes a virtual clock\'s lead off X-Amz-Date of signed requests and puts it on the answer\'s Date', async () => {
    // Prepare
    clockLeadMs = 7 * 86_400_000;
    // Act
    const res = await fetch(`${proxy.endpoint}/signed`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=S3RVER/...', 'x-amz-date': '20310310T073000Z' } });
    clockLeadMs = 0;
    // Assess
    expect(received.at(-1)!.headers['x-amz-date']).toBe('20310303T073000Z');
    expect(res.headers.get('date')).toBe('Mon, 10 Mar 2031 07:30:00 GMT');
  });

  it('drops the client connection when the target does not answer', async () => {
    // Prepare: a port nobody listens on.
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
    const lonely = await startFaultProxy({ target: `http://127.0.0.1:${port}` });
    // Act
    const attempt = fetch(`${lonely.endpoint}/x`);
    // Assess
    await expect(attempt).rejects.toThrow();
    await lonely.stop();
  });
});

describe('Function: shiftAmzDate', () => {
  it('moves an X-Amz-Date back across a month end, and leaves what it cannot read alone', () => {
    // Act + Assess
    expect(shiftAmzDate('20310301T000010Z', 20_000)).toBe('20310228T235950Z');
    expect(shiftAmzDate('not a date', 20_000)).toBe('not a date');
  });
});
