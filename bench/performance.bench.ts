/**
 * `/performance` benches: two years of daily history for 30 tickers and the benchmark, through the
 * webhook app on the local stack (embedded S3 and DynamoDB, the Yahoo stand-in serving the history):
 * the first call (history fetched and cached), warm calls (the target: the same Lambda instance
 * again), a new instance on the cached documents, and `computePerformance` alone.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { computePerformance, effectiveTrades, performancePlan } from '@tradebot/core-domain';
import { countRequests, makeUpdate, makeWebhookEvent, startLocalAws, startTelegramServer, startYahooServer, yahooFetch } from '@tradebot/local-stack';
import { EnvSecretsProvider } from '@tradebot/storage-s3';
// Benches measure the Lambda's own app; its public wiring is imported by path (handler.ts reads the Lambda env).
import { createAdapters, createLogger, createWebhookApp, type WebhookAdapters } from '../packages/fn-webhook/src/public';
import { atMost, info, median, percentile, type BenchSuite } from './lib';

const TOKEN = '7000000001:bench';
const SECRET = 'bench-secret-token';
const CHAT = 515151;
const TICKERS = 30;
const WARM_RUNS = 40;
const DAY_MS = 86_400_000;

const suite: BenchSuite = {
  name: 'performance',
  async run() {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const [aws, telegram, yahoo] = await Promise.all([startLocalAws(), startTelegramServer({ token: TOKEN }), startYahooServer()]);
    try {
      const s3 = countRequests(aws.s3);
      const dynamo = countRequests(aws.dynamo);
      const silent = new Writable({ write: (_chunk, _enc, done) => done() });
      const logger = createLogger('info', silent);
      const clock = { now: () => new Date() };
      const secrets = new EnvSecretsProvider({ env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, ALLOWED_CHAT_IDS: String(CHAT) }, runningInLambda: false });
      /** A Lambda instance: its own adapters (and so its own memory of the history) on the shared stores. */
      const instance = (): { adapters: WebhookAdapters; app: ReturnType<typeof createWebhookApp> } => {
        const adapters = createAdapters({ s3: aws.s3, dynamo: aws.dynamo, bucket: aws.dataBucket, tableName: aws.tableName, clock, logger, fetch: yahooFetch(yahoo) });
        return { adapters, app: createWebhookApp({ ...adapters, secrets, clock, logger, botUsername: telegram.botInfo.username, telegramApiRoot: telegram.apiRoot }) };
      };
      let current = instance();
      let updateId = 1;
      const send = async (text: string): Promise<{ ms: number; requests: number; charts: number; reply: string }> => {
        const event = makeWebhookEvent({ body: makeUpdate({ text, chatId: CHAT, updateId: updateId++ }), secretToken: SECRET });
        const before = { storage: s3.total() + dynamo.total(), charts: yahoo.counts().chart, replies: telegram.messagesTo(CHAT).length };
        const started = performance.now();
        await current.app.handle(event, { awsRequestId: `bench-${updateId}` });
        const ms = performance.now() - started;
        return {
          ms,
          requests: s3.total() + dynamo.total() - before.storage,
          charts: yahoo.counts().chart - before.charts,
          reply: telegram.messagesTo(CHAT).slice(before.replies).map((m) => m.plainText).join('\n'),
        };
      };

      // Two years of trades: three buys per ticker spread over the two years, a sale in every third ticker.
      const day = (back: number): string => new Date(Date.now() - back * DAY_MS).toISOString().slice(0, 10);
      const symbols = Array.from({ length: TICKERS }, (_, i) => `P${String(i).padStart(2, '0')}X`);
      for (const [i, symbol] of symbols.entries()) {
        await send(`/buy ${symbol} 10 ${50 + i} ${day(730 - i * 3)}`);
        await send(`/buy ${symbol} 5 ${55 + i} ${day(480 - i * 5)}`);
        await send(`/buy ${symbol} 5 ${60 + i} ${day(240 - i * 2)}`);
        if (i % 3 === 0) await send(`/sell ${symbol} 8 ${70 + i} ${day(90 - i)}`);
      }

      // The first /performance of this instance: every history fetched once, then stored.
      const cold = await send('/performance all');
      if (!/Time-weighted/.test(cold.reply)) throw new Error(`the first /performance did not answer with figures: ${cold.reply.slice(0, 300)}`);
      const warm: { ms: number; requests: number; charts: number }[] = [];
      for (let i = 0; i < WARM_RUNS; i += 1) warm.push(await send('/performance all'));

      // A new instance (a cold start) on the cached documents: no history fetched again.
      current = instance();
      const cachedCold = await send('/performance all');

      // computePerformance alone, on the closes the instance holds.
      const entries = await current.adapters.ledger.list(String(CHAT));
      const trades = effectiveTrades(entries);
      const plan = performancePlan(trades, { baseCurrency: 'USD', benchmark: 'SPY' })!;
      const batch = await current.adapters.closes.closes([...plan.requests, plan.benchmark]);
      const closes = new Map([...batch.series].map(([symbol, series]) => [symbol, series.bars]));
      const bars = [...closes.values()].reduce((n, b) => n + b.length, 0);
      const computeMs: number[] = [];
      for (let i = 0; i < 25; i += 1) {
        const started = performance.now();
        computePerformance({ trades, closes, through: batch.through, period: 'all', currency: 'USD', benchmark: { symbol: 'SPY', bars: closes.get('SPY') ?? [], currency: 'USD' } });
        computeMs.push(performance.now() - started);
      }

      const load = `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cpus`;
      const setup = `${TICKERS} tickers + SPY, ${trades.length} trades over 2 years, ${bars} daily closes; webhook app on the local stack; ${load}`;
      const warmMs = warm.map((w) => w.ms);
      return [
        atMost('performance.warm_all.p50', round(median(warmMs)), 'ms', 100, `${WARM_RUNS} x /performance all on the same instance after the first; ${setup}`),
        info('performance.warm_all.p99', round(percentile(warmMs, 99)), 'ms'),
        atMost('performance.storage_requests.warm_all', Math.max(...warm.map((w) => w.requests)), 'requests', 3, 'max S3 + DynamoDB requests of a warm /performance all (the ledger; rules cached 60 s; history from memory)'),
        atMost('performance.yahoo_requests.warm_all', Math.max(...warm.map((w) => w.charts)), 'requests', 0, 'chart requests of a warm /performance all'),
        info('performance.first_all.ms', round(cold.ms), 'ms', `the instance's first /performance all: ${cold.charts} chart requests (each symbol once, from its first trade), ${cold.requests} storage requests`),
        info('performance.cold_instance_cached.ms', round(cachedCold.ms), 'ms', `a new instance on the cached documents: ${cachedCold.charts} chart requests, ${cachedCold.requests} storage requests (the ledger, the rules, one GET per shard)`),
        info('performance.cold_instance_cached.storage_requests', cachedCold.requests, 'requests'),
        info('performance.compute.2y_30_tickers.median', round(median(computeMs)), 'ms', `computePerformance alone (all, with the benchmark), 25 runs, closes already read; ${load}`),
      ];
    } finally {
      await Promise.all([telegram.stop(), yahoo.close(), aws.stop()]);
    }
  },
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export default suite;
