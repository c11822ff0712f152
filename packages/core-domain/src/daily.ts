/**
 * The deterministic half of the morning analysis: what the investor must see even when Claude is
 * down (rule alerts, the portfolio's day change, the best scan candidates they could still buy),
 * and the `Analyst` port that turns it into a short written analysis.
 */
import { evaluateRules, weightRuleChecked } from './alerts';
import { dec, ZERO, type Decimal } from './decimal';
import type { LedgerState } from './ledger';
import { relevantLessons, type ChatLessons } from './lessons';
import type { Json } from './ports';
import type { Rules } from './rules';
import type { ScanSummary } from './types/scan';
import type { Quote, Tip } from './types/trading';
import { compareText } from './text';
import { dayChange, positionPrices, valuePortfolio } from './valuation';

/** A rule alert as the brief carries it (from core-domain's rule evaluation). */
export interface BriefAlert {
  /** Machine-readable kind, e.g. `stop_loss`, `take_profit`, `overweight`, `too_many_positions`. */
  readonly kind: string;
  readonly symbol?: string;
  /** One line fit to show a person, in the rules' language. */
  readonly message: string;
  /** What was measured (unrealized %, weight %, number of positions). */
  readonly measured: number;
  /** The rule's limit it was compared with. */
  readonly threshold: number;
}

/** One open position, priced, in the brief. Amounts are plain decimal strings; ratios are rounded floats. */
export interface BriefPosition {
  readonly symbol: string;
  readonly currency: string;
  readonly quantity: string;
  readonly averageCost: string;
  /** Latest price, or null when the feed had none. */
  readonly price: string | null;
  readonly marketValue: string | null;
  /** Unrealized P&L vs average cost, %. */
  readonly pnlPct: number | null;
  /** Price change vs previous close, %. */
  readonly dayChangePct: number | null;
  /** Share of the market value of the positions in the same currency, %. */
  readonly weightPct: number | null;
}

/**
 * The portfolio's totals in one currency. Amounts are plain decimal strings in `currency`; the
 * totals of different currencies are never added (there are no exchange rates yet).
 */
export interface BriefTotal {
  readonly currency: string;
  /** Open positions in this currency. */
  readonly positions: number;
  /** Sum of market values (positions without a price count at cost and are listed in `unpriced`). */
  readonly marketValue: string;
  readonly costBasis: string;
  readonly unrealizedPnl: string;
  readonly unrealizedPnlPct: number | null;
  /** Sum of quantity x (price - previous close) over this currency's positions with both; null when none has. */
  readonly dayChange: string | null;
  readonly dayChangePct: number | null;
}

/** A scan candidate the investor can act on: not blacklisted, not already held. */
export interface BriefCandidate {
  readonly symbol: string;
  readonly name: string;
  readonly sector: string;
  readonly lastClose: number;
  readonly drawdownPct: number;
  readonly daysSincePeak: number;
  readonly aboveLowPct: number;
  /** The investor's own latest note on the symbol, if any. */
  readonly tip?: string;
}

/**
 * Everything the morning analysis is about, computed without any model. JSON-serialisable so it
 * goes into the daily log as is. Use `buildDailyBrief` to make one.
 */
export interface DailyBrief {
  /** `YYYY-MM-DD`, the job's local date. */
  readonly date: string;
  readonly language: Rules['language'];
  /** The rules' base currency. No total is converted to it or labelled with it: there are no exchange rates yet. */
  readonly baseCurrency: string;
  readonly portfolio: {
    readonly positions: readonly BriefPosition[];
    /** One per currency held, in code order; empty when nothing is held. */
    readonly totals: readonly BriefTotal[];
    readonly unpriced: readonly string[];
    /** False when positions in several currencies left the position-weight rule unchecked (`weightRuleChecked`). */
    readonly weightRuleChecked: boolean;
  };
  readonly alerts: readonly BriefAlert[];
  readonly candidates: readonly BriefCandidate[];
  /** Market date of the scan the candidates come from; null when no scan ran yet. */
  readonly scanDate: string | null;
  /** The investor's notes on held symbols (newest per symbol). */
  readonly notes: readonly { readonly symbol: string; readonly text: string }[];
  /**
   * Up to three lessons of the chat's last monthly review most relevant today (`relevantLessons`):
   * patterns the investor's own closed trades showed. Absent when there are none.
   */
  readonly lessons?: readonly string[];
  /**
   * Present when a price valuing the portfolio came from a simulated source (`Quote.simulated`,
   * the local stand-in): the message and the prompt must say the prices are not market data.
   */
  readonly pricesSimulated?: true;
}

