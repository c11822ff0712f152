import { safeCutIndex, type Decimal } from '@tradebot/core-domain';

/** Telegram's limit on one message's text. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Languages the bot replies in (`Rules.language`). */
export type Language = 'en' | 'es';

// One Telegram HTML escaping for every package (core-domain); re-exported for the bot's modules.
export { escapeHtml, escapeHtmlAttribute } from '@tradebot/core-domain';

const LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-ES' };
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: Language, minimumFractionDigits: number, maximumFractionDigits: number, signed: boolean): Intl.NumberFormat {
  const key = `${language}:${minimumFractionDigits}:${maximumFractionDigits}:${signed}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(LOCALES[language], {
      minimumFractionDigits,
      maximumFractionDigits,
      // Spanish CLDR leaves 4-digit numbers ungrouped (1234,56); investors expect 1.234,56.
      useGrouping: 'always',
      ...(signed ? { signDisplay: 'exceptZero' } : {}),
    } as Intl.NumberFormatOptions);
    formatters.set(key, found);
  }
  return found;
}

function exact(value: Decimal | number): string | number {
  // Intl formats a decimal string exactly, so a Decimal is rounded once, here, never via a float.
  return typeof value === 'number' ? value : value.toFixed();
}

/** Options of `formatNumber`. */
export interface NumberStyle {
  readonly minDigits?: number;
  readonly maxDigits?: number;
  /** Shows `+` on positive values (P&L). */
  readonly signed?: boolean;
}

/**
 * Formats a number for a person in `language` (en: 1,234.56; es: 1.234,56). Use it for every
 * figure in a reply; this is where rounding happens.
 */
export function formatNumber(value: Decimal | number, language: Language, style: NumberStyle = {}): string {
  const min = style.minDigits ?? 2;
  const max = Math.max(min, style.maxDigits ?? min);
  return formatter(language, min, max, style.signed ?? false).format(exact(value) as number);
}

/** Money: two decimals. */
export function formatMoney(value: Decimal | number, language: Language, signed = false): string {
  return formatNumber(value, language, { minDigits: 2, maxDigits: 2, signed });
}

/** A share price: two to four decimals (penny stocks keep their precision). */
export function formatPrice(value: Decimal | number, language: Language): string {
  return formatNumber(value, language, { minDigits: 2, maxDigits: 4 });
}

/** A quantity: whole shares without decimals, fractional shares with up to six. */
export function formatQuantity(value: Decimal | number, language: Language): string {
  return formatNumber(value, language, { minDigits: 0, maxDigits: 6 });
}

/** A percentage given as a ratio (0.068 -> +6.8%); an exact decimal is scaled exactly and rounded once. */
export function formatRatioPct(ratio: number | Decimal, language: Language, signed = true): string {
  return `${formatPercentagePoints(ratio, language, signed)}%`;
}

/** A ratio in percent without the sign of the unit (0.021 -> +2.1): for a difference in percentage points. */
export function formatPercentagePoints(ratio: number | Decimal, language: Language, signed = true): string {
  return formatNumber(typeof ratio === 'number' ? ratio * 100 : ratio.times(100), language, { minDigits: 1, maxDigits: 1, signed });
}

/** A percentage given in percent (6.8 -> 6.8%). */
export function formatPct(percent: number, language: Language, signed = false): string {
  return `${formatNumber(percent, language, { minDigits: 1, maxDigits: 1, signed })}%`;
}

/**
 * How many monospace columns a table may take: a phone shows about 32-36 in a Telegram `<pre>`
 * block before it wraps, and a wrapped table is unreadable.
 */
export const PHONE_TABLE_COLUMNS = 34;

/**
 * A table cell: its text, or its text with shorter spellings the layout may use when the table is
 * too wide: `short` for a label (`Coste medio` -> `C. medio`), `compact` for an amount
 * (`-12,623.00` -> `-12,623`). A number is never cut.
 */
export type Cell = string | { readonly text: string; readonly short?: string; readonly compact?: string };

/** How a column is laid out. */
export interface TableColumn {
  /** `left` for labels and tickers, `right` for numbers. */
  readonly align: 'left' | 'right';
  /**
   * When the table is still too wide with short labels and compact amounts, columns that have a
   * drop priority are left out, lowest first. A column without one is always shown.
   */
  readonly dropPriority?: number;
}

/** A laid-out table: its lines (no trailing spaces) and the width of the widest. */
export interface TableLayout {
  readonly lines: readonly string[];
  readonly width: number;
}

// Monospace cells: one column per grapheme (tables hold tickers, numbers and words, no wide glyphs).
// Built on first use: creating the first Intl.Segmenter loads ICU data, which only tables need.
let cellSegmenter: Intl.Segmenter | undefined;
const CELL_SEGMENTER = (): Intl.Segmenter => (cellSegmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' }));
/**
 * Text in which every UTF-16 unit is a character of its own: nothing from U+0300 on (combining marks,
 * surrogates, joiners, variation selectors start there) and no CR (CR LF is one character). Tickers,
 * numbers and Spanish or English words are; asking ICU about them cost /portfolio ~10 ms of CPU.
 */
const ONE_UNIT_PER_CHARACTER = /^[^\r\u0300-\uffff]*$/;
const displayWidth = (text: string): number => {
  if (ONE_UNIT_PER_CHARACTER.test(text)) return text.length;
  let width = 0;
  for (const _ of CELL_SEGMENTER().segment(text)) width += 1;
  return width;
};

/** The text of a cell at a stage: 0 as written, 1 with short labels, 2 also with compact amounts. */
function cellText(cell: Cell | undefined, stage: number): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (stage >= 2 && cell.compact !== undefined) return cell.compact;
  if (stage >= 1 && cell.short !== undefined) return cell.short;
  return cell.text;
}

/**
 * Lays out a `<pre>` table from its content: each column as wide as its widest cell, columns one
 * space apart, labels left-aligned and numbers right-aligned. When that is wider than `maxWidth`
 * it shortens, in this order: labels to their `short` form, amounts to their `compact` form, then
 * leaves out columns by `dropPriority` (trying the full forms again after each drop). A cell is never
 * cut: when nothing else fits, the table is wider than asked rather than wrong. Use it for every
 * table a reply shows (header rows are ordinary rows); escape the lines for HTML afterwards.
 */
export function layoutTable(rows: readonly (readonly Cell[])[], columns: readonly TableColumn[], maxWidth = PHONE_TABLE_COLUMNS): TableLayout {
  const droppable = columns
    .map((column, index) => ({ index, priority: column.dropPriority }))
    .filter((c): c is { index: number; priority: number } => c.priority !== undefined)
    .sort((a, b) => a.priority - b.priority || b.index - a.index);
  let layout: TableLayout = { lines: [], width: 0 };
  for (let dropped = 0; dropped <= droppable.length; dropped += 1) {
    const hidden = new Set(droppable.slice(0, dropped).map((c) => c.index));
    const shown = columns.map((_, index) => index).filter((index) => !hidden.has(index));
    for (let stage = 0; stage <= 2; stage += 1) {
      layout = render(rows, columns, shown, stage);
      if (layout.width <= maxWidth) return layout;
    }
  }
  return layout;
}

function render(rows: readonly (readonly Cell[])[], columns: readonly TableColumn[], shown: readonly number[], stage: number): TableLayout {
  const texts = rows.map((row) => shown.map((index) => cellText(row[index], stage)));
  const widths = shown.map((_, i) => Math.max(0, ...texts.map((row) => displayWidth(row[i]!))));
  const lines = texts.map((row) =>
    row
      .map((text, i) => {
        const padding = ' '.repeat(widths[i]! - displayWidth(text));
        return columns[shown[i]!]!.align === 'left' ? text + padding : padding + text;
      })
      .join(' ')
      .trimEnd(),
  );
  return { lines, width: Math.max(0, ...lines.map(displayWidth)) };
}

const TAG = /<\/?([a-zA-Z-]+)(?:\s[^>]*)?>/g;

/** Updates the stack of open tags with the tags found in `line` (in order). */
function trackTags(open: { name: string; raw: string }[], line: string): void {
  for (const match of line.matchAll(TAG)) {
    const raw = match[0];
    const name = match[1]!.toLowerCase();
    if (raw.startsWith('</')) {
      const index = open.map((t) => t.name).lastIndexOf(name);
      if (index >= 0) open.splice(index, 1);
    } else {
      open.push({ name, raw });
    }
  }
}

/** Whether cutting `text` before index `at` would split a tag or an entity. */
function insideMarkup(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const tagOpen = before.lastIndexOf('<') > before.lastIndexOf('>');
  const entityOpen = /&[#a-zA-Z0-9]*$/.test(before);
  return tagOpen || entityOpen;
}

/**
 * Cuts a line longer than `limit` at safe places: at a space when possible, never inside a tag, an
 * entity or a character (half a surrogate pair is not UTF-8, and Telegram refuses the whole part).
 */
function cutLongLine(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    let cut = safeCutIndex(rest, limit);
    while (cut > 0 && insideMarkup(rest, cut)) cut -= 1;
    const space = rest.lastIndexOf(' ', cut - 1);
    if (space > limit / 2 && !insideMarkup(rest, space + 1)) cut = space + 1;
    if (cut <= 0) cut = safeCutIndex(rest, limit) || limit;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Splits an HTML message into parts Telegram accepts (each at most `limit` characters), on line
 * boundaries. A tag still open at a cut (a long `<pre>` table) is closed at the end of one part and
 * reopened at the start of the next, so every part is valid HTML on its own. Use it for every
 * message whose length depends on data.
 */
export function splitMessage(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  // Room for closing and reopening the tags that can span a cut (`<pre>`, `<b>`...).
  const budget = limit - 64;
  const parts: string[] = [];
  const open: { name: string; raw: string }[] = [];
  let current = '';
  let prefix = '';
  const closeAll = (): string => [...open].reverse().map((t) => `</${t.name}>`).join('');
  const flush = (): void => {
    if (current.length > prefix.length) parts.push(current + closeAll());
    prefix = open.map((t) => t.raw).join('');
    current = prefix;
  };
  const lines = html.split('\n').flatMap((line) => (line.length > budget / 2 ? cutLongLine(line, budget / 2) : [line]));
  lines.forEach((line, index) => {
    const piece = index === 0 ? line : `\n${line}`;
    if (current.length + piece.length > budget && current.length > prefix.length) {
      flush();
      current += line;
    } else {
      current += piece;
    }
    trackTags(open, line);
  });
  if (current.length > prefix.length) parts.push(current + closeAll());
  return parts.filter((p) => p.replace(/<[^>]+>/g, '').trim().length > 0);
}
