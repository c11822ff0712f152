import { LOG_EVENTS, updateKind } from '../../src/log-events';

describe('Function: updateKind', () => {
  it.each([
    ['/buy AAPL 10 182.50', 'buy'],
    ['/Portfolio', 'portfolio'],
    ['/stats@tradebot_test_bot month', 'stats'],
    ['/export@tradebot_test_bot', 'export'],
    ['how is AAPL doing?', 'text'],
    ['/ not a command', 'text'],
    ['/buy-now', 'text'],
  ])('names %j as %s', (text, kind) => {
    // Act
    const result = updateKind({ message: { text } });
    // Assess
    expect(result).toBe(kind);
  });

  it('calls an update without text (a sticker, a photo) other', () => {
    // Act
    const kinds = [updateKind({ message: {} }), updateKind({})];
    // Assess
    expect(kinds).toEqual(['other', 'other']);
  });
});

describe('Constant: LOG_EVENTS', () => {
  it('names the handled-update event the metric filter counts', () => {
    // Assess
    expect(LOG_EVENTS.updateHandled).toBe('update.handled');
  });
});
