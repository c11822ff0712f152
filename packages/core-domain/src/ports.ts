/**
 * The ports: what the domain needs from the outside world. Adapters implement them
 * (`storage-*`, `market-data`, `llm-claude`, `telegram-bot`); only `fn-*` and `local-stack`
 * wire adapters to them. Every method may reject with a `DependencyError` (could not reach
 * the store) or `CorruptDocumentError` (stored data unreadable); expected refusals are `Result`s.
 */
import type { AnalysisUsage } from './daily';
import type { Decimal } from './decimal';
import type { DocumentRead, ReadableDocument } from './documents';
import type { CachedSeries } from './price-series';
import type { PriceRangeRequest } from './returns';
import type { DomainError } from './errors';
import type { LessonsDocument, LessonsInput, LessonsOutcome } from './lessons';
import type { NotificationSettings } from './notifications';
import type { LedgerState } from './ledger';
import type { Result } from './result';
import type { Rules, RulesDocument } from './rules';
import type { DailyLog } from './types/daily-log';
import type { ScanRow, ScanSummary } from './types/scan';
import type { Bar, EntryDraft, LedgerEntry, Quote, Split, Tip } from './types/trading';

/** Time, injected so the domain and the tests never read a wall clock. */
export interface Clock {
  now(): Date;
}

/**
 * A portfolio's append-only trade ledger. `append` validates the draft against the current
 * ledger (with `validateDraft`) immediately before a conditional write and retries a lost race.
 */
export interface TradeLedger {
  /** All entries of a portfolio in `seq` order. */
  list(portfolioId: string): Promise<LedgerEntry[]>;
  /** Appends after validation; a refusal (sale too large, unknown void target) is a `Result`. */
  append(portfolioId: string, draft: EntryDraft): Promise<Result<LedgerAppend, DomainError>>;
}

/**
 * A successful append: the new entry and the ledger including it (saves a re-read). When the
 * ledger already held an entry from the same source (the same Telegram `update_id` or import row,
 * e.g. a redelivered update whose first run died after writing), that entry is returned with
 * `alreadyRecorded: true` and nothing is written.
 */
export interface LedgerAppend {
  readonly entry: LedgerEntry;
  readonly entries: readonly LedgerEntry[];
  readonly alreadyRecorded?: boolean;
  /**
   * `replay(entries)`, when the ledger computed it while validating the entry (a written trade:
   * `replayWithTrade`). Use it instead of replaying `entries` again; replay them when it is absent.
   */
  readonly state?: LedgerState;
}

/** JSON-serialisable values, for idempotency records. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/**
 * Runs work at most once per key (a Telegram `update_id`, a daily run date). A repeat, even a
 * concurrent one, gets the first run's stored result; a run that throws releases the key.
 */
export interface IdempotencyStore {
  once<T extends Json>(key: string, work: () => Promise<T>): Promise<T>;
  /**
   * Replaces the stored result of a key whose work has completed, keeping its expiry. Use it when
   * something learnt after the work changes what a repeat must do (the webhook: "the stored reply
   * has now been delivered"). Never runs work and never creates a record: resolves false when the
   * key is unknown, expired or still in progress.
   */
  replaceResult<T extends Json>(key: string, result: T): Promise<boolean>;
}

/**
 * `config/rules.json`. A missing object yields `DEFAULT_RULES`. `get` rejects with
 * `CorruptDocumentError` when the file is invalid (use it where the rules are the subject, e.g.
 * before changing them); `read` never does: it yields `DEFAULT_RULES` and the problem (use it
 * wherever rules only steer something else: language, alerts, the scan).
 */
export interface RulesRepository extends ReadableDocument<Rules> {
  /** The rules in force: the stored document validated and completed with defaults. */
  get(): Promise<Rules>;
  /**
   * The stored document as written (only the rules someone set, not validated), `null` when there is
   * none. Use it to show where each rule comes from and to change one rule (`/rules set`) without
   * writing every default into the file. Throws `CorruptDocumentError` when it is not a JSON object.
   */
  getDocument(): Promise<RulesDocument | null>;
  /**
   * Replaces the stored document with `document` as given (a full `Rules` or only some rules; the
   * others keep following the defaults). Validated first: an invalid document is refused (thrown)
   * and nothing is written.
   */
  put(document: RulesDocument): Promise<void>;
  /**
   * Read-modify-write of the stored document, exclusive against other changes of it (a
   * `DocumentLock` where the adapter has one), so two concurrent `/rules set` never lose one.
   * `edit` gets the document as written (`null` when absent) and returns the document to store
   * (validated like `put`); throwing from `edit` aborts and writes nothing. Resolves to what was stored.
   */
  editDocument(edit: (current: RulesDocument | null) => RulesDocument): Promise<RulesDocument>;
}

