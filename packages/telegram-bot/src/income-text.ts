/**
 * The words of `/dividend` and of an applied split, in both languages the bot speaks (like
 * `messages.ts`): HTML-safe templates, arguments escaped by callers.
 */
import type { Language } from './format';

/** What `/dividend`, `/stats` and a split notice say. */
export interface IncomeText {
  readonly recorded: (seq: number, symbol: string, amount: string, currency: string, withheld: string, date: string) => string;
  readonly soFar: (symbol: string, amount: string, currency: string) => string;
  readonly costUnchanged: string;
  readonly statsDividends: string;
  readonly split: (symbol: string, numerator: number, denominator: number, date: string, quantity: string, averageCost: string, currency: string) => string;
  readonly undone: (seq: number, symbol: string, amount: string, currency: string) => string;
}

/** Income words by language. */
export const INCOME_TEXT: Readonly<Record<Language, IncomeText>> = {
  en: {
    recorded: (seq, symbol, amount, currency, withheld, date) => `💵 <b>Dividend recorded</b>\n#${seq} ${symbol}: ${amount} ${currency} received${withheld ? ` (tax withheld ${withheld})` : ''}, on ${date}`,
    soFar: (symbol, amount, currency) => `Dividends from ${symbol} so far: ${amount} ${currency}.`,
    costUnchanged: 'It counts in /balance (total return) and /stats; your cost basis is unchanged.',
    statsDividends: 'Dividends',
    split: (symbol, numerator, denominator, date, quantity, averageCost, currency) =>
      `✂️ ${symbol} split ${numerator}-for-${denominator} on ${date}, applied to your position: now ${quantity} shares at an average cost of ${averageCost} ${currency} (the cost basis is unchanged).`,
    undone: (seq, symbol, amount, currency) => `↩️ Undone dividend #${seq}: ${symbol} ${amount} ${currency}`,
  },
  es: {
    recorded: (seq, symbol, amount, currency, withheld, date) => `💵 <b>Dividendo registrado</b>\n#${seq} ${symbol}: ${amount} ${currency} cobrados${withheld ? ` (retención ${withheld})` : ''}, el ${date}`,
    soFar: (symbol, amount, currency) => `Dividendos de ${symbol} hasta ahora: ${amount} ${currency}.`,
    costUnchanged: 'Cuenta en /saldo (rentabilidad total) y en /estadisticas; tu coste no cambia.',
    statsDividends: 'Dividendos',
    split: (symbol, numerator, denominator, date, quantity, averageCost, currency) =>
      `✂️ ${symbol} hizo un split ${numerator} por ${denominator} el ${date}, aplicado a tu posición: ahora ${quantity} acciones a un coste medio de ${averageCost} ${currency} (el coste total no cambia).`,
    undone: (seq, symbol, amount, currency) => `↩️ Dividendo #${seq} anulado: ${symbol} ${amount} ${currency}`,
  },
};
