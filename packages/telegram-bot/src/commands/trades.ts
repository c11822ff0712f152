/** `/buy`, `/sell` and `/undo`: the commands that append to the ledger. */
import {
  catalogueEntry,
  checkTradeLimits,
  DomainErrorCode,
  domainErrorMessage,
  lastUndoable,
  replay,
  toPlain,
  voidedSeqs,
  type Command,
  type DividendEntry,
  type EntryDraft,
  type EntrySource,
  type LedgerState,
  type LedgerEntry,
  type Quote,
  type Trade,
  type TradeEntry,
  type TradeLimitBreach,
} from '@tradebot/core-domain';
import { escapeHtml, formatMoney, formatNumber, formatPrice, formatQuantity, formatRatioPct, type Language } from '../format';
import type { Messages } from '../messages';
import { buyChecks, ledgerEntries } from '../reads';
import { refuse, reply, withoutCorrupt, type CommandResult, type Services, type Turn } from '../turn';
import { applyMarketSplits, dividendUndoneLine } from './income';

/**
 * `/buy` and `/sell`: checks (blacklist and ticker on buys), appends, confirms with the resulting
 * position. `source` says where the entry comes from (default: this update); a confirmed proposal
 * passes its own `importId`, so it is recorded once whichever tap, device or redelivery runs it.
 */
export async function trade(s: Services, turn: Turn, command: Extract<Command, { name: 'trade' }>, source: EntrySource = { updateId: turn.updateId }): Promise<CommandResult> {
  const { t, language } = turn;
  const example = catalogueEntry(command.side).example;
  let currency = turn.rules.baseCurrency;
  let note = '';
  if (command.side === 'buy') {
    // Selling stays possible for anything held (a delisted or blacklisted stock must still be sold).
    // The blacklist and the price check are asked at once, alongside the rules (`startReads`).
    // A corrupt blacklist must not stop the journal: the buy is checked without it, and the reply says so.
    const { blacklist: blacklistRead, lookup } = await buyChecks(s, turn, command.symbol);
    const blacklist = withoutCorrupt(s, turn, blacklistRead);
    if (blacklist.includes(command.symbol)) return refuse(t.blacklisted(escapeHtml(command.symbol)));
    let quote: Quote | undefined;
    if (lookup.ok) {
      quote = lookup.batch.quotes.get(command.symbol);
      if (!quote && lookup.batch.missing.includes(command.symbol)) return refuse(t.unknownTicker(escapeHtml(command.symbol), escapeHtml(example)));
      // Neither a quote nor "missing": the source failed for this symbol (feeds report it apart).
    } else {
      s.log.warn({ err: lookup.error, symbol: command.symbol }, 'price feed down; trade recorded without checking the ticker');
    }
    if (quote) currency = quote.currency;
    // The journal must not depend on Yahoo: record it, say the ticker was not checked.
    else note = `\n<i>${t.feedDownNote}</i>`;
  }
  const draft = (tradeCurrency: string): Extract<EntryDraft, { kind: 'trade' }> => ({
    kind: 'trade',
    ...source,
    trade: {
      side: command.side,
      symbol: command.symbol,
      quantity: command.quantity,
      price: command.price,
      fees: command.fees,
      currency: tradeCurrency,
      executedAt: command.date ? `${command.date}T00:00:00.000Z` : turn.messageAt,
    },
  });
  // Past a per-trade limit a typed trade is almost certainly a slip (1000000000 for 1000): refuse it
  // before it reaches the ledger, naming the rule that raises the limit.
  const pastLimit = (tradeCurrency: string): CommandResult | null => {
    const breach = checkTradeLimits(draft(tradeCurrency).trade, turn.rules);
    return breach ? refuse(limitRefusal(t, language, breach)) : null;
  };
  // A sale must see the shares a split created: splits the market data reports are applied first.
  if (command.side === 'sell') await applyMarketSplits(s, turn, await ledgerEntries(s, turn));
  let refusal = pastLimit(currency);
  if (refusal) return refusal;
  let result = await s.deps.ledger.append(turn.chatId, draft(currency));
  const held = !result.ok && result.error.code === DomainErrorCode.CurrencyMismatch ? result.error.context?.held : undefined;
  if (typeof held === 'string') {
    // The symbol is already held in another currency: that currency is the truth for this ledger.
    refusal = pastLimit(held);
    if (refusal) return refusal;
    result = await s.deps.ledger.append(turn.chatId, draft(held));
  }
  if (!result.ok) return refuse(t.refused(escapeHtml(domainErrorMessage(result.error, language)), escapeHtml(example)));

  const { entry, entries } = result.value;
  // A proposal confirmed again (a second tap that raced the first): it is in the ledger once; say so.
  if (result.value.alreadyRecorded && source.importId !== undefined) return refuse(t.talk.alreadyRecorded(entry.seq));
  // The ledger replayed the trade in when it validated it; a redelivery's entry found recorded has no state.
  // The ledger is the commit point: the positions snapshot follows it through the table's stream.
  const state = result.value.state ?? replay(entries);
  const recorded = (entry as TradeEntry).trade;
  const lines = [command.side === 'buy' ? `<b>${t.bought}</b>` : `<b>${t.sold}</b>`, `#${entry.seq} ${tradeLine(t, language, recorded)}`];
  lines.push(...positionAfter(t, language, state, recorded, entry.seq));
  return reply(lines.join('\n') + note);
}

/**
 * The position after trade `seq` and, for a sale, its realized P&L (and the symbol's total when it
 * differs). Use it for a recorded trade and for a proposal's preview (the ledger replayed with the
 * trade appended), so both say the same.
 */
