/** `/notify`: what the bot sends on its own, per kind on / silent / off, and quiet hours; `/lessons`: the monthly review. */
import {
  chatNotifications,
  CorruptDocumentError,
  NOTIFICATION_KINDS,
  withNotificationChange,
  type NotificationChange,
  type NotificationSettings,
} from '@tradebot/core-domain';
import { escapeHtml, layoutTable, type TableColumn } from '../format';
import { changeDocument, keep, refuse, reply, withoutCorrupt, write, type CommandResult, type Services, type Turn } from '../turn';

const COLUMNS: readonly TableColumn[] = [{ align: 'left' }, { align: 'left' }];

/** The chat's settings as a table, its quiet hours (in the rules' time zone) and how to change them. */
function describe(turn: Turn, settings: NotificationSettings): string[] {
  const { t } = turn;
  const chat = chatNotifications(settings, turn.chatId);
  const rows = NOTIFICATION_KINDS.map((kind) => [t.notify.kinds[kind], t.notify.levels[chat[kind]]]);
  const zone = escapeHtml(turn.rules.analysis.timezone);
  const word = turn.language === 'es' ? '/avisos' : '/notify';
  const examples =
    turn.language === 'es'
      ? [`${word} escaneo silencio`, `${word} mañana off`, `${word} alertas on`, `${word} descanso 22:00-07:00`, `${word} descanso off`]
      : [`${word} scan silent`, `${word} morning off`, `${word} alerts on`, `${word} quiet 22:00-07:00`, `${word} quiet off`];
  return [
    `<pre>${escapeHtml(layoutTable(rows, COLUMNS).lines.join('\n'))}</pre>`,
    chat.quiet ? t.notify.quiet(escapeHtml(chat.quiet.from), escapeHtml(chat.quiet.to), zone) : t.notify.noQuiet,
    t.notify.howTo(examples.map((e) => `<code>${escapeHtml(e)}</code>`).join(', ')),
  ];
}

/** `/notify`: this chat's settings. An unreadable file is said, and the defaults (everything on) are shown as in force. */
export async function notifyShow(s: Services, turn: Turn): Promise<CommandResult> {
  const settings = withoutCorrupt(s, turn, await s.deps.notifications.read());
  return reply([turn.t.notify.title, ...describe(turn, settings)].join('\n'));
}

/**
 * `/notify KIND LEVEL`, `/notify quiet ...`: changes this chat's settings under the document's lease
 * and shows them. A corrupt file is not written over: the refusal names it, so nobody else's
 * settings are lost silently.
 */
export async function notifySet(s: Services, turn: Turn, change: NotificationChange): Promise<CommandResult> {
  const { t } = turn;
  let outcome;
  try {
    outcome = await changeDocument<NotificationSettings, NotificationSettings, NotificationSettings>(
      (edit) => s.deps.notifications.edit(edit),
      (current) => {
        const next = withNotificationChange(current, turn.chatId, change);
        return JSON.stringify(chatNotifications(next, turn.chatId)) === JSON.stringify(chatNotifications(current, turn.chatId)) ? keep(current) : write(next);
      },
    );
  } catch (error) {
    if (!(error instanceof CorruptDocumentError)) throw error;
    return refuse(t.notify.unreadable(escapeHtml(error.key), escapeHtml(error.reason)));
  }
  const settings = outcome.written ? outcome.document : outcome.kept;
  return reply([outcome.written ? t.notify.saved : t.notify.unchanged, turn.t.notify.title, ...describe(turn, settings)].join('\n'));
}

/** `/lessons`: this chat's latest monthly review, each pattern with its evidence. */
export async function lessonsShow(s: Services, turn: Turn): Promise<CommandResult> {
  const { t } = turn;
  const document = withoutCorrupt(s, turn, await s.deps.lessons.read());
  const lessons = document.chats[turn.chatId];
  if (!lessons) return reply(t.lessons.none);
  const lines = [t.lessons.title(escapeHtml(lessons.month), lessons.trades, escapeHtml(lessons.model))];
  if (lessons.model === 'offline') lines.push(`<i>${t.lessons.offline}</i>`);
  if (lessons.patterns.length === 0) lines.push(t.lessons.noPatterns);
  lessons.patterns.forEach((pattern, index) => {
    lines.push(`\n${index + 1}. ${escapeHtml(pattern.pattern)}\n<i>${t.lessons.evidence}: ${escapeHtml(pattern.evidence)}</i>`);
  });
  return reply(lines.join('\n'));
}
