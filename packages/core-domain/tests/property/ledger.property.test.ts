import fc from 'fast-check';
import { ZERO, dec, sum } from '../../src/decimal';
import { effectiveTrades, replay, validateDraft } from '../../src/ledger';
import { amountIn, type MoneyByCurrency } from '../../src/money';
import { computeStats, pnlByPeriod } from '../../src/stats';
import type { EntryDraft, LedgerEntry } from '../../src/types/trading';
import { attempts, positiveDecimal } from '../helpers/arbitraries';
import { referenceFold } from '../helpers/reference-fold';

/** Per-currency totals as plain pairs, for comparing two states. */
const plainTotals = (totals: MoneyByCurrency): [string, string][] => [...totals].map(([currency, m]) => [currency, `${m.amount.toFixed()} ${m.currency}`]);

/** Feeds attempts through validateDraft like a ledger writer; keeps only the accepted ones. */
function acceptedLedger(stream: readonly (EntryDraft | { kind: 'void-pick'; back: number })[]): { entries: LedgerEntry[]; refused: number } {
  const entries: LedgerEntry[] = [];
  let refused = 0;
  for (const attempt of stream) {
    const draft: EntryDraft = attempt.kind === 'void-pick' ? { kind: 'void', voids: Math.max(1, entries.length - attempt.back) } : attempt;
    const verdict = validateDraft(entries, draft);
    if (!verdict.ok) {
      refused += 1;
      continue;
    }
    const recordedAt = draft.kind === 'trade' ? draft.trade.executedAt : '2030-01-01T00:00:00.000Z';
    entries.push({ ...draft, seq: entries.length + 1, recordedAt });
  }
  return { entries, refused };
}

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
      { numRuns: 300 },
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
      { numRuns: 300 },
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
      { numRuns: 300 },
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
      { numRuns: 300 },
    );
  });

  it('replays exactly as the plain big.js average-cost fold does', () => {
    fc.assert(
      fc.property(attempts, (stream) => {
        // Prepare
        const { entries } = acceptedLedger(stream);
        const reference = referenceFold(effectiveTrades(entries));
        if (!reference.ok) throw new Error(reference.error.message);
        // Act
        const state = replay(entries);
        // Assess
        const plain = (s: typeof state) => ({
          positions: [...s.positions.values()].map((p) => ({ ...p, quantity: p.quantity.toFixed(), costBasis: p.costBasis.toFixed(), averageCost: p.averageCost.toFixed(), realizedPnl: p.realizedPnl.toFixed() })),
          closed: s.closed.map((c) => ({ ...c, quantity: c.quantity.toFixed(), proceeds: c.proceeds.toFixed(), costOfSold: c.costOfSold.toFixed(), fees: c.fees.toFixed(), pnl: c.pnl.toFixed(), returnPct: Number(c.returnPct.toPrecision(12)) })),
          realized: [...s.realizedBySymbol].map(([k, v]) => [k, plainTotals(v)]),
          totals: [s.realizedByCurrency, s.feesByCurrency, s.boughtByCurrency, s.soldByCurrency].map(plainTotals),
        });
        expect(plain(state)).toEqual(plain(reference.value));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts and refuses exactly the trades the plain big.js fold accepts and refuses', () => {
    let refusals = 0;
    fc.assert(
      fc.property(attempts, (stream) => {
        const entries: LedgerEntry[] = [];
        for (const attempt of stream) {
          if (attempt.kind !== 'trade') continue;
          // Prepare
          const candidate: LedgerEntry = { ...attempt, seq: entries.length + 1, recordedAt: attempt.trade.executedAt };
          const expected = referenceFold([...effectiveTrades(entries), candidate as Extract<LedgerEntry, { kind: 'trade' }>]);
          // Act
          const verdict = validateDraft(entries, attempt);
          // Assess
          expect(verdict.ok).toBe(expected.ok);
          if (!verdict.ok && !expected.ok) expect(verdict.error).toEqual(expected.error);
          if (verdict.ok) entries.push(candidate);
          else refusals += 1;
        }
      }),
      { numRuns: 200 },
    );
    // The generator oversells and mixes currencies often enough that refusals were compared too.
    expect(refusals).toBeGreaterThan(50);
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
      { numRuns: 200 },
    );
  });
});
