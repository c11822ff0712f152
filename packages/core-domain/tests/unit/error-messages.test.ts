import { dec } from '../../src/decimal';
import { domainErrorMessage } from '../../src/error-messages';
import { DomainErrorCode, type DomainError } from '../../src/errors';
import { validateDraft } from '../../src/ledger';
import { addMoney, money } from '../../src/money';
import type { EntryDraft, LedgerEntry } from '../../src/types/trading';

const trade = (side: 'buy' | 'sell', quantity: string, currency = 'USD'): EntryDraft => ({
  kind: 'trade',
  trade: { side, symbol: 'AAPL', quantity: dec(quantity), price: dec('10'), fees: dec('0'), currency, executedAt: '2026-01-02T15:00:00.000Z' },
});
const entry = (seq: number, draft: EntryDraft): LedgerEntry => ({ ...draft, seq, recordedAt: '2026-01-02T15:00:00.000Z' });

/** The refusal `validateDraft` gives for `draft` on `entries` (fails the test if it accepts). */
function refusal(entries: LedgerEntry[], draft: EntryDraft): DomainError {
  const verdict = validateDraft(entries, draft);
  if (verdict.ok) throw new Error('expected a refusal');
  return verdict.error;
}

describe('Function: domainErrorMessage', () => {
  const held = [entry(1, trade('buy', '1.5')), entry(2, trade('sell', '1'))];

  it('gives the English message unchanged', () => {
    // Prepare
    const error = refusal(held, trade('sell', '2'));

    // Act & Assess
    expect(domainErrorMessage(error, 'en')).toBe(error.message);
    expect(error.message).toBe('You cannot sell 2 AAPL: you hold 0.5.');
  });

  it('says every ledger refusal in Spanish, with its figures', () => {
    // Prepare
    const cases: [DomainError, string][] = [
      [refusal(held, trade('sell', '2')), 'No puedes vender 2 AAPL: tienes 0,5.'],
      [refusal(held, trade('buy', '1', 'EUR')), 'AAPL está en USD; regístralo en USD, no en EUR.'],
      [refusal(held, { kind: 'void', voids: 9 }), 'No hay ninguna operación #9 que deshacer.'],
      [refusal([...held, entry(3, { kind: 'void', voids: 2 })], { kind: 'void', voids: 2 }), 'La operación #2 ya estaba deshecha.'],
      [refusal(held, { kind: 'void', voids: 1 }), 'Deshacer la operación #1 dejaría sin acciones una venta posterior. Deshaz antes esa venta.'],
      [refusal([], trade('buy', '0')), 'La cantidad debe ser mayor que 0 (es 0).'],
    ];

    // Act & Assess
    for (const [error, spanish] of cases) expect(domainErrorMessage(error, 'es')).toBe(spanish);
    expect(new Set(cases.map(([e]) => e.code)).size).toBe(cases.length);
  });

  it('says the refusals of prices, fees, dividends and sums in Spanish, with a decimal comma', () => {
    // Prepare
    const priced = (price: string, fees: string): EntryDraft => ({
      kind: 'trade',
      trade: { side: 'buy', symbol: 'AAPL', quantity: dec('1'), price: dec(price), fees: dec(fees), currency: 'USD', executedAt: '2026-01-02T15:00:00.000Z' },
    });
    const dividend: EntryDraft = { kind: 'dividend', dividend: { symbol: 'KO', amount: dec('1'), withholding: dec('0'), currency: 'USD', paidAt: '2026-01-03T00:00:00.000Z' } };
    const sum = addMoney(money('1', 'EUR'), money('1', 'USD') as never);
    if (sum.ok) throw new Error('expected a refusal');
    const cases: [DomainError, string][] = [
      [refusal([], priced('-1.5', '0')), 'El precio no puede ser negativo (es -1,5).'],
      [refusal([], priced('10', '-0.25')), 'Las comisiones no pueden ser negativas (son -0,25).'],
      [refusal(held, dividend), 'Nunca tuviste KO: un dividendo cuenta para una posición que tienes o tuviste.'],
      [refusal(held, { kind: 'dividend', dividend: { symbol: 'AAPL', amount: dec('1'), withholding: dec('-0.5'), currency: 'USD', paidAt: '2026-01-03T00:00:00.000Z' } }), 'La retención no puede ser negativa (es -0,5).'],
      [refusal(held, { kind: 'split', split: { symbol: 'KO', numerator: 2, denominator: 1, effectiveDate: '2026-01-05' } }), 'No tienes ninguna posición de KO que dividir.'],
      [sum.error, 'USD y EUR no se pueden sumar sin un tipo de cambio.'],
    ];

    // Act & Assess
    for (const [error, spanish] of cases) expect(domainErrorMessage(error, 'es')).toBe(spanish);
  });

  it('shows "?" for a figure the refusal does not carry, never "undefined"', () => {
    // Prepare
    const error: DomainError = { code: DomainErrorCode.NonPositiveQuantity, message: 'The quantity must be greater than 0.' };

    // Act & Assess
    expect(domainErrorMessage(error, 'es')).toBe('La cantidad debe ser mayor que 0 (es ?).');
  });

  it('keeps the message of codes the ledger never raises', () => {
    // Prepare
    const error: DomainError = { code: DomainErrorCode.Blacklisted, message: 'TSLA is on your blacklist.' };
    const invalid: DomainError = { code: DomainErrorCode.InvalidTicker, message: '"^GSPC" is not a ticker.' };

    // Act & Assess
    expect(domainErrorMessage(error, 'es')).toBe('TSLA is on your blacklist.');
    expect(domainErrorMessage(invalid, 'es')).toBe('"^GSPC" is not a ticker.');
  });
});
