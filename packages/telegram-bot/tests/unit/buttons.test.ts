import { MAX_POSITION_ROWS, positionKeyboard } from '../../src/commands/buttons';
import { messagesFor } from '../../src/messages';
import type { Services } from '../../src/turn';

describe('Function: positionKeyboard', () => {
  const turn = { t: messagesFor('en') };
  const withCharts = { deps: { charts: {} } } as unknown as Services;

  it('gives each position a row of Sell half, Tips and Chart, in the order given', () => {
    // Act
    const keyboard = positionKeyboard(withCharts, turn, ['MSFT', 'KO']);
    // Assess
    expect(keyboard.map((row) => row.map((b) => b.data))).toEqual([
      ['pos:s:MSFT', 'pos:t:MSFT', 'pos:c:MSFT'],
      ['pos:s:KO', 'pos:t:KO', 'pos:c:KO'],
    ]);
  });

  it('keeps a portfolio of 40 positions to 30 rows (90 buttons), under what Telegram takes in one keyboard', () => {
    // Prepare
    const symbols = Array.from({ length: 40 }, (_, i) => `S${String(i).padStart(2, '0')}`);
    // Act
    const keyboard = positionKeyboard(withCharts, turn, symbols);
    // Assess
    expect(MAX_POSITION_ROWS).toBe(30);
    expect(keyboard).toHaveLength(30);
    expect(keyboard.flat()).toHaveLength(90);
    expect(keyboard[29]![0]!.data).toBe('pos:s:S29');
  });
});
