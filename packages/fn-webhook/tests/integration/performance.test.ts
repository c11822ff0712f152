import { GetObjectCommand } from '@aws-sdk/client-s3';
import { webhookStack, type WebhookStack } from '../helpers/webhook-stack';

// Tuesday 2026-03-10 11:00 New York: the last close is Monday 03-09's.
const NOW = new Date('2026-03-10T15:00:00Z');
const clock = { now: () => NOW };

// AAA: 1.05 x 22/21 x 0.9 x 2000/1980 x 1.02 = +2.0% time-weighted with 10 more bought on 03-04;
// SPY from 50 (the close before the first trade) to 55: +10.0%.
const series = {
  AAA: [
    { date: '2026-03-02', close: 100 },
    { date: '2026-03-03', close: 105 },
    { date: '2026-03-04', close: 110 },
    { date: '2026-03-05', close: 99 },
    { date: '2026-03-06', close: 100 },
    { date: '2026-03-09', close: 102 },
  ],
  SPY: [
    { date: '2026-02-27', close: 50 },
    { date: '2026-03-02', close: 50 },
    { date: '2026-03-03', close: 52 },
    { date: '2026-03-04', close: 55 },
    { date: '2026-03-05', close: 54 },
    { date: '2026-03-06', close: 54 },
    { date: '2026-03-09', close: 55 },
  ],
};

describe('Webhook: /performance', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack({ clock, yahoo: { series, now: () => NOW } });
    await stack.say('/buy AAA 10 100 2026-03-02');
    await stack.say('/buy AAA 10 105 2026-03-04');
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('answers through the webhook with the history the Yahoo stand-in serves, and keeps that history in the price-history documents', async () => {
    // Act
    const { status, replies } = await stack.say('/performance');
    // Assess
    expect(status).toBe(200);
    expect(replies[0]).toMatch(/Time-weighted \(TWR\)\s+\+2\.0%/);
    expect(replies[0]).toMatch(/You vs it \(TWR\)\s+-8\.0 pp/);
    const shard = await stack.aws.s3.send(new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'market/history/S.json' }));
    const stored = JSON.parse(await shard.Body!.transformToString()) as { series: Record<string, { from: string; keepFrom: string; through: string }> };
    expect(stored.series.SPY).toMatchObject({ from: '2026-02-20', keepFrom: '2026-02-20', through: '2026-03-09' });
  });

  it('answers again on the warm instance with one storage request (the ledger) and no Yahoo request', async () => {
    // Prepare
    stack.requests.s3.reset();
    stack.requests.dynamo.reset();
    stack.yahoo.resetLog();
    // Act
    const { replies } = await stack.say('/rendimiento 1m');
    // Assess
    expect(replies[0]).toMatch(/Time-weighted \(TWR\)\s+\+2\.0%/);
    expect(stack.requests.s3.total() + stack.requests.dynamo.total()).toBeLessThanOrEqual(3);
    expect(stack.requests.dynamo.byOperation()).toEqual({ QueryCommand: 1 });
    expect(stack.yahoo.counts().chart).toBe(0);
  });

  it('answers from the cached documents after a cold start, without asking Yahoo for history', async () => {
    // Prepare
    stack.coldStart();
    stack.yahoo.resetLog();
    stack.requests.s3.reset();
    // Act
    const { replies } = await stack.say('/performance all');
    // Assess: the ledger, the rules and one shard per first letter (A, S); the new instance's one
    // Yahoo request is its daily split check of the position (as /portfolio makes), no history
    expect(replies[0]).toMatch(/Time-weighted \(TWR\)\s+\+2\.0%/);
    expect(stack.yahoo.requests.filter((r) => r.kind === 'chart').map((r) => [r.symbols, r.events])).toEqual([[['AAA'], 'split']]);
    expect(stack.requests.s3.byOperation()).toEqual({ GetObjectCommand: 3 });
  });
});

describe('Webhook: /performance across a split', () => {
  // BBB: 10 bought at 100 on 03-02, split 2-for-1 effective 03-05. Yahoo's closes are split-adjusted
  // (in today's shares: 50 on 03-02 was 100 then): 1000, 1050, 1100, 1100 (20 x 55), 1120, 1200.
  const split = {
    BBB: [
      { date: '2026-03-02', close: 50 },
      { date: '2026-03-03', close: 52.5 },
      { date: '2026-03-04', close: 55 },
      { date: '2026-03-05', close: 55 },
      { date: '2026-03-06', close: 56 },
      { date: '2026-03-09', close: 60 },
    ],
    SPY: series.SPY,
  };
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack({ clock, yahoo: { series: split, now: () => NOW, splits: { BBB: [{ date: '2026-03-05', numerator: 2, denominator: 1 }] } } });
    await stack.say('/buy BBB 10 100 2026-03-02');
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('applies the split the market data reports first, and values the 10 shares bought before it as the 20 they became (+20%, not -40%)', async () => {
    // Act
    const { replies } = await stack.say('/performance');
    // Assess
    const text = replies.join('\n');
    expect(text).toContain('BBB split 2-for-1 on 2026-03-05, applied to your position: now 20 shares');
    expect(text).toMatch(/Time-weighted \(TWR\)\s+\+20\.0%/);
    expect(text).toMatch(/Value at the end\s+1,200\.00/);
  });

  it('measures a sale of the new shares after the split: the position closes, nothing is refused', async () => {
    // Act
    await stack.say('/sell BBB 20 60 2026-03-09');
    const { replies } = await stack.say('/performance all');
    // Assess: sold at the 03-09 close, the same +20%
    expect(replies.join('\n')).toMatch(/Time-weighted \(TWR\)\s+\+20\.0%/);
  });
});
