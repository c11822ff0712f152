/**
 * The morning notes the local Anthropic server can answer with: what Claude writes for the
 * reference portfolio (alerts, the portfolio's day, candidates), in English and Spanish, from a
 * short note to one at the default word limit (200 words). They are the corpus the analyst's
 * tokens-per-word ratios were measured on (llm-claude `TOKENS_PER_WORD`), and the answers a test
 * checks are never cut at the `max_tokens` derived from the word limit.
 *
 * `legacyTokens` is each text's count with @anthropic-ai/tokenizer (the legacy vocabulary, the only
 * Claude tokenizer on npm); llm-claude's tests recount it, so it cannot drift from the text.
 */

/** One scripted note. */
export interface ScriptedNote {
  readonly language: 'en' | 'es';
  readonly text: string;
  /** Tokens of `text` in @anthropic-ai/tokenizer 0.0.4's count. */
  readonly legacyTokens: number;
}

/** Words as the word limit counts them: runs of non-space characters. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export const SCRIPTED_NOTES: readonly ScriptedNote[] = [
  {
    language: 'en',
    text: `Action today: PFE is 12.6% below cost, past your 8% stop loss; sell or write down why you hold it. NVDA is past the take profit at +34%: consider trimming.

Portfolio: 19,891 USD, flat on the day, 4.2% above cost.

Candidates: INTC (-49% from its peak) is cheap but burning cash; BA (-35%) has a recovering order book, with production risk.

Not advice.`,
    legacyTokens: 104,
  },
  {
    language: 'en',
    text: `Action today: PFE is 12.6% below your average cost, past the 8% stop loss: sell, or note why you keep it. JNJ (-9%) and XOM (-8.4%) crossed it too; XOM only just. NVDA is 34% above cost, past the take profit; trimming a third would also cut its 13% weight.

Portfolio: 19,891 USD, up 0.1% today and 4.2% above cost. MSFT is the largest position at 17%, within your limit.

Candidates: INTC is 49% off its 180-day peak and 6% above its low; your note expects foundry news in December, but cash burn is the risk. BA, 35% down, has a recovering order book; production setbacks are the risk. ALB, 39% down, is a lithium bet that could stay cheap.

Not advice.`,
    legacyTokens: 193,
  },
  {
    language: 'en',
    text: `Action today: PFE is 12.6% below your average cost, past the 8% stop loss. Decide now: sell, or write down why you still hold it. JNJ (-9%) and XOM (-8.4%) also crossed the stop loss; XOM only just, so a tight mental stop may be enough, but JNJ has drifted lower for weeks. NVDA is 34% above cost and past the take profit: trimming a third locks in gains and brings its 13% weight down. Your own note says trim above 140; it closed at 131.7.

Portfolio: 19,891 USD, up 0.1% on the day and 4.2% above cost. Concentration is fine; MSFT is the largest position at 17%.

Candidates: INTC is 49% below its 180-day peak and only 6% above its low. Your note mentions foundry news in December, but the turnaround is slow and cash burn is the main risk. BA, 35% off its peak and 9% above the low, has a recovering order book; the risk is more production setbacks. ALB, 39% down, is a bet on lithium prices: cheap if they recover, a value trap if oversupply lasts. EL and DG look cheap for reasons that may persist.

Not advice.`,
    legacyTokens: 280,
  },
  {
    language: 'es',
    text: `Acción hoy: PFE está un 12,6% por debajo de tu coste, más allá del stop loss del 8%; vende o apunta por qué la mantienes. NVDA supera la toma de beneficios con un +34%: plantéate recortar.

Cartera: 19.891 USD, plana en el día, un 4,2% sobre el coste.

Candidatas: INTC (-49% desde su máximo) está barata pero quema caja; BA (-35%) recupera pedidos, con riesgo de producción.

No es asesoramiento.`,
    legacyTokens: 144,
  },
  {
    language: 'es',
    text: `Acción hoy: PFE está un 12,6% por debajo de tu coste medio, más allá del stop loss del 8%: vende, o apunta por qué la mantienes. JNJ (-9%) y XOM (-8,4%) también lo han cruzado; XOM por poco. NVDA está un 34% sobre el coste y supera la toma de beneficios; recortar un tercio también bajaría su peso del 13%.

Cartera: 19.891 USD, un 0,1% arriba hoy y un 4,2% sobre el coste. MSFT es la mayor posición, con un 17%, dentro de tu límite.

Candidatas: INTC está un 49% por debajo de su máximo de 180 días y un 6% sobre su mínimo; tu nota espera noticias de la fundición en diciembre, pero el consumo de caja es el riesgo. BA, un 35% abajo, recupera su cartera de pedidos; el riesgo son los retrasos de producción. ALB, un 39% abajo, es una apuesta por el litio que podría seguir barata.

No es asesoramiento.`,
    legacyTokens: 283,
  },
  {
    language: 'es',
    text: `Acción hoy: PFE está un 12,6% por debajo de tu coste medio, más allá del stop loss del 8%: vende, o apunta por qué la mantienes. JNJ (-9%) y XOM (-8,4%) también han cruzado el stop loss; XOM apenas, así que un stop mental ajustado puede bastar, pero JNJ lleva semanas bajando. NVDA está un 34% sobre el coste, pasada la toma de beneficios: recortar un tercio asegura ganancias y baja su peso del 13%. Tu nota dice recortar por encima de 140; cerró en 131,7.

Cartera: 19.891 USD, un 0,1% arriba en el día y un 4,2% sobre el coste. MSFT es la mayor posición, con un 17%.

Candidatas: INTC está un 49% bajo su máximo de 180 días y a un 6% de su mínimo. Tu nota menciona noticias de la fundición en diciembre, pero la recuperación es lenta y quema caja. BA, un 35% abajo y un 9% sobre el mínimo, recupera su cartera de pedidos; el riesgo son nuevos problemas de producción. ALB, un 39% abajo, es una apuesta por el litio: barata si sube, una trampa si sigue el exceso de oferta. EL y DG parecen baratas por razones que pueden durar.

No es asesoramiento.`,
    legacyTokens: 367,
  },
];

/**
 * How many more tokens a current model's tokenizer makes of a text than the legacy one: Anthropic
 * says models from Claude Opus 4.7 on produce up to about 35% more tokens for the same text. The
 * local server counts its scripted answers this way, as the worst case of that range.
 */
