import type { Clock, Logger, RulesInput, ScanRow, ScanSummary } from '@tradebot/core-domain';
import { startTelegramServer, startYahooServer, testAws, yahooFetch,
  makeCallbackQuery, makeUpdate, localDynamoClient, localS3Client, type TelegramServer, type TestAws, type YahooServer } from '@tradebot/local-stack';
import { CachedClosingPrices, YahooPriceFeed } from '@tradebot/market-data';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { createS3Documents } from '@tradebot/storage-s3';
import { createBot, type BotDependencies } from '../../src';

export const TOKEN = '7000000001:TEST-token';
export const CHAT = 424242;
export const STRANGER = 555;
/** Symbols the local Yahoo server knows; anything else is "not found". */
export const KNOWN = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'KO', 'PEP', 'BRK-B', 'JNJ'];

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Collects log lines so a test can see what was logged. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; obj: object; msg?: string }[] = [];
  debug(obj: object, msg?: string): void {
    this.lines.push({ level: 'debug', obj, ...(msg ? { msg } : {}) });
  }
  info(obj: object, msg?: string): void {
    this.lines.push({ level: 'info', obj, ...(msg ? { msg } : {}) });
  }
  warn(obj: object, msg?: string): void {
    this.lines.push({ level: 'warn', obj, ...(msg ? { msg } : {}) });
  }
  error(obj: object, msg?: string): void {
    this.lines.push({ level: 'error', obj, ...(msg ? { msg } : {}) });
  }
}

/** A port reached through a server that is not there (connection refused). */
export const DEAD_ENDPOINT = 'http://127.0.0.1:9';

export interface BotStack {
  readonly aws: TestAws;
  readonly telegram: TelegramServer;
  readonly yahoo: YahooServer;
  readonly clock: ManualClock;
  readonly logger: MemoryLogger;
  readonly deps: BotDependencies;
  readonly documents: ReturnType<typeof createS3Documents>;
  /** The bot as currently built (for hand-made updates). */
  bot(): ReturnType<typeof createBot>;
  /** Sends a text as the chat and waits for the bot to finish; returns the plain replies it produced. */
  say(text: string, chatId?: number): Promise<string[]>;
  /** Taps the button labelled like `label` under the chat's last message (a real callback_query); returns the replies. */
  tap(label: RegExp, chatId?: number): Promise<string[]>;
  /** The HTML of the last reply to a chat. */
  lastHtml(chatId?: number): string;
  /** Ledger entries of the chat. */
  entries(chatId?: number): Promise<readonly unknown[]>;
  /** Everything the bot can write, read back from the stores (to assert "nothing written"). */
  stored(chatId?: number): Promise<StoredState>;
  /** Rebuilds the bot with some dependencies replaced (dead stores). */
  rebuild(change: (deps: BotDependencies) => Partial<BotDependencies>): void;
  putRules(rules: RulesInput): Promise<void>;
  putScan(rows: readonly Omit<ScanRow, 'rank'>[], date?: string): Promise<ScanSummary>;
  stop(): Promise<void>;
}

/** What the bot can change, as plain JSON. */
export interface StoredState {
  readonly entries: readonly unknown[];
  readonly blacklist: readonly string[];
  readonly tips: readonly unknown[];
  readonly positions: unknown;
}

let nextUpdateId = 1;

