import fc from 'fast-check';
import { ZERO, dec, sum } from '../../src/decimal';
import { effectiveEntries, effectiveTrades, replay, validateDraft } from '../../src/ledger';
import { amountIn, type MoneyByCurrency } from '../../src/money';
import { computeStats, pnlByPeriod } from '../../src/stats';
import type { CountedEntry, LedgerEntry } from '../../src/types/trading';
import { acceptedLedger, heldIn } from '../helpers/accepted-ledger';
import { attempts, entryAttempts, positiveDecimal, toDraft, type Attempt } from '../helpers/arbitraries';
import { referenceFold } from '../helpers/reference-fold';
import { runs } from '../helpers/runs';

/** Per-currency totals as plain pairs, for comparing two states. */
const plainTotals = (totals: MoneyByCurrency): [string, string][] => [...totals].map(([currency, m]) => [currency, `${m.amount.toFixed()} ${m.currency}`]);

describe('Generator: attempts', () => {
  it('builds ledgers with full exits and partial sales whose values need more than 12 decimal places', () => {
    // Prepare: a fixed seed, so the measure is the same on every run.
    const places = (x: { toFixed(): string }): number => x.toFixed().split('.')[1]?.length ?? 0;
    const samples = fc.sample(attempts, { numRuns: 300, seed: 20260310 });
    // Act
    const kinds = samples.map((stream) => {
      const { entries } = acceptedLedger(stream);
      const trades = effectiveTrades(entries).map((e) => e.trade);
      const wide = trades.some((t) => places(t.quantity) + places(t.price) > 12);
      const held = new Map<string, ReturnType<typeof dec>>();
      let full = false;
      let partial = false;
      for (const t of trades) {
        const before = held.get(t.symbol) ?? ZERO;
        if (t.side === 'sell') (before.eq(t.quantity) ? (full = true) : (partial = true));
        held.set(t.symbol, t.side === 'buy' ? before.plus(t.quantity) : before.minus(t.quantity));
      }
      return { fullWide: wide && full, partialWide: wide && partial };
    });
    // Assess: both paths of the cost split run in a good share of the property runs (about 40% and 50% today).
    expect(kinds.filter((k) => k.fullWide).length).toBeGreaterThan(samples.length / 4);
    expect(kinds.filter((k) => k.partialWide).length).toBeGreaterThan(samples.length / 4);
  });
});

describe('Generator: entryAttempts', () => {
  it('builds ledgers holding accepted dividends and splits, and sales of split shares', () => {
    // Prepare: a fixed seed, so the measure is the same on every run.
    const samples = fc.sample(entryAttempts, { numRuns: 300, seed: 20260310 });
    // Act
    const kinds = samples.map((stream) => {
      const counted = effectiveEntries(acceptedLedger(stream).entries);
      const splitAt = new Map<string, number>();
      let saleAfterSplit = false;
      for (const e of counted) {
        if (e.kind === 'split' && !splitAt.has(e.split.symbol)) splitAt.set(e.split.symbol, e.seq);
        if (e.kind === 'trade' && e.trade.side === 'sell' && splitAt.has(e.trade.symbol)) saleAfterSplit = true;
      }
      return { split: splitAt.size > 0, dividend: counted.some((e) => e.kind === 'dividend'), saleAfterSplit };
    });
    // Assess: about 40% of the ledgers hold a split, 30% a dividend, 20% a sale after a split today.
    expect(kinds.filter((k) => k.split).length).toBeGreaterThan(samples.length / 5);
    expect(kinds.filter((k) => k.dividend).length).toBeGreaterThan(samples.length / 6);
    expect(kinds.filter((k) => k.saleAfterSplit).length).toBeGreaterThan(samples.length / 10);
  });
});