export const CURRENT_TOKENIZER_FACTOR = 1.35;

/**
 * What a model that keeps to the prompt answers: the longest scripted note in the language the
 * prompt's last line asks for ("Answer in Spanish, at most 120 words.") within its word limit (the
 * shortest note cut to the limit when none fits), with its output tokens as a current model counts
 * them. English when the prompt names no language; no limit when it gives none.
 */
export function scriptedAnswer(prompt: string): { readonly text: string; readonly tokens: number } {
  const asked = /Answer in (English|Spanish), at most (\d+) words/.exec(prompt);
  const language = asked?.[1] === 'Spanish' ? 'es' : 'en';
  const limit = asked ? Number(asked[2]) : Number.POSITIVE_INFINITY;
  const notes = SCRIPTED_NOTES.filter((n) => n.language === language).sort((a, b) => wordCount(b.text) - wordCount(a.text));
  const fitting = notes.find((n) => wordCount(n.text) <= limit);
  if (fitting) return { text: fitting.text, tokens: Math.ceil(fitting.legacyTokens * CURRENT_TOKENIZER_FACTOR) };
  const shortest = notes[notes.length - 1]!;
  const words = shortest.text.split(/\s+/).filter(Boolean);
  const kept = Math.max(1, Math.min(words.length, limit));
  return { text: words.slice(0, kept).join(' '), tokens: Math.ceil(((shortest.legacyTokens * kept) / words.length) * CURRENT_TOKENIZER_FACTOR) };
}
