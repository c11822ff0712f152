import { factLine, type AnalysisInput, type AnalysisPrompt, type BriefPosition, type BriefTotal, type DailyBrief, type LessonsInput } from '@tradebot/core-domain';

/**
 * The static system prompt. It never varies (no date, no language, no limits), so the API can
 * cache it: everything that changes goes in the user message. It also explains the compact line
 * format of the user message, which is what keeps the input small.
 */
export const SYSTEM_PROMPT = [
  'Morning note for a private investor on a phone.',
  'Brief:',
  'H date',
  'T currency: mv value, day change (%), unr unrealized P&L (%); never summed',
  'P symbol qty avg-cost price pnl% day% weight%',
  'A rule alert: symbol rule measured (limit)',
  'C buyable candidate: symbol sector close %below-180d-peak days-since-peak %above-low',
  'N investor note; L lesson from own past trades',
  '- is unknown.',
  'Write: actions (alerts first), one portfolio line, the 2-3 best candidates with why and main risk.',
  'Plain text, short lines. Never invent prices or news. End with "Not advice."',
].join('\n');

const LANGUAGE_NAMES = { en: 'English', es: 'Spanish' } as const;

/** GICS sector names shortened (the model knows them); anything else is cut to 6 letters. */
const SECTOR_CODES: Readonly<Record<string, string>> = {
  'information technology': 'Tech',
  'health care': 'Health',
  industrials: 'Indust',
  'consumer discretionary': 'ConsDisc',
  'consumer staples': 'Staples',
  energy: 'Energy',
  financials: 'Fin',
  materials: 'Mater',
  utilities: 'Util',
  'real estate': 'RE',
  'communication services': 'Comm',
};

/** Four significant digits are plenty for a note and save tokens on every price. */
const sig = (value: number): string => {
  if (!Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  const places = abs >= 1000 ? 0 : abs >= 100 ? 1 : 2;
  return String(Number(value.toFixed(places)));
};
const num = (text: string | null): string => (text === null ? '-' : sig(Number(text)));
const pctText = (value: number | null, places: number): string => (value === null ? '-' : String(Number(value.toFixed(places))));
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const clean = (text: string): string => text.replace(/[\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
const sector = (name: string): string => SECTOR_CODES[name.trim().toLowerCase()] ?? clean(name).replace(/\s/g, '').slice(0, 6);

const totalLine = (t: BriefTotal): string =>
  `T ${t.currency} mv ${num(t.marketValue)} day ${num(t.dayChange)} (${pctText(t.dayChangePct, 1)}) unr ${num(t.unrealizedPnl)} (${pctText(t.unrealizedPnlPct, 1)})`;

const positionLine = (p: BriefPosition): string =>
  `P ${p.symbol} ${p.quantity} ${num(p.averageCost)} ${num(p.price)} ${pctText(p.pnlPct, 0)} ${pctText(p.dayChangePct, 1)} ${pctText(p.weightPct, 0)}`;

/** Longest lesson line in the prompt (about 13 tokens): three of them fit the daily prompt's token target. */
export const LESSON_LINE_CHARS = 60;

/** The user message for a brief: one short line per fact, in the format the system prompt explains. */
export function buildUserPrompt(brief: DailyBrief, wordLimit: number): string {
  const p = brief.portfolio;
  const lines = [
    `H ${brief.date}`,
    ...p.totals.flatMap((t) => [totalLine(t), ...p.positions.filter((position) => position.currency === t.currency).map(positionLine)]),
    ...(p.unpriced.length ? [`A no price today for ${p.unpriced.join(' ')}`] : []),
    ...brief.alerts.map((a) => `A ${a.symbol ?? 'portfolio'} ${a.kind.replace(/_/g, ' ')} ${pctText(a.measured, 1)} (${a.threshold})`),
    ...brief.candidates.map(
      (c) => `C ${c.symbol} ${sector(c.sector)} ${sig(c.lastClose)} ${pctText(c.drawdownPct, 0)} ${c.daysSincePeak} ${pctText(c.aboveLowPct, 0)}`,
    ),
    ...brief.notes.map((t) => `N ${t.symbol} ${clip(clean(t.text), 80)}`),
    ...brief.candidates.filter((c) => c.tip).map((c) => `N ${c.symbol} ${clip(clean(c.tip!), 80)}`),
    ...(brief.lessons ?? []).map((lesson) => `L ${clip(clean(lesson), LESSON_LINE_CHARS)}`),
  ];
  if (p.positions.length === 0) lines.push('P none');
  if (brief.alerts.length === 0) lines.push('A none');
  if (brief.candidates.length === 0) lines.push('C none');
  // Only local runs price with the simulated stand-in; the static system prompt stays as it is.
  if (brief.pricesSimulated) lines.push('Prices are simulated test data, not market data: say so in one line.');
  lines.push(`Answer in ${LANGUAGE_NAMES[brief.language]}, at most ${wordLimit} words.`);
  return lines.join('\n');
}

/** System and user prompt for an analysis. Use it to log exactly what is (or would be) sent. */
export function buildPrompt(input: AnalysisInput): AnalysisPrompt {
  return { system: SYSTEM_PROMPT, user: buildUserPrompt(input.brief, input.wordLimit) };
}

/**
 * A deliberately high estimate of a prompt's input tokens without a tokenizer (the Lambda does
 * not ship one): Claude tokenizers average 3-4 characters per token on this kind of text, so
 * 2 characters per token over-counts, which is what a budget check wants.
 */
export function estimateInputTokensHigh(prompt: AnalysisPrompt): number {
  return Math.ceil((prompt.system.length + prompt.user.length) / 2) + 16;
}

/**
 * The static system prompt of the monthly lessons review: the fact-line format (computed by
 * core-domain, never asked of the model) and the JSON to answer with.
 */
export const LESSONS_SYSTEM_PROMPT = [
  'You review one private investor\'s closed trades of a month and find patterns in their own behaviour.',
  'One line per sale: F seq symbol entry>exit holding-days entry-price>exit-price return% pk<% below the 180-day high at entry> stop:<day a close reached the stop loss|-|?> take:<day a close reached the take profit|-|?> scan:<rank in the scan when bought|no|?> <rule breaches|ok>',
  '? means unknown. Use only these facts; never invent prices or news.',
  `Answer with JSON only: {"patterns":[{"pattern":"at most ${LESSON_LINE_CHARS} characters","evidence":"the trades by #seq with their figures","symbols":["..."]}]}`,
  'At most 5 patterns, the most useful first; fewer when the trades show little.',
].join('\n');

/** System and user prompt of a monthly review. */
export function buildLessonsPrompt(input: LessonsInput): AnalysisPrompt {
  const user = [
    `M ${input.month} stop loss ${input.rules.stopLossPct}% take profit ${input.rules.takeProfitPct}%`,
    ...input.facts.map(factLine),
    `Write pattern and evidence in ${LANGUAGE_NAMES[input.language]}.`,
  ].join('\n');
  return { system: LESSONS_SYSTEM_PROMPT, user };
}

/** The first JSON object in a model's text (it may wrap it in a code fence or a sentence); `undefined` when there is none. */
export function jsonObjectIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}
