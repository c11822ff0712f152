import {
  catalogueEntry,
  computeBalance,
  computeStats,
  pnlByPeriod,
  valuePortfolio,
  type Decimal,
  COMMAND_CATALOGUE,
  CorruptDocumentError,
  DEFAULT_RULES,
  DomainErrorCode,
  isCommandText,
  lastUndoable,
  parseCommand,
  replay,
  toPlain,
  type BlacklistRepository,
  type Clock,
  type Command,
  type EntryDraft,
  type Json,
  type LedgerState,
  type LinkSigner,
  type Logger,
  type PriceFeed,
  type Quote,
  type Rules,
  type RulesRepository,
  type ScanRepository,
  type SnapshotRepository,
  type TipsRepository,
  type Trade,
  type TradeEntry,
  type TradeLedger,
} from '@tradebot/core-domain';
import { Telegraf, type Context } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { escapeHtml, formatMoney, formatNumber, formatPct, formatPrice, formatQuantity, formatRatioPct, table, type Language } from './format';
import { messagesFor, type Messages } from './messages';
import { cachePriceFeed } from './price-cache';
import { sendHtml } from './send';

/** Where the positions snapshot lives (DESIGN.md data layout); `/export` links to it. */
export const POSITIONS_SNAPSHOT_KEY = 'portfolio/current_positions.json';

/** Default `/undo` window: a mistyped trade is usually noticed the same day. */
export const DEFAULT_UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Everything the bot needs; it does no wiring itself, so tests and Lambdas inject adapters. */
export interface BotDependencies {
  /** The bot token (for Bot API calls). */
  readonly token: string;
  /** The bot's own user, preset so a cold start does not call `getMe`. */
  readonly botInfo: UserFromGetMe;
  /** Bot API root; defaults to `https://api.telegram.org` (tests: the local server's `apiRoot`). */
  readonly apiRoot?: string;
  /** Chat ids served; everyone else gets one polite refusal. Empty: nobody is served. */
  readonly allowedChatIds: readonly (string | number)[];
  readonly ledger: TradeLedger;
  readonly rules: RulesRepository;
  readonly blacklist: BlacklistRepository;
  readonly tips: TipsRepository;
  readonly snapshots: SnapshotRepository;
  readonly scans: ScanRepository;
  readonly links: LinkSigner;
  readonly prices: PriceFeed;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long after recording a trade `/undo` may void it. Default 24 h. */
  readonly undoWindowMs?: number;
  /** How long rules (language, base currency) are reused before re-reading S3. Default 60 s. */
  readonly rulesCacheMs?: number;
  /** Validity of `/scan` and `/export` links. Default 1 h. */
  readonly linkExpirySeconds?: number;
  /** How long a fetched quote is reused (0: always ask the feed). Default 15 s. */
  readonly quoteCacheMs?: number;
}

/** A refusal the user caused: reply and stop, nothing was written. */
class Refusal extends Error {
  constructor(readonly html: string) {
    super('refused');
  }
}

/** Thrown inside a document `update` to abort it without writing. */
class NoChange extends Error {}

type ReadOrWrite = 'read' | 'write';

/** Whether a command changes stored data (decides the "nothing was recorded" wording). */
function kindOf(command: Command): ReadOrWrite {
  switch (command.name) {
    case 'trade':
    case 'undo':
    case 'export':
      return 'write';
    case 'blacklist':
    case 'tips':
      return command.action === 'list' ? 'read' : 'write';
    case 'portfolio':
    case 'balance':
    case 'stats':
    case 'scan':
    case 'help':
    case 'start':
      return 'read';
  }
}

interface Turn {
  readonly ctx: Context;
  readonly chatId: string;
  readonly updateId: number;
  readonly rules: Rules;
  readonly language: Language;
  readonly t: Messages;
  /** When Telegram received the message (ISO). */
  readonly messageAt: string;
  /** Work that may overlap the reply (the snapshot rewrite); awaited before the update completes. */
  readonly pending: Promise<void>[];
}

