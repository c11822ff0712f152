/**
 * The price-alert check: every armed alert of the served chats against the latest quotes (and, for
 * drawdown alerts, the 180-day high), each firing claimed in the store before its message goes out,
 * so an alert fires once even when two checks overlap.
 */
import {
  addDays,
  utcDay,
  DEFAULT_LOOKBACK_DAYS,
  evaluateAlert,
  type AlertFiring,
  type Clock,
  type Decimal,
  type Logger,
  type NotificationDelivery,
  type PriceAlert,
  type PriceAlertStore,
  type PriceFeed,
  type Quote,
  type Rules,
} from '@tradebot/core-domain';
import { dec } from '@tradebot/core-domain';
import { alertFiredMessage, type AlertMessage } from '@tradebot/telegram-bot';

/** What a check needs. */
export interface AlertCheckDependencies {
  readonly store: PriceAlertStore;
  readonly feed: PriceFeed;
  /** Sends a fired alert's message with its button (`silent`: without a sound); throws when Telegram does not take it. */
  readonly send: (chatId: string, message: AlertMessage, options: { readonly silent?: boolean }) => Promise<void>;
  readonly chatIds: readonly string[];
  /**
   * How a price alert reaches a chat now (`/notify prices`, quiet hours). A chat with price alerts
   * `off` is not checked: its alerts stay armed and nothing is sent. Default: every chat `loud`.
   */
  readonly deliveryOf?: (chatId: string) => NotificationDelivery;
  readonly language: Rules['language'];
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What a check did. */
export interface AlertCheckResult {
  /** Armed alerts looked at. */
  readonly checked: number;
  /** Alerts this check fired and told the chat about. */
  readonly fired: number;
  /** Alerts whose condition held but whose message could not be sent (given back: the next check retries). */
  readonly notSent: number;
  /** Symbols without a price this time (unknown to the source, or the source failed). */
  readonly unpriced: readonly string[];
}

/**
 * Checks every armed alert of `chatIds` once. A store or price failure for the whole check throws
 * (the caller reports it); a symbol without a price is skipped and listed; a message Telegram does
 * not take gives its firing back, so the alert stays armed for the next check.
 */
export async function checkPriceAlerts(deps: AlertCheckDependencies): Promise<AlertCheckResult> {
  const delivery = new Map(deps.chatIds.map((chatId) => [chatId, deps.deliveryOf?.(chatId) ?? 'loud'] as const));
  const served = deps.chatIds.filter((chatId) => delivery.get(chatId) !== 'off');
  const armed = (await Promise.all(served.map((chatId) => deps.store.list(chatId)))).flat().filter((a) => a.status === 'armed');
  if (armed.length === 0) return { checked: 0, fired: 0, notSent: 0, unpriced: [] };
  const symbols = [...new Set(armed.map((a) => a.symbol))].sort();
  const batch = await deps.feed.quotes(symbols);
  const peaks = await highs(deps, armed, batch.quotes);
  const now = deps.clock.now().toISOString();
  const unpriced = new Set<string>();
  let fired = 0;
  let notSent = 0;
  for (const alert of armed) {
    const quote = batch.quotes.get(alert.symbol);
    if (!quote) {
      unpriced.add(alert.symbol);
      continue;
    }
    const peak = peaks.get(alert.symbol);
    const firing = evaluateAlert(alert.condition, { price: quote.price, priceAt: quote.asOf, ...(peak ? { peak } : {}), ...(quote.simulated ? { simulated: true } : {}) }, now);
    if (!firing) continue;
    // The claim comes first: only the check that turns the alert from armed to fired sends.
    if (!(await deps.store.markFired(alert, firing))) continue;
    if (await deliver(deps, alert, firing, quote, delivery.get(alert.chatId) === 'silent')) fired += 1;
    else notSent += 1;
  }
  return { checked: armed.length, fired, notSent, unpriced: [...unpriced] };
}

async function deliver(deps: AlertCheckDependencies, alert: PriceAlert, firing: AlertFiring, quote: Quote, silent: boolean): Promise<boolean> {
  try {
    await deps.send(alert.chatId, alertFiredMessage(alert, firing, quote.currency, deps.language), silent ? { silent: true } : {});
    deps.logger.info({ chatId: alert.chatId, alertId: alert.id, symbol: alert.symbol, price: firing.price.toFixed() }, 'price alert fired');
    return true;
  } catch (error) {
    deps.logger.error({ err: error, chatId: alert.chatId, alertId: alert.id }, 'price alert message not sent; the alert stays armed for the next check');
    await deps.store.unfire(alert, firing).catch((unfireError: unknown) => deps.logger.error({ err: unfireError, alertId: alert.id }, 'could not give a firing back'));
    return false;
  }
}

/**
 * The 180-day high of each symbol a drawdown alert watches: the highest daily close of the window,
 * or today's price when it is higher. A symbol whose history cannot be read gets none (its drawdown
 * alerts wait for a later check).
 */
async function highs(deps: AlertCheckDependencies, armed: readonly PriceAlert[], quotes: ReadonlyMap<string, Quote>): Promise<Map<string, Decimal>> {
  const symbols = [...new Set(armed.filter((a) => a.condition.kind === 'drawdown').map((a) => a.symbol))];
  const to = utcDay(deps.clock.now());
  const from = addDays(to, -(DEFAULT_LOOKBACK_DAYS - 1));
  const peaks = new Map<string, Decimal>();
  await Promise.all(
    symbols.map(async (symbol) => {
      try {
        const bars = await deps.feed.history(symbol, from, to);
        const closes = bars.map((b) => b.close).filter((c) => Number.isFinite(c) && c > 0);
        const price = quotes.get(symbol)?.price;
        if (closes.length === 0 && !price) return;
        const high = dec(Math.max(0, ...closes));
        peaks.set(symbol, price && price.gt(high) ? price : high);
      } catch (error) {
        deps.logger.warn({ err: error, symbol }, 'no 180-day high for a drawdown alert this time');
      }
    }),
  );
  return peaks;
}