/**
 * A document that is changed by read-modify-write. `update` reads first and writes only when the
 * read succeeded, so a corrupt object is never overwritten blindly.
 */
export interface EditableDocument<T> {
  get(): Promise<T>;
  update(change: (current: T) => T): Promise<T>;
}

/**
 * `external/tickers_blacklist.txt`: symbols the broker does not offer. Missing -> empty. `read`
 * yields an empty list and the problem when the file cannot be read (no blacklist check, said so).
 */
export interface BlacklistRepository extends EditableDocument<readonly string[]>, ReadableDocument<readonly string[]> {}

/** A note before the store numbers it. */
export type TipDraft = Omit<Tip, 'id'>;

/**
 * `external/user_tips.json`: the investor's notes. Missing -> empty; `read` yields an empty list
 * and the problem when the file cannot be read.
 */
export interface TipsRepository extends EditableDocument<readonly Tip[]>, ReadableDocument<readonly Tip[]> {
  /** Stores a note under a number never given before (not even to a note since removed). */
  add(tip: TipDraft): Promise<Tip>;
}

/** What a holder of a `DocumentLock` can check while it works. */
export interface DocumentLease {
  /** Whether the lease is still ours by the clock. Check it right before the write it guards; do not write when false. */
  held(): boolean;
}

/**
 * Mutual exclusion, across processes, for the read-modify-write of one shared object (an S3
 * document has no conditional writes we can rely on). A lease expires, so a holder that died
 * cannot block the others for longer than that. Use it around `EditableDocument.update`-style
 * changes and around anything two overlapping runs must not do twice.
 */
export interface DocumentLock {
  /**
   * Waits (bounded) until `name` is free, holds it while `work` runs, then releases it. Rejects
   * without running `work` when the wait bound passes. `onWait` is called once if it has to wait.
   */
  withLock<T>(name: string, work: (lease: DocumentLease) => Promise<T>, options?: { readonly onWait?: () => void }): Promise<T>;
}

/**
 * `config/notifications.json`: each chat's `/notify` settings. Missing -> everything on. `read`
 * never rejects: a corrupt file or a store that does not answer gives the defaults (everything
 * sent as usual) and the problem, so a job still sends and says why the settings were not applied.
 */
export interface NotificationSettingsRepository extends ReadableDocument<NotificationSettings> {
  /** The stored settings (validated); rejects with `CorruptDocumentError` when the file is invalid. */
  get(): Promise<NotificationSettings>;
  /**
   * Read-modify-write under the document's lease (when the adapter has a lock), so two concurrent
   * `/notify` never lose one. A corrupt file throws and nothing is written. Resolves to what was stored.
   */
  edit(change: (current: NotificationSettings) => NotificationSettings): Promise<NotificationSettings>;
}

/**
 * `learning/patterns_learned.json`: each chat's latest monthly review. Optional: `read` gives an
 * empty document and the problem when it cannot be read (the daily prompt goes without lessons).
 */
export interface LessonsRepository extends ReadableDocument<LessonsDocument> {
  get(): Promise<LessonsDocument>;
  /** Read-modify-write; a corrupt stored document throws and is never overwritten. */
  edit(change: (current: LessonsDocument) => LessonsDocument): Promise<LessonsDocument>;
}

/**
 * Reviews a month of closed trades for patterns (the monthly lessons). Implemented by `llm-claude`
 * (Claude, and the offline analyst that derives patterns from the facts alone).
 */
export interface LessonsReviewer {
  readonly model: string;
  /** The most the review can cost (0 offline). */
  worstCaseLessonsCostUsd(input: LessonsInput): Decimal;
  reviewLessons(input: LessonsInput): Promise<LessonsOutcome>;
}

/** Derived documents rewritten from the ledger; they are never the source of truth. */
export interface SnapshotRepository {
  /** `portfolio/current_positions.json`. */
  putPositions(snapshot: Json): Promise<void>;
  /** `history/operations_full.csv`; returns the key written. */
  putLedgerCsv(entries: readonly LedgerEntry[]): Promise<string>;
  /** `learning/monthly_performance.json`. */
  putMonthlyPerformance(rows: Json): Promise<void>;
}

/** Time-limited download links for stored objects. */
export interface LinkSigner {
  /** A presigned GET URL for `key`, valid for `expiresInSeconds` (default from config). */
  downloadUrl(key: string, expiresInSeconds?: number): Promise<string>;
}

