import {
  BusyError,
  CorruptDocumentError,
  DEFAULT_CHART_RANGE,
  DEFAULT_RULES,
  normaliseTicker,
  SCAN_LIMIT,
  documentNotice,
  isCommandText,
  parseCommand,
  utcDay,
  type BlacklistRepository,
  type Clock,
  type ClosingPrices,
  type Command,
  type DocumentProblem,
  type LinkSigner,
  type Logger,
  type ModelSpend,
  type ProposalStore,
  type TradeInterpreter,
  type PriceAlertStore,
  type PriceFeed,
  type LessonsRepository,
  type NotificationSettingsRepository,
  type Rules,
  type RulesRepository,
  type ScanRepository,
  type SnapshotRepository,
  type TipsRepository,
  type TradeLedger,
} from '@tradebot/core-domain';
import { Telegraf } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { alert, alertList, rearm, REARM_CALLBACK } from './commands/alerts';
import { chart } from './commands/chart';
import { dividend } from './commands/income';
import type { ChartRenderer } from './charts/png';
import { lessonsShow, notifySet, notifyShow } from './commands/notify';
import { blacklistChange, blacklistList, exportLinks, scan, tipsAdd, tipsList, tipsRemove } from './commands/lists';
import { ruleSet, rulesReset, rulesShow } from './commands/rules';
import { trade, undo, undoAsk } from './commands/trades';
import { performance } from './commands/performance';
import { balance, portfolio, stats } from './commands/views';
import { CachedDocument } from './document-cache';
import { escapeHtml } from './format';
import { messagesFor } from './messages';
import { cachePriceFeed } from './price-cache';
import { deliverMessages, outgoingMessages, sendHtml } from './send';
import { kindOf, noteProblem, type CommandResult, type Keyboard, type Reply, type Services, type Turn } from './turn';
import { PROPOSAL_CALLBACK, proposalTap, sellHalfProposal, talk, type CallbackAnswer } from './commands/talk';
import { callbackKind, helpWithButtons, HELP_CALLBACK, POSITION_CALLBACK, SCAN_CALLBACK, tipsFor, UNDO_CALLBACK } from './commands/buttons';
import { early, startReads, type EarlyReads } from './reads';


/** Default `/undo` window: a mistyped trade is usually noticed the same day. */
export const DEFAULT_UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The ports the bot's commands use; whoever builds the bot (a Lambda, a test) provides the adapters. */
export interface BotPorts {
  readonly ledger: TradeLedger;
  readonly rules: RulesRepository;
  /** `config/notifications.json`: `/notify`. */
  readonly notifications: NotificationSettingsRepository;
  /** `learning/patterns_learned.json`: `/lessons`. */
  readonly lessons: LessonsRepository;
  readonly blacklist: BlacklistRepository;
  readonly tips: TipsRepository;
  readonly snapshots: SnapshotRepository;
  readonly scans: ScanRepository;
  readonly links: LinkSigner;
  readonly prices: PriceFeed;
  /** The chats' price alerts (`/alert`, `/alerts`, the re-arm button). */
  readonly alerts?: PriceAlertStore;
  /**
   * Renders `/chart` pictures. Optional: without one `/chart` says charts are unavailable and every
   * other command works. Load nothing heavy until `render` is called (see `createResvgRenderer`).
   */
  readonly charts?: ChartRenderer;
  /** Daily closes back to the first trade, for `/performance` (cached by the adapter: build it once per process). */
  readonly closes: ClosingPrices;
  /**
   * Plain-language proposals waiting for Confirm / Edit / Cancel. Without it plain text gets the
   * "I understand commands" answer (no proposal can be kept for its buttons).
   */
  readonly proposals?: ProposalStore;
  /** Reads plain text the deterministic reader cannot (Claude with the trade tools). Absent: no API key. */
  readonly interpreter?: TradeInterpreter;
  /** The month's model spend, checked against `analysis.monthlyBudgetUsd` before each reading. */
  readonly modelSpend?: ModelSpend;
}

/** The reads `readAhead` started for one message, kept until its handler takes them. */
interface ReadsAhead {
  readonly chatId: string;
  readonly text: string;
  readonly early: EarlyReads;
  readonly rules: Promise<{ rules: Rules; problem: DocumentProblem | null }>;
}

