import { isWellFormedText } from '@tradebot/core-domain';
import { countRequests } from '@tradebot/local-stack';
import { botStack, CHAT, type BotStack } from '../helpers/bot-stack';

/** A second served chat, with a ledger of its own. */
const NEWCOMER = 434343;
/** A third, for dividends. */
const HOLDER = 565656;

// Hand-built closes (the Yahoo stand-in serves them): AAA +5%, then +4.76% on the day 10 more are
// bought, -10%, +1.01%, +2%; the benchmark SPY from 50 (the close before the first trade) to 55.
const AAA = [
  { date: '2026-03-02', close: 100 },
  { date: '2026-03-03', close: 105 },
  { date: '2026-03-04', close: 110 },
  { date: '2026-03-05', close: 99 },
  { date: '2026-03-06', close: 100 },
  { date: '2026-03-09', close: 102 },
];
const SPY = [
  { date: '2026-02-27', close: 50 },
  { date: '2026-03-02', close: 50 },
  { date: '2026-03-03', close: 52 },
  { date: '2026-03-04', close: 55 },
  { date: '2026-03-05', close: 54 },
  { date: '2026-03-06', close: 54 },
  { date: '2026-03-09', close: 55 },
];

const tableOf = (html: string): string => /<pre>([\s\S]*)<\/pre>/.exec(html)![1]!;

describe('Command: /performance', () => {
  let stack: BotStack;
  beforeAll(async () => {
    // Tuesday 2026-03-10 11:00 New York: the last close is Monday 03-09's.
    stack = await botStack({ start: '2026-03-10T15:00:00Z', allowed: [CHAT, NEWCOMER, HOLDER] });
    stack.yahoo.configure({ series: { AAA, SPY, BBB: AAA.filter((b) => b.date !== '2026-03-06') } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('says there is nothing to measure before the first trade', async () => {
    // Act
    const [text] = await stack.say('/performance');
    // Assess
    expect(text).toContain('No trades yet');
  });

  it('shows TWR, IRR, drawdown, volatility and the benchmark with the same cash flows, hand-computed, in a phone-width table', async () => {
    // Prepare
    await stack.say('/buy AAA 10 100 2026-03-02');
    await stack.say('/buy AAA 10 105 2026-03-04');
    // Act
    const [text] = await stack.say('/performance all');
    // Assess: 1.05 x 22/21 x 0.9 x 2000/1980 x 1.02 = 1.02; SPY 50 -> 55 with 1000 at 50 and 1050 at 52
    expect(text).toContain('Performance · since the first trade');
    expect(text).toContain('2026-03-02 → 2026-03-09 (7 days, USD)');
    expect(text).toMatch(/Time-weighted \(TWR\)\s+\+2\.0%/);
    expect(text).toMatch(/Money-weighted \(IRR\)\s+-0\.\d%/);
    expect(text).toMatch(/Max drawdown\s+-10\.0%/);
    expect(text).toMatch(/Value at the end\s+2,040\.00/);
    expect(text).toMatch(/Net money in\s+\+2,050\.00/);
    expect(text).toContain('SPY, same cash flows');
    expect(text).toMatch(/Time-weighted\s+\+10\.0%/);
    expect(text).toMatch(/Value at the end\s+2,210\.58/);
    expect(text).toMatch(/You vs it \(TWR\)\s+-8\.0 pp/);
    expect(text).toMatch(/Value difference\s+-170\.58/);
    expect(text).toContain('Not annualised: the period is shorter than a year.');
    expect(text).toContain('Best day +5.0% (2026-03-03), worst -10.0% (2026-03-05).');
    expect(text).toContain('simulated prices');
    const html = stack.lastHtml();
    expect(isWellFormedText(html)).toBe(true);
    for (const line of tableOf(html).split('\n')) expect(line.replace(/&amp;/g, '&').length).toBeLessThanOrEqual(34);
  });

  it('answers a second time from memory: no Yahoo request, no price-history read', async () => {
    // Prepare
    stack.yahoo.resetLog();
    const s3 = countRequests(stack.aws.s3);
    // Act
    const [text] = await stack.say('/performance');
    // Assess: only the rules are read from S3 (this bot re-reads them every message)
    expect(text).toMatch(/Time-weighted \(TWR\)\s+\+2\.0%/);
    expect(stack.yahoo.counts().chart).toBe(0);
    expect(s3.byOperation()).toEqual({ GetObjectCommand: 1 });
  });

  it('measures a shorter period from the close before it, in Spanish with /rendimiento', async () => {
    // Prepare
    await stack.putRules({ language: 'es' });
    try {
      // Act: 1 month ending 03-09 starts on 02-10, before the first trade
      const [text] = await stack.say('/rendimiento 1m');
      // Assess
      expect(text).toContain('Rendimiento · 1 mes');
      expect(text).toMatch(/Ponderada tiempo \(TWR\)\s+\+2,0%/);
      expect(text).toMatch(/Tú frente a él \(TWR\)\s+-8,0 pp/);
      expect(text).toContain('Tu primera operación es del 2026-03-02');
      expect(text).toContain('Sin anualizar');
      expect(text).toContain('SPY, mismos flujos');
    } finally {
      await stack.putRules({});
    }
  });

  it('carries a missing close forward and says so', async () => {
    // Prepare: BBB has no close on 03-06, a day AAA and SPY have one
    await stack.say('/buy BBB 1 100 2026-03-03');
    // Act
    const [text] = await stack.say('/performance');
    // Assess
    expect(text).toContain('No close on some market days, so the last close was carried forward: BBB 1 day.');
  });

  it('leaves a trade after the last close out of the figures and says so', async () => {
    // Prepare: today's trade has no close yet
    await stack.say('/buy AAA 1 103');
    // Act
    const [text] = await stack.say('/performance');
    // Assess
    expect(text).toContain('1 trade is after the last close (2026-03-09), so not in the figures yet.');
  });

  it('says the benchmark has no prices when the rules name one the source does not know', async () => {
    // Prepare
    await stack.putRules({ benchmark: 'NOPE' });
    try {
      // Act
      const [text] = await stack.say('/performance');
      // Assess
      expect(text).toContain('No prices for the benchmark NOPE');
      expect(text).toMatch(/Time-weighted \(TWR\)\s+[+-]/);
    } finally {
      await stack.putRules({});
    }
  });

  it('explains too little history when the only trade is from today', async () => {
    // Prepare
    await stack.say('/buy AAA 1 103', NEWCOMER);
    // Act
    const [text] = await stack.say('/performance', NEWCOMER);
    // Assess
    expect(text).toContain('Too little history: your first trade is from 2026-03-10 and the last close is from 2026-03-09.');
  });

  it('counts a dividend as income on the day it was paid, as /balance does', async () => {
    // Prepare: 10 AAA bought at the 03-02 close (1,000 -> 1,020 by 03-09), and 20.00 of dividends paid on 03-06
    await stack.say('/buy AAA 10 100 2026-03-02', HOLDER);
    await stack.say('/dividend AAA 20 2026-03-06', HOLDER);
    // Act
    const [text] = await stack.say('/performance all', HOLDER);
    // Assess: 03-06 ends at 1,000 + 20 paid out on a 990 start (+3.03% instead of +1.01%), so the
    // chain is 1,020/1,000 x 1,020/1,000 = +4.04%; without the dividend it would be +2.0%
    expect(text).toMatch(/Time-weighted \(TWR\)\s+\+4\.0%/);
    expect(text).toMatch(/Value at the end\s+1,020\.00/);
    expect(text).toMatch(/Net money in\s+\+980\.00/);
  });
});
