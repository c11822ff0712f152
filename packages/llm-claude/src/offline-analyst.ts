import { describeBrief, NO_USAGE, offlinePatterns, ZERO, type AnalysisInput, type AnalysisOutcome, type AnalysisPrompt, type Analyst, type Decimal, type LessonsInput, type LessonsOutcome, type LessonsReviewer } from '@tradebot/core-domain';
import { buildLessonsPrompt, buildPrompt } from './prompt';

const LABEL = {
  en: '[Offline summary: no Anthropic API key is configured, so no AI analysis was made.]',
  es: '[Resumen sin conexión: no hay clave de la API de Anthropic configurada, así que no hay análisis de IA.]',
} as const;

/**
 * The `Analyst` used when no Anthropic API key is configured (local runs, a fresh deployment):
 * a plain, clearly labelled summary of the deterministic brief. Costs nothing, never fails. Its
 * monthly review finds patterns from the trade facts alone (`offlinePatterns`: rule breaches,
 * holding time of winners against losers, buys far below the high, scan candidates), stored with
 * the model `offline` so `/lessons` says so.
 */
export class OfflineAnalyst implements Analyst, LessonsReviewer {
  readonly model = 'offline';

  prompt(input: AnalysisInput): AnalysisPrompt {
    return buildPrompt(input);
  }

  worstCaseCostUsd(): Decimal {
    return ZERO;
  }

  async analyse(input: AnalysisInput): Promise<AnalysisOutcome> {
    const sections = describeBrief(input.brief);
    const text = [LABEL[input.brief.language], ...sections.portfolio, ...sections.alerts, ...sections.candidates].join('\n');
    return { text, model: this.model, offline: true, usage: NO_USAGE, costUsd: ZERO, prompt: this.prompt(input) };
  }

  worstCaseLessonsCostUsd(): Decimal {
    return ZERO;
  }

  async reviewLessons(input: LessonsInput): Promise<LessonsOutcome> {
    return { patterns: offlinePatterns(input.facts, input.language), model: this.model, offline: true, usage: NO_USAGE, costUsd: ZERO, prompt: buildLessonsPrompt(input) };
  }
}
