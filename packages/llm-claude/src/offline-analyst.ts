import { describeBrief, NO_USAGE, ZERO, type AnalysisInput, type AnalysisOutcome, type AnalysisPrompt, type Analyst, type Decimal } from '@tradebot/core-domain';
import { buildPrompt } from './prompt';

const LABEL = {
  en: '[Offline summary: no Anthropic API key is configured, so no AI analysis was made.]',
  es: '[Resumen sin conexión: no hay clave de la API de Anthropic configurada, así que no hay análisis de IA.]',
} as const;

/**
 * The `Analyst` used when no Anthropic API key is configured (local runs, a fresh deployment):
 * a plain, clearly labelled summary of the deterministic brief. Costs nothing, never fails.
 */
export class OfflineAnalyst implements Analyst {
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
}
