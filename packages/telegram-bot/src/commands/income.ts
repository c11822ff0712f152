/** `/dividend`, and the splits the market data reports, applied to the ledger as entries of their own. */
import {
  amountIn,
  domainErrorMessage,
  effectiveTrades,
  replay,
  utcDay,
  type Command,
  type DividendEntry,
  type LedgerEntry,
  type LedgerState,
  type Split,
} from '@tradebot/core-domain';
import { escapeHtml, formatMoney, formatPrice, formatQuantity } from '../format';
import { refuse, reply, type CommandResult, type Services, type Turn } from '../turn';

/** `/dividend TICKER AMOUNT [WITHHELD] [DATE]`: cash received, in the symbol's own currency; never part of a cost. */
export async function dividend(s: Services, turn: Turn, command: Extract<Command, { name: 'dividend' }>): Promise<CommandResult> {
  const { t, language } = turn;
  const text = t.income;
  const entries = await s.deps.ledger.list(turn.chatId);
  // The symbol's own currency: the one it was traded in (a dividend is never converted or mixed).
  const traded = effectiveTrades(entries).filter((e) => e.trade.symbol === command.symbol);
  const currency = traded[traded.length - 1]?.trade.currency ?? turn.rules.baseCurrency;
  const result = await s.deps.ledger.append(turn.chatId, {
    kind: 'dividend',
    updateId: turn.updateId,
    dividend: {
      symbol: command.symbol,
      amount: command.amount,
      withholding: command.withholding,
      currency,
      paidAt: command.date ? `${command.date}T00:00:00.000Z` : turn.messageAt,
    },
  });
  if (!result.ok) return refuse(t.refused(escapeHtml(domainErrorMessage(result.error, language)), escapeHtml(text.example(command.symbol))));
  const entry = result.value.entry as DividendEntry;
  const state = replay(result.value.entries);
  const d = entry.dividend;
  const total = amountIn(state.dividendsBySymbol.get(d.symbol) ?? new Map(), d.currency);
  const lines = [
    text.recorded(entry.seq, escapeHtml(d.symbol), formatMoney(d.amount, language), escapeHtml(d.currency), d.withholding.gt(0) ? formatMoney(d.withholding, language) : '', utcDay(d.paidAt)),
    text.soFar(escapeHtml(d.symbol), formatMoney(total.amount, language), escapeHtml(d.currency)),
    text.costUnchanged,
  ];
  return reply(lines.join('\n'));
}

/** What `/undo` says of a dividend it voided. */
export function dividendUndoneLine(turn: Pick<Turn, 'language' | 't'>, entry: DividendEntry): string {
  const d = entry.dividend;
  return turn.t.income.undone(entry.seq, escapeHtml(d.symbol), formatMoney(d.amount, turn.language), escapeHtml(d.currency));
}

/** The import id of a split entry: one per symbol and date, so a split is applied once whoever finds it first. */
export const splitImportId = (split: Pick<Split, 'symbol' | 'effectiveDate'>): string => `split:${split.symbol}:${split.effectiveDate}`;

/**
 * Applies the splits the market data reports for the chat's open positions, each as a ledger entry
 * of its own (quantity x ratio, cost basis unchanged; history is never rewritten), and notes on the
 * turn what was applied so the reply tells the investor. Checked at most once a day per position
 * and instance; a split already in the ledger (`importId`) is not applied twice, across instances.
 * A feed without splits, or one that fails, changes nothing: the command goes on.
 * Returns the ledger as it is afterwards.
 */
export async function applyMarketSplits(s: Services, turn: Turn, entries: readonly LedgerEntry[]): Promise<readonly LedgerEntry[]> {
  return (await withMarketSplits(s, turn, entries)).entries;
}

/**
 * `applyMarketSplits`, then the ledger replayed as it is afterwards. Use it where a command needs
 * the replayed state (`/portfolio`, `/balance`, `/stats`): the replay the split check already made
 * is reused when no split was applied, so the ledger is folded once, not twice.
 */
export async function replayWithMarketSplits(s: Services, turn: Turn, entries: readonly LedgerEntry[]): Promise<LedgerState> {
  return (await withMarketSplits(s, turn, entries)).state();
}

async function withMarketSplits(s: Services, turn: Turn, entries: readonly LedgerEntry[]): Promise<{ entries: readonly LedgerEntry[]; state: () => LedgerState }> {
  const feed = s.prices;
  let replayed: { of: readonly LedgerEntry[]; state: LedgerState } | null = null;
  const stateOf = (of: readonly LedgerEntry[]): LedgerState => {
    if (replayed?.of !== of) replayed = { of, state: replay(of) };
    return replayed.state;
  };
  if (!feed.splits) return { entries, state: () => stateOf(entries) };
  const today = utcDay(s.deps.clock.now());
  let current = entries;
  const due = [...stateOf(current).positions.values()].filter((position) => s.splitChecks.get(`${turn.chatId}|${position.symbol}`) !== today);
  // The positions are asked at once (the feed keeps its own concurrency limit): a cold instance
  // with 30 positions waits for one round of requests, not thirty in a row.
  const answers = await Promise.all(
    due.map(async (position) => {
      const opened = utcDay(position.openedAt);
      try {
        // Splits after the day the holding was opened (a buy on a split's own day is in the new shares).
        const found: Split[] = (await feed.splits!(position.symbol, opened, today)).filter((split) => split.effectiveDate > opened);
        return { symbol: position.symbol, found };
      } catch (error) {
        s.log.warn({ err: error, symbol: position.symbol }, 'splits unavailable; checked again on the next command');
        return { symbol: position.symbol, found: null };
      }
    }),
  );
  for (const { symbol, found } of answers) {
    if (found === null) continue;
    s.splitChecks.set(`${turn.chatId}|${symbol}`, today);
    for (const split of found) {
      const importId = splitImportId(split);
      if (current.some((e) => e.importId === importId)) continue;
      const result = await s.deps.ledger.append(turn.chatId, { kind: 'split', split, importId });
      if (!result.ok) {
        s.log.warn({ symbol: split.symbol, error: result.error.message }, 'split not applied');
        continue;
      }
      current = result.value.entries;
      if (result.value.alreadyRecorded) continue;
      const after = stateOf(current).positions.get(split.symbol);
      if (after) {
        turn.notices.push(
          turn.t.income.split(
            escapeHtml(split.symbol),
            split.numerator,
            split.denominator,
            split.effectiveDate,
            formatQuantity(after.quantity, turn.language),
            formatPrice(after.averageCost, turn.language),
            escapeHtml(after.currency),
          ),
        );
      }
    }
  }
  const final = current;
  return { entries: final, state: () => stateOf(final) };
}