/** What `buildDailyBrief` needs; the caller gathers it from the ports. */
export interface DailyBriefInput {
  readonly date: string;
  readonly rules: Rules;
  /** The replayed ledger (`replay(entries)`). */
  readonly ledger: LedgerState;
  /** Latest quotes by symbol. */
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly blacklist: readonly string[];
  readonly tips: readonly Tip[];
  readonly scan: ScanSummary | null;
  /** The chat's latest monthly review (`learning/patterns_learned.json`); its most relevant patterns go in the brief. */
  readonly lessons?: ChatLessons;
}

const round = (value: number, places: number): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};
const roundOrNull = (value: number | null, places: number): number | null => (value === null ? null : round(value, places));
/** An amount rounded once, to cents, for a person or a model. */
const cents = (value: Decimal): string => value.round(2).toFixed(2);

/**
 * Builds the deterministic part of the morning analysis. Use it before any model call: its output
 * is what goes to the chat when Claude is unavailable, and what the prompt is made from.
 * Valuation, day change and alerts come from `valuePortfolio`, `dayChange` and `evaluateRules`
 * (positions without a price are valued at cost and listed in `unpriced`). Candidates are the
 * scan's top rows in rank order, minus blacklisted and held symbols, at most
 * `rules.analysis.candidates`.
 */
export function buildDailyBrief(input: DailyBriefInput): DailyBrief {
  const { prices, simulated } = positionPrices(input.ledger, input.quotes);
  const valuation = valuePortfolio(input.ledger, prices);
  const day = dayChange(input.ledger, input.quotes);
  const dayByCurrency = new Map(day.byCurrency.map((d) => [d.currency, d]));
  const dayPct = new Map(day.rows.map((r) => [r.symbol, r.changePct]));
  const alerts = evaluateRules(input.rules, valuation);

  const rows = [...valuation.rows].sort((a, b) => compareText(a.symbol, b.symbol));
  const positions: BriefPosition[] = rows.map((r) => ({
    symbol: r.symbol,
    currency: r.currency,
    quantity: r.quantity.toFixed(),
    averageCost: r.averageCost.round(4).toFixed(),
    price: r.price ? r.price.toFixed() : null,
    marketValue: r.priced ? cents(r.marketValue.amount) : null,
    pnlPct: roundOrNull(r.unrealizedPct, 2),
    dayChangePct: roundOrNull(dayPct.get(r.symbol) ?? null, 2),
    weightPct: round(r.weightPct, 2),
  }));

  const held = new Set(rows.map((r) => r.symbol.toUpperCase()));
  const blocked = new Set(input.blacklist.map((s) => s.trim().toUpperCase()));
  const latestTip = new Map<string, Tip>();
  for (const tip of input.tips) {
    const key = tip.symbol.toUpperCase();
    const current = latestTip.get(key);
    if (!current || tip.createdAt > current.createdAt || (tip.createdAt === current.createdAt && tip.id > current.id)) latestTip.set(key, tip);
  }

  const candidates: BriefCandidate[] = [];
  for (const row of [...(input.scan?.top ?? [])].sort((a, b) => a.rank - b.rank)) {
    if (candidates.length >= input.rules.analysis.candidates) break;
    const key = row.symbol.toUpperCase();
    if (held.has(key) || blocked.has(key)) continue;
    const tip = latestTip.get(key);
    candidates.push({
      symbol: row.symbol,
      name: row.name,
      sector: row.sector,
      lastClose: round(row.lastClose, 2),
      drawdownPct: round(row.drawdownPct, 1),
      daysSincePeak: row.daysSincePeak,
      aboveLowPct: round(row.aboveLowPct, 1),
      ...(tip ? { tip: tip.text } : {}),
    });
  }

  const notes = rows.flatMap((r) => {
    const tip = latestTip.get(r.symbol.toUpperCase());
    return tip ? [{ symbol: r.symbol, text: tip.text }] : [];
  });

  const totals = valuation.totals.byCurrency.map((t): BriefTotal => {
    const moved = dayByCurrency.get(t.currency);
    return {
      currency: t.currency,
      positions: t.positions,
      marketValue: cents(t.marketValue.amount),
      costBasis: cents(t.costBasis.amount),
      unrealizedPnl: cents(t.unrealizedPnl.amount),
      unrealizedPnlPct: roundOrNull(t.unrealizedPct, 2),
      dayChange: moved ? cents(moved.change.amount) : null,
      dayChangePct: roundOrNull(moved?.changePct ?? null, 2),
    };
  });
  return {
    date: input.date,
    language: input.rules.language,
    baseCurrency: input.rules.baseCurrency,
    portfolio: { positions, totals, unpriced: [...valuation.totals.unpriced], weightRuleChecked: weightRuleChecked(valuation) },
    alerts: alerts.map((a) => ({ kind: a.kind, message: a.message, measured: round(a.measured, 2), threshold: a.threshold, ...(a.symbol ? { symbol: a.symbol } : {}) })),
    candidates,
    scanDate: input.scan?.date ?? null,
    notes,
    ...lessonLines(input, positions, candidates),
    ...(simulated ? { pricesSimulated: true as const } : {}),
  };
}

