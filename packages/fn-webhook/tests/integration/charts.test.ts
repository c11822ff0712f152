import { CHART_DATA_KEYWORD, CHART_HEIGHT, CHART_WIDTH, pngChunks } from '@tradebot/telegram-bot';
import { CHAT, webhookStack, type WebhookStack, daysAgo } from '../helpers/webhook-stack';

/** What a chart recorded in its PNG (`tEXt` chunk): the data it drew. */
function drawnData(png: Buffer): Record<string, unknown> {
  const chunk = pngChunks(png).find((c) => c.type === 'tEXt' && c.data.toString('latin1').startsWith(`${CHART_DATA_KEYWORD}\0`));
  if (!chunk) throw new Error('the PNG carries no chart data');
  return JSON.parse(chunk.data.toString('latin1').slice(CHART_DATA_KEYWORD.length + 1)) as Record<string, unknown>;
}


describe('Function: createWebhookApp, /chart', () => {
  let stack: WebhookStack;

  beforeAll(async () => {
    stack = await webhookStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(() => {
    stack.telegram.clear();
  });

  it('sends a ticker chart as a valid 1080-px PNG whose drawn data hold the buys and sells at their prices', async () => {
    // Prepare: a buy two months ago and a partial sale last month.
    await stack.say(`/buy KO 10 58.25 0 ${daysAgo(60)}`);
    await stack.say(`/sell KO 4 61.50 0 ${daysAgo(30)}`);
    stack.telegram.clear();
    // Act
    const { status } = await stack.say('/chart KO 1y');
    // Assess
    expect(status).toBe(200);
    const [photo, ...more] = stack.telegram.photosTo(CHAT);
    expect(more).toHaveLength(0);
    expect(photo).toMatchObject({ format: 'png', width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(photo!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(photo!.plainCaption).toContain('KO');
    expect(photo!.plainCaption).toContain('2 trades are marked');
    const drawn = drawnData(photo!.bytes);
    expect(drawn).toMatchObject({ kind: 'price', symbol: 'KO', range: '1y' });
    expect(drawn.markers).toEqual([
      expect.objectContaining({ seq: 1, side: 'buy', date: daysAgo(60), price: 58.25 }),
      expect.objectContaining({ seq: 2, side: 'sell', date: daysAgo(30), price: 61.5 }),
    ]);
    // A year of sessions (about 250), each with its 180-day high.
    expect(drawn.points).toBeGreaterThan(240);
    expect(drawn.to).toBe((drawn.markers as { at: string }[]).reduce((last, m) => (m.at > last ? m.at : last), drawn.to as string));
    expect(stack.telegram.messagesTo(CHAT)).toHaveLength(0);
  });

  it('draws a 6-month chart with only the sessions of those months', async () => {
    // Act
    await stack.say('/chart KO 6m');
    // Assess
    const drawn = drawnData(stack.telegram.photosTo(CHAT)[0]!.bytes);
    expect(drawn).toMatchObject({ kind: 'price', range: '6m' });
    expect(drawn.points).toBeGreaterThan(115);
    expect(drawn.points).toBeLessThan(135);
    expect(String(drawn.from) > daysAgo(190)).toBe(true);
  });

  it('sends the portfolio chart: value and invested capital from the ledger and the price history', async () => {
    // Act
    await stack.say('/chart portfolio');
    // Assess
    const [photo] = stack.telegram.photosTo(CHAT);
    expect(photo).toMatchObject({ format: 'png', width: CHART_WIDTH, height: CHART_HEIGHT });
    const drawn = drawnData(photo!.bytes);
    expect(drawn).toMatchObject({ kind: 'portfolio', currency: 'USD' });
    // 6 KO shares held now, at the cost of the ones left: 6 x 58.25.
    expect(drawn.invested).toBe(349.5);
    // The chart starts on the first session something was held.
    expect(String(drawn.from) >= daysAgo(60)).toBe(true);
  });

  it('answers in Spanish with /grafico cartera', async () => {
    // Prepare
    await stack.say('/rules set language es');
    stack.telegram.clear();
    // Act
    await stack.say('/grafico cartera 6m');
    // Assess
    const [photo] = stack.telegram.photosTo(CHAT);
    expect(photo!.plainCaption).toContain('Cartera, 6 meses');
    await stack.say('/rules set language en');
  });

  it('refuses a malformed /chart with one correct example, and an unknown ticker with a message, and sends no picture', async () => {
    // Act
    const bad = await stack.say('/chart KO 5y');
    const unknown = await stack.say('/chart ZZZZ');
    // Assess
    expect(bad.replies[0]).toContain('"5y" is not a period: use 6m or 1y.');
    expect(bad.replies[0]).toContain('Example: /chart KO 1y');
    expect(unknown.replies[0]).toContain('There is no price history for ZZZZ');
    expect(stack.telegram.photosTo(CHAT)).toHaveLength(0);
  });
});