/** `scans/drawdown/*`. */
export interface ScanRepository {
  /**
   * Writes the day's full CSV, then `latest.json` (so `latest.json` never points at a missing CSV),
   * unless `latest.json` already names a later date: a re-run of an earlier day never moves it back.
   */
  save(rows: readonly ScanRow[], summary: ScanSummary): Promise<void>;
  /** `latest.json`, or null when no scan ever ran; rejects with `CorruptDocumentError` when unreadable. */
  latest(): Promise<ScanSummary | null>;
  /** `latest.json` as an optional document: null and the problem when it cannot be read. */
  readLatest(): Promise<DocumentRead<ScanSummary | null>>;
}

/** `logs/daily_analysis_YYYY-MM-DD.json`, one per local date (`dailyLogSchema`). */
export interface DailyLogRepository {
  /** Replaces the date's log. A log that does not match `dailyLogSchema` is refused (thrown) and nothing is written. */
  put(date: string, log: DailyLog): Promise<void>;
  /** The date's log, or null when that date has none; rejects with `CorruptDocumentError` when the stored one does not match. */
  get(date: string): Promise<DailyLog | null>;
}

/** `market/...`: daily bars cached between scans so a daily run fetches only what is missing. */
export interface PriceHistoryCache {
  /** The cached bars of those of `symbols` that have any (a `CompactHistory` when many are loaded at once). */
  load(symbols: readonly string[]): Promise<ReadonlyMap<string, readonly Bar[]>>;
  /**
   * Stores each symbol's bars (the scan's window); bars a portfolio asked to keep (`keepFrom`) that
   * join up with them are kept (`mergeCachedSeries`), so trimming the window never evicts them.
   */
  save(series: ReadonlyMap<string, readonly Bar[]>): Promise<void>;
}

/**
 * The same cache with what each series covers and where it came from (`CachedSeries`), for readers
 * that need history further back than the scan's window (a portfolio's performance).
 */
export interface PriceSeriesCache extends PriceHistoryCache {
  /** The cached series of the symbols that have one (others are absent from the map). */
  loadSeries(symbols: readonly string[]): Promise<Map<string, CachedSeries>>;
  /** Stores each series merged with what is stored at that moment (`mergeCachedSeries`): nothing another writer added is lost. */
  saveSeries(series: ReadonlyMap<string, CachedSeries>): Promise<void>;
}

/** One symbol's daily closes as `ClosingPrices` gives them. */
export interface PriceSeries {
  /** Oldest first. */
  readonly bars: readonly Bar[];
  /** The prices' currency, from the source; absent when the source did not say. */
  readonly currency?: string;
  /** Some of the prices came from a simulated source (the local stand-in): a reply must say so. */
  readonly simulated: boolean;
}

/** What `ClosingPrices.closes` found. */
export interface ClosingPricesBatch {
  /** The last closed session: the series reach it when the source has it. */
  readonly through: string;
  /**
   * The series found. A symbol whose update failed may still be here with the bars cached earlier
   * (ending before `through`): its last close is then carried forward, and it is listed in `failed`.
   */
  readonly series: ReadonlyMap<string, PriceSeries>;
  /** Symbols the source did not know (`unknown`) or could not give now, with why (in English, for logs). */
  readonly failed: readonly { readonly symbol: string; readonly reason: string; readonly unknown: boolean }[];
}

/**
 * Daily closing prices reaching back as far as a portfolio needs (its first trade), for
 * performance. An adapter fetches each symbol and range at most once and keeps it (the price
 * history cache, and memory in a warm process).
 */
export interface ClosingPrices {
  /** Each symbol's closes from its `from` date through the last closed session. */
  closes(requests: readonly PriceRangeRequest[]): Promise<ClosingPricesBatch>;
}

/** Latest prices and daily history for symbols (Yahoo style). */
export interface PriceFeed {
  /** Latest quotes; symbols the source does not know are listed in `missing`. */
  quotes(symbols: readonly string[]): Promise<QuoteBatch>;
  /** Daily bars with `from <= date <= to` (`YYYY-MM-DD`), oldest first. */
  history(symbol: string, from: string, to: string): Promise<Bar[]>;
  /**
   * The splits of `symbol` effective `from <= date <= to`, oldest first (absent: the feed does not
   * know splits, and none are applied).
   */
  splits?(symbol: string, from: string, to: string): Promise<Split[]>;
}

/** Result of a quote request. */
export interface QuoteBatch {
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly missing: readonly string[];
}

/** Pushes a message to a chat. Adapters split long texts and escape nothing: `html` is ready. */
export interface Notifier {
  /** `silent`: delivered without a sound (Telegram's `disable_notification`), for `/notify` silent kinds and quiet hours. */
  send(chatId: string, html: string, options?: { readonly silent?: boolean }): Promise<void>;
  /** A picture (PNG) captioned with `html` (absent: the notifier sends no pictures, e.g. the morning chart is left out). */
  sendPhoto?(chatId: string, photo: Uint8Array, html: string, options?: { readonly silent?: boolean }): Promise<void>;
}

