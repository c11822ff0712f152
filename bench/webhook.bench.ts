/**
 * Webhook benches: the Lambda's webhook app on the local stack (embedded S3 and DynamoDB, local
 * Telegram and Yahoo servers), a chat holding 30 positions, warm instance.
 *
 * 1. Warm latency over 500 updates, a mix of `/portfolio`, `/buy` and `/stats`, and the storage
 *    requests (S3 + DynamoDB, counted in the SDK clients) each command costs.
 * 2. The latency model: the same mix again on clients that wait `DELAY_MS` (5 ms) before every
 *    storage request (local-stack's `traceRequests`, a middleware in the SDK clients), as a network
 *    round trip to DynamoDB or S3 in-region would. On the local stack a request costs well under a
 *    millisecond, so what the figures of this pass add up is the number of requests a reply waits
 *    for one after another. Per command: the reply's latency (update in -> the reply's
 *    `sendMessage` leaving, seen on Node's `http.client.request.start` diagnostics channel), the
 *    handler's (update in -> the webhook's HTTP answer, which Lambda bills and after which it may
 *    freeze the instance), and the sequential storage round trips before the reply and in all.
 *    Then every other command once, and `/buy` and `/portfolio` after a minute without messages
 *    (the bot's 60 s copies of the rules and the blacklist and its 15 s quote cache have expired: a
 *    personal bot's usual case).
 *
 * The stand-ins run in a child process, as DynamoDB, S3, Telegram and Yahoo run elsewhere in AWS:
 * their own CPU (dynalite's LevelDB, s3rver's files) is not the webhook's, and the CPU rows are the
 * app's alone. Wall-clock figures move with the machine's load (in the notes); the CPU rows barely do.
 *
 * The positions snapshot writer (fn-webhook's `snapshot.handler`, another Lambda in AWS, fed by the
 * ledger table's DynamoDB stream) is not run while the webhook is measured: the stand-ins' DynamoDB
 * has no stream here (local-stack's stream stand-in is not started), so nothing of it runs on the
 * app's path or in its process during the two passes, as in AWS, where it is billed and scheduled
 * apart. It is measured on its own afterwards (`webhook.snapshot_writer.*`): one stream batch of the
 * chat's ledger (30 positions) on clients of its own, against the same stand-ins.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import {
  connectLocalAws,
  countRequests,
  makeCallbackQuery,
  localDynamoClient,
  localS3Client,
  makeStreamRecord,
  makeUpdate,
  makeWebhookEvent,
  sequentialRoundTrips,
  startLocalAws,
  startTelegramServer,
  startYahooServer,
  traceRequests,
  watchReplies,
  yahooFetch,
  type LocalAws,
} from '@tradebot/local-stack';
import { portfolioKey, tradeKey } from '@tradebot/storage-dynamodb';
import { EnvSecretsProvider } from '@tradebot/storage-s3';
// Benches measure the Lambda's own app; its public wiring is imported by path (handler.ts reads the Lambda env).
import { createAdapters, createLogger, createSnapshotAdapters, createSnapshotConsumer, createWebhookApp, type WebhookApp } from '../packages/fn-webhook/src/public';
import { atMost, info, median, percentile, type BenchRow, type BenchSuite } from './lib';

const TOKEN = '7000000001:bench';
const SECRET = 'bench-secret-token';
const CHAT = 424242;
/** The latency-model pass writes to a chat of its own, so both passes see ledgers of the same size. */
const DELAYED_CHAT = 434343;
const POSITIONS = 30;
const UPDATES = 500;
const DELAYED_UPDATES = 300;
const DELAY_MS = 5;
/** More than the bot's rules and blacklist copies (60 s) and quote cache (15 s). */
const IDLE_MS = 61_000;
const IDLE_SAMPLES = 15;

const MIX = ['/portfolio', '/buy', '/stats'] as const;
type MixCommand = (typeof MIX)[number];

/** One update as the bench saw it. */
interface Sample {
  /** Update in -> the webhook's answer. */
  readonly ms: number;
  /** Update in -> the reply's `sendMessage` leaving the process (null: no reply was sent). */
  readonly replyMs: number | null;
  readonly requests: number;
  /** Storage requests waited for one after another before the reply left, and before the answer. */
  readonly replyTrips: number;
  readonly trips: number;
  /** CPU time of the process (the app) while it ran, and until the reply left. */
  readonly cpuMs: number;
  readonly replyCpuMs: number;
  readonly status: number;
}

