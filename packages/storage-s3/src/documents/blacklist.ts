import { CorruptDocumentError, OptionalDocument, readOptionalDocument, type BlacklistRepository, type DocumentLock, type DocumentRead } from '@tradebot/core-domain';
import { InvalidDocumentInputError } from '../errors';
import { exclusively } from './exclusive';
import { DOCUMENT_KEYS } from './keys';
import { getText, putText, type S3Location } from './object-store';

// Letters, digits and the punctuation Yahoo symbols use (`BRK-B`, `SAN.MC`).
const TICKER_LINE = /^[A-Z0-9][A-Z0-9.\-/]{0,19}$/;
const BOM = '\uFEFF';

/** The ticker a line holds (comment and blanks removed, upper-cased), '' for none, null when it cannot be a ticker. */
function tickerOf(line: string): string | null {
  const ticker = line.replace(/#.*$/, '').trim().toUpperCase();
  if (ticker === '') return '';
  return TICKER_LINE.test(ticker) ? ticker : null;
}

/**
 * Reads the blacklist text: one ticker a line, `#` starts a comment, blank lines ignored, upper-cased
 * and de-duplicated (first occurrence wins). A line that cannot be a ticker makes the object corrupt.
 */
export function parseBlacklist(key: string, text: string): string[] {
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const ticker = tickerOf(raw);
    if (ticker === null) throw new CorruptDocumentError(key, `line ${index + 1} is not a ticker: ${JSON.stringify(raw.slice(0, 40))}`);
    if (ticker !== '') seen.add(ticker);
  });
  return [...seen];
}

/**
 * Applies a change of membership to the blacklist text the way a person would edit it: lines of
 * removed tickers are deleted (with their trailing comment), added tickers are appended one a line,
 * and everything else (comments, blank lines, order, spelling, line endings, a BOM) stays as it was.
 */
export function editBlacklistText(text: string, remove: ReadonlySet<string>, add: readonly string[]): string {
  const bom = text.startsWith(BOM) ? BOM : '';
  const body = text.slice(bom.length);
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = body === '' ? [] : body.split(/\r?\n/);
  // A file ending in a newline splits into a last empty string: it is the terminator, not a line.
  const terminated = lines.length > 0 && lines[lines.length - 1] === '';
  if (terminated) lines.pop();
  const kept = lines.filter((line) => !remove.has(tickerOf(line) ?? ''));
  const next = [...kept, ...add];
  return next.length === 0 ? bom : `${bom}${next.join(eol)}${eol}`;
}

/**
 * `external/tickers_blacklist.txt`: tickers the broker does not offer. Missing -> empty list.
 * Changes edit the file's lines (see `editBlacklistText`), so a hand-kept file keeps its comments;
 * with a `DocumentLock` concurrent changes are applied one after the other, none lost.
 */
export class S3BlacklistRepository implements BlacklistRepository {
  readonly key = DOCUMENT_KEYS.blacklist;

  constructor(
    private readonly location: S3Location,
    private readonly lock?: DocumentLock,
  ) {}

  async get(): Promise<readonly string[]> {
    const text = await getText(this.location, this.key);
    return text === null ? [] : parseBlacklist(this.key, text);
  }

  /** The list, or an empty list and the problem when the file is corrupt or S3 does not answer. */
  read(): Promise<DocumentRead<readonly string[]>> {
    return readOptionalDocument({ document: OptionalDocument.Blacklist, key: this.key }, () => this.get(), []);
  }

  /**
   * Reads (a corrupt file throws and is left as it is), applies `change`, and edits the file's lines
   * for the tickers that left or joined the list (nothing is written when none did). Only
   * membership counts: the order `change` returns is not imposed on the file.
   */
  async update(change: (current: readonly string[]) => readonly string[]): Promise<readonly string[]> {
    return exclusively(this.lock, this.key, async (beforeWrite) => {
      const text = await getText(this.location, this.key);
      const current = text === null ? [] : parseBlacklist(this.key, text);
      const next = change(current).map((symbol) => {
        const ticker = tickerOf(symbol);
        if (!ticker) throw new InvalidDocumentInputError(`Refusing to store ${JSON.stringify(symbol)} in ${this.key}: not a ticker. Nothing was written.`);
        return ticker;
      });
      const wanted = new Set(next);
      const present = new Set(current);
      const remove = new Set(current.filter((symbol) => !wanted.has(symbol)));
      const add = [...wanted].filter((symbol) => !present.has(symbol));
      if (remove.size === 0 && add.length === 0) return current;
      const edited = editBlacklistText(text ?? '', remove, add);
      beforeWrite();
      await putText(this.location, this.key, edited, 'text/plain; charset=utf-8');
      return parseBlacklist(this.key, edited);
    });
  }
}
