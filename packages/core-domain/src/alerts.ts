import type { Rules } from './rules';
import { compareText } from './text';
import type { PortfolioValuation } from './valuation';

/** Kinds of rule alerts, in the order `evaluateRules` reports them. */
export const AlertKind = {
  StopLoss: 'stop_loss',
  TakeProfit: 'take_profit',
  Overweight: 'overweight',
  TooManyPositions: 'too_many_positions',
} as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];

const KIND_ORDER: readonly AlertKind[] = [AlertKind.StopLoss, AlertKind.TakeProfit, AlertKind.Overweight, AlertKind.TooManyPositions];

/** A rule the portfolio breaks right now. */
export interface Alert {
  readonly kind: AlertKind;
  /** The position concerned; absent for portfolio-wide alerts (too many positions). */
  readonly symbol?: string;
  /** What was measured: unrealized % (stop loss, take profit), weight % or number of open positions. */
  readonly measured: number;
  /** The rule's limit it was compared with (stop loss as a negative %, e.g. -8). */
  readonly threshold: number;
  /** One line fit to show the investor, in `rules.language`. */
  readonly message: string;
}

const pct = (value: number): string => `${value.toFixed(1)}%`;

function message(kind: AlertKind, language: Rules['language'], symbol: string, measured: number, threshold: number): string {
  const es = language === 'es';
  switch (kind) {
    case AlertKind.StopLoss:
      return es
        ? `${symbol} está ${pct(measured)} sobre su coste medio, por debajo del stop loss de ${pct(threshold)}.`
        : `${symbol} is ${pct(measured)} vs its average cost, past the ${pct(threshold)} stop loss.`;
    case AlertKind.TakeProfit:
      return es
        ? `${symbol} está +${pct(measured)} sobre su coste medio, por encima del take profit de +${pct(threshold)}.`
        : `${symbol} is +${pct(measured)} vs its average cost, past the +${pct(threshold)} take profit.`;
    case AlertKind.Overweight:
      return es
        ? `${symbol} pesa ${pct(measured)} de la cartera, más del máximo de ${pct(threshold)}.`
        : `${symbol} is ${pct(measured)} of the portfolio, above the ${pct(threshold)} maximum weight.`;
    case AlertKind.TooManyPositions:
      return es
        ? `Tienes ${measured} posiciones abiertas, más del máximo de ${threshold}.`
        : `You hold ${measured} open positions, more than the maximum of ${threshold}.`;
  }
}

/** Whether `evaluateRules` checks position weights: only when every open position is in one currency (no FX yet). */
export function weightRuleChecked(valuation: PortfolioValuation): boolean {
  return valuation.totals.byCurrency.length <= 1;
}

/**
 * The deterministic rule alerts for a valued portfolio: stop loss hit (unrealized % at or below
 * -stopLossPct), take profit hit (at or above takeProfitPct), a position heavier than
 * maxPositionWeightPct, more than maxOpenPositions positions. Use it in the daily brief and after
 * each trade; it needs no LLM, so alerts still go out when Claude is down.
 *
 * Positions without a price raise no stop loss or take profit alert (their P&L is unknown); they
 * do count, at cost, for weights and for the number of positions. Weights are shares of the
 * invested portfolio (cash is not tracked), so a lone position weighs 100%. With positions in more
 * than one currency the weight rule is not checked: a share of the whole portfolio needs exchange
 * rates, and a share of one currency's positions would raise false alerts (`weightRuleChecked`).
 * Order: by kind (stop loss, take profit, overweight, too many positions), then by symbol.
 */
export function evaluateRules(rules: Rules, valuation: PortfolioValuation): Alert[] {
  const alerts: Alert[] = [];
  const add = (kind: AlertKind, symbol: string | undefined, measured: number, threshold: number): void => {
    alerts.push({ kind, ...(symbol ? { symbol } : {}), measured, threshold, message: message(kind, rules.language, symbol ?? '', measured, threshold) });
  };
  for (const row of valuation.rows) {
    if (row.unrealizedPct !== null && row.unrealizedPct <= -rules.stopLossPct) add(AlertKind.StopLoss, row.symbol, row.unrealizedPct, -rules.stopLossPct);
    if (row.unrealizedPct !== null && row.unrealizedPct >= rules.takeProfitPct) add(AlertKind.TakeProfit, row.symbol, row.unrealizedPct, rules.takeProfitPct);
    if (weightRuleChecked(valuation) && row.weightPct > rules.maxPositionWeightPct) add(AlertKind.Overweight, row.symbol, row.weightPct, rules.maxPositionWeightPct);
  }
  if (valuation.rows.length > rules.maxOpenPositions) add(AlertKind.TooManyPositions, undefined, valuation.rows.length, rules.maxOpenPositions);
  return alerts.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareText(a.symbol ?? '', b.symbol ?? ''));
}