/** Where the stand-ins of the child process listen. */
interface StandIns {
  readonly aws: { readonly s3Endpoint: string; readonly dynamoEndpoint: string; readonly tableName: string; readonly dataBucket: string; readonly directory: string };
  readonly telegram: { readonly apiRoot: string; readonly username: string };
  readonly yahoo: string;
}

type StandInMessage = { kind: 'ready'; standIns: StandIns } | { kind: 'report'; telegramErrors: number } | { kind: 'error'; message: string };

/** The child process: every stand-in, until the parent asks for the report and stops it. */
async function standInsChild(): Promise<void> {
  const [aws, telegram, yahoo] = await Promise.all([startLocalAws(), startTelegramServer({ token: TOKEN }), startYahooServer()]);
  const ready: StandInMessage = {
    kind: 'ready',
    standIns: {
      aws: { s3Endpoint: aws.s3Endpoint, dynamoEndpoint: aws.dynamoEndpoint, tableName: aws.tableName, dataBucket: aws.dataBucket, directory: aws.directory },
      telegram: { apiRoot: telegram.apiRoot, username: telegram.botInfo.username },
      yahoo: yahoo.url,
    },
  };
  process.send!(ready);
  process.once('message', () => {
    const report: StandInMessage = { kind: 'report', telegramErrors: telegram.calls.filter((c) => c.status !== 200).length };
    process.send!(report, () => {
      void Promise.all([telegram.stop(), yahoo.close(), aws.stop()]).then(() => process.disconnect());
    });
  });
}

