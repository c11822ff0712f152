import { dec } from '../../src/decimal';
import { balanceInBase, fxPairSymbol, holdingsInBase, rateOn, type FxRates } from '../../src/fx';
import { replay } from '../../src/ledger';
import { money } from '../../src/money';
import type { LedgerEntry } from '../../src/types/trading';
import { ledger } from '../helpers/ledger';

const rates = (spot: Record<string, string>, history: Record<string, [string, number][]> = {}): FxRates => ({
  base: 'USD',
  spot: new Map(Object.entries(spot).map(([c, r]) => [c, { from: c, to: 'USD', rate: dec(r), asOf: '2026-11-17T21:00:00Z' }])),
  history: new Map(Object.entries(history).map(([c, bars]) => [c, bars.map(([date, close]) => ({ date, close }))])),
});

describe('Function: rateOn', () => {
  it('takes the close of the day or the last one before it, else today\'s rate; the base is 1', () => {
    // Prepare
    const r = rates({ EUR: '1.10' }, { EUR: [['2026-01-05', 1.2], ['2026-01-07', 1.15]] });
    // Act / Assess
    expect(rateOn(r, 'EUR', '2026-01-06')!.toFixed()).toBe('1.2');
    expect(rateOn(r, 'EUR', '2026-01-07')!.toFixed()).toBe('1.15');
    expect(rateOn(r, 'EUR', '2025-12-01')!.toFixed()).toBe('1.1');
    expect(rateOn(r, 'USD', '2026-01-06')!.toFixed()).toBe('1');
    expect(rateOn(r, 'GBP', '2026-01-06')).toBeNull();
    expect(fxPairSymbol('EUR', 'USD')).toBe('EURUSD=X');
  });

  it('never converts at a zero or broken close: it takes today\'s rate instead', () => {
    // Prepare: the close of 2026-01-06 is 0 (a bad bar), that of 2026-01-07 is not a number.
    const r = rates({ EUR: '1.10' }, { EUR: [['2026-01-05', 1.2], ['2026-01-06', 0], ['2026-01-07', Number.NaN]] });
    // Act / Assess
    expect(rateOn(r, 'EUR', '2026-01-06')!.toFixed()).toBe('1.1');
    expect(rateOn(r, 'EUR', '2026-01-07')!.toFixed()).toBe('1.1');
  });
});

describe('Function: balanceInBase', () => {
  it('adds USD and EUR only once converted: held at today\'s rate, realized and dividends at their own day\'s', () => {
    // Prepare: 10 KO (USD); SAN.MC bought, half sold on 2026-01-06 (+40 EUR), a 10 EUR dividend on 2026-01-07.
    const entries: LedgerEntry[] = [
      ...ledger().buy('KO', '10', '60', '0', '2026-01-02T15:00:00Z').buy('SAN.MC', '100', '4', '0', '2026-01-02T15:00:00Z', 'EUR').sell('SAN.MC', '50', '4.8', '0', '2026-01-06T15:00:00Z', 'EUR').entries,
    ];
    entries.push({ kind: 'dividend', seq: 4, recordedAt: '2026-01-07T00:00:00Z', dividend: { symbol: 'SAN.MC', amount: dec(10), withholding: dec(0), currency: 'EUR', paidAt: '2026-01-07T00:00:00Z' } });
    const state = replay(entries);
    const prices = new Map([['KO', dec(70)], ['SAN.MC', dec(5)]]);
    // Act
    const converted = balanceInBase(state, prices, rates({ EUR: '1.10' }, { EUR: [['2026-01-05', 1.2], ['2026-01-07', 1.15]] }));
    const missing = balanceInBase(state, prices, rates({}));
    // Assess
    if (!converted.ok) throw new Error('no conversion');
    const b = converted.value.balance;
    expect(b.currency).toBe('USD');
    expect(b.invested.amount.toFixed()).toBe('820'); // 600 + 200 x 1.10
    expect(b.marketValue.amount.toFixed()).toBe('975'); // 700 + 250 x 1.10
    expect(b.realized.amount.toFixed()).toBe('48'); // 40 EUR at 1.20 (2026-01-06: the 2026-01-05 close)
    expect(b.dividends.amount.toFixed()).toBe('11.5'); // 10 EUR at 1.15
    expect(b.totalReturn.amount.toFixed()).toBe('214.5'); // 155 + 48 + 11.5
    expect(converted.value.rates.map((r) => r.from)).toEqual(['EUR']);
    expect(missing).toEqual({ ok: false, missing: ['EUR'] });
  });

  it('converts the holdings\' totals for /portfolio, or names the currencies without a rate', () => {
    // Act
    const totals = [
      { currency: 'EUR', marketValue: money('250', 'EUR'), costBasis: money('200', 'EUR') },
      { currency: 'USD', marketValue: money('700', 'USD'), costBasis: money('600', 'USD') },
    ];
    const ok = holdingsInBase(totals, rates({ EUR: '1.10' }));
    // Assess
    expect(ok.ok && ok.marketValue.amount.toFixed()).toBe('975');
    expect(holdingsInBase(totals, rates({}))).toEqual({ ok: false, missing: ['EUR'] });
  });

  it('lists the rates used and the currencies without one in code order, whatever the order of the holdings', () => {
    // Prepare: bought in GBP first, then in EUR.
    const state = replay(ledger().buy('VOD.L', '10', '1', '0', '2026-01-02T15:00:00Z', 'GBP').buy('SAN.MC', '10', '4', '0', '2026-01-02T15:00:00Z', 'EUR').entries);
    const prices = new Map([['VOD.L', dec(1)], ['SAN.MC', dec(4)]]);
    const totals = [
      { currency: 'GBP', marketValue: money('10', 'GBP'), costBasis: money('10', 'GBP') },
      { currency: 'EUR', marketValue: money('40', 'EUR'), costBasis: money('40', 'EUR') },
    ];
    // Act
    const converted = balanceInBase(state, prices, rates({ GBP: '1.25', EUR: '1.10' }));
    const unconverted = balanceInBase(state, prices, rates({}));
    const holdings = holdingsInBase(totals, rates({}));
    // Assess
    expect(converted.ok && converted.value.rates.map((r) => r.from)).toEqual(['EUR', 'GBP']);
    expect(unconverted).toEqual({ ok: false, missing: ['EUR', 'GBP'] });
    expect(holdings).toEqual({ ok: false, missing: ['EUR', 'GBP'] });
  });
});
