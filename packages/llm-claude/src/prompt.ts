import type { AnalysisInput, AnalysisPrompt, BriefPosition, BriefTotal, DailyBrief } from '@tradebot/core-domain';

/**
 * The static system prompt. It never varies (no date, no language, no limits), so the API can
 * cache it: everything that changes goes in the user message. It also explains the compact line
 * format of the user message, which is what keeps the input small.
 */
export const SYSTEM_PROMPT = [
  'You write a short morning note for one private investor, read on a phone.',
  'Brief format, one fact per line:',
  'H date',
  'T currency: mv market value, day change today (%), unr unrealized P&L (%); per currency, never summed',
  'P symbol qty avg-cost price pnl% day% weight%, under its currency\'s T',
  'A rule alert: symbol rule measured (limit); a fact, act on it',
  'C scan candidate, not held, buyable: symbol sector close %below-180d-peak days-since-peak %above-low',
  'N the investor\'s own note on a symbol',
  '- means unknown.',
  'Write: what needs action today (alerts first), one line on the portfolio, then the 2-3 best candidates with why and the main risk.',
  'Plain text, short lines, no markdown or tables. Never invent prices or news. End with "Not advice."',
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