/** Starts the stand-ins in a child process; `stop()` returns the Telegram errors it saw. */
async function startStandIns(): Promise<StandIns & { stop(): Promise<number> }> {
  const child = fork(__filename, ['--webhook-stand-ins'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const next = (): Promise<StandInMessage> =>
    new Promise((resolve, reject) => {
      child.once('message', (message: StandInMessage) => (message.kind === 'error' ? reject(new Error(message.message)) : resolve(message)));
      child.once('exit', (code) => reject(new Error(`webhook stand-ins exited with ${code}`)));
    });
  const ready = await next();
  if (ready.kind !== 'ready') throw new Error('webhook stand-ins did not start');
  return {
    ...ready.standIns,
    stop: async () => {
      const report = next();
      child.send('stop');
      const message = await report;
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
      return message.kind === 'report' ? message.telegramErrors : -1;
    },
  };
}

/** A clock the bench can move forward (to let the bot's caches expire), otherwise the wall clock. */
class MovableClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A webhook app on its own S3 and DynamoDB clients, which count, record and (with `delayMs`) delay each request. */
function instrumentedApp(aws: Pick<LocalAws, 's3Endpoint' | 'dynamoEndpoint' | 'dataBucket' | 'tableName'>, options: { delayMs: number; clock: MovableClock; telegramApiRoot: string; botUsername: string; yahoo: string; quoteCacheMs?: number }) {
  const s3 = localS3Client(aws.s3Endpoint);
  const dynamo = localDynamoClient(aws.dynamoEndpoint);
  const counters = [countRequests(s3), countRequests(dynamo)];
  const traces = [traceRequests(s3, { service: 's3', delayMs: options.delayMs }), traceRequests(dynamo, { service: 'dynamodb', delayMs: options.delayMs })];
  const silent = new Writable({ write: (_chunk, _enc, done) => done() });
  const logger = createLogger('info', silent);
  const app = createWebhookApp({
    ...(options.quoteCacheMs !== undefined ? { quoteCacheMs: options.quoteCacheMs } : {}),
    ...createAdapters({ s3, dynamo, bucket: aws.dataBucket, tableName: aws.tableName, clock: options.clock, logger, fetch: yahooFetch(options.yahoo) }),
    secrets: new EnvSecretsProvider({
      env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, ALLOWED_CHAT_IDS: `${CHAT},${DELAYED_CHAT}` },
      runningInLambda: false,
    }),
    clock: options.clock,
    logger,
    botUsername: options.botUsername,
    telegramApiRoot: options.telegramApiRoot,
  });
  return {
    app,
    requests: () => counters.reduce((n, c) => n + c.total(), 0),
    spans: () => traces.flatMap((t) => t.spans()),
    resetSpans: () => traces.forEach((t) => t.reset()),
    destroy: () => {
      s3.destroy();
      dynamo.destroy();
    },
  };
}

type Instrumented = ReturnType<typeof instrumentedApp>;

/** The id of the newest open plain-language proposal of `chatId` (storage-dynamodb's `PROPOSAL#<id>` items). */
async function newestProposalId(aws: Pick<LocalAws, 'dynamoEndpoint' | 'tableName'>, chatId: number): Promise<string | null> {
  const dynamo = localDynamoClient(aws.dynamoEndpoint);
  try {
    const result = await dynamo.send(
      new QueryCommand({
        TableName: aws.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': { S: `PORTFOLIO#${chatId}` }, ':sk': { S: 'PROPOSAL#' } },
        ConsistentRead: true,
      }),
    );
    const open = (result.Items ?? []).filter((item) => !item.SK?.S?.endsWith('#CLOSED')).sort((a, b) => (a.createdAt?.S ?? '').localeCompare(b.createdAt?.S ?? ''));
    return open.at(-1)?.id?.S ?? null;
  } finally {
    dynamo.destroy();
  }
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

const suite: BenchSuite = {
  name: 'webhook',
  async run() {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const standIns = await startStandIns();
    const aws = connectLocalAws(standIns.aws, standIns.aws.directory);
    const replies = watchReplies();
    const built: Instrumented[] = [];
    let stopped = false;
    const build = (delayMs: number, clock: MovableClock, quoteCacheMs?: number): Instrumented => {
      const made = instrumentedApp(aws, { delayMs, clock, telegramApiRoot: standIns.telegram.apiRoot, botUsername: standIns.telegram.username, yahoo: standIns.yahoo, ...(quoteCacheMs !== undefined ? { quoteCacheMs } : {}) });
      built.push(made);
      return made;
    };
    try {
      let updateId = 1;
      const send = async (target: Instrumented, chatId: number, text: string, tap?: string): Promise<Sample> => {
        const body = tap ? makeCallbackQuery({ data: tap, chatId, updateId: updateId++ }) : makeUpdate({ text, chatId, updateId: updateId++ });
        const event = makeWebhookEvent({ body, secretToken: SECRET });
        const before = target.requests();
        target.resetSpans();
        replies.reset();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const result = await target.app.handle(event, { awsRequestId: `bench-${updateId}` });
        const ms = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        const replyMs = replies.since(started);
        const replyCpu = replies.cpuAt();
        const spans = target.spans();
        return {
          ms,
          replyMs,
          requests: target.requests() - before,
          replyTrips: sequentialRoundTrips(spans, replyMs === null ? Number.POSITIVE_INFINITY : started + replyMs),
          trips: sequentialRoundTrips(spans),
          cpuMs: (cpu.user + cpu.system) / 1000,
          replyCpuMs: replyCpu ? (replyCpu.user - cpuBefore.user + replyCpu.system - cpuBefore.system) / 1000 : (cpu.user + cpu.system) / 1000,
          status: result.statusCode ?? 0,
        };
      };

      const symbols = Array.from({ length: POSITIONS }, (_, i) => `B${String(i).padStart(2, '0')}X`);
      /** Seeds 30 positions in `chatId`, then warms every path once. */
      const seed = async (target: Instrumented, chatId: number): Promise<void> => {
        for (const symbol of symbols) await send(target, chatId, `/buy ${symbol} 10 ${50 + symbols.indexOf(symbol)}`);
        await send(target, chatId, '/sell B00X 2 60');
        for (const text of ['/portfolio', '/stats', '/buy B01X 1 51', '/stats month']) await send(target, chatId, text);
      };
      /** `count` updates of the mix, in turn; samples per command. */
      const runMix = async (target: Instrumented, chatId: number, count: number): Promise<Record<MixCommand, Sample[]>> => {
        const samples: Record<MixCommand, Sample[]> = { '/portfolio': [], '/buy': [], '/stats': [] };
        for (let i = 0; i < count; i += 1) {
          const kind = MIX[i % MIX.length]!;
          const text = kind === '/buy' ? `/buy ${symbols[i % POSITIONS]} 1 ${40 + (i % 17)}` : kind;
          samples[kind].push(await send(target, chatId, text));
        }
        return samples;
      };
      const loadNow = (): string => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;

      // 1. Warm latency and storage requests, no injected delay.
      const clock = new MovableClock();
      const plain = build(0, clock);
      await seed(plain, CHAT);
      const loadBefore = loadNow();
      const samples = await runMix(plain, CHAT, UPDATES);
      const all = MIX.flatMap((kind) => samples[kind]);
      const failures = all.filter((s) => s.status !== 200).length;

      // Storage requests of the other commands, measured once each on the same ledger.
      const others: Record<string, number> = {};
      for (const text of ['/sell B02X 1 70', '/undo', '/blacklist add ZZZ', '/blacklist', '/tips add B03X note', '/tips', '/scan 5', '/export', '/balance', '/help']) {
        others[text] = (await send(plain, CHAT, text)).requests;
      }
      // A plain-language trade (the deterministic reader, no model) and its Confirm: the Telegram
      // stand-in runs in the child process, so the proposal's id (its Confirm button's data) is read
      // from the table.
      const proposed = (await send(plain, CHAT, 'sold 1 b04x at 60')).requests;
      const proposalId = await newestProposalId(aws, CHAT);
      const confirmed = proposalId ? (await send(plain, CHAT, '', `p:y:${proposalId}`)).requests : NaN;

      // /portfolio when every call asks the price source (a cold quote cache): 30 live quotes each time.
      const uncached = build(0, clock, 0);
      await send(uncached, CHAT, '/portfolio');
      const uncachedMs: number[] = [];
      for (let i = 0; i < 100; i += 1) uncachedMs.push((await send(uncached, CHAT, '/portfolio')).ms);

      // 2. The latency model: DELAY_MS before every storage request.
      const delayedClock = new MovableClock();
      const delayed = build(DELAY_MS, delayedClock);
      await seed(delayed, DELAYED_CHAT);
      const delayedLoad = loadNow();
      const model = await runMix(delayed, DELAYED_CHAT, DELAYED_UPDATES);
      const otherTrips: Record<string, Sample> = {};
      // The blacklist is one document for every chat: add a ticker the first pass did not.
      for (const text of ['/sell B02X 1 70', '/undo', '/balance', '/scan 5', '/blacklist add ZZY', '/tips add B03X note', '/export', '/help']) {
        otherTrips[text] = await send(delayed, DELAYED_CHAT, text);
      }
      // After a minute without messages: the rules (60 s) and quotes (15 s) are read again.
      const idle: Record<'/buy' | '/portfolio', Sample[]> = { '/buy': [], '/portfolio': [] };
      for (let i = 0; i < IDLE_SAMPLES; i += 1) {
        for (const kind of ['/buy', '/portfolio'] as const) {
          delayedClock.advance(IDLE_MS);
          idle[kind].push(await send(delayed, DELAYED_CHAT, kind === '/buy' ? `/buy ${symbols[i % POSITIONS]} 1 45` : kind));
        }
      }
      // 3. The snapshot writer, apart: one stream batch of the first chat's ledger (30 positions, the
      // mix's buys and sells), cold (a new instance reads the whole ledger) then warm.
      const writer = await measureSnapshotWriter(aws, CHAT);
      for (const b of built) b.destroy();
      await aws.stop();
      stopped = true;
      const notOk = await standIns.stop();
      const delayedFailures = [...MIX.flatMap((kind) => model[kind]), ...Object.values(otherTrips), ...idle['/buy'], ...idle['/portfolio']].filter((s) => s.status !== 200).length;

      const ms = (xs: readonly Sample[]): number[] => xs.map((s) => s.ms);
      const replyMs = (xs: readonly Sample[]): number[] => xs.map((s) => s.replyMs ?? s.ms);
      const maxOf = (xs: readonly number[]): number => Math.max(...xs);
      const note = `${UPDATES} updates (${POSITIONS} positions; mix /portfolio, /buy, /stats), warm, local stack (stand-ins in a child process); ${loadBefore}; non-200: ${failures}, Telegram errors (both passes): ${notOk}`;
      const rows: BenchRow[] = [
        info('webhook.warm.p50', round(median(ms(all))), 'ms', note),
        atMost('webhook.warm.p99', round(percentile(ms(all), 99)), 'ms', 25, note),
        info('webhook.warm.cpu_per_update.median', round(median(all.map((s) => s.cpuMs))), 'ms', 'CPU time of the app per update of the mix (the stand-ins run in another process): what load barely inflates'),
        info('webhook.warm.portfolio.p50', round(median(ms(samples['/portfolio']))), 'ms', `${POSITIONS} positions; quotes from the local Yahoo server, reused for 15 s (production default)`),
        info('webhook.warm.portfolio_uncached_quotes.p50', round(median(uncachedMs)), 'ms', '100 x /portfolio with the quote cache off: 30 quotes from the local Yahoo server every time'),
        info('webhook.warm.portfolio_uncached_quotes.p99', round(percentile(uncachedMs, 99)), 'ms'),
        info('webhook.warm.buy.p50', round(median(ms(samples['/buy']))), 'ms'),
        info('webhook.warm.buy.p99', round(percentile(ms(samples['/buy']), 99)), 'ms'),
        info('webhook.warm.portfolio.p99', round(percentile(ms(samples['/portfolio']), 99)), 'ms'),
        info('webhook.warm.stats.p99', round(percentile(ms(samples['/stats']), 99)), 'ms'),
        info('webhook.warm.stats.p50', round(median(ms(samples['/stats']))), 'ms'),
        atMost('webhook.storage_requests.buy', maxOf(samples['/buy'].map((s) => s.requests)), 'requests', 6, 'max per /buy over the run (idempotency 2, ledger 1 warm (2 cold); the rules and the blacklist are kept 60 s, then read beside the claim (1 each); the snapshot is the stream writer\'s)'),
        atMost('webhook.storage_requests.portfolio', maxOf(samples['/portfolio'].map((s) => s.requests)), 'requests', 3, 'max per /portfolio (read commands skip idempotency)'),
        atMost('webhook.storage_requests.stats', maxOf(samples['/stats'].map((s) => s.requests)), 'requests', 3, 'max per /stats'),
        info('webhook.storage_requests.plain_text_proposal', proposed, 'requests', "one 'sold 1 b04x at 60' (simple form, no model): idempotency 2, ledger read, proposal put (a sale reads no blacklist)"),
        info('webhook.storage_requests.proposal_confirm', confirmed, 'requests', 'its Confirm tap: idempotency 2, proposal read, ledger read, the sale as /sell records it (ledger read, conditional put), the closing put'),
        ...Object.entries(others).map(([text, n]) => info(`webhook.storage_requests.${commandName(text)}`, n, 'requests', `one ${text}`)),
        info('webhook.snapshot_writer.cold_ms', round(writer.coldMs), 'ms', `not on the webhook's path (another Lambda in AWS, fed by the ledger's stream): one stream batch of the chat's ledger (${writer.entries} entries, ${POSITIONS} positions), a new instance: the whole ledger read, replayed, the snapshot written; ${writer.requests}`),
        info('webhook.snapshot_writer.warm.p50', round(median(writer.warmMs)), 'ms', `the same batch on a warm instance (${writer.warmMs.length} batches): the ledger's new entries read, replayed, the snapshot written`),
        info('webhook.snapshot_writer.warm.cpu_ms', round(median(writer.warmCpuMs)), 'ms', 'CPU time per warm batch (median)'),
      ];

      const delayedNote = `${DELAYED_UPDATES} updates of the mix, ${DELAY_MS} ms injected before every storage request; ${delayedLoad}; non-200: ${delayedFailures}`;
      const replyTargets: Partial<Record<MixCommand, number>> = { '/buy': 25, '/portfolio': 15 };
      for (const kind of MIX) {
        const name = `webhook.delay${DELAY_MS}ms.${commandName(kind)}`;
        const xs = model[kind];
        const target = replyTargets[kind];
        const replyP50 = round(median(replyMs(xs)));
        rows.push(
          target === undefined ? info(`${name}.reply.p50`, replyP50, 'ms', delayedNote) : atMost(`${name}.reply.p50`, replyP50, 'ms', target, delayedNote),
          info(`${name}.reply.p99`, round(percentile(replyMs(xs), 99)), 'ms', 'update in -> the reply leaves for Telegram'),
          info(`${name}.handler.p50`, round(median(ms(xs))), 'ms', 'update in -> the webhook answers (billed time; the instance may freeze after it)'),
          info(`${name}.handler.p99`, round(percentile(ms(xs), 99)), 'ms'),
          info(`${name}.reply_round_trips`, median(xs.map((s) => s.replyTrips)), 'requests', `storage requests the reply waits for one after another (median; max ${maxOf(xs.map((s) => s.replyTrips))}); ${median(xs.map((s) => s.trips))} before the webhook answers`),
          info(`${name}.reply.cpu_ms`, round(median(xs.map((s) => s.replyCpuMs))), 'ms', `CPU time of the app until the reply left (median): on an idle core the reply takes about round trips x ${DELAY_MS} ms + this`),
          info(`${name}.cpu_ms`, round(median(xs.map((s) => s.cpuMs))), 'ms', 'CPU time of the app per update (median)'),
        );
      }
      for (const [text, sample] of Object.entries(otherTrips)) {
        rows.push(info(`webhook.delay${DELAY_MS}ms.${commandName(text)}.reply_round_trips`, sample.replyTrips, 'requests', `one ${text}: ${sample.trips} before the webhook answers, ${sample.requests} requests in all; reply ${round(sample.replyMs ?? sample.ms, 1)} ms, answer ${round(sample.ms, 1)} ms`));
      }
      for (const kind of ['/buy', '/portfolio'] as const) {
        const xs = idle[kind];
        const name = `webhook.delay${DELAY_MS}ms.idle.${commandName(kind)}`;
        rows.push(
          info(`${name}.reply.p50`, round(median(replyMs(xs))), 'ms', `${IDLE_SAMPLES} x ${kind} a minute after the previous message (rules and quotes read again; quotes from the local Yahoo server, no injected delay)`),
          info(`${name}.reply_round_trips`, median(xs.map((s) => s.replyTrips)), 'requests', `storage requests before the reply, one after another (median); ${median(xs.map((s) => s.trips))} before the webhook answers`),
        );
      }
      return rows;
    } finally {
      replies.stop();
      if (!stopped) {
        for (const b of built) b.destroy();
        await aws.stop();
        await standIns.stop();
      }
    }
  },
};

/**
 * The positions snapshot writer on its own clients, against the stand-ins: one KEYS_ONLY stream
 * batch naming `chatId`'s newest ledger entry, on a new writer (cold) and then 20 times on the same
 * one (warm). Never during the webhook's passes (see the file's comment).
 */
async function measureSnapshotWriter(aws: Pick<LocalAws, 's3Endpoint' | 'dynamoEndpoint' | 'dataBucket' | 'tableName'>, chatId: number): Promise<{ coldMs: number; warmMs: number[]; warmCpuMs: number[]; entries: number; requests: string }> {
  const s3 = localS3Client(aws.s3Endpoint);
  const dynamo = localDynamoClient(aws.dynamoEndpoint);
  const counters = { s3: countRequests(s3), dynamo: countRequests(dynamo) };
  const clock = { now: () => new Date() };
  try {
    const adapters = createSnapshotAdapters({ s3, dynamo, bucket: aws.dataBucket, tableName: aws.tableName, clock });
    const writer = createSnapshotConsumer({ ...adapters, clock, logger: createLogger('silent', new Writable({ write: (_chunk, _enc, done) => done() }), 'fn-webhook-snapshot') });
    const entries = (await createSnapshotAdapters({ s3, dynamo, bucket: aws.dataBucket, tableName: aws.tableName, clock }).ledger.list(String(chatId))).length;
    counters.s3.reset();
    counters.dynamo.reset();
    const event = { Records: [makeStreamRecord({ tableName: aws.tableName, keys: { PK: { S: portfolioKey(String(chatId)) }, SK: { S: tradeKey(entries) } }, sequenceNumber: '100000000000000000001' })] };
    const time = async (): Promise<{ ms: number; cpuMs: number }> => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await writer.handle(event);
      if (result.batchItemFailures.length > 0) throw new Error('the snapshot writer could not write the bench chat\'s snapshot');
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
    };
    const cold = await time();
    const requests = `cold: ${JSON.stringify({ ...counters.dynamo.byOperation(), ...counters.s3.byOperation() })}`;
    const warm: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < 20; i += 1) warm.push(await time());
    return { coldMs: cold.ms, warmMs: warm.map((w) => w.ms), warmCpuMs: warm.map((w) => w.cpuMs), entries, requests };
  } finally {
    s3.destroy();
    dynamo.destroy();
  }
}

/** `/blacklist add ZZZ` -> `blacklist_add`, `/buy` -> `buy`. */
function commandName(text: string): string {
  return `${text.slice(1).replace(/\s.*$/, '')}${text.includes(' add ') ? '_add' : ''}`;
}

export default suite;

if (process.argv[2] === '--webhook-stand-ins') {
  standInsChild().catch((error: unknown) => {
    process.send?.({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
  });
}
