import { describeBrief, documentNotice, escapeHtml, type DailyBrief, type DocumentProblem, type Rules } from '@tradebot/core-domain';

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
    analysis: 'Analysis',
    simulated: 'Valued at simulated prices (a local stand-in, not market data).',
    offline: 'Offline summary: no Anthropic API key is configured, so there is no AI analysis today.',
    failed: (reason: string) => `AI analysis unavailable today (${reason}). Alerts and candidates above are complete.`,
    budget: (spent: string, budget: number) => `AI analysis skipped: this month's spend (${spent} USD) would pass the ${budget} USD budget. Raise analysis.monthlyBudgetUsd in the rules to resume.`,
    prices: (reason: string) => `Prices unavailable (${reason}): positions are valued at cost and price alerts may be missing.`,
  },
  es: {
    title: 'Análisis diario',
    analysis: 'Análisis',
    simulated: 'Valorado con precios simulados (un simulador local, no datos de mercado).',
    offline: 'Resumen sin conexión: no hay clave de la API de Anthropic configurada, así que hoy no hay análisis de IA.',
    failed: (reason: string) => `Análisis de IA no disponible hoy (${reason}). Las alertas y candidatos de arriba están completos.`,
    budget: (spent: string, budget: number) => `Análisis de IA omitido: el gasto del mes (${spent} USD) superaría el presupuesto de ${budget} USD. Sube analysis.monthlyBudgetUsd en las reglas para reanudarlo.`,
    prices: (reason: string) => `Precios no disponibles (${reason}): las posiciones se valoran a coste y pueden faltar alertas de precio.`,
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

/**
 * The HTML message of the morning: title (with a "simulated prices" label when the brief's prices
 * were simulated), portfolio line, alerts and candidates (always, from the deterministic brief),
 * then the model's analysis or the notices saying why there is none.
 */
export function composeDailyMessage(brief: DailyBrief, analysis: { readonly text: string; readonly model: string } | null, notices: readonly AnalysisNotice[]): string {
  const t = TEXT[brief.language];
  const sections = describeBrief(brief);
  const block = (lines: readonly string[]): string => lines.map(escapeHtml).join('\n');
  const title = `<b>${escapeHtml(t.title)} · ${escapeHtml(brief.date)}</b>${brief.pricesSimulated ? `\n<i>${escapeHtml(t.simulated)}</i>` : ''}`;
  const parts = [title, block(sections.portfolio), block(sections.alerts), block(sections.candidates)];
  for (const notice of notices) parts.push(`<i>${escapeHtml(noticeText(notice, brief.language))}</i>`);
  if (analysis) parts.push(`<b>${escapeHtml(t.analysis)}</b> <i>(${escapeHtml(analysis.model)})</i>\n${escapeHtml(analysis.text)}`);
  return parts.join('\n\n');
}
