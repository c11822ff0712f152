/** `/chart TICKER|portfolio [6m|1y]`: a picture, rendered from the price history and the ledger. */
import {
  CHART_RANGE_DAYS,
  DEFAULT_LOOKBACK_DAYS,
  addDays,
  utcDay,
  portfolioChart,
  priceChart,
  symbolsHeldSince,
  type Bar,
  type ChartRange,
  type Command,
  type LedgerEntry,
} from '@tradebot/core-domain';
import { ChartRendererUnavailableError, type ChartRenderer } from '../charts/png';
import { portfolioChartSvg, priceChartSvg, type ChartSvg } from '../charts/svg';
import { escapeHtml, type Language } from '../format';
import { messagesFor } from '../messages';
import { refuse, reply, type CommandResult, type Services, type Turn } from '../turn';

/** History requests a portfolio chart keeps in flight at once. */
const HISTORY_CONCURRENCY = 4;

/** `/chart`: a ticker's closes with its 180-day high, drawdown and the investor's trades, or the portfolio's value. */
export async function chart(s: Services, turn: Turn, command: Extract<Command, { name: 'chart' }>): Promise<CommandResult> {
  return command.target.kind === 'portfolio' ? portfolio(s, turn, command.range) : ticker(s, turn, command.target.symbol, command.range);
}

async function ticker(s: Services, turn: Turn, symbol: string, range: ChartRange): Promise<CommandResult> {
  const t = turn.t.chart;
  const to = utcDay(s.deps.clock.now());
  // The first point of the range needs a full look-back window for its 180-day high.
  const from = addDays(to, -(CHART_RANGE_DAYS[range] + DEFAULT_LOOKBACK_DAYS + 7));
  const [entries, history, lookup] = await Promise.all([
    s.deps.ledger.list(turn.chatId),
    s.prices.history(symbol, from, to).then(
      (bars) => ({ ok: true as const, bars }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    s.prices.quotes([symbol]).then(
      (batch) => ({ quote: batch.quotes.get(symbol), unknown: batch.missing.includes(symbol) }),
      () => ({ quote: undefined, unknown: false }),
    ),
  ]);
  const { quote } = lookup;
  // The source does not know the ticker (its history request fails too): say so, not "try later".
  if (lookup.unknown) return refuse(t.noHistory(escapeHtml(symbol)));
  if (!history.ok) {
    s.log.warn({ err: history.error, symbol }, 'price history unavailable for a chart');
    return refuse(t.historyUnavailable);
  }
  const held = entries.find((e) => e.kind === 'trade' && e.trade.symbol === symbol);
  const currency = held?.kind === 'trade' ? held.trade.currency : (quote?.currency ?? turn.rules.baseCurrency);
  const data = priceChart({ symbol, currency, range, bars: history.bars, entries });
  if (!data) return refuse(t.noHistory(escapeHtml(symbol)));
  const caption = [t.priceCaption(escapeHtml(symbol), t.range[range], data.markers.length), ...(quote?.simulated ? [`<i>${t.simulatedNote}</i>`] : [])];
  return picture(s, turn, priceChartSvg(data, turn.language), caption.join('\n'));
}

async function portfolio(s: Services, turn: Turn, range: ChartRange): Promise<CommandResult> {
  const t = turn.t.chart;
  const to = utcDay(s.deps.clock.now());
  const entries = await s.deps.ledger.list(turn.chatId);
  const symbols = symbolsHeldSince(entries, range, to);
  if (symbols.length === 0) return refuse(t.noPortfolioHistory);
  // A week before the range seeds each symbol's last close for the first days.
  const from = addDays(to, -(CHART_RANGE_DAYS[range] + 7));
  const bars = new Map<string, readonly Bar[]>();
  const failures: unknown[] = [];
  const queue = [...symbols];
  await Promise.all(
    Array.from({ length: Math.min(HISTORY_CONCURRENCY, queue.length) }, async () => {
      for (let symbol = queue.shift(); symbol !== undefined; symbol = queue.shift()) {
        try {
          bars.set(symbol, await s.prices.history(symbol, from, to));
        } catch (error) {
          failures.push(error);
        }
      }
    }),
  );
  if (bars.size === 0 && failures.length > 0) {
    s.log.warn({ err: failures[0] }, 'price history unavailable for the portfolio chart');
    return refuse(t.historyUnavailable);
  }
  const data = portfolioChart({ entries, bars, currency: turn.rules.baseCurrency, range, to });
  if (!data) return refuse(t.noPortfolioHistory);
  const notes = data.excluded.length > 0 ? [`<i>${t.excludedNote(escapeHtml(data.excluded.join(', ')), escapeHtml(data.currency))}</i>`] : [];
  return picture(s, turn, portfolioChartSvg(data, turn.language), [t.portfolioCaption(t.range[range]), ...notes].join('\n'));
}

/**
 * The morning report's picture: the portfolio's value and invested capital over the last year, as
 * `/chart portfolio 1y` draws it, rendered with `renderer`, and its caption in `language`. `bars`
 * are the daily closes of `symbolsHeldSince(entries, '1y', to)` from a week before the range. Null
 * when there is nothing to draw. Rejects with `ChartRendererUnavailableError` when the renderer
 * cannot be loaded (the caller goes on without the picture).
 */
export async function portfolioChartPicture(
  renderer: ChartRenderer,
  input: { readonly entries: readonly LedgerEntry[]; readonly bars: ReadonlyMap<string, readonly Bar[]>; readonly currency: string; readonly to: string; readonly language: Language },
): Promise<{ readonly photo: Uint8Array; readonly caption: string } | null> {
  const data = portfolioChart({ entries: input.entries, bars: input.bars, currency: input.currency, range: '1y', to: input.to });
  if (!data) return null;
  const t = messagesFor(input.language).chart;
  const notes = data.excluded.length > 0 ? [`<i>${t.excludedNote(escapeHtml(data.excluded.join(', ')), escapeHtml(data.currency))}</i>`] : [];
  return { photo: await renderer.render(portfolioChartSvg(data, input.language)), caption: [t.portfolioCaption(t.range['1y']), ...notes].join('\n') };
}

/** The reply with `svg` rendered, under `caption`; a refusal when this bot has no renderer or it cannot be loaded. */
async function picture(s: Services, turn: Turn, svg: ChartSvg, caption: string): Promise<CommandResult> {
  if (!s.deps.charts) return refuse(turn.t.chart.rendererUnavailable);
  try {
    return reply({ photo: await s.deps.charts.render(svg), caption });
  } catch (error) {
    if (!(error instanceof ChartRendererUnavailableError)) throw error;
    s.log.error({ err: error }, 'chart renderer unavailable');
    return refuse(turn.t.chart.rendererUnavailable);
  }
}
