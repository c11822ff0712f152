import { htmlToTerminal, makeUpdate, makeWebhookEvent, parseTelegramHtml, startTelegramServer, type TelegramServer } from '../../../src/telegram';

async function call(server: TelegramServer, method: string, params: Record<string, unknown>, token = 'T0KEN'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: await res.json() };
}

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