/** Real S3 + DynamoDB (embedded), the local Telegram and Yahoo servers, and a bot wired to them. */
export async function botStack(options: { readonly start?: string; readonly allowed?: readonly number[] } = {}): Promise<BotStack> {
  const clock = new ManualClock(new Date(options.start ?? '2026-03-10T15:00:00Z'));
  const [aws, telegram, yahoo] = await Promise.all([
    testAws(),
    startTelegramServer({ token: TOKEN, botUsername: 'tradebot_test_bot' }),
    startYahooServer({ symbols: KNOWN, now: () => clock.now() }),
  ]);
  const logger = new MemoryLogger();
  const documents = createS3Documents({ client: aws.s3, bucket: aws.bucket });
  const prices = new YahooPriceFeed({ fetch: yahooFetch(yahoo), clock, maxRetries: 0, timeoutMs: 3000 });
  let deps: BotDependencies = {
    token: TOKEN,
    botInfo: { ...telegram.botInfo },
    apiRoot: telegram.apiRoot,
    allowedChatIds: options.allowed ?? [CHAT],
    ledger: new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock }),
    rules: documents.rules,
    notifications: documents.notifications,
    lessons: documents.lessons,
    blacklist: documents.blacklist,
    tips: documents.tips,
    snapshots: documents.snapshots,
    scans: documents.scans,
    links: documents.links,
    prices,
    closes: new CachedClosingPrices({ source: prices, cache: documents.priceHistory, clock }),
    clock,
    logger,
    rulesCacheMs: 0,
    blacklistCacheMs: 0,
    quoteCacheMs: 0,
  };
  let bot = createBot(deps);

  const stored = async (chatId = CHAT): Promise<StoredState> => {
    const [entries, blacklist, tips, positions] = await Promise.all([
      deps.ledger.list(String(chatId)),
      documents.blacklist.get(),
      documents.tips.get(),
      documents.snapshots.getPositions(),
    ]);
    return JSON.parse(JSON.stringify({ entries, blacklist, tips, positions })) as StoredState;
  };

  return {
    aws,
    telegram,
    yahoo,
    clock,
    logger,
    get deps() {
      return deps;
    },
    documents,
    bot: () => bot,
    async say(text, chatId = CHAT) {
      const before = telegram.messagesTo(chatId).length;
      await bot.handleUpdate(makeUpdate({ text, chatId, updateId: nextUpdateId++, date: Math.floor(clock.now().getTime() / 1000) }) as never);
      return telegram.messagesTo(chatId).slice(before).map((m) => m.plainText);
    },
    async tap(label, chatId = CHAT) {
      const all = telegram.messagesTo(chatId);
      const data = all.at(-1)?.inlineKeyboard?.flat().find((b) => label.test(b.text))?.callback_data;
      if (!data) throw new Error(`no button ${label} under the last message`);
      await bot.handleUpdate(makeCallbackQuery({ data, chatId, updateId: nextUpdateId++, date: Math.floor(clock.now().getTime() / 1000) }) as never);
      return telegram.messagesTo(chatId).slice(all.length).map((m) => m.plainText);
    },
    lastHtml(chatId = CHAT) {
      const all = telegram.messagesTo(chatId);
      return all[all.length - 1]?.text ?? '';
    },
    entries: (chatId = CHAT) => deps.ledger.list(String(chatId)),
    stored,
    rebuild(change) {
      deps = { ...deps, ...change(deps) };
      bot = createBot(deps);
    },
    putRules: (rules) => documents.rules.put(rules as never),
    async putScan(rows, date = '2026-03-09') {
      const ranked = rows.map((r, i) => ({ ...r, rank: i + 1 }));
      const summary: ScanSummary = {
        date,
        generatedAt: `${date}T11:00:00.000Z`,
        lookbackDays: 180,
        universeSize: rows.length,
        scanned: rows.length,
        failed: 0,
        skipped: 0,
        durationMs: 1000,
        csvKey: `scans/drawdown/${date}.csv`,
        top: ranked,
        failures: [],
      };
      await documents.scans.save(ranked, summary);
      return summary;
    },
    async stop() {
      await Promise.all([telegram.stop(), yahoo.close(), aws.destroy()]);
    },
  };
}

/** Clients on a port where nothing listens: every call fails like a dead S3 or DynamoDB. */
export function deadClients(): { s3: ReturnType<typeof localS3Client>; dynamo: ReturnType<typeof localDynamoClient> } {
  return { s3: localS3Client(DEAD_ENDPOINT), dynamo: localDynamoClient(DEAD_ENDPOINT) };
}

/** A scan row with plausible figures. */
export function scanRow(symbol: string, drawdownPct: number): Omit<ScanRow, 'rank'> {
  return {
    symbol,
    name: `${symbol} Inc.`,
    sector: 'Technology',
    lastClose: 100 - drawdownPct,
    lastDate: '2026-03-09',
    peakClose: 100,
    peakDate: '2025-11-03',
    drawdownPct,
    daysSincePeak: 126,
    lowClose: 50,
    aboveLowPct: 10,
    avgVolume20: 1_000_000,
  };
}
