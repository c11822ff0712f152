import { dec } from '@tradebot/core-domain';
import { formatMoney, formatQuantity, formatRatioPct, layoutTable, splitMessage, TELEGRAM_MESSAGE_LIMIT, type TableColumn } from '../../src/format';

/** Whether every tag opened in `html` is closed in order (what Telegram checks). */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (match[1]) {
      if (stack.pop() !== match[2]) return false;
    } else stack.push(match[2]!);
  }
  return stack.length === 0;
}

describe('Function: formatMoney', () => {
  it('groups thousands with a comma and uses a decimal point in English', () => {
    // Act
    const text = formatMoney(dec('1234.5'), 'en');
    // Assess
    expect(text).toBe('1,234.50');
  });

  it('groups thousands with a point and uses a decimal comma in Spanish, even for four digits', () => {
    // Act
    const text = formatMoney(dec('1234.56'), 'es');
    // Assess
    expect(text).toBe('1.234,56');
  });

  it('rounds an exact decimal once, without binary float error', () => {
    // Prepare: 1.005 is 1.00499999... as a float, which would round down.
    const value = dec('1.005');
    // Act
    const text = formatMoney(value, 'en');
    // Assess
    expect(text).toBe('1.01');
  });

  it('shows a sign on signed amounts', () => {
    expect(formatMoney(dec('12.3'), 'en', true)).toBe('+12.30');
    expect(formatMoney(dec('-12.3'), 'es', true)).toBe('-12,30');
  });
});

describe('Function: formatQuantity and formatRatioPct', () => {
  it('keeps fractional shares and drops zeros on whole ones', () => {
    expect(formatQuantity(dec('10'), 'en')).toBe('10');
    expect(formatQuantity(dec('0.125'), 'es')).toBe('0,125');
  });

  it('turns a ratio into a signed percentage with one decimal', () => {
    expect(formatRatioPct(0.0684, 'en')).toBe('+6.8%');
    expect(formatRatioPct(-0.0684, 'es')).toBe('-6,8%');
  });
});

describe('Function: splitMessage', () => {
  it('leaves a short message whole', () => {
    expect(splitMessage('<b>hi</b>\nthere')).toEqual(['<b>hi</b>\nthere']);
  });

  it('splits a long table into parts under the limit on line boundaries, each with balanced tags', () => {
    // Prepare: a 400-line <pre> table, ~14 KB.
    const lines = Array.from({ length: 400 }, (_, i) => `ROW${String(i).padStart(4, '0')} ${'x'.repeat(25)}`);
    const html = `<b>Title</b>\n<pre>${lines.join('\n')}</pre>\nend`;
    // Act
    const parts = splitMessage(html);
    // Assess
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(balanced(part)).toBe(true);
    }
    const text = parts.map((p) => p.replace(/<[^>]+>/g, '')).join('\n');
    for (const line of lines) expect(text).toContain(line);
    expect(parts[1]!.startsWith('<pre>')).toBe(true);
  });

  it('never cuts inside a tag or an entity when one line is longer than the limit', () => {
    // Prepare: one huge line of escaped text and links.
    const html = Array.from({ length: 900 }, (_, i) => `<a href="https://x.test/${i}">l&amp;${i}</a>`).join(' ');
    // Act
    const parts = splitMessage(html);
    // Assess
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(balanced(part)).toBe(true);
      expect(part).not.toMatch(/&[a-z]*$/);
    }
  });
});

describe('Function: layoutTable', () => {
  const columns: TableColumn[] = [{ align: 'left' }, { align: 'right' }, { align: 'right', dropPriority: 1 }];

  it('sizes each column to its widest cell, labels left and numbers right', () => {
    // Act
    const { lines, width } = layoutTable([['Ticker', 'P&L', 'Wt'], ['KO', '-12,623.00', '97%'], ['BRK-B', '+4.96', '2%']], columns);
    // Assess
    expect(lines).toEqual(['Ticker        P&L  Wt', 'KO     -12,623.00 97%', 'BRK-B       +4.96  2%']);
    expect(width).toBe(21);
  });

  it('shortens labels first, then amounts, then drops columns by priority, and never cuts a number', () => {
    // Prepare
    const rows = [
      [{ text: 'Invested (open)', short: 'Invested' }, { text: '1,234,567.89', compact: '1,234,568' }, 'extra'],
      ['Fees', { text: '12.00', compact: '12' }, 'x'],
    ];
    // Act
    const full = layoutTable(rows, columns, 40);
    const shortLabels = layoutTable(rows, columns, 27);
    const compact = layoutTable(rows, columns, 24);
    const dropped = layoutTable(rows, columns, 23);
    const tooNarrow = layoutTable(rows, columns, 5);
    // Assess
    expect(full.lines[0]).toBe('Invested (open) 1,234,567.89 extra');
    expect(shortLabels.lines[0]).toBe('Invested 1,234,567.89 extra');
    expect(compact.lines[0]).toBe('Invested 1,234,568 extra');
    expect(dropped.lines).toEqual(['Invested 1,234,567.89', 'Fees            12.00']);
    expect(tooNarrow.lines).toEqual(['Invested 1,234,568', 'Fees            12']);
    for (const layout of [full, shortLabels, compact, dropped]) expect(layout.width).toBeLessThanOrEqual(40);
  });

  it('counts a character once however it is written: accented letters, combining marks, emoji, dashes', () => {
    // Prepare: "Café" precomposed and with a combining accent, a flag (two code points), a dash.
    const rows = [
      ['Café', '1'],
      ['Cafe\u0301', '22'],
      ['🇪🇸 ES', '—'],
      ['Año', '333'],
    ];
    // Act
    const { lines, width } = layoutTable(rows, [{ align: 'left' }, { align: 'right' }]);
    // Assess
    expect(lines).toEqual(['Café   1', 'Cafe\u0301  22', '🇪🇸 ES   —', 'Año  333']);
    expect(width).toBe(8);
  });
});
