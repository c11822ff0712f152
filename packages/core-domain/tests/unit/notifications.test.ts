import fc from 'fast-check';
import { parseCommand } from '../../src/commands/parse';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  deliveryFor,
  inQuietHours,
  localTimeOfDay,
  louder,
  NotificationSettingsSchema,
  withNotificationChange,
} from '../../src/notifications';

describe('Function: parseCommand (/notify)', () => {
  it('reads /notify alone as showing the settings', () => {
    // Act
    const parsed = parseCommand('/notify');
    // Assess
    expect(parsed).toEqual({ ok: true, value: { name: 'notify', action: 'show' } });
  });

  it.each([
    ['/notify morning silent', ['morning'], 'silent'],
    ['/notify scan off', ['scan'], 'off'],
    ['/notify alerts on', ['ruleAlerts', 'priceAlerts'], 'on'],
    ['/notify prices off', ['priceAlerts'], 'off'],
    ['/avisos mañana silencio', ['morning'], 'silent'],
    ['/avisos escaneo no', ['scan'], 'off'],
    ['/avisos reglas sí', ['ruleAlerts'], 'on'],
    ['/avisos todo off', ['morning', 'scan', 'ruleAlerts', 'priceAlerts'], 'off'],
  ])('reads %s', (text, kinds, level) => {
    // Act
    const parsed = parseCommand(text);
    // Assess
    expect(parsed).toEqual({ ok: true, value: { name: 'notify', action: 'set', change: { kind: 'level', kinds, level } } });
  });

  it('reads quiet hours across midnight, with a one-digit hour, and quiet off', () => {
    // Act / Assess
    expect(parseCommand('/notify quiet 22:00-7:00')).toEqual({ ok: true, value: { name: 'notify', action: 'set', change: { kind: 'quiet', quiet: { from: '22:00', to: '07:00' } } } });
    expect(parseCommand('/avisos descanso off')).toEqual({ ok: true, value: { name: 'notify', action: 'set', change: { kind: 'quiet', quiet: null } } });
  });

  it.each(['/notify lunch on', '/notify scan loud', '/notify scan', '/notify quiet 25:00-07:00', '/notify quiet 22:00-22:00', '/notify quiet', '/notify scan on now'])(
    'refuses %s with an example, in Spanish too',
    (text) => {
      // Act
      const en = parseCommand(text);
      const es = parseCommand(text, { language: 'es' });
      // Assess
      expect(en.ok).toBe(false);
      expect(es.ok).toBe(false);
      if (en.ok || es.ok) return;
      expect(en.error.example).toMatch(/^\/notify /);
      expect(es.error.message).not.toEqual(en.error.message);
    },
  );
});

describe('Function: deliveryFor', () => {
  const madrid = 'Europe/Madrid';
  // 2026-11-30 22:30 in Madrid (UTC+1).
  const lateEvening = new Date('2026-11-30T21:30:00Z');
  const morning = new Date('2026-11-30T07:00:00Z');

  it('sends everything with sound for a chat that never used /notify', () => {
    // Act / Assess
    expect(deliveryFor(DEFAULT_NOTIFICATION_SETTINGS, '42', 'morning', lateEvening, madrid)).toBe('loud');
  });

  it('follows the chat own level per kind and leaves other chats alone', () => {
    // Prepare
    const settings = withNotificationChange(DEFAULT_NOTIFICATION_SETTINGS, '42', { kind: 'level', kinds: ['scan'], level: 'off' });
    const both = withNotificationChange(settings, '42', { kind: 'level', kinds: ['morning'], level: 'silent' });
    // Act / Assess
    expect(deliveryFor(both, '42', 'scan', morning, madrid)).toBe('off');
    expect(deliveryFor(both, '42', 'morning', morning, madrid)).toBe('silent');
    expect(deliveryFor(both, '42', 'priceAlerts', morning, madrid)).toBe('loud');
    expect(deliveryFor(both, '7', 'scan', morning, madrid)).toBe('loud');
  });

  it('makes an "on" message silent in quiet hours, in the given time zone, and never makes "off" audible', () => {
    // Prepare
    const quiet = withNotificationChange(DEFAULT_NOTIFICATION_SETTINGS, '42', { kind: 'quiet', quiet: { from: '22:00', to: '07:00' } });
    const quietOff = withNotificationChange(quiet, '42', { kind: 'level', kinds: ['scan'], level: 'off' });
    // Act / Assess
    expect(deliveryFor(quietOff, '42', 'morning', lateEvening, madrid)).toBe('silent');
    expect(deliveryFor(quietOff, '42', 'morning', morning, madrid)).toBe('loud');
    // 21:30 UTC is 16:30 in New York: outside the span there.
    expect(deliveryFor(quietOff, '42', 'morning', lateEvening, 'America/New_York')).toBe('loud');
    expect(deliveryFor(quietOff, '42', 'scan', lateEvening, madrid)).toBe('off');
  });
});

describe('Function: inQuietHours', () => {
  it('includes the start, excludes the end, and spans midnight when the end is earlier', () => {
    // Act / Assess
    expect(inQuietHours({ from: '22:00', to: '07:00' }, '22:00')).toBe(true);
    expect(inQuietHours({ from: '22:00', to: '07:00' }, '03:15')).toBe(true);
    expect(inQuietHours({ from: '22:00', to: '07:00' }, '07:00')).toBe(false);
    expect(inQuietHours({ from: '13:00', to: '15:00' }, '14:59')).toBe(true);
    expect(inQuietHours({ from: '13:00', to: '15:00' }, '15:00')).toBe(false);
  });

  it('puts every minute of the day either in a span or in its complement, never both', () => {
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(hhmm, hhmm, hhmm, (from, to, at) => {
        fc.pre(from !== to);
        // Act / Assess
        expect(inQuietHours({ from, to }, at)).toBe(!inQuietHours({ from: to, to: from }, at));
      }),
    );
  });
});

describe('Function: localTimeOfDay', () => {
  it('gives the wall-clock time across a daylight-saving change', () => {
    // Act / Assess
    expect(localTimeOfDay(new Date('2026-07-01T06:00:00Z'), 'Europe/Madrid')).toBe('08:00');
    expect(localTimeOfDay(new Date('2026-12-01T06:00:00Z'), 'Europe/Madrid')).toBe('07:00');
  });
});

describe('Function: louder', () => {
  it('rings when either rings and is off only when both are', () => {
    // Act / Assess
    expect(louder('silent', 'loud')).toBe('loud');
    expect(louder('off', 'silent')).toBe('silent');
    expect(louder('off', 'off')).toBe('off');
    expect(louder('loud', 'off')).toBe('loud');
    expect(louder('silent', 'off')).toBe('silent');
  });
});

describe('Schema: NotificationSettingsSchema', () => {
  it('refuses an unknown level and a chat id that is not one', () => {
    // Act / Assess
    expect(NotificationSettingsSchema.safeParse({ chats: { '42': { morning: 'loud' } } }).success).toBe(false);
    expect(NotificationSettingsSchema.safeParse({ chats: { abc: {} } }).success).toBe(false);
    expect(NotificationSettingsSchema.safeParse({ chats: { '-100': { scan: 'off' } } }).success).toBe(true);
  });
});
