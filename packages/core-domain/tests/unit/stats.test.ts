import fc from 'fast-check';
import { dec } from '../../src/decimal';
import { replay } from '../../src/ledger';
import { computeStats, isoWeek, pnlByPeriod } from '../../src/stats';
import type { ClosedTrade } from '../../src/types/trading';
import { ledger } from '../helpers/ledger';
import { runs } from '../helpers/runs';

const DAY = 86_400_000;
let seq = 0;
function sale(pnl: string, returnPct: number, openedAt: string, closedAt: string, symbol = 'AAA'): ClosedTrade {
  seq += 1;
  const p = dec(pnl);
  const cost = dec(100);
  return { seq, symbol, currency: 'USD', quantity: dec(1), proceeds: cost.plus(p), costOfSold: cost, fees: dec(0), pnl: p, returnPct, openedAt, closedAt };
}

describe('Function: computeStats', () => {
  // P&L in order +100, -50, +30, -80, 0, +200; held 1..6 days.
  const trades = [
    sale('100', 0.1, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'),
    sale('-50', -0.25, '2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z'),
    sale('30', 0.3, '2024-01-01T00:00:00Z', '2024-01-04T00:00:00Z'),
    sale('-80', -0.08, '2024-01-01T00:00:00Z', '2024-01-05T00:00:00Z'),
    sale('0', 0, '2024-01-01T00:00:00Z', '2024-01-06T00:00:00Z'),
    sale('200', 0.05, '2023-12-31T00:00:00Z', '2024-01-06T00:00:00Z'),
  ];

  it('counts wins, losses and draws and computes the freqtrade ratios by hand', () => {
    // Act
    const s = computeStats(trades);
    // Assess
    expect([s.closedTrades, s.wins, s.losses, s.draws]).toEqual([6, 3, 2, 1]);
    expect(s.winRate).toBe(0.5);
    expect(s.realizedPnl.toFixed()).toBe('200');
    expect(s.grossProfit.toFixed()).toBe('330');
    expect(s.grossLoss.toFixed()).toBe('130');
    expect(s.averageWin!.toFixed()).toBe('110');
    expect(s.averageLoss!.toFixed()).toBe('-65');
    expect(s.profitFactor).toBeCloseTo(330 / 130, 12);
    // freqtrade: winrate x avg win - loserate x avg loss = 0.5 x 110 - (2/6) x 65
    expect(s.expectancy.toNumber()).toBeCloseTo(0.5 * 110 - (2 / 6) * 65, 10);
    expect(s.expectancyRatio).toBeCloseTo((1 + 110 / 65) * 0.5 - 1, 12);
  });

  it('names the best and worst sale by % and by money separately', () => {
    // Act
    const s = computeStats(trades);
    // Assess
    expect(s.bestByPct!.returnPct).toBe(0.3);
    expect(s.worstByPct!.returnPct).toBe(-0.25);
    expect(s.bestByPnl!.pnl.toFixed()).toBe('200');
    expect(s.worstByPnl!.pnl.toFixed()).toBe('-80');
  });

  it('gives ties for best and worst, by % and by money, to the earliest sale', () => {
    // Prepare: three sales with the same P&L and return, then two equal losers; symbols tell them apart.
    const tied = [
      sale('20', 0.2, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'FIRST'),
      sale('20', 0.2, '2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', 'SECOND'),
      sale('-5', -0.05, '2024-01-01T00:00:00Z', '2024-01-04T00:00:00Z', 'LOSER1'),
      sale('20', 0.2, '2024-01-01T00:00:00Z', '2024-01-05T00:00:00Z', 'THIRD'),
      sale('-5', -0.05, '2024-01-01T00:00:00Z', '2024-01-06T00:00:00Z', 'LOSER2'),
    ];
    // Act
    const s = computeStats(tied);
    // Assess
    expect([s.bestByPct!.symbol, s.bestByPnl!.symbol]).toEqual(['FIRST', 'FIRST']);
    expect([s.worstByPct!.symbol, s.worstByPnl!.symbol]).toEqual(['LOSER1', 'LOSER1']);
  });

  it('names a lone sale both the best and the worst, and keeps a first sale that stays the worst', () => {
    // Prepare: the first sale loses most, by % and by money; the later ones do better.
    const lone = [sale('7', 0.07, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'ONLY')];
    const worstFirst = [
      sale('-30', -0.3, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'WORST'),
      sale('-10', -0.1, '2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', 'LESS'),
      sale('5', 0.05, '2024-01-01T00:00:00Z', '2024-01-04T00:00:00Z', 'GAIN'),
    ];
    // Act
    const one = computeStats(lone);
    const s = computeStats(worstFirst);
    // Assess
    expect([one.bestByPct?.symbol, one.worstByPct?.symbol, one.bestByPnl?.symbol, one.worstByPnl?.symbol]).toEqual(['ONLY', 'ONLY', 'ONLY', 'ONLY']);
    expect([s.worstByPct?.symbol, s.worstByPnl?.symbol]).toEqual(['WORST', 'WORST']);
    expect([s.bestByPct?.symbol, s.bestByPnl?.symbol]).toEqual(['GAIN', 'GAIN']);
  });

  it('dates a drawdown from the first time the peak was reached, not from a break-even sale at the peak', () => {
    // Prepare: equity 50, 50 (a break-even sale), 20
    const flatAtPeak = [
      sale('50', 0.5, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'),
      sale('0', 0, '2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z'),
      sale('-30', -0.3, '2024-01-01T00:00:00Z', '2024-01-04T00:00:00Z'),
    ];
    // Act
    const s = computeStats(flatAtPeak);
    // Assess
    expect(s.maxDrawdown).toMatchObject({ peakAt: '2024-01-02T00:00:00Z', troughAt: '2024-01-04T00:00:00Z' });
    expect(s.maxDrawdown.absolute.toFixed()).toBe('30');
  });

  it('reports the earliest open and the latest close whatever the order of the sales (a backdated sale)', () => {
    // Prepare: the second sale was recorded later but closed earlier, and its position opened later.
    const backdated = [
      sale('1', 0.01, '2024-01-01T00:00:00Z', '2024-03-01T00:00:00Z'),
      sale('2', 0.02, '2024-01-15T00:00:00Z', '2024-02-01T00:00:00Z'),
    ];
    // Act
    const s = computeStats(backdated);
    // Assess
    expect(s.firstTradeAt).toBe('2024-01-01T00:00:00Z');
    expect(s.lastTradeAt).toBe('2024-03-01T00:00:00Z');
  });

  it('measures the max drawdown of cumulative realized P&L, against a starting balance when given', () => {
    // Act: equity 100, 50, 80, 0, 0, 200 => peak 100 then trough 0
    const bare = computeStats(trades);
    const withCapital = computeStats(trades, { startingBalance: dec(1000) });
    // Assess
    expect(bare.maxDrawdown.absolute.toFixed()).toBe('100');
    expect(bare.maxDrawdown.peakEquity.toFixed()).toBe('100');
    expect(bare.maxDrawdown.troughEquity.toFixed()).toBe('0');
    expect(bare.maxDrawdown.peakAt).toBe('2024-01-02T00:00:00Z');
    expect(bare.maxDrawdown.troughAt).toBe('2024-01-05T00:00:00Z');
    expect(bare.maxDrawdown.pct).toBe(100);
    expect(withCapital.maxDrawdown.pct).toBeCloseTo((100 / 1100) * 100, 10);
  });

  it('averages the holding time and reports the first open and last close', () => {
    // Act
    const s = computeStats(trades);
    // Assess: 1+2+3+4+5+6 days / 6
    expect(s.averageHoldingMs).toBe(3.5 * DAY);
    expect(s.firstTradeAt).toBe('2023-12-31T00:00:00Z');
    expect(s.lastTradeAt).toBe('2024-01-06T00:00:00Z');
  });

  it('counts a first losing sale as a drawdown from the start of the curve', () => {
    // Prepare
    const losing = [sale('-10', -0.1, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), sale('5', 0.05, '2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z')];
    // Act
    const bare = computeStats(losing);
    const withCapital = computeStats(losing, { startingBalance: dec(100) });
    // Assess
    expect(bare.maxDrawdown.absolute.toFixed()).toBe('10');
    expect(bare.maxDrawdown.peakAt).toBeNull();
    expect(bare.maxDrawdown.pct).toBeNull();
    expect(withCapital.maxDrawdown.pct).toBe(10);
  });

  it('reports an infinite profit factor and no expectancy ratio when nothing lost', () => {
    // Act
    const s = computeStats([sale('10', 0.1, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')]);
    // Assess
    expect(s.profitFactor).toBe(Number.POSITIVE_INFINITY);
    expect(s.expectancyRatio).toBeNull();
    expect(s.averageLoss).toBeNull();
    expect(s.maxDrawdown.pct).toBe(0);
  });

  it('reports no profit factor when every sale broke even, and empty figures with no sales', () => {
    // Act
    const draws = computeStats([sale('0', 0, '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')]);
    const none = computeStats([]);
    // Assess
    expect(draws.profitFactor).toBeNull();
    expect(draws.draws).toBe(1);
    expect(none).toMatchObject({ closedTrades: 0, winRate: null, profitFactor: null, averageHoldingMs: null, bestByPct: null, firstTradeAt: null });
    expect(none.expectancy.toFixed()).toBe('0');
  });

  it('works on the closed trades of a replayed ledger, holding time from the position open', () => {
    // Prepare: opened on Jan 2, averaged up on Jan 10, sold on Jan 12 => held 10 days
    const state = replay(
      ledger().buy('AAA', '1', '100', '0', '2024-01-02T00:00:00Z').buy('AAA', '1', '120', '0', '2024-01-10T00:00:00Z').sell('AAA', '2', '121', '2', '2024-01-12T00:00:00Z')
        .entries,
    );
    // Act
    const s = computeStats(state.closed);
    // Assess: 242 - 2 - 220 = 20
    expect(s.realizedPnl.toFixed()).toBe('20');
    expect(s.averageHoldingMs).toBe(10 * DAY);
  });
});

describe('Function: pnlByPeriod', () => {
  const trades = [
    sale('10', 0.1, '2024-12-01T00:00:00Z', '2024-12-29T12:00:00Z'), // Sunday, 2024-W52
    sale('-4', -0.04, '2024-12-01T00:00:00Z', '2024-12-30T09:00:00Z'), // Monday, 2025-W01
    sale('3', 0.03, '2024-12-01T00:00:00Z', '2024-12-31T23:30:00-02:00'), // 2025-01-01 in UTC
    sale('0', 0, '2024-12-01T00:00:00Z', '2025-01-05T23:59:59Z'), // Sunday, 2025-W01
    sale('7', 0.07, '2024-12-01T00:00:00Z', '2025-01-06T00:00:00Z'), // Monday, 2025-W02
  ];
  const rows = (period: 'day' | 'week' | 'month') =>
    pnlByPeriod(trades, period).map((r) => [r.period, r.start, r.trades, r.wins, r.losses, r.pnl.toFixed()]);

  it('groups by UTC day, converting offsets', () => {
    // Act / Assess
    expect(rows('day')).toEqual([
      ['2024-12-29', '2024-12-29', 1, 1, 0, '10'],
      ['2024-12-30', '2024-12-30', 1, 0, 1, '-4'],
      ['2025-01-01', '2025-01-01', 1, 1, 0, '3'],
      ['2025-01-05', '2025-01-05', 1, 0, 0, '0'],
      ['2025-01-06', '2025-01-06', 1, 1, 0, '7'],
    ]);
  });

  it('groups by ISO week starting Monday, across the year boundary', () => {
    // Act / Assess
    expect(rows('week')).toEqual([
      ['2024-W52', '2024-12-23', 1, 1, 0, '10'],
      ['2025-W01', '2024-12-30', 3, 1, 1, '-1'],
      ['2025-W02', '2025-01-06', 1, 1, 0, '7'],
    ]);
  });

  it('lists the periods in calendar order even when a sale was recorded after a later one (a backdated sale)', () => {
    // Prepare
    const outOfOrder = [sale('5', 0.05, '2025-02-01T00:00:00Z', '2025-03-10T00:00:00Z'), sale('-2', -0.02, '2025-01-01T00:00:00Z', '2025-01-20T00:00:00Z')];
    // Act
    const months = pnlByPeriod(outOfOrder, 'month').map((r) => [r.period, r.pnl.toFixed()]);
    // Assess
    expect(months).toEqual([
      ['2025-01', '-2'],
      ['2025-03', '5'],
    ]);
  });

  it('groups by calendar month', () => {
    // Act / Assess
    expect(rows('month')).toEqual([
      ['2024-12', '2024-12-01', 2, 1, 1, '6'],
      ['2025-01', '2025-01-01', 3, 2, 0, '10'],
    ]);
  });
});

describe('Function: isoWeek', () => {
  // Expected values from GNU date (`date -u -d DAY +%G-W%V`), an implementation of its own.
  it.each([
    ['2021-01-03', '2020-W53', '2020-12-28'],
    ['2026-01-01', '2026-W01', '2025-12-29'],
    ['2024-02-29', '2024-W09', '2024-02-26'],
    ['2005-01-01', '2004-W53', '2004-12-27'],
    ['2005-12-31', '2005-W52', '2005-12-26'],
    ['2007-01-01', '2007-W01', '2007-01-01'],
    ['2007-12-30', '2007-W52', '2007-12-24'],
    ['2007-12-31', '2008-W01', '2007-12-31'],
    ['2008-12-28', '2008-W52', '2008-12-22'],
    ['2008-12-29', '2009-W01', '2008-12-29'],
    ['2010-01-03', '2009-W53', '2009-12-28'],
    ['2010-01-04', '2010-W01', '2010-01-04'],
    ['1916-01-01', '1915-W52', '1915-12-27'],
    ['2027-01-01', '2026-W53', '2026-12-28'],
    ['2033-01-02', '2032-W53', '2032-12-27'],
    ['2079-06-15', '2079-W24', '2079-06-12'],
  ])('puts %p in %p starting %p', (day, period, start) => {
    // Act / Assess
    expect(isoWeek(day)).toEqual({ period, start });
  });
});

/**
 * ISO 8601's other definition of the week, written independently of src: weeks start on Monday
 * and week 1 is the week holding 4 January; a day belongs to the latest year whose week 1 has begun.
 */
function isoWeekByFourthOfJanuary(day: string): { period: string; start: string } {
  const at = Date.parse(`${day}T00:00:00Z`);
  const daysAfterMonday = (ms: number): number => (new Date(ms).getUTCDay() + 6) % 7;
  const firstWeekStart = (year: number): number => {
    const fourth = Date.UTC(year, 0, 4);
    return fourth - daysAfterMonday(fourth) * DAY;
  };
  let year = new Date(at).getUTCFullYear() + 1;
  while (firstWeekStart(year) > at) year -= 1;
  const week = Math.floor((at - firstWeekStart(year)) / (7 * DAY)) + 1;
  return { period: `${year}-W${String(week).padStart(2, '0')}`, start: new Date(at - daysAfterMonday(at) * DAY).toISOString().slice(0, 10) };
}

describe('Property: isoWeek', () => {
  it('agrees with the week-of-4-January definition on any day from 1915 to 2079', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 40000 }), (daysSinceEpoch) => {
        // Prepare
        const day = new Date(daysSinceEpoch * DAY).toISOString().slice(0, 10);
        // Act
        const week = isoWeek(day);
        // Assess
        expect(week).toEqual(isoWeekByFourthOfJanuary(day));
      }),
      { numRuns: runs(500) },
    );
  });

  it('agrees with it on the last and first days of every year, where the two years meet', () => {
    // Prepare: 28 Dec .. 4 Jan of every year in range, the only days whose ISO year can differ.
    const days: string[] = [];
    for (let year = 1916; year <= 2079; year += 1) {
      for (let offset = -4; offset <= 3; offset += 1) days.push(new Date(Date.UTC(year, 0, 1 + offset)).toISOString().slice(0, 10));
    }
    // Act
    const mismatches = days.filter((day) => JSON.stringify(isoWeek(day)) !== JSON.stringify(isoWeekByFourthOfJanuary(day)));
    // Assess
    expect(mismatches).toEqual([]);
  });
});
