/** `/alert`, `/alerts` and the re-arm button of a fired alert. */
import { catalogueEntry, describeCondition, MAX_ALERTS_PER_CHAT, type Command, type PriceAlert } from '@tradebot/core-domain';
import { ALERT_TEXT } from '../charts/text';
import { escapeHtml, formatPrice, layoutTable, type Cell, type Language } from '../format';
import { Refusal, type Services, type Turn } from '../turn';

/** Callback data of a fired alert's re-arm button: `rearm:<id>` (the chat comes from the message it sits on). */
export const REARM_CALLBACK = /^rearm:(\d{1,9})$/;

/** The callback data that re-arms alert `id`. */
export const rearmCallbackData = (id: number): string => `rearm:${id}`;

function store(s: Services): NonNullable<Services['deps']['alerts']> {
  // Wired by every function that runs the bot; a bot built without it answers like a store that is down.
  if (!s.deps.alerts) throw new Error('price alerts are not wired in this bot');
  return s.deps.alerts;
}

/** `/alert TICKER below|above|drawdown N` and `/alert remove ID`. */
export async function alert(s: Services, turn: Turn, command: Extract<Command, { name: 'alert' }>): Promise<string> {
  const t = ALERT_TEXT[turn.language];
  const alerts = store(s);
  if (command.action === 'remove') {
    const removed = await alerts.remove(turn.chatId, command.id);
    if (!removed) throw new Refusal(t.notFound(command.id));
    return t.removed(removed.id, escapeHtml(removed.symbol), escapeHtml(describeCondition(removed.condition, turn.language)));
  }
  // The ticker must exist; its price now helps the investor see how far the alert is.
  let now = '';
  try {
    const batch = await s.prices.quotes([command.symbol]);
    const quote = batch.quotes.get(command.symbol);
    if (!quote && batch.missing.includes(command.symbol)) throw new Refusal(t.unknownSymbol(escapeHtml(command.symbol)));
    if (quote) now = t.currentPrice(formatPrice(quote.price, turn.language), escapeHtml(quote.currency));
  } catch (error) {
    if (error instanceof Refusal) throw error;
    s.log.warn({ err: error, symbol: command.symbol }, 'price feed down; alert saved without checking the ticker');
  }
  const added = await alerts.add(
    { chatId: turn.chatId, symbol: command.symbol, condition: command.condition, createdAt: s.deps.clock.now().toISOString() },
    MAX_ALERTS_PER_CHAT,
  );
  if (!added.ok) throw new Refusal(t.limit(added.error.max));
  const a = added.value;
  return t.added(a.id, escapeHtml(a.symbol), escapeHtml(describeCondition(a.condition, turn.language)), now);
}

/** `/alerts`: every alert of the chat with its number and state. */
export async function alertList(s: Services, turn: Turn): Promise<string> {
  const t = ALERT_TEXT[turn.language];
  const list = await store(s).list(turn.chatId);
  if (list.length === 0) return t.empty(escapeHtml(catalogueEntry('alert').example));
  const rows: Cell[][] = list.map((a) => [`#${a.id}`, a.symbol, conditionShort(a, turn.language), a.status === 'armed' ? t.armed : t.fired(firedWhen(a))]);
  const table = layoutTable(rows, [{ align: 'right' }, { align: 'left' }, { align: 'left' }, { align: 'left' }]).lines;
  return `${t.title(list.length, MAX_ALERTS_PER_CHAT)}\n<pre>${escapeHtml(table.join('\n'))}</pre>\n<i>${t.checkedNote}</i>`;
}

function conditionShort(a: PriceAlert, language: Language): string {
  const c = a.condition;
  if (c.kind === 'drawdown') return `-${c.pct.toFixed()}% ${language === 'es' ? 'máx' : 'high'}`;
  return `${c.kind === 'below' ? '≤' : '≥'} ${formatPrice(c.price, language)}`;
}

function firedWhen(a: PriceAlert): string {
  return a.lastFiring ? a.lastFiring.firedAt.slice(5, 16).replace('T', ' ') : '';
}

/**
 * The re-arm button of a fired alert: re-arms it (if it still exists) and says so. Returns the toast
 * text for `answerCallbackQuery` and the chat message.
 */
export async function rearm(s: Services, turn: Pick<Turn, 'chatId' | 'language'>, id: number): Promise<{ toast: string; html: string | null }> {
  const t = ALERT_TEXT[turn.language];
  const before = (await store(s).list(turn.chatId)).find((a) => a.id === id);
  if (!before) return { toast: t.gone, html: null };
  if (before.status === 'armed') return { toast: t.alreadyArmed(id), html: null };
  const after = await store(s).rearm(turn.chatId, id);
  if (!after) return { toast: t.gone, html: null };
  const text = t.rearmed(after.id, escapeHtml(after.symbol), escapeHtml(describeCondition(after.condition, turn.language)));
  return { toast: text.replace(/<[^>]+>/g, ''), html: text };
}
