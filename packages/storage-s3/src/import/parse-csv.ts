import { createHash } from 'node:crypto';
import { dec, normaliseTicker, parseDecimal, type Decimal, type EntryDraft, type Side } from '@tradebot/core-domain';
import Papa from 'papaparse';

/** The fields an imported row maps to. */
export type ImportField = 'date' | 'symbol' | 'side' | 'quantity' | 'price' | 'fees' | 'currency';

/**
 * Header aliases, English and Spanish, compared after lower-casing, removing accents and anything
 * that is not a letter or digit (`Comisión` = `comision`, `Executed At` = `executedat`).
 */
export const IMPORT_HEADER_ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  date: ['date', 'fecha', 'executedat', 'datetime', 'fechahora', 'fechaoperacion', 'tradedate'],
  symbol: ['ticker', 'symbol', 'simbolo', 'valor'],
  side: ['side', 'action', 'tipo', 'operacion', 'type', 'accion'],
  quantity: ['quantity', 'qty', 'cantidad', 'shares', 'acciones', 'titulos'],
  price: ['price', 'precio', 'preciounitario', 'unitprice'],
  fees: ['fees', 'fee', 'commission', 'commissions', 'comision', 'comisiones', 'gastos'],
  currency: ['currency', 'moneda', 'divisa'],
};

const REQUIRED: readonly ImportField[] = ['date', 'symbol', 'side', 'quantity', 'price'];

const SIDE_WORDS: Readonly<Record<string, Side>> = {
  buy: 'buy',
  b: 'buy',
  compra: 'buy',
  comprar: 'buy',
  c: 'buy',
  sell: 'sell',
  s: 'sell',
  venta: 'sell',
  vender: 'sell',
  v: 'sell',
};

/** One readable row: the draft and the file line it came from. */
export interface ParsedTradeRow {
  readonly line: number;
  readonly draft: EntryDraft & { readonly kind: 'trade'; readonly importId: string };
}

/** A row that could not be read, by file line (the header is line 1). */
export interface RowError {
  readonly line: number;
  readonly reason: string;
}

/** What `parseTradeHistoryCsv` understood of a file. */
export interface ParsedTradeHistory {
  /** Readable rows in file order, each draft carrying a stable `importId`. */
  readonly rows: readonly ParsedTradeRow[];
  /** The drafts of `rows`, for callers that do not need line numbers. */
  readonly drafts: readonly EntryDraft[];
  /** Headers that map to nothing (reported, ignored). */
  readonly unmappedColumns: readonly string[];
  /** Required fields no header maps to; when not empty, no row is read. */
  readonly missingColumns: readonly ImportField[];
  readonly rowErrors: readonly RowError[];
  /**
   * In tradebot's own export (`seq`, `kind`, `voids` columns): void rows and the trades they cancel,
   * left out so a restored ledger holds only trades that count.
   */
  readonly voidedLines: readonly number[];
  /**
   * In tradebot's own export: dividend and split rows. Not imported (the import restores trades;
   * splits are applied again from the market data), listed so nothing is dropped silently.
   */
  readonly notTradeLines: readonly number[];
}

const normaliseHeader = (header: string): string =>
  header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** `1.234,56`, `1,234.56`, `182,5`, `$182.50`, `182.50 €` -> a decimal; null when it is not a number. */
export function parseLooseDecimal(text: string): Decimal | null {
  let t = text.trim().replace(/[\s$€£]/g, '').replace(/(USD|EUR|GBP)$/i, '');
  if (t === '') return null;
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Whichever comes last is the decimal separator; the other groups thousands.
    t = lastComma > lastDot ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  } else if (lastComma >= 0) {
    t = t.split(',').length > 2 ? t.replace(/,/g, '') : t.replace(',', '.');
  }
  return parseDecimal(t);
}

/**
 * `2024-01-15`, `2024-01-15 10:30`, `2024-01-15T10:30:00Z`, `15/01/2024` (day first, as the original
 * Spanish bot wrote), `15-01-2024 10:30` -> ISO 8601 UTC; null when it is not a real date.
 * A time without a zone is taken as UTC.
 */
