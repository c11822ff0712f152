import { describeBrief, documentNotice, escapeHtml, type DailyBrief, type DocumentProblem, type Rules } from '@tradebot/core-domain';
import { formatPercentagePoints, formatRatioPct } from '@tradebot/telegram-bot';
import type { WeeklyPerformance } from './weekly';

/** Why the message carries no model analysis, or null when it does. */
export type AnalysisNotice =
  | { readonly kind: 'offline' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'budget'; readonly spentUsd: string; readonly budgetUsd: number }
  | { readonly kind: 'prices'; readonly reason: string }
  /** An optional document (rules, blacklist, tips, latest scan) could not be read; the run went on without it. */
  | { readonly kind: 'document'; readonly problem: DocumentProblem };

const TEXT = {
  en: {
    title: 'Daily analysis',
    alertsTitle: 'Rule alerts',
    analysis: 'Analysis',
    simulated: 'Valued at simulated prices (a local stand-in, not market data).',
    offline: 'Offline summary: no Anthropic API key is configured, so there is no AI analysis today.',
    failed: (reason: string) => `AI analysis unavailable today (${reason}). Alerts and candidates above are complete.`,
    budget: (spent: string, budget: number) => `AI analysis skipped: this month's spend (${spent} USD) would pass the ${budget} USD budget. Raise analysis.monthlyBudgetUsd in the rules to resume.`,
    prices: (reason: string) => `Prices unavailable (${reason}): positions are valued at cost and price alerts may be missing.`,
    week: (from: string, to: string, twr: string) => `Last week (${from} → ${to}): ${twr} time-weighted`,
    versus: (symbol: string, twr: string, points: string) => ` vs ${symbol} ${twr} (${points} pp).`,
    noBenchmark: (symbol: string) => `; no comparison with ${symbol} (see /performance).`,
    weekUnavailable: "Last week's performance: prices could not be loaded (see /performance later).",
    weekSimulated: ' Simulated prices.',
  },
  es: {
    title: 'Análisis diario',
    alertsTitle: 'Alertas de reglas',
    analysis: 'Análisis',
    simulated: 'Valorado con precios simulados (un simulador local, no datos de mercado).',
    offline: 'Resumen sin conexión: no hay clave de la API de Anthropic configurada, así que hoy no hay análisis de IA.',
    failed: (reason: string) => `Análisis de IA no disponible hoy (${reason}). Las alertas y candidatos de arriba están completos.`,
    budget: (spent: string, budget: number) => `Análisis de IA omitido: el gasto del mes (${spent} USD) superaría el presupuesto de ${budget} USD. Sube analysis.monthlyBudgetUsd en las reglas para reanudarlo.`,
    prices: (reason: string) => `Precios no disponibles (${reason}): las posiciones se valoran a coste y pueden faltar alertas de precio.`,
    week: (from: string, to: string, twr: string) => `Semana pasada (${from} → ${to}): ${twr} ponderada por tiempo`,
    versus: (symbol: string, twr: string, points: string) => ` frente a ${symbol} ${twr} (${points} pp).`,
    noBenchmark: (symbol: string) => `; sin comparación con ${symbol} (mira /rendimiento).`,
    weekUnavailable: 'Rendimiento de la semana pasada: no se pudieron cargar los precios (mira /rendimiento más tarde).',
    weekSimulated: ' Precios simulados.',
  },
} as const;

/** A notice as one line in the rules' language. */
export function noticeText(notice: AnalysisNotice, language: Rules['language']): string {
  const t = TEXT[language];
  switch (notice.kind) {
    case 'offline':
      return t.offline;
    case 'failed':
      return t.failed(notice.reason);
    case 'budget':
      return t.budget(notice.spentUsd, notice.budgetUsd);
    case 'prices':
      return t.prices(notice.reason);
    case 'document':
      return documentNotice(notice.problem, language);
  }
}

/** The Monday line: last week's time-weighted return and the benchmark's, in the rules' language. */
export function weeklyLine(weekly: WeeklyPerformance, language: Rules['language']): string {
  const t = TEXT[language];
  if (weekly.kind === 'unavailable') return t.weekUnavailable;
  const r = weekly.report;
  const head = t.week(r.baseDate ?? r.firstDay, r.lastDay, formatRatioPct(r.twr, language));
  const tail = r.benchmark?.ok
    ? t.versus(r.benchmark.value.symbol, formatRatioPct(r.benchmark.value.twr, language), formatPercentagePoints(r.benchmark.value.twrDifference, language))
    : t.noBenchmark(r.benchmark && !r.benchmark.ok ? r.benchmark.error.symbol : '');
  return `${head}${tail}${weekly.simulated ? t.weekSimulated : ''}`;
}

/**
 * The HTML message of the morning: title (with a "simulated prices" label when the brief's prices
 * were simulated), portfolio line, alerts and candidates (always, from the deterministic brief),
 * then the model's analysis or the notices saying why there is none. On Mondays `weekly` adds one
 * line after the portfolio: last week's return against the benchmark. `/notify` shapes it:
 * `alerts: false` leaves the rule alerts out (rule alerts off); `only: 'alerts'` is the title and
 * the rule alerts alone (the morning analysis off, rule alerts on).
 */
export function composeDailyMessage(
  brief: DailyBrief,
  analysis: { readonly text: string; readonly model: string } | null,
  notices: readonly AnalysisNotice[],
  weekly?: WeeklyPerformance,
  shape: { readonly alerts?: boolean; readonly only?: 'alerts' } = {},
): string {
  const t = TEXT[brief.language];
  const sections = describeBrief(brief);
  const block = (lines: readonly string[]): string => lines.map(escapeHtml).join('\n');
  if (shape.only === 'alerts') return [`<b>${escapeHtml(t.alertsTitle)} · ${escapeHtml(brief.date)}</b>`, block(sections.alerts)].join('\n\n');
  const title = `<b>${escapeHtml(t.title)} · ${escapeHtml(brief.date)}</b>${brief.pricesSimulated ? `\n<i>${escapeHtml(t.simulated)}</i>` : ''}`;
  const portfolio = weekly ? [...sections.portfolio, weeklyLine(weekly, brief.language)] : sections.portfolio;
  const parts = [title, block(portfolio), ...(shape.alerts === false ? [] : [block(sections.alerts)]), block(sections.candidates)];
  for (const notice of notices) parts.push(`<i>${escapeHtml(noticeText(notice, brief.language))}</i>`);
  if (analysis) parts.push(`<b>${escapeHtml(t.analysis)}</b> <i>(${escapeHtml(analysis.model)})</i>\n${escapeHtml(analysis.text)}`);
  return parts.join('\n\n');
}
