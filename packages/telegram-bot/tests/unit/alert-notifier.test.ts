import { dec, type AlertFiring, type PriceAlert } from '@tradebot/core-domain';
import { alertFiredMessage } from '../../src/alert-notifier';

describe('Function: alertFiredMessage', () => {
  const alert: PriceAlert = { id: 3, chatId: '1', symbol: 'KO', condition: { kind: 'below', price: dec('58') }, status: 'armed', createdAt: '2026-11-16T12:00:00.000Z', fired: 0 };
  // 15:00 UTC is 10:00 in New York in November.
  const firing: AlertFiring = { price: dec('55'), priceAt: '2026-11-17T15:00:00.000Z', firedAt: '2026-11-17T15:01:00.000Z' };

  it('names the market time and place in the chat language, with the re-arm button in it too', () => {
    // Act
    const english = alertFiredMessage(alert, firing, 'USD', 'en');
    const spanish = alertFiredMessage(alert, firing, 'USD', 'es');
    // Assess
    expect(english.html).toContain('55.00 USD at 2026-11-17 10:00 New York.');
    expect(spanish.html).toContain('55,00 USD a las 2026-11-17 10:00 Nueva York.');
    expect(english.replyMarkup.inline_keyboard[0]![0]).toEqual({ text: '🔁 Re-arm', callback_data: 'rearm:3' });
    expect(spanish.replyMarkup.inline_keyboard[0]![0]).toEqual({ text: '🔁 Rearmar', callback_data: 'rearm:3' });
  });
});
