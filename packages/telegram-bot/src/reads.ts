/**
 * The reads a command starts with, sent together with the rules read. The rules only word the reply
 * and bound a trade, so a command that waited for them before its own reads would make every reply
 * after a quiet minute (the rules cache has expired) wait one storage round trip more.
 */
import type { Command, DocumentRead, LedgerEntry, QuoteBatch } from '@tradebot/core-domain';
import type { Services, Turn } from './turn';

/** What a buy checks before recording: the blacklist, and whether the price source knows the ticker. */
export interface BuyChecks {
  readonly blacklist: DocumentRead<readonly string[]>;
  /** The quote batch, or why the price source did not answer (a buy is recorded anyway). */
  readonly lookup: { readonly ok: true; readonly batch: QuoteBatch } | { readonly ok: false; readonly error: unknown };
}

/** Reads started before the rules were known (each optional: a command may need none). */
export interface EarlyReads {
  /** The chat's ledger. */
  readonly entries?: Promise<LedgerEntry[]>;
  /** A buy's checks, for its symbol. */
  readonly buyChecks?: Promise<BuyChecks>;
}

/** A promise whose rejection is handled where it is awaited, and not reported as unhandled meanwhile. */
export function early<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/**
 * Starts the reads `command` begins with. Use it as soon as the command is parsed, before awaiting
 * the rules; the handlers then take them from `turn.early` (`ledgerEntries`, `buyChecks`).
 */
export function startReads(s: Services, chatId: string, command: Command): EarlyReads {
  switch (command.name) {
    case 'trade':
      // A sale reads the ledger first (for the splits it must see, `applyMarketSplits`).
      return command.side === 'buy' ? { buyChecks: early(checkBuy(s, command.symbol)) } : { entries: early(s.deps.ledger.list(chatId)) };
    case 'portfolio':
    case 'balance':
    case 'stats':
    case 'undo':
    case 'export':
    case 'performance':
      return { entries: early(s.deps.ledger.list(chatId)) };
    default:
      return {};
  }
}

/** The chat's ledger: the read started with the rules, else one started now. */
export function ledgerEntries(s: Services, turn: Turn): Promise<LedgerEntry[]> {
  return turn.early.entries ?? s.deps.ledger.list(turn.chatId);
}

/** A buy's checks: those started with the rules, else checks started now. */
export function buyChecks(s: Services, turn: Turn, symbol: string): Promise<BuyChecks> {
  return turn.early.buyChecks ?? checkBuy(s, symbol);
}

/** The blacklist and the quote of `symbol`, asked at once (they are independent). */
async function checkBuy(s: Services, symbol: string): Promise<BuyChecks> {
  const [blacklist, lookup] = await Promise.all([
    s.blacklist.read(),
    s.prices.quotes([symbol]).then(
      (batch) => ({ ok: true as const, batch }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  ]);
  return { blacklist, lookup };
}
