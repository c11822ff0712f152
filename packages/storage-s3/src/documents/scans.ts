import { CorruptDocumentError, OptionalDocument, readOptionalDocument, type DocumentRead, type ScanRepository, type ScanRow, type ScanSummary } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import Papa from 'papaparse';
import { InvalidDocumentInputError } from '../errors';
import { DOCUMENT_KEYS, isIsoDate, partialScanCsvKey, partialScanLatestKey, scanCsvKey } from './keys';
import { describeIssues, getText, parseStoredJson, putJson, putText, type S3Location } from './object-store';

/** Column order of `scans/drawdown/YYYY-MM-DD.csv`. */
export const SCAN_CSV_COLUMNS = [
  'rank',
  'symbol',
  'name',
  'sector',
  'lastClose',
  'lastDate',
  'peakClose',
  'peakDate',
  'drawdownPct',
  'daysSincePeak',
  'lowClose',
  'aboveLowPct',
  'avgVolume20',
] as const satisfies readonly (keyof ScanRow)[];

const ScanRowSchema = z.object({
  rank: z.int(),
  symbol: z.string(),
  name: z.string(),
  sector: z.string(),
  lastClose: z.number(),
  lastDate: z.string(),
  peakClose: z.number(),
  peakDate: z.string(),
  drawdownPct: z.number(),
  daysSincePeak: z.number(),
  lowClose: z.number(),
  aboveLowPct: z.number(),
  avgVolume20: z.nullable(z.number()),
});

/**
 * The only CSV keys a scan summary may name: a file directly under `scans/drawdown/` (or its
 * `partial/` shelf). `/scan` signs a
 * download link for it, so a hand-edited or forged summary must not point a link at another object.
 */
export const SCAN_CSV_KEY = /^scans\/drawdown\/(?:partial\/)?[A-Za-z0-9][A-Za-z0-9_.-]*\.csv$/;

/** The stored shape of `scans/drawdown/latest.json`. */
export const ScanSummarySchema = z.object({
  date: z.string().check(z.refine(isIsoDate, 'YYYY-MM-DD')),
  generatedAt: z.string(),
  lookbackDays: z.number(),
  universeSize: z.number(),
  scanned: z.number(),
  failed: z.number(),
  skipped: z.number(),
  durationMs: z.number(),
  csvKey: z.string().check(z.regex(SCAN_CSV_KEY, 'a CSV key under scans/drawdown/')),
  top: z.array(ScanRowSchema),
  failures: z.array(z.object({ symbol: z.string(), reason: z.string() })),
  prices: z.optional(z.enum(['live', 'simulated', 'mixed', 'cache-only'])),
});

/** Where a scan repository writes: the day's scans, or the partial ones kept apart from them. */
export type ScanShelf = 'day' | 'partial';

const SHELVES: Record<ScanShelf, { readonly csvKey: (date: string) => string; readonly latestKey: string }> = {
  day: { csvKey: scanCsvKey, latestKey: DOCUMENT_KEYS.scanLatest },
  partial: { csvKey: partialScanCsvKey, latestKey: partialScanLatestKey },
};

/**
 * `scans/drawdown/`: the full ranked table of each day as CSV and `latest.json`, the newest summary.
 * `save` writes the CSV first, so `latest.json` never names a CSV that is not there. The `partial`
 * shelf (`scans/drawdown/partial/`) holds runs that must never replace the day's scan: `limit`
 * runs and runs whose prices did not come from the expected source.
 */
export class S3ScanRepository implements ScanRepository {
  private readonly keys: (typeof SHELVES)[ScanShelf];

  constructor(
    private readonly location: S3Location,
    shelf: ScanShelf = 'day',
  ) {
    this.keys = SHELVES[shelf];
  }

  async save(rows: readonly ScanRow[], summary: ScanSummary): Promise<void> {
    if (!isIsoDate(summary.date)) throw new InvalidDocumentInputError(`Scan date must be YYYY-MM-DD, got ${JSON.stringify(summary.date)}.`);
    const csvKey = this.keys.csvKey(summary.date);
    const csv = Papa.unparse({ fields: [...SCAN_CSV_COLUMNS], data: rows.map((r) => SCAN_CSV_COLUMNS.map((c) => r[c] ?? '')) }, { newline: '\n' });
    await putText(this.location, csvKey, `${csv}\n`, 'text/csv; charset=utf-8');
    // A scan of an earlier date (a forced re-run of a missed day) keeps its CSV but never moves
    // latest.json back: /scan and the morning report read the newest day. A corrupt latest.json is
    // replaced; S3 not answering fails the save (the collector's retry schedule runs it again).
    const current = await this.latest().catch((error: unknown) => {
      if (error instanceof CorruptDocumentError) return null;
      throw error;
    });
    if (current && current.date > summary.date) return;
    await putJson(this.location, this.keys.latestKey, { ...summary, csvKey });
  }

  async latest(): Promise<ScanSummary | null> {
    const key = this.keys.latestKey;
    const text = await getText(this.location, key);
    if (text === null) return null;
    const parsed = ScanSummarySchema.safeParse(parseStoredJson(key, text));
    if (!parsed.success) throw new CorruptDocumentError(key, describeIssues(parsed.error.issues));
    return parsed.data;
  }

  /** `latest.json`, or null and the problem when it is corrupt or S3 does not answer. */
  readLatest(): Promise<DocumentRead<ScanSummary | null>> {
    return readOptionalDocument({ document: OptionalDocument.LatestScan, key: DOCUMENT_KEYS.scanLatest }, () => this.latest(), null);
  }

  /** The full table of a day's scan, or null when that day was not scanned. */
  async rows(date: string): Promise<ScanRow[] | null> {
    const key = this.keys.csvKey(date);
    const text = await getText(this.location, key);
    if (text === null) return null;
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    if (parsed.errors.length > 0) throw new CorruptDocumentError(key, `bad CSV at row ${parsed.errors[0]!.row}: ${parsed.errors[0]!.message}`);
    const numeric = new Set(['rank', 'lastClose', 'peakClose', 'drawdownPct', 'daysSincePeak', 'lowClose', 'aboveLowPct']);
    const rows = parsed.data.map((raw) =>
      Object.fromEntries(
        SCAN_CSV_COLUMNS.map((c) => {
          const value = raw[c] ?? '';
          if (c === 'avgVolume20') return [c, value === '' ? null : Number(value)];
          return [c, numeric.has(c) ? Number(value) : value];
        }),
      ),
    );
    const checked = z.array(ScanRowSchema).safeParse(rows);
    if (!checked.success) throw new CorruptDocumentError(key, describeIssues(checked.error.issues));
    return checked.data;
  }
}