export function parseLooseDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let rest = '';
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/.exec(t);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    rest = match[4]!;
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)$/.exec(t))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    rest = match[4]!;
  } else {
    return null;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  const time = rest.trim().replace(/^T/, '');
  if (time === '') return date.toISOString();
  const timeMatch = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(time);
  if (!timeMatch) return null;
  const [hh, mm, ss] = [Number(timeMatch[1]), Number(timeMatch[2]), Number(timeMatch[3] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}${(timeMatch[4] ?? 'Z').toUpperCase()}`;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** Delimiters a spreadsheet export uses: comma (English locales), semicolon (Spanish and other decimal-comma locales), tab. */
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter that splits the header line into the most known column names (then the most
 * columns). Papa's own guess looks at the rows too, and a semicolon file whose rows carry two
 * decimal-comma numbers (`182,50;1,5`) looks comma-separated to it; the header has no numbers.
 * `undefined` (let Papa guess) when no delimiter gives a known name.
 */
function detectDelimiter(text: string): string | undefined {
  const headerLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  let best: { delimiter: string; known: number; fields: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const fields = Papa.parse<string[]>(headerLine, { delimiter }).data[0] ?? [];
    const known = fields.filter((name) => Object.values(IMPORT_HEADER_ALIASES).some((aliases) => aliases.includes(normaliseHeader(name)))).length;
    if (known > 0 && (!best || known > best.known || (known === best.known && fields.length > best.fields))) best = { delimiter, known, fields: fields.length };
  }
  return best?.delimiter;
}

/**
 * Reads a trade-history CSV from another tool (the original Python bot's `operations_full.csv`, a
 * broker export) into ledger drafts. Headers are matched case-insensitively through English and
 * Spanish aliases (`IMPORT_HEADER_ALIASES`); the delimiter (`,`, `;` or tab) is detected from the
 * header line. Tickers are normalised like the chat's (`normaliseTicker`: `BRK.B` -> `BRK-B`). Unmapped columns
 * and unreadable rows are reported by line, never guessed. Each draft's `importId` is a hash of its
 * normalised content plus its occurrence number, so the same file always yields the same ids and two
 * identical trades in one file stay two trades.
 */
export function parseTradeHistoryCsv(text: string, options: { readonly defaultCurrency?: string } = {}): ParsedTradeHistory {
  const defaultCurrency = (options.defaultCurrency ?? 'USD').toUpperCase();
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(body);
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: false, ...(delimiter ? { delimiter } : {}) });
  const [header = [], ...records] = parsed.data;

  const columnOf = new Map<ImportField, number>();
  // tradebot's own export (`history/operations_full.csv`) also carries seq/kind/voids.
  const exportColumns = new Map<'seq' | 'kind' | 'voids', number>();
  header.forEach((name, index) => {
    const key = normaliseHeader(name);
    if ((key === 'seq' || key === 'kind' || key === 'voids') && !exportColumns.has(key)) {
      exportColumns.set(key, index);
      return;
    }
    const field = (Object.keys(IMPORT_HEADER_ALIASES) as ImportField[]).find((f) => IMPORT_HEADER_ALIASES[f].includes(key));
    if (field && !columnOf.has(field)) columnOf.set(field, index);
  });
  const isExport = exportColumns.size === 3;
  const used = new Set<number>([...columnOf.values(), ...(isExport ? exportColumns.values() : [])]);
  const unmappedColumns = header.flatMap((name, index) => (used.has(index) || name.trim() === '' ? [] : [name.trim()]));
  const missingColumns = REQUIRED.filter((f) => !columnOf.has(f));
  if (missingColumns.length > 0) return { rows: [], drafts: [], unmappedColumns, missingColumns, rowErrors: [], voidedLines: [], notTradeLines: [] };

  const exportCell = (record: readonly string[], name: 'seq' | 'kind' | 'voids'): string => (record[exportColumns.get(name)!] ?? '').trim();
  const voidedSeqs = new Set<string>();
  const voidedLines: number[] = [];
  if (isExport) {
    records.forEach((record, index) => {
      if (exportCell(record, 'kind') === 'void') {
        voidedSeqs.add(exportCell(record, 'voids'));
        voidedLines.push(index + 2);
      }
    });
  }

  const rows: ParsedTradeRow[] = [];
  const rowErrors: RowError[] = [];
  const notTradeLines: number[] = [];
  const occurrences = new Map<string, number>();
  records.forEach((record, index) => {
    const line = index + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    if (isExport && (exportCell(record, 'kind') === 'void' || voidedSeqs.has(exportCell(record, 'seq')))) {
      if (exportCell(record, 'kind') !== 'void') voidedLines.push(line);
      return;
    }
    if (isExport && ['dividend', 'split'].includes(exportCell(record, 'kind'))) {
      notTradeLines.push(line);
      return;
    }
    const cell = (field: ImportField): string => {
      const column = columnOf.get(field);
      return column === undefined ? '' : (record[column] ?? '').trim();
    };
    const problems: string[] = [];
    const executedAt = parseLooseDate(cell('date'));
    if (!executedAt) problems.push(`date ${JSON.stringify(cell('date'))} is not a date (use YYYY-MM-DD or DD/MM/YYYY)`);
    // The chat's normalisation (BRK.B -> BRK-B), so a stock imported and one typed are one position.
    const symbol = normaliseTicker(cell('symbol'));
    if (!symbol) problems.push(`ticker ${JSON.stringify(cell('symbol'))} is not a ticker (Yahoo style, e.g. AAPL, BRK-B, SAN.MC)`);
    const sideWord = normaliseHeader(cell('side'));
    const side = SIDE_WORDS[sideWord];
    if (!side) problems.push(`side ${JSON.stringify(cell('side'))} is not buy/compra or sell/venta`);
    const quantity = parseLooseDecimal(cell('quantity'))?.abs();
    if (!quantity || quantity.eq(0)) problems.push(`quantity ${JSON.stringify(cell('quantity'))} is not a number above 0`);
    const price = parseLooseDecimal(cell('price'));
    if (!price || price.lt(0)) problems.push(`price ${JSON.stringify(cell('price'))} is not a number of at least 0`);
    const feesText = cell('fees');
    const fees = feesText === '' ? dec(0) : parseLooseDecimal(feesText)?.abs();
    if (!fees) problems.push(`fees ${JSON.stringify(feesText)} is not a number`);
    const currency = (cell('currency') || defaultCurrency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) problems.push(`currency ${JSON.stringify(cell('currency'))} is not a 3-letter code`);
    if (problems.length > 0 || !executedAt || !symbol || !side || !quantity || !price || !fees) {
      rowErrors.push({ line, reason: problems.join('; ') });
      return;
    }
    // The id hashes the ticker as written (upper-cased, without `$`), as it did before tickers were
    // normalised: a file imported then is still recognised, so importing it again adds nothing.
    const writtenSymbol = cell('symbol').toUpperCase().replace(/^\$/, '');
    const normalised = [executedAt, writtenSymbol, side, quantity.toFixed(), price.toFixed(), fees.toFixed(), currency].join('|');
    const occurrence = (occurrences.get(normalised) ?? 0) + 1;
    occurrences.set(normalised, occurrence);
    const importId = `csv-${createHash('sha256').update(`${normalised}#${occurrence}`).digest('hex').slice(0, 24)}`;
    rows.push({ line, draft: { kind: 'trade', trade: { side, symbol, quantity, price, fees, currency, executedAt }, importId } });
  });
  return { rows, drafts: rows.map((r) => r.draft), unmappedColumns, missingColumns, rowErrors, voidedLines: voidedLines.sort((a, b) => a - b), notTradeLines };
}
