import { dec } from '@tradebot/core-domain';
import { mergeGap, planHistory, type SessionQuote } from '@tradebot/market-data';

const quote = (over: Partial<SessionQuote>): SessionQuote => ({
  symbol: 'AAA',
  price: dec(11),
  currency: 'USD',
  asOf: '2026-11-20T21:00:00.000Z',
  sessionDate: '2026-11-20',
  sessionClosed: true,
  close: 11,
  previousCloseValue: 10,
  volume: 5_000,
  ...over,
});
const cached = [
  { date: '2026-11-18', close: 9 },
  { date: '2026-11-19', close: 10 },
];

describe('Function: planHistory', () => {
  it('backfills a symbol that has no cached history', () => {
    expect(planHistory(undefined, quote({}), '2026-11-20', '2025-11-15')).toEqual({ kind: 'backfill', from: '2025-11-15' });
  });

  it('appends the closed session from the quote when its previous close matches the cache', () => {
    const plan = planHistory(cached, quote({}), '2026-11-20', '2025-11-15');
    expect(plan).toEqual({ kind: 'append', bar: { date: '2026-11-20', close: 11, volume: 5_000 } });
  });

  it('fetches the gap when the previous close does not match (a missed session or a split)', () => {
    expect(planHistory(cached, quote({ previousCloseValue: 10.5 }), '2026-11-20', '2025-11-15')).toEqual({ kind: 'gap', from: '2026-11-19' });
  });

  it('never stores an intraday price as a close', () => {
    expect(planHistory(cached, quote({ sessionClosed: false }), '2026-11-20', '2025-11-15')).toEqual({ kind: 'gap', from: '2026-11-19' });
  });

  it('does nothing when the quote is for the session already cached (a holiday)', () => {
    expect(planHistory(cached, quote({ sessionDate: '2026-11-19', close: 10, previousCloseValue: 9 }), '2026-11-20', '2025-11-15')).toEqual({ kind: 'current' });
  });

  it('fetches again when the source disagrees with the cached close of the session it quotes (another source\'s data, a correction)', () => {
    // The cache already reaches the scan date, but its last close is not the source's.
    const plan = planHistory(cached, quote({ sessionDate: '2026-11-19', close: 10.8, previousCloseValue: 9 }), '2026-11-19', '2025-11-15');
    expect(plan).toEqual({ kind: 'gap', from: '2026-11-19' });
  });
});

describe('Function: mergeGap', () => {
  it('appends bars after the overlapping one', () => {
    const merged = mergeGap(cached, [{ date: '2026-11-19', close: 10 }, { date: '2026-11-20', close: 12 }]);
    expect(merged?.map((b) => b.date)).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
  });

  it('refuses to merge when the overlapping close changed (history was adjusted)', () => {
    expect(mergeGap(cached, [{ date: '2026-11-19', close: 5 }, { date: '2026-11-20', close: 6 }])).toBeNull();
  });
});
