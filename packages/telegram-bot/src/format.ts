import { safeCutIndex, type Decimal } from '@tradebot/core-domain';

/** Telegram's limit on one message's text. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Languages the bot replies in (`Rules.language`). */
export type Language = 'en' | 'es';

/**
 * Escapes text for Telegram's HTML parse mode. Use it on every value that comes from a user,
 * a stored document or a price source before putting it into a reply.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

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

/** A percentage given as a ratio (0.068 -> +6.8%). */
export function formatRatioPct(ratio: number, language: Language, signed = true): string {
  return `${formatNumber(ratio * 100, language, { minDigits: 1, maxDigits: 1, signed })}%`;
}

/** A percentage given in percent (6.8 -> 6.8%). */
export function formatPct(percent: number, language: Language, signed = false): string {
  return `${formatNumber(percent, language, { minDigits: 1, maxDigits: 1, signed })}%`;
}

/** Pads cells into fixed-width columns for a `<pre>` table; numbers right-aligned, the first column left-aligned. */
export function table(rows: readonly (readonly string[])[], widths: readonly number[]): string {
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const width = widths[i] ?? cell.length;
          const clipped = cell.length > width ? `${cell.slice(0, Math.max(0, width - 1))}…` : cell;
          return i === 0 ? clipped.padEnd(width) : clipped.padStart(width);
        })
        .join(' ')
        .trimEnd(),
    )
    .join('\n');
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
