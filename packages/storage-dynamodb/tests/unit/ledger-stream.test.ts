import { dec } from '@tradebot/core-domain';
import { alertKey, alertPartition, idempotencyKey, ledgerPortfolioOf, MODEL_SPEND_PARTITION, portfolioKey, proposalKey, toLedgerItem, tradeKey } from '../../src';

/** The keys of a stream record for an item keyed `pk`/`sk`, as DynamoDB Streams writes them. */
const keys = (pk: string, sk: string) => ({ PK: { S: pk }, SK: { S: sk } });

describe('Function: ledgerPortfolioOf', () => {
  it('names the portfolio of a ledger entry, from the keys its item is stored under', () => {
    // Prepare: a real item, as the ledger writes it.
    const item = toLedgerItem('424242', 7, '2026-11-20T10:00:00.000Z', {
      kind: 'trade',
      updateId: 1,
      trade: { side: 'buy', symbol: 'KO', quantity: dec(2), price: dec(61), fees: dec(0), currency: 'USD', executedAt: '2026-11-20T10:00:00.000Z' },
    });
    // Act + Assess
    expect(ledgerPortfolioOf(keys(item.PK, item.SK))).toBe('424242');
    expect(ledgerPortfolioOf(keys(portfolioKey('-100123'), tradeKey(12_345_678_901)))).toBe('-100123');
  });

  it('is null for the other items of the table, the portfolio partition\'s proposals and model spend included', () => {
    // Act + Assess
    expect(ledgerPortfolioOf(keys(portfolioKey('424242'), proposalKey('p1')))).toBeNull();
    expect(ledgerPortfolioOf(keys(portfolioKey('424242'), `${proposalKey('p1')}#CLOSED`))).toBeNull();
    expect(ledgerPortfolioOf(keys(MODEL_SPEND_PARTITION, 'SPEND#2026-11#r1'))).toBeNull();
    expect(ledgerPortfolioOf(keys(idempotencyKey('734512345'), 'UPDATE'))).toBeNull();
    expect(ledgerPortfolioOf(keys(alertPartition('424242'), alertKey(1)))).toBeNull();
    expect(ledgerPortfolioOf(keys('DOC#external/user_tips.json', 'LOCK'))).toBeNull();
  });

  it('is null for keys that are missing, not strings, or name no portfolio', () => {
    // Act + Assess
    expect(ledgerPortfolioOf(undefined)).toBeNull();
    expect(ledgerPortfolioOf({ PK: { S: portfolioKey('1') } })).toBeNull();
    expect(ledgerPortfolioOf({ PK: { S: portfolioKey('1') }, SK: {} })).toBeNull();
    expect(ledgerPortfolioOf(keys(portfolioKey(''), tradeKey(1)))).toBeNull();
    expect(ledgerPortfolioOf(keys(portfolioKey('1'), 'TRADE#'))).toBeNull();
  });
});
