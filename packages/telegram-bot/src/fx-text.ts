/** The words of the base-currency totals, in both languages the bot speaks (like `messages.ts`). */
import type { Language } from './format';

/** What `/portfolio` and `/balance` say about conversions into the base currency. */
export interface FxText {
  /** Heading of `/balance`'s converted table. */
  readonly inBase: (base: string) => string;
  /** `/portfolio`'s converted total line. */
  readonly portfolioTotal: (base: string, value: string, pnlPct: string) => string;
  /** One rate: `EUR→USD 1.0842 (2026-11-17 15:30 UTC)`. */
  readonly rate: (from: string, to: string, rate: string, when: string) => string;
  readonly rateSource: string;
  readonly realizedAtTheirDates: string;
  readonly noRate: (currencies: string, base: string) => string;
  readonly simulated: string;
}

/** FX words by language. */
export const FX_TEXT: Readonly<Record<Language, FxText>> = {
  en: {
    inBase: (base) => `<b>All in ${base}</b>`,
    portfolioTotal: (base, value, pnlPct) => `<b>Total in ${base}: ${value}</b> (${pnlPct})`,
    rate: (from, to, rate, when) => `${from}→${to} ${rate} (${when})`,
    rateSource: 'Rates',
    realizedAtTheirDates: 'Open positions at today\'s rate; realized P&amp;L and dividends at the rate of their own day.',
    noRate: (currencies, base) => `No exchange rate for ${currencies} into ${base} right now: the totals stay per currency.`,
    simulated: 'simulated rates',
  },
  es: {
    inBase: (base) => `<b>Todo en ${base}</b>`,
    portfolioTotal: (base, value, pnlPct) => `<b>Total en ${base}: ${value}</b> (${pnlPct})`,
    rate: (from, to, rate, when) => `${from}→${to} ${rate} (${when})`,
    rateSource: 'Tipos',
    realizedAtTheirDates: 'Posiciones abiertas al tipo de hoy; P&amp;L realizado y dividendos al tipo de su propio día.',
    noRate: (currencies, base) => `Ahora no hay tipo de cambio de ${currencies} a ${base}: los totales quedan por moneda.`,
    simulated: 'tipos simulados',
  },
};
