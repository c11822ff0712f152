/**
 * The scan universe: Russell 1000 constituents in Yahoo ticker style, shipped with the package
 * (`data/russell1000.json`, inlined by the bundler) and overridable by a CSV the caller reads from
 * wherever it likes (fn-collector reads `config/universe.csv` from the data bucket).
 */
import { utcDay } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import Papa from 'papaparse';
import { UniverseFormatError } from './errors';

/** One constituent. `symbol` is Yahoo style (`BRK-B`). */
export interface UniverseMember {
  readonly symbol: string;
  readonly name: string;
  readonly sector: string;
}

/**
 * iShares tickers of class shares whose Yahoo symbol has a dash. iShares glues the class letter on
 * (`BRKB`), but so do real four-letter tickers (`FOXA`, `NWSA`, `LBTYA` trade as such), so no
 * blind rule is safe: this list is checked by hand. `convertIsharesHoldings` warns about rows that
 * look like class shares but are not listed here or in `ISHARES_PLAIN_CLASS_TICKERS`.
 */
export const ISHARES_CLASS_SHARES: Readonly<Record<string, string>> = {
  BRKA: 'BRK-A',
  BRKB: 'BRK-B',
  BFA: 'BF-A',
  BFB: 'BF-B',
  LENB: 'LEN-B',
  HEIA: 'HEI-A',
  MOGA: 'MOG-A',
  MOGB: 'MOG-B',
  CRDA: 'CRD-A',
  CRDB: 'CRD-B',
  GEFB: 'GEF-B',
  UHALB: 'UHAL-B',
  CWENA: 'CWEN-A',
};

/** Tickers whose name says "CLASS X" and that end in X, yet trade on Yahoo exactly as written. */
export const ISHARES_PLAIN_CLASS_TICKERS: readonly string[] = [
  'META', 'MA', 'CMCSA', 'CVNA', 'OKTA', 'ZBRA', 'FOXA', 'NWSA', 'LBTYA', 'LBTYK', 'GOOGL', 'UWMC', 'ZG',
];

/** The Yahoo symbol of an iShares ticker. */
export function toYahooSymbol(isharesTicker: string): string {
  const ticker = isharesTicker.trim().toUpperCase();
  return ISHARES_CLASS_SHARES[ticker] ?? ticker.replace(/\./g, '-');
}

const MemberSchema = z.object({
  symbol: z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z0-9][A-Z0-9.\-]{0,9}$/, 'a ticker such as AAPL or BRK-B')),
  name: z.string().check(z.trim(), z.minLength(1, 'a company name')),
  sector: z.string().check(z.trim(), z.minLength(1, 'a sector')),
});

const ShippedSchema = z.object({
  asOf: z.string(),
  source: z.string(),
  members: z.array(MemberSchema).check(z.minLength(1)),
});

let shippedMembers: Promise<readonly UniverseMember[]> | null = null;

/**
 * The Russell 1000 list shipped with the package (validated once, on first use). The list is
 * imported on the first call (`import()`): only a scan without a usable override reads it, so the
 * collector's other runs (the 15-minute price alerts, scans of an override universe) neither load
 * nor validate its 1,000 members, and its Lambda bundle keeps it in a file of its own.
 */
export function shippedUniverse(): Promise<readonly UniverseMember[]> {
  shippedMembers ??= import('../data/russell1000.json').then((file) => {
    const parsed = ShippedSchema.safeParse(file.default);
    if (!parsed.success) throw new UniverseFormatError('data/russell1000.json', parsed.error.issues[0]?.message ?? 'invalid');
    return parsed.data.members;
  });
  return shippedMembers;
}

/**
 * Parses an override universe: a CSV with a header naming `symbol` (or `ticker`), `name` and
 * `sector` columns (extra columns ignored). Symbols are taken as Yahoo style, upper-cased and
 * de-duplicated. Throws `UniverseFormatError` naming the first bad row; nothing is half-used.
 */
