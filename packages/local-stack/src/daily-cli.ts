/**
 * `pnpm daily`: runs the morning analysis job (fn-daily's `createDailyJob`, the code the Lambda
 * runs) on the local stack: the embedded S3 and DynamoDB of the data directory (`.local/`, the
 * data `pnpm start` and `pnpm scan` use, through `pnpm start`'s servers while it runs), the local
 * Yahoo server (SIMULATED prices), the local Telegram Bot API server (the message is printed,
 * nothing reaches Telegram), and Claude when `ANTHROPIC_API_KEY` is set, else the offline analyst.
 */
import { isCalendarDate } from '@tradebot/core-domain';
import { parseCli, printUsageOutcome, runCli, type CliParse } from './cli';

const USAGE = `Usage: pnpm daily [--date YYYY-MM-DD] [--chat ID] [--data-dir DIR] [--help]

  Runs the daily analysis once on the local stack and prints the message it sends, then where the
  log went (logs/daily_analysis_<date>.json in the local S3). Runs are idempotent per date: a chat
  that already got that date's message gets nothing more (use another --date to try again).
  While pnpm start runs on the same data directory, the job uses its S3 and DynamoDB.

  --date DATE     local date to run for (default: today in rules.analysis.timezone)
  --chat ID       chat (portfolio) to analyse; repeatable (default: the local chat of pnpm start, 424242)
  --data-dir DIR  local data directory (default: .local)
  --help          this text

  ANTHROPIC_API_KEY set: Claude (ANTHROPIC_MODEL overrides the model; costs real money, within
  rules.analysis.monthlyBudgetUsd). Unset: the offline analyst, labelled as such.

Example: pnpm daily --date 2026-11-21`;

interface DailyCliOptions {
  readonly date?: string;
  readonly chats: readonly string[];
  readonly dataDir?: string;
}

/** Parses argv; returns a usage message (with one correct example) instead of throwing. */
export function parseDailyArgs(argv: readonly string[]): CliParse<DailyCliOptions> {
  const parsed = parseCli(argv, {
    usage: USAGE,
    options: { date: { type: 'string' }, chat: { type: 'string', multiple: true }, 'data-dir': { type: 'string' } },
  });
  if (!parsed.ok) return parsed;
  const { date, chat: chats = [], 'data-dir': dataDir } = parsed.values;
  if (date !== undefined && !isCalendarDate(date)) return { ok: false, message: '--date needs a calendar date, e.g. --date 2026-11-21' };
  if (chats.some((chat) => !/^-?\d+$/.test(chat))) return { ok: false, message: '--chat needs a numeric Telegram chat id, e.g. --chat 424242' };
  if (dataDir === '') return { ok: false, message: '--data-dir needs a directory, e.g. --data-dir .local' };
  return { ok: true, options: { chats, ...(date ? { date } : {}), ...(dataDir ? { dataDir } : {}) } };
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseDailyArgs(argv);
  if (!parsed.ok) return printUsageOutcome(parsed);
  const { options } = parsed;
  // Loaded only when the job really runs, so `--help` answers at once.
  const { CachedClosingPrices, YahooPriceFeed } = await import('@tradebot/market-data');
  const { DynamoModelSpend, DynamoTradeLedger } = await import('@tradebot/storage-dynamodb');
  const { createResvgRenderer, loadChartAssetsFromPackages } = await import('@tradebot/telegram-bot');
  const { createS3Documents } = await import('@tradebot/storage-s3');
  // `pnpm daily` must run the very code the Lambda runs. This dev-only entry point is never bundled
  // (local-stack's build is src/index.ts), so it reaches into fn-daily by path on purpose, like `pnpm start`.
  const { analystFor, createDailyJob, dailyLock, telegramNotifierFor } = await import('../../fn-daily/src/app');
  const { openLocalCommand } = await import('./local-data');
  const { htmlToTerminal, LOCAL_CHAT_ID, startTelegramServer } = await import('./telegram');
  const { startYahooServer, yahooFetch } = await import('./yahoo');

  const opened = await openLocalCommand('pnpm daily', options.dataDir);
  if (!opened) return 1;
  const { logger, aws } = opened;
  const directory = aws.directory;
  const token = '100000:local-daily';
  const [yahoo, telegram] = await Promise.all([startYahooServer(), startTelegramServer({ token })]);
  try {
    const clock = { now: () => new Date() };
    const docs = createS3Documents({ client: aws.s3, bucket: aws.dataBucket });
    const apiKey = process.env.ANTHROPIC_API_KEY?.trim();
    const analyst = analystFor(apiKey ? { anthropicApiKey: apiKey } : {}, process.env.ANTHROPIC_MODEL ? { model: process.env.ANTHROPIC_MODEL } : {});
    console.error(`Analyst: ${apiKey ? `Claude (${analyst.model})` : 'offline (set ANTHROPIC_API_KEY for Claude)'}. Prices: local Yahoo server, SIMULATED data.`);
    const prices = new YahooPriceFeed({ fetch: yahooFetch(yahoo), clock, logger });
    const job = createDailyJob({
      clock,
      documents: docs,
      ledger: new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock }),
      prices,
      closes: new CachedClosingPrices({ source: prices, cache: docs.priceHistory, clock, logger }),
      analyst,
      notifier: telegramNotifierFor(token, telegram.apiRoot),
      // The morning chart, rendered like the Lambda's but from node_modules instead of the layer.
      charts: createResvgRenderer(loadChartAssetsFromPackages),
      chatIds: options.chats.length ? options.chats : [String(LOCAL_CHAT_ID)],
      // The same per-date claim as the Lambda, so a run overlapping another for the date waits for it.
      lock: dailyLock({ client: aws.dynamo, tableName: aws.tableName, clock }, 300),
      chatReadingsSpend: new DynamoModelSpend({ client: aws.dynamo, tableName: aws.tableName }),
      logger,
    });
    const result = await job.run(options.date ? { date: options.date } : {});
    for (const chat of [...result.sent, ...result.failed]) {
      console.log(`\n── message to chat ${chat} ${result.failed.includes(chat) ? '(NOT delivered)' : ''}──`);
      for (const message of telegram.messagesTo(chat)) console.log(htmlToTerminal(message.text, Boolean(process.stdout.isTTY)));
      if (result.failed.includes(chat)) console.log(htmlToTerminal(result.messages[chat] ?? '', Boolean(process.stdout.isTTY)));
      for (const photo of telegram.photosTo(chat)) console.log(`[picture: ${photo.width}x${photo.height} PNG, ${photo.bytes.length} bytes] ${htmlToTerminal(photo.caption ?? '', Boolean(process.stdout.isTTY))}`);
    }
    for (const chat of result.off) console.log(`\nChat ${chat} turned the morning analysis off (/notify): nothing sent.`);
    for (const chat of result.alreadySent) console.log(`\nChat ${chat} already got the ${result.date} analysis; nothing sent (try another --date).`);
    // The offline analyst's model is called "offline", like its status: say it once.
    const costs = Object.values(result.log.chats).map((c) => `${c.analysis.status === c.analysis.model ? c.analysis.status : `${c.analysis.status} ${c.analysis.model}`} ${c.analysis.costUsd} USD`);
    console.log(`\nAnalysis: ${costs.join('; ') || 'none'}. Day total ${result.log.totalCostUsd} USD.`);
    console.log(`Log: s3://${aws.dataBucket}/${result.logKey} (local S3 data in ${directory}).`);
    return result.ok ? 0 : 1;
  } finally {
    await Promise.all([yahoo.close(), telegram.stop()]);
    await opened.close();
  }
}

runCli(module, main);