export function positionAfter(t: Messages, language: Language, state: LedgerState, trade: Trade, seq: number): string[] {
  const lines: string[] = [];
  const position = state.positions.get(trade.symbol);
  lines.push(
    position
      ? t.positionNow(formatQuantity(position.quantity, language), formatPrice(position.averageCost, language), escapeHtml(position.currency), position.quantity.eq(1))
      : t.positionClosed,
  );
  if (trade.side === 'sell') {
    const sale = state.closed.find((c) => c.seq === seq);
    if (sale) lines.push(t.realizedOfSale(formatMoney(sale.pnl, language, true), formatRatioPct(sale.returnPct, language), escapeHtml(sale.currency)));
    const total = state.realizedBySymbol.get(trade.symbol)?.get(trade.currency);
    if (total && sale && !total.amount.eq(sale.pnl)) lines.push(t.realizedTotal(formatMoney(total.amount, language, true), escapeHtml(total.currency)));
  }
  return lines;
}

/**
 * The entry `/undo` would void, or the refusal (nothing to undo, past the window). Use it before
 * asking for confirmation and again when the confirmation comes.
 */
export function undoable(s: Services, turn: Turn, entries: readonly LedgerEntry[]): { ok: true; value: TradeEntry | DividendEntry } | { ok: false; error: { html: string } } {
  const { t } = turn;
  const last = lastUndoable(entries);
  if (!last) return refuse(t.nothingToUndo);
  const age = s.deps.clock.now().getTime() - Date.parse(last.recordedAt);
  // A dividend typed wrong is undone the same way, within the same window.
  if (age > s.undoWindowMs) {
    // Past the window a trade is corrected with the opposite trade; a dividend has no opposite to record.
    const instead = last.kind === 'trade' ? `/${last.trade.side === 'buy' ? 'sell' : 'buy'} ${last.trade.symbol} ${toPlain(last.trade.quantity)} ${toPlain(last.trade.price)}` : '/undo';
    return refuse(t.undoTooOld(last.seq, last.recordedAt.slice(0, 16).replace('T', ' '), Math.round(s.undoWindowMs / 3_600_000), escapeHtml(instead)));
  }
  return { ok: true, value: last };
}

/** What an undoable entry is, in words: the trade line, or the dividend with its payment day. */
export function undoableLine(turn: Turn, last: TradeEntry | DividendEntry): string {
  if (last.kind === 'trade') return tradeLine(turn.t, turn.language, last.trade);
  const d = last.dividend;
  return turn.t.talk.dividendLine(escapeHtml(d.symbol), formatMoney(d.amount, turn.language), escapeHtml(d.currency), d.paidAt.slice(0, 10));
}

/** `/undo`: shows the entry it would void with Confirm undo / Cancel buttons; nothing changes until Confirm. */
export async function undoAsk(s: Services, turn: Turn): Promise<CommandResult> {
  const { t } = turn;
  const found = undoable(s, turn, await ledgerEntries(s, turn));
  if (!found.ok) return found;
  const last = found.value;
  return reply({
    html: t.talk.undoAsk(last.seq, undoableLine(turn, last)),
    keyboard: [[{ text: t.talk.confirmUndo, data: `u:y:${last.seq}` }, { text: t.talk.cancel, data: `u:n:${last.seq}` }]],
  });
}

/**
 * Voids the newest entry of this chat if it is inside the undo window, and says what it undid.
 * With `seq`, only if that entry is still the newest (a Confirm undo pressed after another change
 * undoes nothing).
 */
export async function undo(s: Services, turn: Turn, seq?: number): Promise<CommandResult> {
  const { t, language } = turn;
  const entries = await ledgerEntries(s, turn);
  if (seq !== undefined && voidedSeqs(entries).has(seq)) return refuse(t.talk.alreadyUndone(seq));
  const found = undoable(s, turn, entries);
  if (!found.ok) return found;
  const last = found.value;
  if (seq !== undefined && last.seq !== seq) return refuse(t.talk.notLastAnymore(seq));
  const result = await s.deps.ledger.append(turn.chatId, { kind: 'void', voids: last.seq, reason: 'undo', updateId: turn.updateId });
  if (!result.ok) return refuse(t.refused(escapeHtml(domainErrorMessage(result.error, language)), '/undo'));
  return reply(last.kind === 'dividend' ? dividendUndoneLine(turn, last) : t.undone(last.seq, undoableLine(turn, last)));
}

/** One trade in words, with the date it was recorded for: `Buy 10 AAPL @ 182.50 USD, fees 1.00, on 2026-03-10`. */
export function tradeLine(t: Messages, language: Language, trade: Trade): string {
  return t.tradeLine(
    trade.side,
    formatQuantity(trade.quantity, language),
    escapeHtml(trade.symbol),
    formatPrice(trade.price, language),
    escapeHtml(trade.currency),
    trade.fees.gt(0) ? formatMoney(trade.fees, language) : '',
    trade.executedAt.slice(0, 10),
  );
}

/** The refusal of a trade past a per-trade limit, with the `/rules set` that would let it through. */
export function limitRefusal(t: Messages, language: Language, breach: TradeLimitBreach): string {
  // The smallest whole limit that lets this trade through (a valid value of the rule: positive).
  const needed = breach.actual.round(0, 3).toFixed();
  const actual = breach.rule === 'maxTradeQuantity' ? formatQuantity(breach.actual, language) : formatMoney(breach.actual, language);
  const limit = formatNumber(breach.limit, language, { minDigits: 0, maxDigits: 6 });
  return t.tradeLimit(breach.rule, actual, limit, escapeHtml(breach.currency ?? ''), escapeHtml(`/rules set ${breach.rule} ${needed}`));
}
