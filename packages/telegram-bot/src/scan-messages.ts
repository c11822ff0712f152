/**
 * The collector's messages to the investor, in the rules' language (every word in `messages.ts`):
 * the summary of a saved scan and the alert about a scan that failed as a whole. market-data returns
 * the scan as data; fn-collector asks for these and sends them with `TelegramNotifier`.
 */
import type { ScanAbortReason, ScanSummary } from '@tradebot/core-domain';
import { escapeHtml, formatPct, formatPrice, type Language } from './format';
import { messagesFor, type Messages } from './messages';

/** Rows of the top list the summary shows. */
export const SCAN_SUMMARY_ROWS = 10;

/**
 * The summary of a saved scan: title, counts, the top `SCAN_SUMMARY_ROWS` rows, then one line per
 * notice (optional documents the run went without, already in `language`).
 */
export function scanSummaryMessage(summary: ScanSummary, language: Language, notices: readonly string[] = []): string {
  const t = messagesFor(language);
  const rows = summary.top
    .slice(0, SCAN_SUMMARY_ROWS)
    .map((r) =>
      t.scanSummaryRow(r.rank, escapeHtml(r.symbol), formatPct(-r.drawdownPct, language), formatPrice(r.peakClose, language), escapeHtml(r.peakDate), formatPrice(r.lastClose, language), r.daysSincePeak),
    );
  const lines = [t.scanSummaryTitle(escapeHtml(summary.date), summary.lookbackDays), t.scanSummaryCounts(summary.scanned, summary.skipped, summary.failed), ...rows];
  return lines.join('\n') + noticeLines(notices);
}

/** The alert about a scan of `date` that failed as a whole: why, that nothing changed, what happens next; then the notices. */
export function scanFailedMessage(date: string, why: ScanAbortReason, language: Language, notices: readonly string[] = []): string {
  const t = messagesFor(language);
  return t.scanFailed(escapeHtml(date), escapeHtml(abortReason(t.scanFailedBecause, why))) + noticeLines(notices);
}

function abortReason(because: Messages['scanFailedBecause'], why: ScanAbortReason): string {
  switch (why.kind) {
    case 'source-refusing':
      return because.sourceRefusing;
    case 'rate-limited':
      return because.rateLimited(why.answers);
    case 'too-many-failures':
      return because.tooManyFailures(why.failed, why.attempted);
  }
}

const noticeLines = (notices: readonly string[]): string => notices.map((notice) => `\n<i>⚠️ ${escapeHtml(notice)}</i>`).join('');
