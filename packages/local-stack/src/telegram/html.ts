/**
 * Telegram's HTML parse mode, as the Bot API applies it: the tags it supports, the entities it
 * knows, and the "can't parse entities" errors it answers for anything else. Shared by the test
 * server (to refuse what Telegram refuses) and the terminal chat (to print replies readably).
 */
import { isWellFormedText } from '@tradebot/core-domain';

const SUPPORTED_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji',
]);
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };
/** TDLib's words for a numeric entity that decodes to half a surrogate pair (`&#55357;`). */
const INVALID_AFTER_DECODING =
  "Bad Request: can't parse entities: Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units";

/** One piece of parsed HTML: text, or a tag opening/closing. */
export type HtmlToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'open'; readonly tag: string; readonly href?: string }
  | { readonly kind: 'close'; readonly tag: string };

/** Result of parsing Telegram HTML: the tokens, or the error description Telegram would give. */
export type HtmlParse = { readonly ok: true; readonly tokens: readonly HtmlToken[]; readonly text: string } | { readonly ok: false; readonly description: string };

function decodeEntity(name: string): string | null {
  if (name.startsWith('#x') || name.startsWith('#X')) {
    const code = Number.parseInt(name.slice(2), 16);
    return Number.isFinite(code) ? String.fromCodePoint(code) : null;
  }
  if (name.startsWith('#')) {
    const code = Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : null;
  }
  return NAMED_ENTITIES[name] ?? null;
}

/**
 * Parses `html` the way the Bot API does for `parse_mode: "HTML"`. Use it to decide whether a
 * message would be accepted (balanced, supported tags, escaped `<` `>` `&`) and what plain text
 * the user would see (`text`, whose length is what the 4096-character limit counts).
 */
export function parseTelegramHtml(html: string): HtmlParse {
  const tokens: HtmlToken[] = [];
  const open: string[] = [];
  let text = '';
  let buffer = '';
  const flush = (): void => {
    if (buffer) tokens.push({ kind: 'text', text: buffer });
    text += buffer;
    buffer = '';
  };
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { ok: false, description: `Bad Request: can't parse entities: Unclosed start tag at byte offset ${i}` };
      const inner = html.slice(i + 1, end).trim();
      const closing = inner.startsWith('/');
      const name = (closing ? inner.slice(1) : inner).split(/\s/)[0]!.toLowerCase();
      if (!name || !SUPPORTED_TAGS.has(name)) {
        return { ok: false, description: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${i}` };
      }
      flush();
      if (closing) {
        const expected = open.pop();
        if (expected !== name) {
          return {
            ok: false,
            description: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${expected ?? ''}>", found "</${name}>"`,
          };
        }
        tokens.push({ kind: 'close', tag: name });
      } else {
        open.push(name);
        const href = /href\s*=\s*"([^"]*)"/.exec(inner)?.[1];
        tokens.push(href === undefined ? { kind: 'open', tag: name } : { kind: 'open', tag: name, href: href.replace(/&amp;/g, '&') });
      }
      i = end + 1;
      continue;
    }
    if (ch === '>') return { ok: false, description: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${i}` };
    if (ch === '&') {
      const semi = html.indexOf(';', i);
      const decoded = semi > i && semi - i <= 10 ? decodeEntity(html.slice(i + 1, semi)) : null;
      if (decoded === null) {
        return { ok: false, description: `Bad Request: can't parse entities: Unsupported HTML entity at byte offset ${i}` };
      }
      buffer += decoded;
      i = semi + 1;
      continue;
    }
    buffer += ch;
    i += 1;
  }
  flush();
  if (open.length > 0) {
    return { ok: false, description: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open[open.length - 1]}"` };
  }
  if (!isWellFormedText(text)) return { ok: false, description: INVALID_AFTER_DECODING };
  return { ok: true, tokens, text };
}

const ANSI_BOLD = '\u001b[1m';
const ANSI_ITALIC = '\u001b[3m';
const ANSI_UNDERLINE = '\u001b[4m';
const ANSI_DIM = '\u001b[2m';
const ANSI_RESET = '\u001b[0m';

/**
 * Renders Telegram HTML for a terminal: tags become ANSI styles (bold, italic, underline; code
 * dimmed) or nothing when `colors` is false; entities are decoded. Use it to print bot replies.
 * Text that Telegram would refuse is printed as is, prefixed with the reason.
 */
export function htmlToTerminal(html: string, colors = true): string {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) return `[Telegram would refuse this message: ${parsed.description}]\n${html}`;
  const styles: string[] = [];
  const styleOf = (tag: string): string => {
    if (tag === 'b' || tag === 'strong') return ANSI_BOLD;
    if (tag === 'i' || tag === 'em') return ANSI_ITALIC;
    if (tag === 'u' || tag === 'ins' || tag === 'a') return ANSI_UNDERLINE;
    if (tag === 'code' || tag === 'pre') return ANSI_DIM;
    return '';
  };
  const links: (string | undefined)[] = [];
  let out = '';
  for (const token of parsed.tokens) {
    if (token.kind === 'text') {
      out += token.text;
      continue;
    }
    if (token.kind === 'open') {
      if (token.tag === 'a') links.push(token.href);
      styles.push(styleOf(token.tag));
      if (colors) out += styles[styles.length - 1];
    } else {
      styles.pop();
      if (colors) out += ANSI_RESET + styles.join('');
      // A terminal cannot follow a hidden link, so the address is printed after its text.
      if (token.tag === 'a') {
        const href = links.pop();
        if (href) out += ` (${href})`;
      }
    }
  }
  return out;
}
