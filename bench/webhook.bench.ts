/**
 * Webhook benches: warm latency of the Lambda's webhook app on the local stack (embedded S3 and
 * DynamoDB, local Telegram and Yahoo servers) over 500 updates, a mix of `/portfolio` with 30
 * positions, `/buy` and `/stats`; and the storage requests (S3 + DynamoDB, counted in the SDK
 * clients) each command costs.
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import {
  countRequests,
  makeCallbackQuery,
  makeUpdate,
  makeWebhookEvent,
  startLocalAws,
  startTelegramServer,
  startYahooServer,
  yahooFetch,
} from '@tradebot/local-stack';
import { EnvSecretsProvider } from '@tradebot/storage-s3';
// Benches measure the Lambda's own app; its public wiring is imported by path (handler.ts reads the Lambda env).
import { createAdapters, createLogger, createWebhookApp } from '../packages/fn-webhook/src/public';
import { atMost, info, median, percentile, type BenchSuite } from './lib';

const TOKEN = '7000000001:bench';
const SECRET = 'bench-secret-token';
const CHAT = 424242;
const POSITIONS = 30;
const UPDATES = 500;

const suite: BenchSuite = {
  name: 'webhook',
  async run() {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const [aws, telegram, yahoo] = await Promise.all([startLocalAws(), startTelegramServer({ token: TOKEN }), startYahooServer()]);
    try {
      const s3Requests = countRequests(aws.s3);
      const dynamoRequests = countRequests(aws.dynamo);
      const silent = new Writable({ write: (_chunk, _enc, done) => done() });
      const logger = createLogger('info', silent);
      const clock = { now: () => new Date() };
      const build = (quoteCacheMs?: number) => createWebhookApp({
        ...(quoteCacheMs !== undefined ? { quoteCacheMs } : {}),
        ...createAdapters({ s3: aws.s3, dynamo: aws.dynamo, bucket: aws.dataBucket, tableName: aws.tableName, clock, logger, fetch: yahooFetch(yahoo) }),
        secrets: new EnvSecretsProvider({
          env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, ALLOWED_CHAT_IDS: String(CHAT) },
          runningInLambda: false,
        }),
        clock,
        logger,
        botUsername: telegram.botInfo.username,
        telegramApiRoot: telegram.apiRoot,
      });
      // The production default: quotes reused for 15 s within a warm instance.
      const app = build();
      let updateId = 1;
      const send = async (text: string, target = app, tap?: string): Promise<{ ms: number; requests: number; status: number }> => {
        const body = tap ? makeCallbackQuery({ data: tap, chatId: CHAT, updateId: updateId++ }) : makeUpdate({ text, chatId: CHAT, updateId: updateId++ });
        const event = makeWebhookEvent({ body, secretToken: SECRET });
        const before = s3Requests.total() + dynamoRequests.total();
        const started = performance.now();
        const result = await target.handle(event, { awsRequestId: `bench-${updateId}` });
        const ms = performance.now() - started;
        return { ms, requests: s3Requests.total() + dynamoRequests.total() - before, status: result.statusCode ?? 0 };
      };

      // Seed 30 positions, then warm up every path once.
      const symbols = Array.from({ length: POSITIONS }, (_, i) => `B${String(i).padStart(2, '0')}X`);
      for (const symbol of symbols) await send(`/buy ${symbol} 10 ${50 + symbols.indexOf(symbol)}`);
      await send('/sell B00X 2 60');
      for (const text of ['/portfolio', '/stats', '/buy B01X 1 51', '/stats month']) await send(text);

      const mix = ['/portfolio', '/buy', '/stats'] as const;
      const samples: Record<(typeof mix)[number], { ms: number[]; requests: number[] }> = {
        '/portfolio': { ms: [], requests: [] },
        '/buy': { ms: [], requests: [] },
        '/stats': { ms: [], requests: [] },
      };
      const all: number[] = [];
      let failures = 0;
      for (let i = 0; i < UPDATES; i += 1) {
        const kind = mix[i % mix.length]!;
        const text = kind === '/buy' ? `/buy ${symbols[i % POSITIONS]} 1 ${40 + (i % 17)}` : kind;
        const { ms, requests, status } = await send(text);
        if (status !== 200) failures += 1;
        samples[kind].ms.push(ms);
        samples[kind].requests.push(requests);
        all.push(ms);
      }
      const notOk = telegram.calls.filter((c) => c.status !== 200).length;

      // Storage requests of the other commands, measured once each on the same ledger.
      const others: Record<string, number> = {};
      for (const text of ['/sell B02X 1 70', '/undo', '/blacklist add ZZZ', '/blacklist', '/tips add B03X note', '/tips', '/scan 5', '/export', '/balance', '/help']) {
        others[text] = (await send(text)).requests;
      }
      // A plain-language trade (the deterministic reader, no model) and its Confirm.
      const proposed = (await send('sold 1 b04x at 60')).requests;
      const confirmData = telegram.messagesTo(CHAT).at(-1)?.inlineKeyboard?.flat().find((b) => /Confirm/.test(b.text))?.callback_data;
      const confirmed = confirmData ? (await send('', app, confirmData)).requests : NaN;

      // /portfolio when every call asks the price source (a cold quote cache): 30 live quotes each time.
      const uncached = build(0);
      await send('/portfolio', uncached);
      const uncachedMs: number[] = [];
      for (let i = 0; i < 100; i += 1) uncachedMs.push((await send('/portfolio', uncached)).ms);

      const maxOf = (xs: readonly number[]): number => Math.max(...xs);
      const note = `${UPDATES} updates (${POSITIONS} positions; mix /portfolio, /buy, /stats), warm, local stack; non-200: ${failures}, Telegram errors: ${notOk}`;
      return [
        info('webhook.warm.p50', Number(median(all).toFixed(2)), 'ms', note),
        atMost('webhook.warm.p99', Number(percentile(all, 99).toFixed(2)), 'ms', 50, note),
        info('webhook.warm.portfolio.p50', Number(median(samples['/portfolio'].ms).toFixed(2)), 'ms', `${POSITIONS} positions; quotes from the local Yahoo server, reused for 15 s (production default)`),
        info('webhook.warm.portfolio_uncached_quotes.p50', Number(median(uncachedMs).toFixed(2)), 'ms', '100 x /portfolio with the quote cache off: 30 quotes from the local Yahoo server every time'),
        info('webhook.warm.portfolio_uncached_quotes.p99', Number(percentile(uncachedMs, 99).toFixed(2)), 'ms'),
        info('webhook.warm.buy.p50', Number(median(samples['/buy'].ms).toFixed(2)), 'ms'),
        info('webhook.warm.buy.p99', Number(percentile(samples['/buy'].ms, 99).toFixed(2)), 'ms'),
        info('webhook.warm.portfolio.p99', Number(percentile(samples['/portfolio'].ms, 99).toFixed(2)), 'ms'),
        info('webhook.warm.stats.p99', Number(percentile(samples['/stats'].ms, 99).toFixed(2)), 'ms'),
        info('webhook.warm.stats.p50', Number(median(samples['/stats'].ms).toFixed(2)), 'ms'),
        atMost('webhook.storage_requests.buy', maxOf(samples['/buy'].requests), 'requests', 6, 'max per /buy over the run (idempotency 2, blacklist 1, ledger 1 warm (2 cold), snapshot 1; rules cached 60 s)'),
        atMost('webhook.storage_requests.portfolio', maxOf(samples['/portfolio'].requests), 'requests', 3, 'max per /portfolio (read commands skip idempotency)'),
        atMost('webhook.storage_requests.stats', maxOf(samples['/stats'].requests), 'requests', 3, 'max per /stats'),
        info('webhook.storage_requests.plain_text_proposal', proposed, 'requests', "one 'sold 1 b04x at 60' (simple form, no model): idempotency 2, ledger read, proposal put (a sale reads no blacklist)"),
        info('webhook.storage_requests.proposal_confirm', confirmed, 'requests', 'its Confirm tap: idempotency 2, proposal read, ledger read, the sale as /sell records it (ledger read, conditional put, snapshot), the closing put'),
        ...Object.entries(others).map(([text, n]) => info(`webhook.storage_requests.${text.slice(1).replace(/\s.*$/, '')}${text.includes(' add ') ? '_add' : ''}`, n, 'requests', `one ${text}`)),
      ];
    } finally {
      await Promise.all([telegram.stop(), yahoo.close(), aws.stop()]);
    }
  },
};

export default suite;