/**
 * Builds the Telegraf bot: authorization, every command of core-domain's grammar, replies in HTML
 * (English or Spanish per `config/rules.json`). Use it once per process (module scope in a Lambda)
 * and feed it updates with `bot.handleUpdate(update)`; it never calls `getMe` (botInfo is preset).
 * A command that fails on a dependency tells the user nothing was recorded and logs the error;
 * `handleUpdate` resolves in every case, so the webhook can answer 200.
 */
export function createBot(deps: BotDependencies): Telegraf {
  const bot = new Telegraf(deps.token, { telegram: { apiRoot: deps.apiRoot ?? 'https://api.telegram.org', webhookReply: false } });
  bot.botInfo = deps.botInfo;
  const allowed = new Set(deps.allowedChatIds.map(String));
  // One refusal per unknown chat per process (cold start): enough to be polite, too little to spam.
  const refused = new Set<string>();
  const undoWindowMs = deps.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS;
  const rulesCacheMs = deps.rulesCacheMs ?? 60_000;
  const linkExpirySeconds = deps.linkExpirySeconds ?? 3600;
  const log = deps.logger;
  const prices = cachePriceFeed(deps.prices, deps.quoteCacheMs ?? 15_000, deps.clock);
  let rulesCache: { rules: Rules; until: number } | null = null;

  async function currentRules(): Promise<Rules> {
    const now = deps.clock.now().getTime();
    if (rulesCache && rulesCache.until > now) return rulesCache.rules;
    try {
      const rules = await deps.rules.get();
      rulesCache = { rules, until: now + rulesCacheMs };
      return rules;
    } catch (error) {
      // Rules only choose the language and currency: a broken rules file must not block the journal.
      log.warn({ err: error }, 'rules unavailable, using defaults');
      return rulesCache?.rules ?? DEFAULT_RULES;
    }
  }

  async function reply(turn: Pick<Turn, 'ctx' | 'chatId'>, html: string): Promise<void> {
    try {
      await sendHtml(turn.ctx.telegram, turn.chatId, html);
    } catch (error) {
      log.error({ err: error, chatId: turn.chatId }, 'could not send reply');
    }
  }

  async function writeSnapshot(turn: Turn, state: LedgerState): Promise<void> {
    try {
      await deps.snapshots.putPositions(positionsSnapshot(turn.chatId, state, deps.clock.now()));
    } catch (error) {
      // The ledger is the truth and already has the entry; the snapshot is rebuilt on the next change.
      log.error({ err: error, chatId: turn.chatId }, 'positions snapshot not written after a ledger change');
    }
  }

  bot.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    const id = String(chatId);
    if (allowed.has(id)) return next();
    log.warn({ chatId: id, updateId: ctx.update.update_id }, 'update from a chat that is not allowed');
    if (refused.has(id) || ctx.chat?.type !== 'private') return;
    refused.add(id);
    const rules = await currentRules().catch(() => DEFAULT_RULES);
    await reply({ ctx, chatId: id }, messagesFor(rules.language).privateBot(escapeHtml(id)));
  });

  bot.on('text', async (ctx) => {
    const chatId = String(ctx.chat.id);
    const rules = await currentRules();
    const language: Language = rules.language;
    const turn: Turn = {
      ctx,
      chatId,
      updateId: ctx.update.update_id,
      rules,
      language,
      t: messagesFor(language),
      messageAt: new Date(ctx.message.date * 1000).toISOString(),
      pending: [],
    };
    const text = ctx.message.text;
    if (!isCommandText(text)) {
      await reply(turn, turn.t.notACommand);
      return;
    }
    const parsed = parseCommand(text, { botUsername: deps.botInfo.username, today: deps.clock.now().toISOString().slice(0, 10) });
    if (!parsed.ok) {
      await reply(turn, turn.t.usageError(escapeHtml(parsed.error.message), escapeHtml(parsed.error.example)));
      return;
    }
    const command = parsed.value;
    try {
      await reply(turn, await run(turn, command));
    } catch (error) {
      if (error instanceof Refusal) {
        await reply(turn, error.html);
        return;
      }
      log.error({ err: error, chatId, updateId: turn.updateId, command: command.name }, 'command failed on a dependency');
      const html =
        error instanceof CorruptDocumentError
          ? turn.t.corruptDocument(escapeHtml(error.key))
          : kindOf(command) === 'write'
            ? turn.t.couldNotSave
            : turn.t.couldNotRead;
      await reply(turn, html);
    } finally {
      // A Lambda must not return while a write is still in flight.
      await Promise.all(turn.pending);
    }
  });

  bot.catch((error, ctx) => {
    log.error({ err: error, updateId: ctx.update.update_id }, 'unhandled error in the bot');
  });

  async function run(turn: Turn, command: Command): Promise<string> {
    switch (command.name) {
      case 'trade':
        return trade(turn, command);
      case 'undo':
        return undo(turn);
      case 'portfolio':
        return portfolio(turn);
      case 'balance':
        return balance(turn);
      case 'stats':
        return stats(turn, command.period);
      case 'blacklist':
        return command.action === 'list' ? blacklistList(turn) : blacklistChange(turn, command.action, command.symbols, command.invalid);
      case 'tips':
        if (command.action === 'list') return tipsList(turn);
        if (command.action === 'add') return tipsAdd(turn, command.symbol, command.text);
        return tipsRemove(turn, command.id);
      case 'scan':
        return scan(turn, command.limit);
      case 'export':
        return exportLinks(turn);
      case 'help':
        return help(turn.language, turn.t.helpTitle, turn.t.helpFooter);
      case 'start':
        return help(turn.language, turn.t.startTitle, turn.t.helpFooter);
    }
  }

  async function trade(turn: Turn, command: Extract<Command, { name: 'trade' }>): Promise<string> {
    const { t, language } = turn;
    const example = catalogueEntry(command.side).example;
    let currency = turn.rules.baseCurrency;
    let note = '';
    if (command.side === 'buy') {
      // Selling stays possible for anything held (a delisted or blacklisted stock must still be sold).
      // The blacklist and the price check are independent: ask both at once.
      const [blacklist, lookup] = await Promise.all([
        deps.blacklist.get(),
        prices.quotes([command.symbol]).then(
          (batch) => ({ ok: true as const, batch }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ]);
      if (blacklist.includes(command.symbol)) throw new Refusal(t.blacklisted(escapeHtml(command.symbol)));
      let quote: Quote | undefined;
      if (lookup.ok) {
        quote = lookup.batch.quotes.get(command.symbol);
        if (!quote && lookup.batch.missing.includes(command.symbol)) throw new Refusal(t.unknownTicker(escapeHtml(command.symbol), escapeHtml(example)));
        // Neither a quote nor "missing": the source failed for this symbol (feeds report it apart).
      } else {
        log.warn({ err: lookup.error, symbol: command.symbol }, 'price feed down; trade recorded without checking the ticker');
      }
      if (quote) currency = quote.currency;
      // The journal must not depend on Yahoo: record it, say the ticker was not checked.
      else note = `\n<i>${t.feedDownNote}</i>`;
    }
    const draft = (tradeCurrency: string): EntryDraft => ({
      kind: 'trade',
      updateId: turn.updateId,
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
    let result = await deps.ledger.append(turn.chatId, draft(currency));
    const held = !result.ok && result.error.code === DomainErrorCode.CurrencyMismatch ? result.error.context?.held : undefined;
    if (typeof held === 'string') {
      // The symbol is already held in another currency: that currency is the truth for this ledger.
      result = await deps.ledger.append(turn.chatId, draft(held));
    }
    if (!result.ok) throw new Refusal(t.refused(escapeHtml(result.error.message), escapeHtml(example)));

    const { entry, entries } = result.value;
    const state = replay(entries);
    // The ledger is the commit point; the snapshot rewrite overlaps the reply (it never throws).
    turn.pending.push(writeSnapshot(turn, state));
    const recorded = (entry as TradeEntry).trade;
    const lines = [command.side === 'buy' ? `<b>${t.bought}</b>` : `<b>${t.sold}</b>`, `#${entry.seq} ${tradeLine(t, language, recorded)}`];
    const position = state.positions.get(recorded.symbol);
    lines.push(
      position
        ? t.positionNow(formatQuantity(position.quantity, language), formatPrice(position.averageCost, language), escapeHtml(position.currency))
        : t.positionClosed,
    );
    if (command.side === 'sell') {
      const sale = state.closed.find((c) => c.seq === entry.seq);
      if (sale) lines.push(t.realizedOfSale(formatMoney(sale.pnl, language, true), formatRatioPct(sale.returnPct, language), escapeHtml(sale.currency)));
      const total = state.realizedBySymbol.get(recorded.symbol);
      if (total && sale && !total.eq(sale.pnl)) lines.push(t.realizedTotal(formatMoney(total, language, true), escapeHtml(recorded.currency)));
    }
    return lines.join('\n') + note;
  }

  async function undo(turn: Turn): Promise<string> {
    const { t, language } = turn;
    const entries = await deps.ledger.list(turn.chatId);
    const last = lastUndoable(entries);
    if (!last) throw new Refusal(t.nothingToUndo);
    const age = deps.clock.now().getTime() - Date.parse(last.recordedAt);
    if (age > undoWindowMs) {
      const opposite = `/${last.trade.side === 'buy' ? 'sell' : 'buy'} ${last.trade.symbol} ${toPlain(last.trade.quantity)} ${toPlain(last.trade.price)}`;
      throw new Refusal(t.undoTooOld(last.seq, last.recordedAt.slice(0, 16).replace('T', ' '), hoursText(undoWindowMs, language), escapeHtml(opposite)));
    }
    const result = await deps.ledger.append(turn.chatId, { kind: 'void', voids: last.seq, reason: 'undo', updateId: turn.updateId });
    if (!result.ok) throw new Refusal(t.refused(escapeHtml(result.error.message), '/undo'));
    turn.pending.push(writeSnapshot(turn, replay(result.value.entries)));
    return t.undone(last.seq, tradeLine(t, language, last.trade));
  }

  async function loadValued(turn: Turn): Promise<{ state: LedgerState; prices: ReadonlyMap<string, Decimal> }> {
    const state = replay(await deps.ledger.list(turn.chatId));
    const priced = new Map<string, Decimal>();
    const symbols = [...state.positions.keys()];
    if (symbols.length > 0) {
      try {
        const batch = await prices.quotes(symbols);
        for (const [symbol, quote] of batch.quotes) {
          // A price in another currency than the position's would be a wrong valuation: leave it unpriced.
          if (state.positions.get(symbol)?.currency === quote.currency) priced.set(symbol, quote.price);
        }
      } catch (error) {
        log.warn({ err: error }, 'price feed down; valuing at cost');
      }
    }
    return { state, prices: priced };
  }

  function unpricedNote(t: Messages, unpriced: readonly string[]): string {
    return unpriced.length > 0 ? `\n<i>${t.unpricedNote(escapeHtml(unpriced.join(', ')))}</i>` : '';
  }

  function mixedNote(currencies: readonly string[]): string {
    return currencies.length > 1 ? ` (${escapeHtml(currencies.join(' + '))})` : currencies.length === 1 ? ` (${escapeHtml(currencies[0]!)})` : '';
  }

  async function portfolio(turn: Turn): Promise<string> {
    const { t, language } = turn;
    const { state, prices } = await loadValued(turn);
    const valuation = valuePortfolio(state, prices);
    if (valuation.rows.length === 0) return t.emptyPortfolio;
    const rule = '-'.repeat(33);
    const c = t.portfolioColumns;
    const rows: string[] = [table([[c.ticker, c.qtyPrice]], [10, 22]), table([['', c.value, c.pnl, c.pnlPct, c.weight]], [1, 10, 9, 7, 4]), rule];
    const pct = (value: number | null): string => (value === null ? '—' : formatPct(value, language, true));
    for (const row of valuation.rows) {
      const head = `${formatQuantity(row.quantity, language)} @ ${row.price ? formatPrice(row.price, language) : '—'}`;
      rows.push(table([[row.symbol, head]], [10, 22]));
      rows.push(
        table(
          [['', formatMoney(row.marketValue, language), formatMoney(row.unrealizedPnl, language, true), pct(row.unrealizedPct), `${Math.round(row.weightPct)}%`]],
          [1, 10, 9, 7, 4],
        ),
      );
    }
    const totals = valuation.totals;
    rows.push(rule, `${t.total}${totals.currencies.length === 1 ? ` ${totals.currencies[0]}` : ''}`);
    rows.push(table([['', formatMoney(totals.marketValue, language), formatMoney(totals.unrealizedPnl, language, true), pct(totals.unrealizedPct)]], [1, 10, 9, 7]));
    return `${t.portfolioTitle}${totals.currencies.length > 1 ? mixedNote(totals.currencies) : ''}\n<pre>${escapeHtml(rows.join('\n'))}</pre>${unpricedNote(t, totals.unpriced)}`;
  }

  async function balance(turn: Turn): Promise<string> {
    const { t, language } = turn;
    const { state, prices } = await loadValued(turn);
    const b = computeBalance(state, prices);
    const r = t.balanceRows;
    const rows: [string, string][] = [
      [r.invested, formatMoney(b.invested, language)],
      [r.marketValue, formatMoney(b.marketValue, language)],
      [r.unrealized, formatMoney(b.unrealized, language, true)],
      [r.realized, formatMoney(b.realized, language, true)],
      [r.totalPnl, `${formatMoney(b.totalReturn, language, true)}`],
      [r.totalReturn, b.totalReturnPct === null ? '' : formatPct(b.totalReturnPct, language, true)],
      [r.fees, formatMoney(b.fees, language)],
      [r.bought, formatMoney(b.totalBought, language)],
      [r.sold, formatMoney(b.totalSold, language)],
    ];
    const currencies = b.currencies.length > 0 ? b.currencies : [turn.rules.baseCurrency];
    return `${t.balanceTitle}${mixedNote(currencies)}\n<pre>${escapeHtml(table(rows.filter((x) => x[1] !== ''), [18, 14]))}</pre>${unpricedNote(t, b.unpriced)}`;
  }

  async function stats(turn: Turn, period: 'day' | 'week' | 'month' | undefined): Promise<string> {
    const { t, language } = turn;
    const state = replay(await deps.ledger.list(turn.chatId));
    if (state.closed.length === 0) return t.noClosedTrades;
    if (period) {
      const rows = pnlByPeriod(state.closed, period)
        .slice(-24)
        .reverse()
        .map((g) => [g.period, formatMoney(g.pnl, language, true), `${g.wins}/${g.trades}`]);
      return `${t.periodTitle(escapeHtml(periodWord(period, language)))}\n<pre>${escapeHtml(table(rows, [10, 14, 7]))}</pre>`;
    }
    const s = computeStats(state.closed);
    const r = t.statsRows;
    const rows: string[][] = [
      [r.trades, `${s.closedTrades} (${s.wins}/${s.losses})`],
      [r.winRate, s.winRate === null ? '—' : formatPct(s.winRate * 100, language)],
      [r.realized, formatMoney(s.realizedPnl, language, true)],
      [r.average, formatMoney(s.expectancy, language, true)],
    ];
    if (s.profitFactor !== null) rows.push([r.profitFactor, Number.isFinite(s.profitFactor) ? formatNumber(s.profitFactor, language) : '∞']);
    if (s.bestByPnl) rows.push([`${r.best} ${s.bestByPnl.symbol}`, formatMoney(s.bestByPnl.pnl, language, true)]);
    if (s.worstByPnl && s.closedTrades > 1) rows.push([`${r.worst} ${s.worstByPnl.symbol}`, formatMoney(s.worstByPnl.pnl, language, true)]);
    rows.push([r.maxDrawdown, formatMoney(s.maxDrawdown.absolute.times(-1), language)]);
    return `${t.statsTitle}\n<pre>${escapeHtml(table(rows, [18, 14]))}</pre>`;
  }

  async function blacklistList(turn: Turn): Promise<string> {
    const list = [...(await deps.blacklist.get())].sort();
    if (list.length === 0) return turn.t.blacklistEmpty;
    return `${turn.t.blacklistTitle(list.length)}\n${escapeHtml(list.join(', '))}`;
  }

  async function blacklistChange(turn: Turn, action: 'add' | 'remove', symbols: readonly string[], invalid: readonly string[]): Promise<string> {
    const { t } = turn;
    let changed: string[] = [];
    let unchanged: string[] = [];
    try {
      await deps.blacklist.update((current) => {
        const present = new Set(current);
        changed = symbols.filter((s) => (action === 'add' ? !present.has(s) : present.has(s)));
        unchanged = symbols.filter((s) => !changed.includes(s));
        if (changed.length === 0) throw new NoChange();
        return action === 'add' ? [...current, ...changed] : current.filter((s) => !changed.includes(s));
      });
    } catch (error) {
      if (!(error instanceof NoChange)) throw error;
    }
    const lines: string[] = [];
    const list = (items: readonly string[]): string => escapeHtml(items.join(', '));
    if (changed.length > 0) lines.push(action === 'add' ? t.blacklistAdded(list(changed)) : t.blacklistRemoved(list(changed)));
    if (unchanged.length > 0) lines.push(action === 'add' ? t.blacklistAlreadyThere(list(unchanged)) : t.blacklistNotThere(list(unchanged)));
    if (invalid.length > 0) lines.push(t.invalidTickers(list(invalid), escapeHtml(`/blacklist ${action} TSLA`)));
    return lines.join('\n');
  }

  async function tipsList(turn: Turn): Promise<string> {
    const tips = await deps.tips.get();
    if (tips.length === 0) return turn.t.tipsEmpty(escapeHtml(catalogueEntry('tips').example));
    const lines = tips.map((tip) => `<b>#${tip.id}</b> ${escapeHtml(tip.symbol)} <i>(${tip.createdAt.slice(0, 10)})</i>\n${escapeHtml(tip.text)}`);
    return `${turn.t.tipsTitle}\n${lines.join('\n')}`;
  }

  async function tipsAdd(turn: Turn, symbol: string, text: string): Promise<string> {
    let id = 0;
    await deps.tips.update((current) => {
      id = current.reduce((max, tip) => Math.max(max, tip.id), 0) + 1;
      return [...current, { id, symbol, text, createdAt: deps.clock.now().toISOString() }];
    });
    return turn.t.tipAdded(id, escapeHtml(symbol));
  }

  async function tipsRemove(turn: Turn, id: number): Promise<string> {
    let symbol = '';
    try {
      await deps.tips.update((current) => {
        const tip = current.find((x) => x.id === id);
        if (!tip) throw new NoChange();
        symbol = tip.symbol;
        return current.filter((x) => x.id !== id);
      });
    } catch (error) {
      if (error instanceof NoChange) throw new Refusal(turn.t.tipNotFound(id));
      throw error;
    }
    return turn.t.tipRemoved(id, escapeHtml(symbol));
  }

  async function scan(turn: Turn, limit: number): Promise<string> {
    const { t, language } = turn;
    const [summary, blacklist] = await Promise.all([deps.scans.latest(), deps.blacklist.get()]);
    if (!summary) return t.noScan;
    const banned = new Set(blacklist);
    const available = summary.top.filter((row) => !banned.has(row.symbol));
    const top = available.slice(0, limit);
    const url = await deps.links.downloadUrl(summary.csvKey, linkExpirySeconds);
    const link = `<a href="${escapeHtml(url)}">${t.fullCsv}</a>`;
    if (top.length === 0) return `${t.scanAllBlacklisted}\n${link}`;
    const rows = top.map((row, i) => [`${i + 1}. ${row.symbol}`, `-${formatPct(row.drawdownPct, language)}`, formatPrice(row.lastClose, language)]);
    const fewer = top.length < limit ? `\n<i>${t.scanFewer(top.length)}</i>` : '';
    return `${t.scanTitle(top.length, escapeHtml(summary.date))}\n<pre>${escapeHtml(table(rows, [13, 8, 11]))}</pre>${fewer}\n${link}`;
  }

  async function exportLinks(turn: Turn): Promise<string> {
    const { t } = turn;
    const entries = await deps.ledger.list(turn.chatId);
    const csvKey = await deps.snapshots.putLedgerCsv(entries);
    await deps.snapshots.putPositions(positionsSnapshot(turn.chatId, replay(entries), deps.clock.now()));
    const [csvUrl, jsonUrl] = await Promise.all([
      deps.links.downloadUrl(csvKey, linkExpirySeconds),
      deps.links.downloadUrl(POSITIONS_SNAPSHOT_KEY, linkExpirySeconds),
    ]);
    return [
      t.exportTitle(entries.length),
      `• <a href="${escapeHtml(csvUrl)}">${t.ledgerCsv}</a>`,
      `• <a href="${escapeHtml(jsonUrl)}">${t.positionsJson}</a>`,
      `<i>${t.linksExpire(Math.round((linkExpirySeconds / 3600) * 10) / 10)}</i>`,
    ].join('\n');
  }

  return bot;
}

function tradeLine(t: Messages, language: Language, trade: Trade): string {
  const side = trade.side === 'buy' ? (language === 'es' ? 'Compra' : 'Buy') : language === 'es' ? 'Venta' : 'Sell';
  return t.tradeLine(
    side,
    formatQuantity(trade.quantity, language),
    escapeHtml(trade.symbol),
    formatPrice(trade.price, language),
    escapeHtml(trade.currency),
    trade.fees.gt(0) ? formatMoney(trade.fees, language) : '',
  );
}

function hoursText(ms: number, language: Language): string {
  const hours = Math.round(ms / 3_600_000);
  return language === 'es' ? `${hours} h` : `${hours} hours`;
}

function periodWord(period: 'day' | 'week' | 'month', language: Language): string {
  const words = { en: { day: 'day', week: 'week', month: 'month' }, es: { day: 'día', week: 'semana', month: 'mes' } } as const;
  return words[language][period];
}

/** `/help` and `/start`: every command with its aliases, what it does and one example. */
function help(language: Language, title: string, footer: string): string {
  const lines = COMMAND_CATALOGUE.map((entry) => {
    const names = [entry.command, ...entry.aliases].map((name) => `/${name}`).join(' · ');
    return `<b>${escapeHtml(names)}</b> — ${escapeHtml(entry.description[language])}\n<code>${escapeHtml(entry.example)}</code>`;
  });
  return `${title}\n\n${lines.join('\n\n')}\n\n<i>${escapeHtml(footer)}</i>`;
}

/**
 * The `portfolio/current_positions.json` document: open positions at average cost (no prices, so
 * writing it costs no market-data call). Plain decimal strings keep amounts exact.
 */
export function positionsSnapshot(portfolioId: string, state: LedgerState, at: Date): Json {
  return {
    portfolioId,
    generatedAt: at.toISOString(),
    positions: [...state.positions.values()].map((p) => ({
      symbol: p.symbol,
      currency: p.currency,
      quantity: toPlain(p.quantity),
      averageCost: toPlain(p.averageCost),
      costBasis: toPlain(p.costBasis),
      realizedPnl: toPlain(p.realizedPnl),
      openedAt: p.openedAt,
    })),
    realizedBySymbol: Object.fromEntries([...state.realizedBySymbol.entries()].map(([symbol, pnl]) => [symbol, toPlain(pnl)])),
    totalFees: toPlain(state.totalFees),
  };
}


/**
 * Whether an update may change stored data (a trade, `/undo`, a blacklist or tips change,
 * `/export`). Use it to spend idempotency records only where a redelivery could double-count:
 * a redelivered read command just answers again. Anything unparseable counts as a change, so the
 * cautious path is the default.
 */
export function updateMayChangeData(update: unknown, botUsername?: string): boolean {
  const message = (update as { message?: { text?: unknown } } | null)?.message;
  const text = message?.text;
  if (typeof text !== 'string') return false;
  if (!isCommandText(text)) return false;
  const parsed = parseCommand(text, botUsername ? { botUsername } : {});
  if (!parsed.ok) return false;
  return kindOf(parsed.value) === 'write';
}