describe('Property: the ledger through validateDraft', () => {
  it('never holds a negative or zero quantity, nor a negative cost basis, after any accepted stream', () => {
    fc.assert(
      fc.property(attempts, (stream) => {
        // Prepare / Act
        const { entries } = acceptedLedger(stream);
        const state = replay(entries);
        // Assess
        for (const p of state.positions.values()) {
          expect(p.quantity.gt(0)).toBe(true);
          expect(p.costBasis.gte(0)).toBe(true);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('conserves money: realized P&L is proceeds minus sale fees minus the cost that left the book', () => {
    fc.assert(
      fc.property(attempts, (stream) => {
        // Prepare
        const { entries } = acceptedLedger(stream);
        // Act
        const state = replay(entries);
        // Assess: every sale on its own...
        for (const c of state.closed) expect(c.pnl.eq(c.proceeds.minus(c.fees).minus(c.costOfSold))).toBe(true);
        // ...and in total, per currency, nothing created or lost by the average-cost split.
        const trades = effectiveTrades(entries).map((e) => e.trade);
        for (const currency of new Set(trades.map((t) => t.currency))) {
          const inCurrency = trades.filter((t) => t.currency === currency);
          const bought = sum(inCurrency.filter((t) => t.side === 'buy').map((t) => t.quantity.times(t.price).plus(t.fees)));
          const sold = sum(inCurrency.filter((t) => t.side === 'sell').map((t) => t.quantity.times(t.price).minus(t.fees)));
          const stillHeld = sum([...state.positions.values()].filter((p) => p.currency === currency).map((p) => p.costBasis));
          const realized = amountIn(state.realizedByCurrency, currency).amount;
          expect(realized.eq(sold.minus(bought.minus(stillHeld)))).toBe(true);
          const bySymbol = sum([...state.realizedBySymbol.values()].map((amounts) => amountIn(amounts, currency).amount));
          expect(bySymbol.eq(realized)).toBe(true);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('charges each sale the average cost of what was sold, within a millionth of a cent', () => {
    fc.assert(
      fc.property(attempts, (stream) => {
        // Prepare: track the average cost independently, at full precision
        const { entries } = acceptedLedger(stream);
        const held = new Map<string, { qty: ReturnType<typeof dec>; basis: ReturnType<typeof dec> }>();
        const expected: ReturnType<typeof dec>[] = [];
        for (const { trade: t } of effectiveTrades(entries)) {
          const h = held.get(t.symbol) ?? { qty: ZERO, basis: ZERO };
          if (t.side === 'buy') {
            held.set(t.symbol, { qty: h.qty.plus(t.quantity), basis: h.basis.plus(t.quantity.times(t.price)).plus(t.fees) });
          } else {
            const cost = h.basis.div(h.qty).times(t.quantity);
            expected.push(cost);
            const left = h.qty.minus(t.quantity);
            held.set(t.symbol, left.eq(0) ? { qty: ZERO, basis: ZERO } : { qty: left, basis: h.basis.minus(cost) });
          }
        }
        // Act
        const state = replay(entries);
        // Assess: the rounding of each split stays below a millionth of a cent even as it carries on
        expect(state.closed.length).toBe(expected.length);
        state.closed.forEach((c, i) => expect(c.costOfSold.minus(expected[i]!).abs().lt('1e-8')).toBe(true));
      }),
      { numRuns: runs(300) },
    );
  });

  it('realizes exactly zero when everything bought at one price is sold at that price without fees', () => {
    fc.assert(
      fc.property(
        positiveDecimal(100000, 4),
        fc.array(positiveDecimal(5000, 4), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
        (price, buys, sellWeights) => {
          // Prepare: buy in lots, then sell the total in differently sized lots
          const total = sum(buys);
          const weightSum = sellWeights.reduce((a, w) => a + w, 0);
          const sells = sellWeights.map((w) => total.times(w).div(weightSum).round(6, 0)).filter((q) => q.gt(0));
          const soFar = sum(sells.slice(0, -1));
          if (sells.length === 0 || soFar.gte(total)) return;
          sells[sells.length - 1] = total.minus(soFar);
          const at = '2024-01-02T00:00:00.000Z';
          const trade = (side: 'buy' | 'sell', quantity: ReturnType<typeof dec>) => ({ side, symbol: 'AAA', quantity, price, fees: ZERO, currency: 'USD', executedAt: at });
          const entries: LedgerEntry[] = [...buys.map((q) => trade('buy', q)), ...sells.map((q) => trade('sell', q))].map((t, i) => ({
            kind: 'trade' as const,
            trade: t,
            seq: i + 1,
            recordedAt: at,
          }));
          // Act
          const state = replay(entries);
          // Assess
          expect(state.positions.size).toBe(0);
          expect(amountIn(state.realizedByCurrency, 'USD').amount.eq(0)).toBe(true);
          expect(state.closed.every((c) => c.pnl.abs().lt('1e-10'))).toBe(true);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  // The two comparisons with the reference run on ledgers holding every kind of counted entry
  // (trades, dividends, splits); the properties above keep to trades, since they recompute holdings
  // from the trades alone.
  // Found by a random run: each full exit of split shares adds places to the ledger's quantities
  // until a later split needs more than 30, where a plain Big division stops. Kept as an example.
  const splitPast30Places: Attempt[] = [
    { kind: 'trade', trade: { side: 'buy', quantity: dec('0.00001'), symbol: 'BBB', price: dec(0), fees: dec(1), currency: 'USD', executedAt: '2020-01-01T00:00:00.000Z' } },
    { kind: 'split', split: { symbol: 'BBB', numerator: 1, denominator: 3, effectiveDate: '2020-01-01' } },
    { kind: 'trade', trade: { side: 'buy', quantity: dec('0.0000001'), symbol: 'AAA', price: dec(1), fees: dec(1), currency: 'USD', executedAt: '2020-01-01T00:00:00.000Z' } },
    ...[1, 2, 3].map(() => ({ kind: 'sell-held' as const, share: 'all' as const, trade: { symbol: 'BBB', price: dec(1), fees: dec(1), currency: 'USD', executedAt: '2020-01-01T00:00:00.000Z' } })),
  ];

  it('replays exactly as the plain big.js average-cost fold does, dividends and splits included', () => {
    fc.assert(
      fc.property(entryAttempts, (stream) => {
        // Prepare
        const { entries } = acceptedLedger(stream);
        const reference = referenceFold(effectiveEntries(entries));
        if (!reference.ok) throw new Error(reference.error.message);
        // Act
        const state = replay(entries);
        // Assess
        const plain = (s: typeof state) => ({
          positions: [...s.positions.values()].map((p) => ({ ...p, quantity: p.quantity.toFixed(), costBasis: p.costBasis.toFixed(), averageCost: p.averageCost.toFixed(), realizedPnl: p.realizedPnl.toFixed() })),
          // returnPct is a float (pnl / cost): compared apart, within float precision, below.
          closed: s.closed.map((c) => ({ ...c, quantity: c.quantity.toFixed(), proceeds: c.proceeds.toFixed(), costOfSold: c.costOfSold.toFixed(), fees: c.fees.toFixed(), pnl: c.pnl.toFixed(), returnPct: undefined })),
          realized: [...s.realizedBySymbol].map(([k, v]) => [k, plainTotals(v)]),
          totals: [s.realizedByCurrency, s.feesByCurrency, s.boughtByCurrency, s.soldByCurrency].map(plainTotals),
          income: [s.dividendsByCurrency, s.withholdingByCurrency].map(plainTotals),
          dividendsBySymbol: [...s.dividendsBySymbol].map(([k, v]) => [k, plainTotals(v)]),
          entries: [s.trades, s.dividends, s.splits].map((kind) => kind.map((e) => e.seq)),
        });
        expect(plain(state)).toEqual(plain(reference.value));
        // Both divide the same exact amounts as doubles (from scaled integers here, from decimal
        // strings in the reference): they may differ in the last bits, never by more than 1e-12 relative.
        state.closed.forEach((c, i) => {
          const expected = reference.value.closed[i]!.returnPct;
          expect(Math.abs(c.returnPct - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
        });
      }),
      { numRuns: runs(300), examples: [[splitPast30Places]] },
    );
  });

  it('accepts and refuses exactly the trades the plain big.js fold accepts and refuses, and every dividend or split it refuses', () => {
    let refusals = 0;
    fc.assert(
      fc.property(entryAttempts, (stream) => {
        const entries: LedgerEntry[] = [];
        for (const attempt of stream) {
          const draft = toDraft(entries, heldIn(entries), attempt);
          if (!draft || draft.kind === 'void') continue;
          // Prepare
          const recordedAt = draft.kind === 'trade' ? draft.trade.executedAt : '2030-01-01T00:00:00.000Z';
          const candidate: CountedEntry = { ...draft, seq: entries.length + 1, recordedAt };
          const expected = referenceFold([...effectiveEntries(entries), candidate]);
          // Act
          const verdict = validateDraft(entries, draft);
          // Assess: a trade is decided by the fold alone; a dividend or a split also has checks of
          // its own before the fold (a symbol never traded or not held, terms), so the reference
          // only tells what must be refused.
          if (draft.kind === 'trade' || !expected.ok) {
            expect(verdict.ok).toBe(expected.ok);
            if (!verdict.ok && !expected.ok) expect(verdict.error).toEqual(expected.error);
          }
          if (verdict.ok) entries.push(candidate);
          else refusals += 1;
        }
      }),
      { numRuns: runs(200) },
    );
    // The generator oversells and mixes currencies often enough that refusals were compared too.
    expect(refusals).toBeGreaterThan(runs(200) / 4);
  });
});

describe('Property: stats on a replayed ledger', () => {
  it('gives the same figures from the replay\'s own sales as from a copy of them', () => {
    fc.assert(
      fc.property(attempts, (stream) => {
        // Prepare: the replay's array carries scaled P&L; a copy is converted from the decimals
        const { entries } = acceptedLedger(stream);
        const { closed } = replay(entries);
        const copy = [...closed];
        // Act
        const plain = (s: ReturnType<typeof computeStats>) => JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
        // Assess
        expect(plain(computeStats(closed))).toBe(plain(computeStats(copy)));
        expect(JSON.stringify(pnlByPeriod(closed, 'week'))).toBe(JSON.stringify(pnlByPeriod(copy, 'week')));
      }),
      { numRuns: runs(200) },
    );
  });
});
