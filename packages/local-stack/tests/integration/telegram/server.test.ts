import { Agent, request } from 'node:http';
import { htmlToTerminal, makeUpdate, makeWebhookEvent, parseTelegramHtml, startTelegramServer, type TelegramServer } from '../../../src/telegram';

async function call(server: TelegramServer, method: string, params: Record<string, unknown>, token = 'T0KEN'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: await res.json() };
}

/** A PNG of `width` x `height`: signature and IHDR are all the server reads. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}

async function upload(server: TelegramServer, bytes: Buffer, caption?: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.set('chat_id', '42');
  if (caption !== undefined) form.set('caption', caption);
  form.set('parse_mode', 'HTML');
  form.set('photo', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'chart.png');
  const res = await fetch(`${server.apiRoot}/botT0KEN/sendPhoto`, { method: 'POST', body: form });
  return { status: res.status, body: await res.json() };
}

describe('Function: startTelegramServer, sendPhoto', () => {
  let server: TelegramServer;
  beforeEach(async () => {
    server = await startTelegramServer({ token: 'T0KEN' });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('takes a multipart upload and records the bytes, the PNG\'s size and the caption the user sees', async () => {
    // Act
    const res = await upload(server, pngHeader(1080, 760), '<b>KO</b>, 1 year');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.result.photo[0]).toMatchObject({ width: 1080, height: 760 });
    expect(server.photosTo(42)).toEqual([expect.objectContaining({ format: 'png', width: 1080, height: 760, plainCaption: 'KO, 1 year', filename: 'chart.png' })]);
    expect(server.photosTo(42)[0]!.bytes.equals(pngHeader(1080, 760))).toBe(true);
  });

  it('refuses what Telegram refuses: a file that is no image, impossible dimensions, a caption over 1024 characters', async () => {
    // Act
    const text = await upload(server, Buffer.from('not a picture'));
    const thin = await upload(server, pngHeader(10_000, 100));
    const long = await upload(server, pngHeader(100, 100), 'x'.repeat(1025));
    // Assess
    expect([text.status, thin.status, long.status]).toEqual([400, 400, 400]);
    expect(text.body.description).toBe('Bad Request: IMAGE_PROCESS_FAILED');
    expect(thin.body.description).toBe('Bad Request: PHOTO_INVALID_DIMENSIONS');
    expect(long.body.description).toBe('Bad Request: message caption is too long');
    expect(server.photosTo(42)).toEqual([]);
  });
});

describe('Function: startTelegramServer', () => {
  let server: TelegramServer;
  beforeEach(async () => {
    server = await startTelegramServer({ token: 'T0KEN' });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('accepts a valid HTML message and records what the user sees', async () => {
    // Act
    const res = await call(server, 'sendMessage', { chat_id: 42, text: '<b>P&amp;L</b> +5', parse_mode: 'HTML' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.result.text).toBe('P&L +5');
    expect(server.messagesTo(42).map((m) => m.plainText)).toEqual(['P&L +5']);
    expect(server.messagesTo(43)).toEqual([]);
  });

  it('refuses unbalanced or unsupported HTML like Telegram, with a 400 and a description', async () => {
    // Act
    const unbalanced = await call(server, 'sendMessage', { chat_id: 42, text: '<b>open', parse_mode: 'HTML' });
    const unsupported = await call(server, 'sendMessage', { chat_id: 42, text: '<div>x</div>', parse_mode: 'HTML' });
    const rawAmp = await call(server, 'sendMessage', { chat_id: 42, text: 'P&L', parse_mode: 'HTML' });
    // Assess
    for (const res of [unbalanced, unsupported, rawAmp]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error_code: 400 });
      expect(res.body.description).toMatch(/can't parse entities/);
    }
    expect(server.messagesTo(42)).toEqual([]);
  });

  it('refuses a text longer than 4096 characters after parsing', async () => {
    // Act
    const long = await call(server, 'sendMessage', { chat_id: 42, text: 'x'.repeat(4097) });
    const limit = await call(server, 'sendMessage', { chat_id: 42, text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' });
    // Assess
    expect(long.body).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    expect(limit.body.ok).toBe(true);
  });

  it('refuses text with half a surrogate pair like Telegram, and accepts whole emoji', async () => {
    // Act: JSON.stringify writes a lone surrogate as the escape \ud83d, as Telegraf's client does.
    const lone = await call(server, 'sendMessage', { chat_id: 42, text: 'Top 💥 and half \ud83d', parse_mode: 'HTML' });
    const lowHalf = await call(server, 'sendMessage', { chat_id: 42, text: '\udca5 plain' });
    const entity = await call(server, 'sendMessage', { chat_id: 42, text: 'half &#55357; as an entity', parse_mode: 'HTML' });
    const whole = await call(server, 'sendMessage', { chat_id: 42, text: 'Top 💥 &#128165;', parse_mode: 'HTML' });
    // Assess
    expect(lone).toEqual({ status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: strings must be encoded in UTF-8' } });
    expect(lowHalf.body.description).toBe('Bad Request: strings must be encoded in UTF-8');
    expect(entity.body).toMatchObject({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse entities: Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
    });
    expect(whole.body.result.text).toBe('Top 💥 💥');
    expect(server.messagesTo(42).map((m) => m.plainText)).toEqual(['Top 💥 💥']);
  });

  it('refuses a body that is not valid UTF-8', async () => {
    // Act: 0xC3 starts a two-byte sequence that never ends.
    const body = Buffer.concat([Buffer.from('{"chat_id": 42, "text": "caf'), Buffer.from([0xc3]), Buffer.from('"}')]);
    const res = await fetch(`${server.apiRoot}/botT0KEN/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ description: 'Bad Request: strings must be encoded in UTF-8' });
    expect(server.messagesTo(42)).toEqual([]);
  });

  it('answers 401 to a wrong token and 404 to an unknown method', async () => {
    expect((await call(server, 'getMe', {}, 'WRONG')).status).toBe(401);
    expect((await call(server, 'noSuchMethod', {})).body).toMatchObject({ ok: false, error_code: 404 });
    expect((await call(server, 'getMe', {})).body.result.username).toBe(server.botInfo.username);
  });

  it('fails the next calls when told to, then recovers', async () => {
    // Prepare
    server.failNext(2, 502);
    // Act
    const first = await call(server, 'sendMessage', { chat_id: 1, text: 'a' });
    const second = await call(server, 'sendMessage', { chat_id: 1, text: 'b' });
    const third = await call(server, 'sendMessage', { chat_id: 1, text: 'c' });
    // Assess
    expect([first.status, second.status, third.status]).toEqual([502, 502, 200]);
    expect(server.messagesTo(1).map((m) => m.text)).toEqual(['c']);
    expect(server.calls.map((c) => c.status)).toEqual([502, 502, 200]);
  });

  it('rate-limits one method with retry_after for the given number of calls, like Telegram', async () => {
    // Prepare
    server.setMode({ kind: 'rate-limit', retryAfterSeconds: 7 }, { method: 'sendMessage', times: 2 });
    // Act
    const other = await call(server, 'getMe', {});
    const first = await call(server, 'sendMessage', { chat_id: 1, text: 'a' });
    const second = await call(server, 'sendMessage', { chat_id: 1, text: 'b' });
    const third = await call(server, 'sendMessage', { chat_id: 1, text: 'c' });
    // Assess
    expect(other.status).toBe(200);
    expect(first.status).toBe(429);
    expect(first.body).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    expect(second.status).toBe(429);
    expect(third.status).toBe(200);
    expect(server.messagesTo(1).map((m) => m.text)).toEqual(['c']);
  });

  it('keeps failing with a 5xx or a refusal until told otherwise', async () => {
    // Prepare
    server.setMode({ kind: 'fail', status: 503 });
    // Act
    const down = await Promise.all([call(server, 'sendMessage', { chat_id: 1, text: 'a' }), call(server, 'getMe', {})]);
    server.setMode({ kind: 'fail', status: 400, description: 'Bad Request: message is too long' }, { method: 'sendMessage', times: 1 });
    const refused = await call(server, 'sendMessage', { chat_id: 1, text: 'b' });
    server.setMode({ kind: 'ok' });
    const fine = await call(server, 'sendMessage', { chat_id: 1, text: 'c' });
    // Assess
    expect(down.map((r) => r.status)).toEqual([503, 503]);
    expect(refused.body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    expect(fine.status).toBe(200);
    expect(server.messagesTo(1).map((m) => m.text)).toEqual(['c']);
  });

  it('drops the connection without processing the call when told to disconnect', async () => {
    // Prepare
    server.setMode({ kind: 'disconnect' }, { method: 'sendMessage', times: 1 });
    // Act
    const dropped = await call(server, 'sendMessage', { chat_id: 1, text: 'a' }).catch((error: unknown) => error);
    const next = await call(server, 'sendMessage', { chat_id: 1, text: 'b' });
    // Assess
    expect(String(dropped)).toMatch(/fetch failed/);
    expect(next.status).toBe(200);
    expect(server.calls.map((c) => c.status)).toEqual([0, 200]);
    expect(server.messagesTo(1).map((m) => m.text)).toEqual(['b']);
  });

  it('answers a slowed call normally, only later: the message is stored like any other', async () => {
    // Prepare
    server.setMode({ kind: 'slow', delayMs: 200 }, { method: 'sendMessage', times: 1 });
    // Act
    const slowed = call(server, 'sendMessage', { chat_id: 1, text: 'slow' });
    const other = await call(server, 'getMe', {});
    const answer = await slowed;
    // Assess
    expect([answer.status, other.status]).toEqual([200, 200]);
    expect(server.calls.map((c) => [c.method, c.status])).toEqual([
      ['getMe', 200],
      ['sendMessage', 200],
    ]);
    expect(server.messagesTo(1).map((m) => m.text)).toEqual(['slow']);
  });

  it('delivers pushed updates through getUpdates and confirms them with the offset', async () => {
    // Prepare
    const update = makeUpdate({ text: '/help', updateId: 500 });
    // Act
    const waiting = call(server, 'getUpdates', { timeout: 5 });
    server.pushUpdate(update);
    const first = await waiting;
    const confirmed = await call(server, 'getUpdates', { offset: 501, timeout: 0 });
    // Assess
    expect(first.body.result).toEqual([update]);
    expect(confirmed.body.result).toEqual([]);
  });
});

describe('Function: startTelegramServer (connections)', () => {
  let server: TelegramServer;
  beforeAll(async () => {
    server = await startTelegramServer({ token: 'T0KEN' });
  });
  afterAll(async () => {
    await server.stop();
  });

  /** One sendMessage through `agent`; whether it went over a connection an earlier call opened. */
  const send = (agent: Agent): Promise<{ status: number; reused: boolean }> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ chat_id: 42, text: 'hi' });
      const req = request(`${server.apiRoot}/botT0KEN/sendMessage`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('keeps a connection open for the next call, as Telegram does (a reply costs no new TCP connection)', async () => {
    // Prepare: a client that keeps connections alive, like Node's fetch in the Lambda bundles.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    // Act
    const calls = [];
    for (let i = 0; i < 4; i += 1) calls.push(await send(agent));
    agent.destroy();

    // Assess
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    expect(calls.map((c) => c.reused)).toEqual([false, true, true, true]);
  });
});