/** The Telegraf bot `createBot` builds, with the webhook's read-ahead hook. */
export type TradebotTelegraf = Telegraf & {
  /**
   * Starts the reads a served chat's command begins with (the rules, a buy's blacklist, a sale's or
   * `/undo`'s ledger), before `handleUpdate` is called for `update`; the handler then takes them
   * instead of reading again. Use it where something else must happen first and can go out at the
   * same time: the webhook's idempotency claim. Reads only; nothing is written or sent. Call the
   * returned function once the update is handled or will not be (a duplicate): it drops reads not
   * taken, so nothing stays behind. Does nothing for updates the bot would not read for.
   */
  readAhead(update: unknown): () => void;
};

/** Everything the bot needs; it does no wiring itself, so tests and Lambdas inject adapters. */
export interface BotDependencies extends BotPorts {
  /** The bot token (for Bot API calls). */
  readonly token: string;
  /** The bot's own user, preset so a cold start does not call `getMe`. */
  readonly botInfo: UserFromGetMe;
  /** Bot API root; defaults to `https://api.telegram.org` (tests: the local server's `apiRoot`). */
  readonly apiRoot?: string;
  /** Chat ids served; everyone else gets one polite refusal. Empty: nobody is served. */
  readonly allowedChatIds: readonly (string | number)[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long after recording a trade `/undo` may void it. Default 24 h. */
  readonly undoWindowMs?: number;
  /** How long rules (language, base currency) are reused before re-reading S3. Default 60 s. */
  readonly rulesCacheMs?: number;
  /** How long the blacklist a buy is checked against is reused before re-reading S3 (this instance's own changes count at once). Default 60 s. */
  readonly blacklistCacheMs?: number;
  /** Validity of `/scan` and `/export` links. Default 1 h. */
  readonly linkExpirySeconds?: number;
  /** How long a fetched quote is reused (0: always ask the feed). Default 15 s. */
  readonly quoteCacheMs?: number;
  /**
   * Takes the replies instead of sending them. Default: none, so each reply is sent at once
   * (`sendHtml`) and a failure is only logged. A webhook that must know whether its reply was
   * delivered passes one that collects the update's replies, then sends them with
   * `deliverMessages` (retries, an outcome) and keeps them with the update's idempotency record.
   */
  readonly outbox?: (chatId: string, html: string, photo?: Uint8Array, keyboard?: Keyboard) => void;
}


/**
 * Builds the Telegraf bot: authorization, every command of core-domain's grammar, replies in HTML
 * (English or Spanish per `config/rules.json`). Use it once per process (module scope in a Lambda)
 * and feed it updates with `bot.handleUpdate(update)`; it never calls `getMe` (botInfo is preset).
 * A command that fails on a dependency tells the user nothing was recorded and logs the error;
 * `handleUpdate` resolves in every case, so the webhook can answer 200.
 */
export function createBot(deps: BotDependencies): TradebotTelegraf {
  const bot = new Telegraf(deps.token, { telegram: { apiRoot: deps.apiRoot ?? 'https://api.telegram.org', webhookReply: false } });
  bot.botInfo = deps.botInfo;
  const allowed = new Set(deps.allowedChatIds.map(String));
  // One refusal per unknown chat per process (cold start): enough to be polite, too little to spam.
  const refused = new Set<string>();
  const log = deps.logger;
  const cacheFor = (name: string, ttlMs: number) => ({ ttlMs, clock: deps.clock, logger: log, name });
  const rules = new CachedDocument(deps.rules, cacheFor('rules', deps.rulesCacheMs ?? 60_000));
  const blacklist = new CachedDocument(deps.blacklist, cacheFor('blacklist', deps.blacklistCacheMs ?? 60_000));

  /**
   * The rules for this turn. Rules only choose the language, currency and alert levels: a broken
   * rules file must not block the journal, so an invalid file gives the defaults and a problem the
   * reply mentions. A store that does not answer gives the last rules read, else the defaults.
   */
  async function currentRules(): Promise<{ rules: Rules; problem: DocumentProblem | null }> {
    const read = await rules.read();
    return { rules: read.value, problem: read.ok ? null : read.problem };
  }

  /** Appends, once each, the notices of the optional documents the turn went without. */
  function withNotices(turn: Turn, html: string): string {
    if (turn.problems.length === 0 && turn.notices.length === 0) return html;
    const notices = turn.problems.map((problem) => `<i>⚠️ ${escapeHtml(documentNotice(problem, turn.language))}</i>`);
    return [html, ...turn.notices, ...notices].join('\n\n');
  }

  async function reply(turn: Pick<Turn, 'ctx' | 'chatId'>, html: string, photo?: Uint8Array, keyboard?: Keyboard): Promise<void> {
    if (deps.outbox) {
      deps.outbox(turn.chatId, html, photo, keyboard);
      return;
    }
    try {
      if (photo || keyboard) {
        const delivery = await deliverMessages(turn.ctx.telegram, outgoingMessages(turn.chatId, html, photo, keyboard), { maxRetries: 0, budgetMs: Infinity, attemptTimeoutMs: Infinity });
        if (delivery.outcome !== 'delivered') throw delivery.error;
      } else {
        await sendHtml(turn.ctx.telegram, turn.chatId, html);
      }
    } catch (error) {
      log.error({ err: error, chatId: turn.chatId }, 'could not send reply');
    }
  }

  const services: Services = {
    deps,
    log,
    prices: cachePriceFeed(deps.prices, deps.quoteCacheMs ?? 15_000, deps.clock),
    undoWindowMs: deps.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS,
    linkExpirySeconds: deps.linkExpirySeconds ?? 3600,
    forgetRules: () => rules.forget(),
    blacklist,
    splitChecks: new Map(),
  };

  bot.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    const id = String(chatId);
    if (allowed.has(id)) return next();
    log.warn({ chatId: id, updateId: ctx.update.update_id }, 'update from a chat that is not allowed');
    if (refused.has(id) || ctx.chat?.type !== 'private') return;
    refused.add(id);
    const { rules } = await currentRules().catch(() => ({ rules: DEFAULT_RULES }));
    await reply({ ctx, chatId: id }, messagesFor(rules.language).privateBot(escapeHtml(id)));
  });

  /**
   * A turn for an update of chat `chatId`: its rules, language and what it went without.
   * `early` holds the reads a parsed command started before the rules were read.
   */
  async function turnFor(ctx: Turn['ctx'], chatId: string, messageAt: string, early: EarlyReads = {}, rulesRead = currentRules()): Promise<Turn> {
    const { rules, problem } = await rulesRead;
    const turn: Turn = {
      ctx,
      chatId,
      updateId: ctx.update.update_id,
      rules,
      language: rules.language,
      t: messagesFor(rules.language),
      messageAt,
      early,
      problems: [],
      notices: [],
    };
    if (problem) noteProblem(services, turn, problem);
    return turn;
  }

  /** Sends a reply (text, text with buttons, or a picture), the turn's notices after it. */
  const answerWith = (turn: Turn, content: Reply): Promise<void> =>
    typeof content === 'string'
      ? reply(turn, withNotices(turn, content))
      : 'photo' in content
        ? reply(turn, withNotices(turn, content.caption), content.photo)
        : reply(turn, withNotices(turn, content.html), undefined, content.keyboard);

  /** What a failed dependency makes the bot say, by whether the work could have written. */
  function failureHtml(turn: Turn, error: unknown, kind: 'read' | 'write'): string {
    if (error instanceof CorruptDocumentError) return turn.t.corruptDocument(escapeHtml(error.key));
    if (error instanceof BusyError) return turn.t.busy;
    return kind === 'write' ? turn.t.couldNotSave : turn.t.couldNotRead;
  }

  /** Reads started for updates not handled yet (`readAhead`), by update id; taken by the handler or discarded. */
  const readsAhead = new Map<number, ReadsAhead>();

  function takeReadsAhead(updateId: number, chatId: string, text: string): ReadsAhead | undefined {
    const ahead = readsAhead.get(updateId);
    if (!ahead) return undefined;
    readsAhead.delete(updateId);
    // Only for the message they were started for (an update id is one message).
    return ahead.chatId === chatId && ahead.text === text ? ahead : undefined;
  }

  function readAhead(update: unknown): () => void {
    const message = (update as { update_id?: unknown; message?: { text?: unknown; chat?: { id?: unknown } } } | null)?.message;
    const updateId = (update as { update_id?: unknown }).update_id;
    const text = message?.text;
    const chat = message?.chat?.id;
    const nothing = (): void => undefined;
    if (typeof updateId !== 'number' || typeof text !== 'string' || (typeof chat !== 'number' && typeof chat !== 'string')) return nothing;
    const chatId = String(chat);
    // Only what the handler would read: a served chat's parsed command.
    if (!allowed.has(chatId) || !isCommandText(text)) return nothing;
    const parsed = parseCommand(text, { botUsername: deps.botInfo.username, today: utcDay(deps.clock.now()) });
    if (!parsed.ok) return nothing;
    const ahead: ReadsAhead = { chatId, text, early: startReads(services, chatId, parsed.value), rules: early(currentRules()) };
    readsAhead.set(updateId, ahead);
    return () => {
      if (readsAhead.get(updateId) === ahead) readsAhead.delete(updateId);
    };
  }

  bot.on('text', async (ctx) => {
    const chatId = String(ctx.chat.id);
    const text = ctx.message.text;
    const parseOptions = { botUsername: deps.botInfo.username, today: utcDay(deps.clock.now()) };
    // Whether a message parses does not depend on the language (only a refusal's wording does), so
    // the command is known before the rules are: its first reads go out alongside the rules read.
    const parsed = isCommandText(text) ? parseCommand(text, parseOptions) : null;
    // Reads a webhook started with the update's idempotency claim (`readAhead`), else started now.
    const ahead = takeReadsAhead(ctx.update.update_id, chatId, text);
    const early = ahead?.early ?? (parsed?.ok ? startReads(services, chatId, parsed.value) : {});
    const turn = await turnFor(ctx, chatId, new Date(ctx.message.date * 1000).toISOString(), early, ahead?.rules);
    const { t, language } = turn;
    if (!parsed) {
      if (!deps.proposals) {
        await answerWith(turn, t.notACommand);
        return;
      }
      try {
        const result = await talk(services, turn, text);
        await answerWith(turn, result.ok ? result.value : result.error.html);
      } catch (error) {
        log.error({ err: error, chatId, updateId: turn.updateId }, 'plain text failed on a dependency');
        await answerWith(turn, failureHtml(turn, error, 'write'));
      }
      return;
    }
    if (!parsed.ok) {
      // The refusal in the rules' language (the first parse used the parser's default, English).
      const worded = language === 'en' ? parsed : parseCommand(text, { ...parseOptions, language });
      const error = worded.ok ? parsed.error : worded.error;
      await answerWith(turn, t.usageError(escapeHtml(error.message), escapeHtml(error.example)));
      return;
    }
    const command = parsed.value;
    try {
      const result = await run(turn, command);
      // A refusal is an answer like any other: it says why nothing was done.
      await answerWith(turn, result.ok ? result.value : result.error.html);
    } catch (error) {
      log.error({ err: error, chatId, updateId: turn.updateId, command: command.name }, 'command failed on a dependency');
      await answerWith(turn, failureHtml(turn, error, kindOf(command)));
    }
  });

  // Every inline button: one dispatcher, one prefix per kind (`callbackKind`). The data only says
  // which thing in this chat the button is about; the thing is looked up (a proposal, the last
  // trade, an alert, a held position), so a forged callback can only reach this (allowed) chat's
  // own data, and every check runs again. Every tap is answered, an expired or unknown one too.
  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const data = 'data' in query && typeof query.data === 'string' ? query.data : '';
    const chatId = ctx.chat?.id;
    const answerTap = (toast: string): Promise<unknown> =>
      ctx.answerCbQuery(toast.replace(/<[^>]+>/g, '').slice(0, 200) || undefined).catch((error: unknown) => log.warn({ err: error }, 'could not answer a callback query'));
    if (chatId === undefined) {
      await answerTap('');
      return;
    }
    const turn = await turnFor(ctx, String(chatId), deps.clock.now().toISOString());
    let answer: CallbackAnswer;
    try {
      answer = await tap(turn, data);
    } catch (error) {
      log.error({ err: error, chatId: turn.chatId, updateId: turn.updateId, data }, 'button failed on a dependency');
      answer = { toast: failureHtml(turn, error, callbackKind(data)), reply: null };
    }
    // The toast answers the tap (Telegram shows a spinner until it does); a message stays in the chat.
    await answerTap(answer.toast);
    if (answer.reply !== null) await answerWith(turn, answer.reply);
  });

  /** What a tap on a button with `data` does. */
  async function tap(turn: Turn, data: string): Promise<CallbackAnswer> {
    const s = services;
    const words = turn.t.talk;
    const asMessage = (result: CommandResult): CallbackAnswer => ({ toast: '', reply: result.ok ? result.value : result.error.html });
    const rearmMatch = REARM_CALLBACK.exec(data);
    if (rearmMatch) {
      // A refusal (the alert is gone) is said on the button only.
      const result = await rearm(s, turn, Number(rearmMatch[1]));
      return result.ok ? { toast: result.value.toast, reply: result.value.html } : { toast: result.error.html, reply: null };
    }
    const proposal = PROPOSAL_CALLBACK.exec(data);
    if (proposal) return proposalTap(s, turn, proposal[1] as 'y' | 'e' | 'n', proposal[2]!);
    const undoMatch = UNDO_CALLBACK.exec(data);
    if (undoMatch) {
      if (undoMatch[1] === 'n') return { toast: '', reply: words.undoCancelled };
      const result = await undo(s, turn, Number(undoMatch[2]));
      return result.ok ? { toast: '', reply: result.value } : { toast: result.error.html, reply: null };
    }
    const scanMatch = SCAN_CALLBACK.exec(data);
    if (scanMatch) {
      // The page size comes back from the button: held to what /scan N accepts.
      const size = Math.min(Math.max(Number(scanMatch[2]), SCAN_LIMIT.min), SCAN_LIMIT.max);
      return asMessage(await scan(s, turn, size, Number(scanMatch[1])));
    }
    const position = POSITION_CALLBACK.exec(data);
    const symbol = position ? normaliseTicker(position[2]!) : null;
    if (position && symbol) {
      if (position[1] === 's') return asMessage(await sellHalfProposal(s, turn, symbol));
      if (position[1] === 't') return asMessage(await tipsFor(s, turn, symbol));
      return asMessage(await chart(s, turn, { name: 'chart', target: { kind: 'symbol', symbol }, range: DEFAULT_CHART_RANGE }));
    }
    const helpMatch = HELP_CALLBACK.exec(data);
    const command = helpMatch ? parseCommand(`/${helpMatch[1]}`) : null;
    if (command?.ok && kindOf(command.value) === 'read') return asMessage(await run(turn, command.value));
    if (command?.ok && command.value.name === 'undo') return asMessage(await undoAsk(s, turn));
    return { toast: words.expired, reply: null };
  }

  // Photos, stickers, voice notes...: say what the bot understands instead of staying silent.
  bot.on('message', async (ctx) => {
    const { rules } = await currentRules();
    await reply({ ctx, chatId: String(ctx.chat.id) }, messagesFor(rules.language).notACommand);
  });

  bot.catch((error, ctx) => {
    log.error({ err: error, updateId: ctx.update.update_id }, 'unhandled error in the bot');
  });

  async function run(turn: Turn, command: Command): Promise<CommandResult> {
    const s = services;
    switch (command.name) {
      case 'trade':
        return trade(s, turn, command);
      case 'undo':
        return undoAsk(s, turn);
      case 'dividend':
        return dividend(s, turn, command);
      case 'portfolio':
        return portfolio(s, turn);
      case 'balance':
        return balance(s, turn);
      case 'stats':
        return stats(s, turn, command.period);
      case 'performance':
        return performance(s, turn, command.period);
      case 'blacklist':
        return command.action === 'list' ? blacklistList(s, turn) : blacklistChange(s, turn, command.action, command.symbols, command.invalid);
      case 'tips':
        if (command.action === 'list') return tipsList(s, turn);
        if (command.action === 'add') return tipsAdd(s, turn, command.symbol, command.text);
        return tipsRemove(s, turn, command.id);
      case 'scan':
        return scan(s, turn, command.limit, 0);
      case 'export':
        return exportLinks(s, turn);
      case 'chart':
        return chart(s, turn, command);
      case 'alert':
        return alert(s, turn, command);
      case 'alerts':
        return alertList(s, turn);
      case 'rules':
        if (command.action === 'show') return rulesShow(s, turn);
        if (command.action === 'set') return ruleSet(s, turn, command.key, command.value);
        return rulesReset(s, turn, command.keys);
      case 'notify':
        return command.action === 'show' ? notifyShow(s, turn) : notifySet(s, turn, command.change);
      case 'lessons':
        return lessonsShow(s, turn);
      case 'help':
      case 'start':
        return helpWithButtons(turn, command.name);
    }
  }

  return Object.assign(bot, { readAhead });
}

