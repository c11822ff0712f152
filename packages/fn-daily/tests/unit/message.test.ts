import { buildDailyBrief, DEFAULT_RULES, replay } from '@tradebot/core-domain';
import { composeDailyMessage } from '../../src/message';

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