/** The brief's `lessons`: the three patterns of the review most relevant to what is held or a candidate today. */
function lessonLines(input: DailyBriefInput, positions: readonly { readonly symbol: string }[], candidates: readonly { readonly symbol: string }[]): { lessons?: string[] } {
  const symbols = new Set([...positions.map((p) => p.symbol), ...candidates.map((c) => c.symbol)]);
  const lines = relevantLessons(input.lessons, symbols, 3).map((p) => p.pattern);
  return lines.length > 0 ? { lessons: lines } : {};
}

/** Token counts of one model call, as the provider reports them. */
export interface AnalysisUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly cacheCreationInputTokens: number;
}

/** No tokens used (offline analyst, skipped call). */
export const NO_USAGE: AnalysisUsage = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };

/** What an `Analyst` is asked: the brief plus the limits from the rules. */
export interface AnalysisInput {
  readonly brief: DailyBrief;
  /** Word limit given to the model (rules.analysis.wordLimit). */
  readonly wordLimit: number;
  /** Upper bound on output tokens (rules.analysis.maxTokens). */
  readonly maxTokens: number;
}

/** The prompt actually sent (or that would be sent), for the daily log. */
export interface AnalysisPrompt {
  readonly system: string;
  readonly user: string;
}

/** A finished analysis. `costUsd` is exact (decimal) and 0 for the offline analyst. */
export interface AnalysisOutcome {
  readonly text: string;
  readonly model: string;
  /** True when no model was involved (plain summary of the brief). */
  readonly offline: boolean;
  readonly usage: AnalysisUsage;
  readonly costUsd: Decimal;
  readonly prompt: AnalysisPrompt;
  /** The provider's stop reason (`end_turn`, `max_tokens`, ...), when a model answered. */
  readonly stopReason?: string;
}

/**
 * Writes the morning analysis from a brief. Implemented by `llm-claude` (Claude, and the offline
 * analyst used without an API key). Rejects with a `DependencyError` subclass when the model could
 * not answer; the caller then sends the deterministic brief with a notice.
 */
export interface Analyst {
  /** The model id used (`offline` for the offline analyst). */
  readonly model: string;
  /** The prompt that `analyse` would send, without sending it (for logs and a skipped call). */
  prompt(input: AnalysisInput): AnalysisPrompt;
  /** The most this call can cost (all input uncached at the cache-write rate, `maxTokens` output). */
  worstCaseCostUsd(input: AnalysisInput): Decimal;
  analyse(input: AnalysisInput): Promise<AnalysisOutcome>;
}

