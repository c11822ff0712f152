import { CorruptDocumentError, type BlacklistRepository } from '@tradebot/core-domain';
import { DOCUMENT_KEYS } from './keys';
import { getText, putText, type S3Location } from './object-store';

// Letters, digits and the punctuation Yahoo symbols use (`BRK-B`, `SAN.MC`).
const TICKER_LINE = /^[A-Z0-9][A-Z0-9.\-/]{0,19}$/;

/**
 * Reads the blacklist text: one ticker a line, `#` starts a comment, blank lines ignored, upper-cased
 * and de-duplicated (first occurrence wins). A line that cannot be a ticker makes the object corrupt.
 */
export function parseBlacklist(key: string, text: string): string[] {
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim().toUpperCase();
    if (line === '') return;
    if (!TICKER_LINE.test(line)) throw new CorruptDocumentError(key, `line ${index + 1} is not a ticker: ${JSON.stringify(raw.slice(0, 40))}`);
    seen.add(line);
  });
  return [...seen];
}

/**
 * `external/tickers_blacklist.txt`: tickers the broker does not offer. Missing -> empty list.
 * Writes keep one normalised ticker a line (comments in a hand-edited file are not preserved).
 */
export class S3BlacklistRepository implements BlacklistRepository {
  readonly key = DOCUMENT_KEYS.blacklist;

  constructor(private readonly location: S3Location) {}

  async get(): Promise<readonly string[]> {
    const text = await getText(this.location, this.key);
    return text === null ? [] : parseBlacklist(this.key, text);
  }

  /** Reads (a corrupt file throws and is left as it is), applies `change`, writes the normalised list. */
  async update(change: (current: readonly string[]) => readonly string[]): Promise<readonly string[]> {
    const next = change(await this.get());
    const normalised = parseBlacklist(this.key, next.join('\n'));
    await putText(this.location, this.key, normalised.length ? `${normalised.join('\n')}\n` : '', 'text/plain; charset=utf-8');
    return normalised;
  }
}