describe('Function: startTelegramServer (webhook and command menu)', () => {
  let server: TelegramServer;
  beforeEach(async () => {
    server = await startTelegramServer({ token: 'T0KEN' });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('keeps what setWebhook registered, reports it without the secret and drops pending updates on request', async () => {
    // Prepare
    server.pushUpdate(makeUpdate({ text: '/help', updateId: 1 }));
    const before = await call(server, 'getWebhookInfo', {});
    // Act
    const set = await call(server, 'setWebhook', { url: 'https://x.test/webhook', secret_token: 'abc_DEF-1', allowed_updates: ['message'], max_connections: 5, drop_pending_updates: true });
    const info = await call(server, 'getWebhookInfo', {});
    // Assess
    expect(before.body.result).toMatchObject({ url: '', pending_update_count: 1 });
    expect(set.body).toEqual({ ok: true, result: true });
    expect(info.body.result).toEqual({ url: 'https://x.test/webhook', has_custom_certificate: false, pending_update_count: 0, max_connections: 5, allowed_updates: ['message'] });
    expect(server.webhook()).toEqual({ url: 'https://x.test/webhook', secretToken: 'abc_DEF-1', allowedUpdates: ['message'], maxConnections: 5 });
  });

  it('refuses what Telegram refuses: plain http, a bad secret, max_connections out of 1-100', async () => {
    // Act
    const http = await call(server, 'setWebhook', { url: 'http://x.test/webhook' });
    const secret = await call(server, 'setWebhook', { url: 'https://x.test/webhook', secret_token: 'has space' });
    const connections = await call(server, 'setWebhook', { url: 'https://x.test/webhook', max_connections: 101 });
    // Assess
    for (const res of [http, secret, connections]) expect(res.body).toMatchObject({ ok: false, error_code: 400 });
    expect(server.webhook()).toBeNull();
  });

  it('answers getUpdates with 409 while a webhook is set, and serves it again after deleteWebhook', async () => {
    // Prepare
    await call(server, 'setWebhook', { url: 'https://x.test/webhook' });
    // Act
    const conflict = await call(server, 'getUpdates', { timeout: 0 });
    await call(server, 'deleteWebhook', {});
    const after = await call(server, 'getUpdates', { timeout: 0 });
    // Assess
    expect(conflict.status).toBe(409);
    expect(after.body).toEqual({ ok: true, result: [] });
  });

  it('reports the last delivery error until the webhook is deleted', async () => {
    // Prepare
    await call(server, 'setWebhook', { url: 'https://x.test/webhook' });
    server.recordDeliveryError('Wrong response from the webhook: 401 Unauthorized');
    // Act
    const failing = await call(server, 'getWebhookInfo', {});
    await call(server, 'deleteWebhook', {});
    const cleared = await call(server, 'getWebhookInfo', {});
    // Assess
    expect(failing.body.result.last_error_message).toBe('Wrong response from the webhook: 401 Unauthorized');
    expect(cleared.body.result.last_error_message).toBeUndefined();
  });

  it('keeps one command list per language and refuses commands Telegram would refuse', async () => {
    // Act
    await call(server, 'setMyCommands', { commands: [{ command: 'help', description: 'Help' }] });
    await call(server, 'setMyCommands', { commands: JSON.stringify([{ command: 'ayuda', description: 'Ayuda' }]), language_code: 'es' });
    const bad = await call(server, 'setMyCommands', { commands: [{ command: 'Help!', description: 'x' }] });
    const es = await call(server, 'getMyCommands', { language_code: 'es' });
    // Assess
    expect(server.commands()).toEqual([{ command: 'help', description: 'Help' }]);
    expect(es.body.result).toEqual([{ command: 'ayuda', description: 'Ayuda' }]);
    expect(bad.body).toMatchObject({ ok: false, description: 'Bad Request: BOT_COMMAND_INVALID' });
  });
});

describe('Function: makeUpdate and makeWebhookEvent', () => {
  it('builds a command message with a bot_command entity and a v2 event carrying it', () => {
    // Act
    const update = makeUpdate({ text: '/buy AAPL 1 2', chatId: 7, updateId: 9 });
    const event = makeWebhookEvent({ body: update, secretToken: 's3cret', base64: true });
    // Assess
    expect(update).toMatchObject({ update_id: 9, message: { chat: { id: 7, type: 'private' }, entities: [{ type: 'bot_command', offset: 0, length: 4 }] } });
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.headers['x-telegram-bot-api-secret-token']).toBe('s3cret');
    expect(JSON.parse(Buffer.from(event.body!, 'base64').toString('utf8'))).toEqual(update);
  });
});

describe('Function: htmlToTerminal', () => {
  it('renders tags as terminal styles, decodes entities and prints link addresses', () => {
    // Act
    const plain = htmlToTerminal('<b>Top</b> &lt;3 <a href="https://x.test/a?b=1&amp;c=2">CSV</a>', false);
    const styled = htmlToTerminal('<b>Top</b>');
    // Assess
    expect(plain).toBe('Top <3 CSV (https://x.test/a?b=1&c=2)');
    expect(styled).toBe('\u001b[1mTop\u001b[0m');
    expect(parseTelegramHtml('<pre>a</b>').ok).toBe(false);
  });
});