/** A short JSON summary of a brief's inputs, for the daily log. */
export function summariseBrief(brief: DailyBrief): Json {
  return {
    positions: brief.portfolio.positions.length,
    unpriced: [...brief.portfolio.unpriced],
    alerts: brief.alerts.map((a) => a.message),
    candidates: brief.candidates.map((c) => c.symbol),
    scanDate: brief.scanDate,
    totals: brief.portfolio.totals.map((t) => ({ currency: t.currency, marketValue: t.marketValue, dayChange: t.dayChange })),
  };
}

/** Adds USD amounts exactly (e.g. month-to-date spend from the daily logs). */
export function addUsd(amounts: Iterable<Decimal | string>): Decimal {
  let total = ZERO;
  for (const a of amounts) total = total.plus(dec(a));
  return total;
}

const LABELS = {
  en: {
    portfolio: 'Portfolio',
    perCurrency: 'Portfolio, per currency (no exchange rates: the totals are not added together, and the position-weight rule is not checked)',
    value: 'value',
    today: 'today',
    unrealized: 'unrealized',
    noPositions: 'No open positions.',
    unpriced: 'No price for',
    alerts: 'Alerts',
    noAlerts: 'No rule alerts.',
    candidates: 'Scan candidates',
    noCandidates: 'No scan candidates (no scan yet, or all held or blacklisted).',
    belowPeak: 'below peak',
    days: 'd',
    scanOf: 'scan of',
  },
  es: {
    portfolio: 'Cartera',
    perCurrency: 'Cartera, por moneda (sin tipos de cambio: los totales no se suman entre sí y la regla de peso por posición no se comprueba)',
    value: 'valor',
    today: 'hoy',
    unrealized: 'latente',
    noPositions: 'Sin posiciones abiertas.',
    unpriced: 'Sin precio para',
    alerts: 'Alertas',
    noAlerts: 'Sin alertas de reglas.',
    candidates: 'Candidatos del escáner',
    noCandidates: 'Sin candidatos (aún no hay escaneo, o todos están en cartera o en la lista negra).',
    belowPeak: 'bajo máximo',
    days: 'd',
    scanOf: 'escaneo del',
  },
} as const;

const signed = (value: number | null): string => (value === null ? 'n/a' : `${value > 0 ? '+' : ''}${value.toFixed(2)}%`);

/**
 * The brief as short plain-text sections (portfolio line, alerts, candidates) in the brief's
 * language. Use it for the part of the daily message that never depends on a model; callers
 * escape it for their medium.
 */
export function describeBrief(brief: DailyBrief): { portfolio: string[]; alerts: string[]; candidates: string[] } {
  const l = LABELS[brief.language];
  const p = brief.portfolio;
  const figures = (t: BriefTotal): string =>
    `${l.value} ${t.marketValue} ${t.currency}, ${l.today} ${t.dayChange ?? 'n/a'} (${signed(t.dayChangePct)}), ${l.unrealized} ${t.unrealizedPnl} (${signed(t.unrealizedPnlPct)})`;
  const totals = p.totals.length === 1 ? [`${l.portfolio}: ${figures(p.totals[0]!)}`] : [`${l.perCurrency}:`, ...p.totals.map((t) => `- ${t.currency}: ${figures(t)}`)];
  const portfolio = p.positions.length === 0 ? [l.noPositions] : [...totals, ...(p.unpriced.length ? [`${l.unpriced}: ${p.unpriced.join(', ')}`] : [])];
  const alerts = brief.alerts.length ? [`${l.alerts}:`, ...brief.alerts.map((a) => `- ${a.message}`)] : [l.noAlerts];
  const candidates = brief.candidates.length
    ? [
        `${l.candidates}${brief.scanDate ? ` (${l.scanOf} ${brief.scanDate})` : ''}:`,
        ...brief.candidates.map((c) => `- ${c.symbol} ${c.lastClose}, -${c.drawdownPct}% ${l.belowPeak} (${c.daysSincePeak}${l.days})`),
      ]
    : [l.noCandidates];
  return { portfolio, alerts, candidates };
}