export function parseUniverseCsv(text: string, source = 'override CSV'): UniverseMember[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const symbolField = fields.includes('symbol') ? 'symbol' : fields.includes('ticker') ? 'ticker' : null;
  if (!symbolField || !fields.includes('name') || !fields.includes('sector')) {
    throw new UniverseFormatError(source, 'the header must name symbol (or ticker), name and sector columns, e.g. "symbol,name,sector"');
  }
  const seen = new Set<string>();
  const members: UniverseMember[] = [];
  parsed.data.forEach((row, index) => {
    const result = MemberSchema.safeParse({ symbol: row[symbolField], name: row.name, sector: row.sector });
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new UniverseFormatError(source, `row ${index + 2}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    if (seen.has(result.data.symbol)) return;
    seen.add(result.data.symbol);
    members.push(result.data);
  });
  if (members.length === 0) throw new UniverseFormatError(source, 'it lists no symbols');
  return members;
}

/** The override when one is given (text of the CSV), else the shipped list. */
export async function loadUniverse(overrideCsv?: string | null, source?: string): Promise<readonly UniverseMember[]> {
  return overrideCsv ? parseUniverseCsv(overrideCsv, source) : shippedUniverse();
}

/** Result of converting an iShares holdings export. */
export interface IsharesConversion {
  readonly members: UniverseMember[];
  /** Rows left out, with why (non-equity, no market, duplicate). */
  readonly dropped: readonly { readonly ticker: string; readonly reason: string }[];
  /** Rows that look like unlisted class shares: check them by hand and extend the lists. */
  readonly warnings: readonly string[];
  /** "Fund Holdings as of" date, `YYYY-MM-DD`, when the preamble has it. */
  readonly asOf: string | null;
}

/**
 * Converts an iShares IWB holdings CSV (the raw download with its preamble lines, or the
 * already-trimmed `ticker,name,sector,...` form) into universe members in Yahoo style. Keeps
 * equity rows with a market; converts class shares with `ISHARES_CLASS_SHARES`.
 */
export function convertIsharesHoldings(text: string): IsharesConversion {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => /^"?ticker"?\s*,/i.test(l));
  if (headerIndex < 0) throw new UniverseFormatError('iShares holdings', 'no header line starting with "Ticker" was found');
  const asOfLine = lines.slice(0, headerIndex).find((l) => /holdings as of/i.test(l));
  const asOfText = asOfLine ? /"([^"]+)"/.exec(asOfLine)?.[1] : undefined;
  const asOfMs = asOfText ? Date.parse(`${asOfText} 12:00 UTC`) : NaN;
  const asOf = Number.isNaN(asOfMs) ? null : utcDay(asOfMs);

  const parsed = Papa.parse<Record<string, string>>(lines.slice(headerIndex).join('\n'), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const members: UniverseMember[] = [];
  const dropped: { ticker: string; reason: string }[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const row of parsed.data) {
    const ticker = (row.ticker ?? '').trim().toUpperCase();
    const name = (row.name ?? '').trim();
    const assetClass = (row['asset class'] ?? 'Equity').trim();
    const exchange = (row.exchange ?? '').trim();
    // The iShares export ends with a legal notice in the first column; it is not a holding.
    if (!ticker || !name) continue;
    if (assetClass !== 'Equity') {
      dropped.push({ ticker, reason: `asset class ${assetClass}` });
      continue;
    }
    if (/no market/i.test(exchange)) {
      dropped.push({ ticker, reason: `not traded (${exchange})` });
      continue;
    }
    const classLetter = /\bCLASS ([A-Z])\b/.exec(name)?.[1];
    if (
      classLetter &&
      ticker.length >= 3 &&
      ticker.endsWith(classLetter) &&
      !(ticker in ISHARES_CLASS_SHARES) &&
      !ISHARES_PLAIN_CLASS_TICKERS.includes(ticker)
    ) {
      warnings.push(`${ticker} (${name}) may be a class share (${ticker.slice(0, -1)}-${classLetter} on Yahoo); check and add it to a list`);
    }
    const symbol = toYahooSymbol(ticker);
    if (seen.has(symbol)) {
      dropped.push({ ticker, reason: 'duplicate' });
      continue;
    }
    seen.add(symbol);
    members.push({ symbol, name, sector: (row.sector ?? '').trim() || 'Unknown' });
  }
  if (members.length === 0) throw new UniverseFormatError('iShares holdings', 'no equity rows were found');
  return { members, dropped, warnings, asOf };
}
