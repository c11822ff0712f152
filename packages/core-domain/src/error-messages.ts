import { DomainErrorCode, type DomainError } from './errors';
import type { Rules } from './rules';

type Language = Rules['language'];

/** A decimal as a Spanish reader writes it (`1.5` -> `1,5`). */
const esNumber = (value: string | number | undefined): string => String(value ?? '?').replace('.', ',');

/**
 * A domain refusal in the reader's language. Use it wherever a person reads a `DomainError`
 * (the bot's replies): the ledger adapters validate without knowing who reads the answer, so the
 * English `message` is built there and other languages are rendered here from `code` and `context`.
 */
export function domainErrorMessage(error: DomainError, language: Language): string {
  if (language === 'en') return error.message;
  const c = error.context ?? {};
  switch (error.code) {
    case DomainErrorCode.InsufficientQuantity:
      return `No puedes vender ${esNumber(c.requested)} ${c.symbol}: tienes ${esNumber(c.held)}.`;
    case DomainErrorCode.CurrencyMismatch:
      return `${c.symbol} está en ${c.held}; regístralo en ${c.held}, no en ${c.given}.`;
    case DomainErrorCode.MixedCurrencies:
      return `${c.got} y ${c.expected} no se pueden sumar sin un tipo de cambio.`;
    case DomainErrorCode.UnknownEntry:
      return `No hay ninguna operación #${c.seq} que deshacer.`;
    case DomainErrorCode.AlreadyVoided:
      return `La operación #${c.seq} ya estaba deshecha.`;
    case DomainErrorCode.VoidBreaksHistory:
      return `Deshacer la operación #${c.seq} dejaría sin acciones una venta posterior. Deshaz antes esa venta.`;
    case DomainErrorCode.NonPositiveQuantity:
      return `La cantidad debe ser mayor que 0 (es ${esNumber(c.value)}).`;
    case DomainErrorCode.NegativePrice:
      return `El precio no puede ser negativo (es ${esNumber(c.value)}).`;
    case DomainErrorCode.NegativeFees:
      // The same code refuses a dividend's withholding (`context.of`).
      return c.of === 'withholding' ? `La retención no puede ser negativa (es ${esNumber(c.value)}).` : `Las comisiones no pueden ser negativas (son ${esNumber(c.value)}).`;
    case DomainErrorCode.NeverHeld:
      // The same code refuses a split of a symbol not held (`context.of`).
      return c.of === 'split' ? `No tienes ninguna posición de ${c.symbol} que dividir.` : `Nunca tuviste ${c.symbol}: un dividendo cuenta para una posición que tienes o tuviste.`;
    case DomainErrorCode.Blacklisted:
    case DomainErrorCode.InvalidTicker:
      // Raised with their own localised texts by the bot, never by the ledger.
      return error.message;
  }
}
