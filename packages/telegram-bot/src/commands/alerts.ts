/** `/alert`, `/alerts` and the re-arm button of a fired alert. */
import { catalogueEntry, describeCondition, MAX_ALERTS_PER_CHAT, ok, type Command, type PriceAlert, type Result } from '@tradebot/core-domain';
import { escapeHtml, formatPrice, layoutTable, type Cell } from '../format';
import { refuse, reply, type CommandResult, type Refusal, type Services, type Turn } from '../turn';

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
export async function alert(s: Services, turn: Turn, command: Extract<Command, { name: 'alert' }>): Promise<CommandResult> {
  const t = turn.t.alerts;
  const alerts = store(s);
  if (command.action === 'remove') {
    const removed = await alerts.remove(turn.chatId, command.id);
    if (!removed) return refuse(t.notFound(command.id));
    return reply(t.removed(removed.id, escapeHtml(removed.symbol), escapeHtml(describeCondition(removed.condition, turn.language))));
  }
  // The ticker must exist; its price now helps the investor see how far the alert is.
  let now = '';
  const lookup = await s.prices.quotes([command.symbol]).then(
    (batch) => ({ ok: true as const, batch }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (lookup.ok) {
    const quote = lookup.batch.quotes.get(command.symbol);
    if (!quote && lookup.batch.missing.includes(command.symbol)) return refuse(t.unknownSymbol(escapeHtml(command.symbol)));
    if (quote) now = t.currentPrice(formatPrice(quote.price, turn.language), escapeHtml(quote.currency));
  } else {
    s.log.warn({ err: lookup.error, symbol: command.symbol }, 'price feed down; alert saved without checking the ticker');
  }
  const added = await alerts.add(
    { chatId: turn.chatId, symbol: command.symbol, condition: command.condition, createdAt: s.deps.clock.now().toISOString() },
    MAX_ALERTS_PER_CHAT,
  );
  if (!added.ok) return refuse(t.limit(added.error.max));
  const a = added.value;
  return reply(t.added(a.id, escapeHtml(a.symbol), escapeHtml(describeCondition(a.condition, turn.language)), now));
}

/** `/alerts`: every alert of the chat with its number and state. */
export async function alertList(s: Services, turn: Turn): Promise<CommandResult> {
  const t = turn.t.alerts;
  const list = await store(s).list(turn.chatId);
  if (list.length === 0) return reply(t.empty(escapeHtml(catalogueEntry('alert').example)));
  const rows: Cell[][] = list.map((a) => [`#${a.id}`, a.symbol, conditionShort(a, turn), a.status === 'armed' ? t.armed : t.fired(firedWhen(a))]);
  const table = layoutTable(rows, [{ align: 'right' }, { align: 'left' }, { align: 'left' }, { align: 'left' }]).lines;
  return reply(`${t.title(list.length, MAX_ALERTS_PER_CHAT)}\n<pre>${escapeHtml(table.join('\n'))}</pre>\n<i>${t.checkedNote}</i>`);
}

function conditionShort(a: PriceAlert, turn: Pick<Turn, 'language' | 't'>): string {
  const c = a.condition;
  if (c.kind === 'drawdown') return turn.t.alerts.drawdownShort(c.pct.toFixed());
  return `${c.kind === 'below' ? '≤' : '≥'} ${formatPrice(c.price, turn.language)}`;
}

function firedWhen(a: PriceAlert): string {
  return a.lastFiring ? a.lastFiring.firedAt.slice(5, 16).replace('T', ' ') : '';
}

/** What a tap on a re-arm button answers: the toast on the button (plain text), and a message for the chat (`null`: none). */
export interface RearmAnswer {
  readonly toast: string;
  readonly html: string | null;
}

/**
 * The re-arm button of a fired alert: re-arms it (if it still exists) and says so, or finds it
 * already armed. An alert that no longer exists is a refusal (its `html` is plain text: the toast).
 */
export async function rearm(s: Services, turn: Pick<Turn, 'chatId' | 'language' | 't'>, id: number): Promise<Result<RearmAnswer, Refusal>> {
  const t = turn.t.alerts;
  const before = (await store(s).list(turn.chatId)).find((a) => a.id === id);
  if (!before) return refuse(t.gone);
  if (before.status === 'armed') return ok({ toast: t.alreadyArmed(id), html: null });
  const after = await store(s).rearm(turn.chatId, id);
  if (!after) return refuse(t.gone);
  const text = t.rearmed(after.id, escapeHtml(after.symbol), escapeHtml(describeCondition(after.condition, turn.language)));
  return ok({ toast: text.replace(/<[^>]+>/g, ''), html: text });
}
