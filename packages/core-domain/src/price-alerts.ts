/**
 * Price alerts the investor sets from the chat (`/alert KO below 58`): what they watch, when they
 * fire, and how a firing is described. Pure: the collector feeds prices in, a store keeps them.
 */
import { dec, toNumber, type Decimal } from './decimal';
import type { Rules } from './rules';

/** What an alert watches. */
export type AlertCondition =
  /** The price at or under `price`. */
  | { readonly kind: 'below'; readonly price: Decimal }
  /** The price at or over `price`. */
  | { readonly kind: 'above'; readonly price: Decimal }
  /** The price `pct` percent or more below its 180-day high. */
  | { readonly kind: 'drawdown'; readonly pct: Decimal };

/** An alert's life: armed until it fires once; a fired alert is re-armed by the investor. */
export type AlertStatus = 'armed' | 'fired';

/** How an alert fired: what was seen, and when. */
export interface AlertFiring {
  readonly price: Decimal;
  /** ISO time of the price (the quote's `asOf`). */
  readonly priceAt: string;
  /** ISO time the check ran. */
  readonly firedAt: string;
  /** The 180-day high the drawdown was measured from (drawdown alerts). */
  readonly peak?: Decimal;
  /** The drawdown seen, in percent (drawdown alerts). */
  readonly drawdownPct?: number;
  readonly simulated?: boolean;
}

/** One price alert of a chat. `id` is never given twice in a chat. */
export interface PriceAlert {
  readonly id: number;
  readonly chatId: string;
  readonly symbol: string;
  readonly condition: AlertCondition;
  readonly status: AlertStatus;
  readonly createdAt: string;
  /** The last firing (kept after a re-arm, so the history is visible). */
  readonly lastFiring?: AlertFiring;
  /** How many times it fired. */
  readonly fired: number;
}

/** An alert before the store numbers it. */
export type PriceAlertDraft = Pick<PriceAlert, 'chatId' | 'symbol' | 'condition' | 'createdAt'>;

/** Alerts a chat may keep at once (armed and fired). A clear refusal past it. */
export const MAX_ALERTS_PER_CHAT = 20;

/** What a check knows about a symbol: its latest price and, for drawdown alerts, its 180-day high. */
export interface AlertObservation {
  readonly price: Decimal;
  readonly priceAt: string;
  readonly peak?: Decimal;
  readonly simulated?: boolean;
}

/**
 * Whether `condition` holds for `observation`, with the firing to record. Use it on every armed
 * alert a check can price; `null` when it does not hold (or a drawdown alert has no peak to measure from).
 */
export function evaluateAlert(condition: AlertCondition, observation: AlertObservation, firedAt: string): AlertFiring | null {
  const base = {
    price: observation.price,
    priceAt: observation.priceAt,
    firedAt,
    ...(observation.simulated ? { simulated: true } : {}),
  };
  switch (condition.kind) {
    case 'below':
      return observation.price.lte(condition.price) ? base : null;
    case 'above':
      return observation.price.gte(condition.price) ? base : null;
    case 'drawdown': {
      const peak = observation.peak;
      if (!peak || peak.lte(0)) return null;
      const drawdown = dec(1).minus(observation.price.div(peak)).times(100);
      return drawdown.gte(condition.pct) ? { ...base, peak, drawdownPct: toNumber(drawdown.round(2)) } : null;
    }
  }
}

/** Whether any of `conditions` needs the 180-day high (so a check fetches history only then). */
export function needsPeak(conditions: readonly AlertCondition[]): boolean {
  return conditions.some((c) => c.kind === 'drawdown');
}

/** The condition in words, in the investor's language: `below 58`, `20% below its 180-day high`. */
export function describeCondition(condition: AlertCondition, language: Rules['language']): string {
  switch (condition.kind) {
    case 'below':
      return language === 'es' ? `por debajo de ${condition.price.toFixed()}` : `below ${condition.price.toFixed()}`;
    case 'above':
      return language === 'es' ? `por encima de ${condition.price.toFixed()}` : `above ${condition.price.toFixed()}`;
    case 'drawdown':
      return language === 'es'
        ? `un ${condition.pct.toFixed()}% por debajo de su máximo de 180 días`
        : `${condition.pct.toFixed()}% below its 180-day high`;
  }
}

/** Why `PriceAlertStore.add` refused. */
export type AlertAddRefusal = { readonly kind: 'limit'; readonly max: number };

/**
 * The port of the chats' price alerts (storage-dynamodb's `DynamoPriceAlertStore`). Every change
 * is conditional, so overlapping checks and replies cannot undo each other.
 */
export interface PriceAlertStore {
  /** A chat's alerts, by id. */
  list(chatId: string): Promise<PriceAlert[]>;
  /** Stores an armed alert under an id never given before in the chat; refused past `max` alerts. */
  add(draft: PriceAlertDraft, max: number): Promise<{ readonly ok: true; readonly value: PriceAlert } | { readonly ok: false; readonly error: AlertAddRefusal }>;
  /** Removes an alert; the removed alert, or `null` when the chat has none with that id. */
  remove(chatId: string, id: number): Promise<PriceAlert | null>;
  /**
   * Marks an armed alert fired, only if it is still armed: true for the one caller that fired it
   * (the one that must tell the investor), false when it was not armed any more (another check fired
   * it, or it was removed).
   */
  markFired(alert: PriceAlert, firing: AlertFiring): Promise<boolean>;
  /** Gives a firing back (the message could not be sent), only if it is still that firing: the next check tries again. */
  unfire(alert: PriceAlert, firing: AlertFiring): Promise<void>;
  /** Re-arms a fired alert: the alert as it is now, or `null` when it does not exist. An armed alert is returned unchanged. */
  rearm(chatId: string, id: number): Promise<PriceAlert | null>;
}
