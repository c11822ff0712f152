import { dec } from '../../src/decimal';
import type { LedgerEntry, Side } from '../../src/types/trading';

/** Builds ledger entries in order with gapless `seq`, for tests. */
export class LedgerBuilder {
  readonly entries: LedgerEntry[] = [];

  private next(): number {
    return this.entries.length + 1;
  }

  trade(side: Side, symbol: string, quantity: string, price: string, fees = '0', executedAt = '2024-01-02T15:00:00Z', currency = 'USD'): this {
    this.entries.push({
      kind: 'trade',
      seq: this.next(),
      recordedAt: executedAt,
      trade: { side, symbol, quantity: dec(quantity), price: dec(price), fees: dec(fees), currency, executedAt },
    });
    return this;
  }

  buy(symbol: string, quantity: string, price: string, fees = '0', executedAt?: string, currency?: string): this {
    return this.trade('buy', symbol, quantity, price, fees, executedAt, currency);
  }

  sell(symbol: string, quantity: string, price: string, fees = '0', executedAt?: string, currency?: string): this {
    return this.trade('sell', symbol, quantity, price, fees, executedAt, currency);
  }

  /** A split entry (`numerator` new shares for every `denominator`), effective on `effectiveDate`. */
  split(symbol: string, numerator: number, denominator: number, effectiveDate: string): this {
    this.entries.push({ kind: 'split', seq: this.next(), recordedAt: `${effectiveDate}T15:00:00Z`, split: { symbol, numerator, denominator, effectiveDate } });
    return this;
  }

  void(seq: number): this {
    this.entries.push({ kind: 'void', voids: seq, seq: this.next(), recordedAt: '2024-06-01T00:00:00Z' });
    return this;
  }
}

export const ledger = (): LedgerBuilder => new LedgerBuilder();