/**
 * Whether an update may change stored data (a trade, `/undo`, a blacklist or tips change,
 * `/rules set|reset`, `/export`). Use it to spend idempotency records only where a redelivery could double-count:
 * a redelivered read command just answers again. A message that does not parse changes nothing
 * (it gets a usage reply), so it needs no record either. Pass `today` (`YYYY-MM-DD`, the date the
 * bot parses with) so a trade dated in the future, which the bot refuses, is not counted either.
 */
export function updateMayChangeData(update: unknown, botUsername?: string, today?: string): boolean {
  // A button that changes something (re-arm, a proposal's Confirm/Cancel, Confirm undo, Sell half's new proposal).
  const callback = (update as { callback_query?: { data?: unknown } } | null)?.callback_query;
  if (typeof callback?.data === 'string') return callbackKind(callback.data) === 'write';
  const message = (update as { message?: { text?: unknown } } | null)?.message;
  const text = message?.text;
  if (typeof text !== 'string') return false;
  // Plain text may store a proposal and spend on the model: a redelivery must not do either twice.
  if (!isCommandText(text)) return true;
  const parsed = parseCommand(text, { ...(botUsername ? { botUsername } : {}), ...(today ? { today } : {}) });
  if (!parsed.ok) return false;
  return kindOf(parsed.value) === 'write';
}
