import { buildDailyBrief, computePerformance, dec, DEFAULT_RULES, replay } from '@tradebot/core-domain';
import { composeDailyMessage, weeklyLine } from '../../src/message';

const brief = buildDailyBrief({ date: '2026-11-21', rules: DEFAULT_RULES, ledger: replay([]), quotes: new Map(), blacklist: [], tips: [], scan: null });

describe('Function: composeDailyMessage', () => {
  it('escapes the model text so Telegram HTML cannot break', () => {
    // Act
    const html = composeDailyMessage(brief, { text: 'Buy <b>if</b> P&L > 0', model: 'claude-opus-5-5' }, []);

    // Assess
    expect(html).toContain('Buy &lt;b&gt;if&lt;/b&gt; P&amp;L &gt; 0');
    expect(html).toContain('<b>Analysis</b> <i>(claude-opus-5-5)</i>');
  });

  it('says why there is no analysis and keeps the deterministic part', () => {
    // Act
    const html = composeDailyMessage(brief, null, [{ kind: 'budget', spentUsd: '4.99', budgetUsd: 5 }]);

    // Assess
    expect(html).toContain("AI analysis skipped: this month's spend (4.99 USD) would pass the 5 USD budget");
    expect(html).toContain('No rule alerts.');
    expect(html).not.toContain('<b>Analysis</b>');
  });
});

describe('Function: weeklyLine', () => {
  it('says there is no comparison when the benchmark cannot be compared, in the reply language', () => {
    // Prepare: 100 -> 103 over the week, the benchmark quoted in EUR
    const measured = computePerformance({
      trades: [{ kind: 'trade', seq: 1, recordedAt: '2026-11-02T15:00:00Z', trade: { side: 'buy', symbol: 'AAA', quantity: dec(1), price: dec(100), fees: dec(0), currency: 'USD', executedAt: '2026-11-02T15:00:00Z' } }],
      closes: new Map([['AAA', [{ date: '2026-11-13', close: 100 }, { date: '2026-11-20', close: 103 }]]]),
      through: '2026-11-20',
      period: { from: '2026-11-16' },
      currency: 'USD',
      benchmark: { symbol: 'IWDA.AS', currency: 'EUR', bars: [] },
    });
    if (!measured.ok) throw new Error('expected a report');
    // Act
    const en = weeklyLine({ kind: 'measured', report: measured.value, simulated: false }, 'en');
    const es = weeklyLine({ kind: 'unavailable' }, 'es');
    // Assess
    expect(en).toBe('Last week (2026-11-13 → 2026-11-20): +3.0% time-weighted; no comparison with IWDA.AS (see /performance).');
    expect(es).toBe('Rendimiento de la semana pasada: no se pudieron cargar los precios (mira /rendimiento más tarde).');
  });
});
