/**
 * Cutting text for people without breaking characters. JavaScript strings are UTF-16: an emoji is
 * two code units (a surrogate pair) and a flag or a family emoji is several code points shown as
 * one character (a grapheme). A cut by `.slice()` can leave half a pair, which Telegram refuses
 * ("strings must be encoded in UTF-8"), or half a flag, which shows as a stray letter.
 */

// Locale-independent: grapheme boundaries do not depend on the language. Built on first use: the
// first Intl.Segmenter of a process loads ICU's break rules, milliseconds a cold start should not
// pay for replies short enough to need no cut.
let segmenter: Intl.Segmenter | undefined;
// Stryker disable next-line ObjectLiteral: grapheme is Intl.Segmenter's default granularity; it is written out for the reader
const GRAPHEMES = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' }));

/** The characters of `text` as a person sees them (graphemes). */
function graphemes(text: string): string[] {
  return Array.from(GRAPHEMES().segment(text), (s) => s.segment);
}

/**
 * `text` when it has at most `max` characters, else its first characters followed by `marker`, the
 * whole at most `max` characters (the text alone, cut, when `max` is shorter than the marker).
 * Counts and cuts graphemes, so the result is always well-formed. Use it to echo user input (or any
 * text of unknown origin) in a reply.
 */
export function clipText(text: string, max: number, marker = '...'): string {
  // A grapheme is at least one UTF-16 unit: a string this short cannot be too long.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: only a shortcut: without it (or at `<`) the grapheme count below returns the same text
  if (text.length <= max) return text;
  const characters = graphemes(text);
  if (characters.length <= max) return text;
  const markerLength = [...marker].length;
  // No room for the marker: the text alone, cut to the limit.
  if (markerLength > max) return characters.slice(0, Math.max(0, max)).join('');
  return `${characters.slice(0, max - markerLength).join('')}${marker}`;
}

/**
 * The largest index `<= index` where `text` may be cut without splitting a character: a grapheme
 * boundary above 0, or, when the first grapheme alone is longer than `index`, a code point boundary
 * (0 only when `index` falls inside the first code point). Use it before slicing text that is sent
 * anywhere.
 */
export function safeCutIndex(text: string, index: number): number {
  if (index >= text.length) return text.length;
  // Stryker disable next-line EqualityOperator: at `< 0`, an index of 0 finds no boundary above 0 and falls back to the code point cut, which gives 0 as well
  if (index <= 0) return 0;
  let boundary = 0;
  for (const { index: start } of GRAPHEMES().segment(text)) {
    if (start > index) break;
    boundary = start;
  }
  if (boundary > 0) return boundary;
  // One grapheme longer than the room (a very long combining sequence): cut between code points.
  const code = text.charCodeAt(index);
  const previous = text.charCodeAt(index - 1);
  const splitsPair = code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff;
  return splitsPair ? index - 1 : index;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `text` is well-formed UTF-16 (no half of a surrogate pair on its own), i.e. can be encoded
 * as UTF-8. Use it to check text before it leaves the process.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * Escapes text for Telegram's HTML parse mode (`&`, `<`, `>`: what Telegram requires outside
 * tags). Use it on every value from a user, a stored document, a price source or a model before
 * putting it between tags; inside an attribute (`href="..."`) use `escapeHtmlAttribute`.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes a value for a double-quoted HTML attribute (`<a href="...">`): `escapeHtml` plus `"`,
 * which would otherwise end the attribute early. Use it for links; text between tags needs only
 * `escapeHtml`.
 */
export function escapeHtmlAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}

/** Code-point order, independent of the host's locale (so sorting, of symbols or currency codes, is the same everywhere). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
