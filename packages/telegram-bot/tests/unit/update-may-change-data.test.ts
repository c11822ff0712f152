import { updateMayChangeData } from '../../src';

const update = (text: string) => ({ update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text } });

describe('Function: updateMayChangeData', () => {
  it('counts a valid trade as a write', () => {
    // Act + Assess
    expect(updateMayChangeData(update('/buy AAPL 10 182.50 1.20 2026-11-20'), 'tradebot_bot', '2026-11-30')).toBe(true);
  });

  it('does not count a trade dated after today, which the bot refuses, so it costs no idempotency record', () => {
    // Act + Assess
    expect(updateMayChangeData(update('/buy AAPL 10 182.50 2999-01-01'), 'tradebot_bot', '2026-11-30')).toBe(false);
    expect(updateMayChangeData(update('/sell AAPL 10 182.50 1.20 2026-12-01'), 'tradebot_bot', '2026-11-30')).toBe(false);
  });

  it('does not count reads or commands addressed to another bot', () => {
    // Act + Assess
    expect(['/portfolio', '/buy@other_bot AAPL 1 1'].map((t) => updateMayChangeData(update(t), 'tradebot_bot', '2026-11-30'))).toEqual([false, false]);
  });

  it('counts plain text as a write: it may store a proposal and spend on the model, which a redelivery must not repeat', () => {
    // Act + Assess
    expect(['hello', 'sold half my NVDA at 140'].map((t) => updateMayChangeData(update(t), 'tradebot_bot', '2026-11-30'))).toEqual([true, true]);
  });
});
