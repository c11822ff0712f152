/**
 * Notification control (`/notify`): per chat and per kind of unprompted message, whether it is sent
 * with sound (`on`), without (`silent`: Telegram's `disable_notification`) or not at all (`off`),
 * and quiet hours in the rules' time zone during which an `on` message goes out silent. Stored in
 * `config/notifications.json` beside the rules; every job asks `deliveryFor` before it sends.
 */
import * as z from './zod';

/** The kinds of message the bot sends on its own, in the order `/notify` lists them. */
export const NOTIFICATION_KINDS = ['morning', 'scan', 'ruleAlerts', 'priceAlerts'] as const;
/** `morning`: the daily analysis; `scan`: the collector's summary (and its failure alert); `ruleAlerts`: stop loss, take profit, concentration; `priceAlerts`: `/alert` firings. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How a kind of message is sent. */
export const NOTIFICATION_LEVELS = ['on', 'silent', 'off'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Quiet hours `from`-`to` (local `HH:MM`, 24-hour); `to` before `from` spans midnight (`22:00`-`07:00`). */
export const QuietHoursSchema = z.strictObject({
  from: z.string().check(z.regex(HHMM, 'HH:MM, 24-hour')),
  to: z.string().check(z.regex(HHMM, 'HH:MM, 24-hour')),
}).check(z.refine((quiet) => quiet.from !== quiet.to, 'quiet hours must start and end at different times'));
export type QuietHours = z.output<typeof QuietHoursSchema>;

const LevelSchema = z.enum(NOTIFICATION_LEVELS);

/** One chat's settings; every field has a default (everything `on`, no quiet hours). */
export const ChatNotificationsSchema = z.strictObject({
  morning: z._default(LevelSchema, 'on'),
  scan: z._default(LevelSchema, 'on'),
  ruleAlerts: z._default(LevelSchema, 'on'),
  priceAlerts: z._default(LevelSchema, 'on'),
  quiet: z._default(z.nullable(QuietHoursSchema), null),
});
export type ChatNotifications = z.output<typeof ChatNotificationsSchema>;

/** `config/notifications.json`: the settings of each chat that changed any, by chat id. */
export const NotificationSettingsSchema = z.strictObject({
  version: z._default(z.literal(1), 1),
  chats: z._default(z.record(z.string().check(z.regex(/^-?\d+$/, 'a Telegram chat id')), ChatNotificationsSchema), {}),
});
export type NotificationSettings = z.output<typeof NotificationSettingsSchema>;

/** A chat that never used `/notify`: everything on, no quiet hours. */
export const DEFAULT_CHAT_NOTIFICATIONS: ChatNotifications = ChatNotificationsSchema.parse({});
/** The settings when `config/notifications.json` does not exist (or cannot be read). */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = NotificationSettingsSchema.parse({});

/** A chat's settings (the defaults when it has none). */
export function chatNotifications(settings: NotificationSettings, chatId: string): ChatNotifications {
  return settings.chats[chatId] ?? DEFAULT_CHAT_NOTIFICATIONS;
}

/** What a change asked with `/notify` does to a chat's settings. */
export type NotificationChange =
  | { readonly kind: 'level'; readonly kinds: readonly NotificationKind[]; readonly level: NotificationLevel }
  | { readonly kind: 'quiet'; readonly quiet: QuietHours | null };

/** A copy of `settings` with `change` applied to `chatId` (validated: the result always parses). */
export function withNotificationChange(settings: NotificationSettings, chatId: string, change: NotificationChange): NotificationSettings {
  const current = chatNotifications(settings, chatId);
  const next: ChatNotifications =
    change.kind === 'quiet' ? { ...current, quiet: change.quiet } : { ...current, ...Object.fromEntries(change.kinds.map((k) => [k, change.level])) };
  return NotificationSettingsSchema.parse({ ...settings, chats: { ...settings.chats, [chatId]: next } });
}

/** Minutes since local midnight of `HH:MM`. */
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** `HH:MM` at `instant` in the IANA `timeZone`. Throws a `RangeError` for an unknown zone. */
export function localTimeOfDay(instant: Date, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  // Stryker disable next-line ConditionalExpression: a cache: building the format again gives the same time
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute}`;
}

/**
 * Whether local time `hhmm` falls within `quiet` (start included, end excluded; a span whose end is
 * before its start runs over midnight).
 */
export function inQuietHours(quiet: QuietHours, hhmm: string): boolean {
  const at = minutesOf(hhmm);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  // Stryker disable next-line EqualityOperator: `from <= to` differs only when from equals to, which QuietHoursSchema refuses
  return from < to ? at >= from && at < to : at >= from || at < to;
}

/** How one message is sent: `loud` (a normal message), `silent` (`disable_notification`), or not at all. */
export type NotificationDelivery = 'loud' | 'silent' | 'off';

/**
 * How a message of `kind` reaches `chatId` at `instant`: off when the chat turned the kind off;
 * silent when it asked for silent, or when it is on and `instant` falls in the chat's quiet hours
 * (in `timeZone`, the rules' `analysis.timezone`); loud otherwise. Use it in every job right before
 * it sends something the investor did not ask for.
 */
export function deliveryFor(settings: NotificationSettings, chatId: string, kind: NotificationKind, instant: Date, timeZone: string): NotificationDelivery {
  const chat = chatNotifications(settings, chatId);
  const level = chat[kind];
  if (level === 'off') return 'off';
  if (level === 'silent') return 'silent';
  return chat.quiet && inQuietHours(chat.quiet, localTimeOfDay(instant, timeZone)) ? 'silent' : 'loud';
}

/** The louder of two deliveries (a message carrying two kinds rings when either would). */
export function louder(a: NotificationDelivery, b: NotificationDelivery): NotificationDelivery {
  if (a === 'loud' || b === 'loud') return 'loud';
  if (a === 'silent' || b === 'silent') return 'silent';
  return 'off';
}