/** Secrets read at runtime (SSM SecureString in the cloud); never logged, never in env vars there. */
export interface Secrets {
  readonly telegramBotToken: string;
  readonly webhookSecretToken: string;
  /** Absent: the offline analyst is used. */
  readonly anthropicApiKey?: string;
  /** Chat ids the bot serves; empty means nobody (deny by default). */
  readonly allowedChatIds: readonly string[];
}

/** Loads secrets, caching them for a while. */
export interface SecretsProvider {
  get(): Promise<Secrets>;
}

/** Structured logger shape (pino satisfies it); the domain and adapters log through this. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Log paths that must never be written. Every logger is configured with these (pino `redact`),
 * so a secret that slips into a log object is censored centrally.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'telegramBotToken',
  'webhookSecretToken',
  'anthropicApiKey',
  'apiKey',
  'token',
  'secret',
  'password',
  'authorization',
  '*.telegramBotToken',
  '*.webhookSecretToken',
  '*.anthropicApiKey',
  '*.apiKey',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  '*.headers["x-telegram-bot-api-secret-token"]',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
];

/**
 * pino's `redact` option: every `REDACTED_LOG_PATHS` censored as `[redacted]`. Pass it to every
 * logger (`pino({ level, redact: LOG_REDACTION })`), so all of them censor the same way.
 */
export const LOG_REDACTION: { readonly paths: string[]; readonly censor: string } = { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' };

/** Where a plain-language proposal stands: waiting for a button, recorded, or dropped. */
export type ProposalStatus = 'open' | 'confirmed' | 'cancelled';

/**
 * A trade the bot proposed from a plain-language message, waiting for Confirm / Edit / Cancel. The
 * buttons carry only its `id`: the trade itself is read back from the store, never from the button.
 */
export interface Proposal {
  /** Unique per bot, never reused (built from the Telegram update that produced it). */
  readonly id: string;
  readonly chatId: string;
  /** The exact command understood, as the user could type it (`/sell NVDA 5 140 2026-11-27`). */
  readonly command: string;
  /**
   * The proposal as the tool call shape (`PROPOSE_TRADE_TOOL` input, relative quantity kept, date
   * anchored to a day), so a stale proposal is resolved afresh against the ledger as it is now.
   */
  readonly intent: Readonly<Record<string, string | null>>;
  /** When it was proposed (ISO); older than `PROPOSAL_TTL_MS` it is stale. */
  readonly createdAt: string;
  /** When the user sent the message (ISO): the trade's time when no date was said. */
  readonly messageAt: string;
  /** The chat ledger's last `seq` when proposed; a different one now makes it stale. */
  readonly ledgerSeq: number;
  readonly status: ProposalStatus;
}

/** Stored proposals. Every change is conditional, so two taps (or two devices) resolve to one outcome. */
export interface ProposalStore {
  /** Stores an open proposal; an `id` stored before is not overwritten (that stored one is returned). */
  create(proposal: Omit<Proposal, 'status'>): Promise<Proposal>;
  /** The proposal, or `null` when unknown (never stored, another chat's, or expired). */
  get(chatId: string, id: string): Promise<Proposal | null>;
  /** Closes an open proposal; resolves to the status it already had when it was not open (the first close wins). */
  close(chatId: string, id: string, status: Exclude<ProposalStatus, 'open'>): Promise<ProposalStatus>;
}

/** One model reading of a plain-language message: the tool it called (or none) and what it cost. */
export interface Interpretation {
  readonly call: { readonly name: string; readonly input: unknown } | null;
  readonly model: string;
  readonly usage: AnalysisUsage;
  readonly costUsd: Decimal;
}

/** Reads a message the deterministic reader could not, with the trade tools (`PROPOSE_TRADE_TOOL`). */
export interface TradeInterpreter {
  readonly model: string;
  /** The most reading `text` can cost (USD), checked against the monthly budget before calling. */
  worstCaseCostUsd(text: string): Decimal;
  /** Asks the model; rejects when it cannot be reached (the bot then says so, and nothing is proposed). */
  interpret(text: string, context: { readonly today: string; readonly language: Rules['language'] }): Promise<Interpretation>;
}

/**
 * The month's model spend shared by every model call (the daily analysis and the chat's readings),
 * against `analysis.monthlyBudgetUsd`.
 */
export interface ModelSpend {
  /** USD spent in `month` (`YYYY-MM`) so far. */
  spentUsd(month: string): Promise<Decimal>;
  /** Adds one call's cost; `ref` names the call (unique), so a repeat adds nothing. */
  add(month: string, costUsd: Decimal, ref: string): Promise<void>;
}
