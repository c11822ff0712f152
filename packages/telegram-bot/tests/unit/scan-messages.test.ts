import type { ScanAbortReason, ScanRow, ScanSummary } from '@tradebot/core-domain';
import type { Language } from '../../src/format';
import { scanFailedMessage, scanSummaryMessage } from '../../src/scan-messages';

const row = (rank: number, symbol: string): ScanRow => ({
  rank,
  symbol,
  name: `${symbol} Corp`,
  sector: 'Test',
  lastClose: 1234.5,
  lastDate: '2026-11-20',
  peakClose: 2469,
  peakDate: '2026-07-15',
  drawdownPct: 50,
  daysSincePeak: 128,
  lowClose: 1000,
  aboveLowPct: 23.45,
  avgVolume20: 1e6,
});

const SUMMARY: ScanSummary = {
  date: '2026-11-20',
  generatedAt: '2026-11-21T11:05:00.000Z',
  lookbackDays: 180,
  universeSize: 14,
  scanned: 12,
  failed: 1,
  skipped: 1,
  durationMs: 1000,
  csvKey: 'scans/drawdown/2026-11-20.csv',
  top: Array.from({ length: 12 }, (_, i) => row(i + 1, i === 0 ? 'A&B' : `SIM${i}`)),
  failures: [{ symbol: 'GONE', reason: 'no data' }],
};

describe('Function: scanSummaryMessage', () => {
  it('lists the top 10 with title and counts in English, escaping symbols and notices', () => {
    // Act
    const html = scanSummaryMessage(SUMMARY, 'en', ['config/rules.json could not be read (<bad>)']);
    // Assess
    const lines = html.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '<b>Drawdown scan 2026-11-20</b> (180-day high)',
      '12 ranked, 1 filtered out, 1 failed.',
      '1. <b>A&amp;B</b> -50.0% from 2,469.00 (2026-07-15), now 1,234.50, 128d since peak',
    ]);
    expect(lines.filter((line) => /^\d+\. /.test(line))).toHaveLength(10);
    expect(lines.at(-1)).toBe('<i>⚠️ config/rules.json could not be read (&lt;bad&gt;)</i>');
  });

  it('speaks Spanish, with Spanish numbers, when the rules say so', () => {
    // Act
    const html = scanSummaryMessage(SUMMARY, 'es');
    // Assess
    expect(html.split('\n').slice(0, 3)).toEqual([
      '<b>Escaneo de caídas 2026-11-20</b> (máximo de 180 días)',
      '12 clasificados, 1 descartados por los filtros, 1 con error.',
      '1. <b>A&amp;B</b> -50,0% desde 2.469,00 (2026-07-15), ahora 1.234,50, 128 d desde el máximo',
    ]);
  });
});

describe('Function: scanFailedMessage', () => {
  it.each<[ScanAbortReason, Language, string]>([
    [{ kind: 'source-refusing' }, 'en', 'Yahoo keeps refusing requests (circuit breaker open)'],
    [{ kind: 'rate-limited', answers: 30 }, 'en', 'Yahoo kept rate limiting beyond the wait budget (30 answers of HTTP 429)'],
    [{ kind: 'too-many-failures', failed: 4, attempted: 6 }, 'en', '4 of 6 symbols failed'],
    [{ kind: 'source-refusing' }, 'es', 'Yahoo sigue rechazando las peticiones (circuito abierto)'],
    [{ kind: 'rate-limited', answers: 30 }, 'es', 'Yahoo siguió limitando las peticiones más allá del margen de espera (30 respuestas HTTP 429)'],
    [{ kind: 'too-many-failures', failed: 4, attempted: 6 }, 'es', 'fallaron 4 de 6 símbolos'],
  ])('says why (%o) in %s, that nothing changed and what happens next', (why, language, reason) => {
    // Act
    const html = scanFailedMessage('2026-11-20', why, language, ['notice']);
    // Assess
    const [first, second, third] = html.split('\n');
    expect(first).toContain(`2026-11-20: ${reason}.`);
    expect(first).toMatch(language === 'en' ? /^<b>Drawdown scan failed<\/b> for / : /^<b>El escaneo de caídas falló<\/b> para el /);
    expect(second).toBe(
      language === 'en'
        ? 'The previous scan is still the latest; the next scheduled run will try again.'
        : 'El escaneo anterior sigue siendo el último; la próxima ejecución programada lo volverá a intentar.',
    );
    expect(third).toBe('<i>⚠️ notice</i>');
  });
});
