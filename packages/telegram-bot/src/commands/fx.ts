/** Exchange rates for the base-currency totals of `/portfolio` and `/balance`, from the price feed. */
import { addDays, fxPairSymbol, utcDay, type Bar, type FxRate, type FxRates } from '@tradebot/core-domain';
import { escapeHtml, formatNumber } from '../format';
import type { Services, Turn } from '../turn';

/**
 * Today's rate into the rules' `baseCurrency` of each of `currencies` (the market data's `EURUSD=X`
 * quotes, in one batch) and, from `historyFrom` on, the pairs' daily closes for past days. A rate the
 * feed cannot give is simply absent (the caller then keeps totals per currency, and says so).
 */
export async function loadFxRates(s: Services, turn: Turn, currencies: readonly string[], historyFrom?: string): Promise<FxRates> {
  const base = turn.rules.baseCurrency;
  const foreign = [...new Set(currencies)].filter((c) => c !== base);
  const spot = new Map<string, FxRate>();
  const history = new Map<string, readonly Bar[]>();
  if (foreign.length === 0) return { base, spot, history };
  try {
    const batch = await s.prices.quotes(foreign.map((c) => fxPairSymbol(c, base)));
    for (const currency of foreign) {
      const quote = batch.quotes.get(fxPairSymbol(currency, base));
      // A pair's quote is in the currency it converts into; anything else is not this rate.
      if (!quote || quote.currency !== base || !quote.price.gt(0)) continue;
      spot.set(currency, { from: currency, to: base, rate: quote.price, asOf: quote.asOf, ...(quote.simulated ? { simulated: true } : {}) });
    }
  } catch (error) {
    s.log.warn({ err: error, currencies: foreign }, 'exchange rates unavailable; totals stay per currency');
    return { base, spot, history };
  }
  if (historyFrom) {
    const today = utcDay(s.deps.clock.now());
    await Promise.all(
      [...spot.keys()].map(async (currency) => {
        try {
          history.set(currency, await s.prices.history(fxPairSymbol(currency, base), addDays(historyFrom, -7), today));
        } catch (error) {
          // Past days then use today's rate (`rateOn`); the reply's note says which rates were used.
          s.log.warn({ err: error, currency }, 'past exchange rates unavailable; today\'s rate used for past days');
        }
      }),
    );
  }
  return { base, spot, history };
}

/** The rates used, one line: `Rates: EUR→USD 1.0842 (2026-11-17 15:30 UTC)`. */
export function ratesLine(turn: Turn, rates: readonly FxRate[]): string {
  const t = turn.t.fx;
  const shown = rates.map((r) => t.rate(escapeHtml(r.from), escapeHtml(r.to), formatNumber(r.rate, turn.language, { minDigits: 4, maxDigits: 6 }), `${r.asOf.slice(0, 16).replace('T', ' ')} UTC`));
  const simulated = rates.some((r) => r.simulated) ? `, ${t.simulated}` : '';
  return `<i>${t.rateSource}: ${shown.join(' · ')}${simulated}</i>`;
}
