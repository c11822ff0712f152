/**
 * `pnpm daily`: runs the morning analysis job (fn-daily's `createDailyJob`, the code the Lambda
 * runs) on the local stack: embedded S3 and DynamoDB under `.local/aws` (the data `pnpm start` and
 * `pnpm scan` use), the local Yahoo server (SIMULATED prices), the local Telegram Bot API server
 * (the message is printed, nothing reaches Telegram), and Claude when `ANTHROPIC_API_KEY` is set,
 * else the offline analyst.
 */
import { join } from 'node:path';
import { isCalendarDate, REDACTED_LOG_PATHS } from '@tradebot/core-domain';
import pino from 'pino';
import { runCli } from './cli';

const USAGE = `Usage: pnpm daily [--date YYYY-MM-DD] [--chat ID] [--data DIR] [--help]

  Runs the daily analysis once on the local stack and prints the message it sends, then where the
  log went (logs/daily_analysis_<date>.json in the local S3). Runs are idempotent per date: a chat
  that already got that date's message gets nothing more (use another --date to try again).

  --date DATE  local date to run for (default: today in rules.analysis.timezone)
  --chat ID    chat (portfolio) to analyse; repeatable (default: the local chat of pnpm start, 424242)
  --data DIR   local data directory (default: .local)
  --help       this text

  ANTHROPIC_API_KEY set: Claude (ANTHROPIC_MODEL overrides the model; costs real money, within
  rules.analysis.monthlyBudgetUsd). Unset: the offline analyst, labelled as such.

Example: pnpm daily --date 2026-11-21`;

interface DailyCliOptions {
  readonly date?: string;
  readonly chats: readonly string[];
  readonly dataDir?: string;
}

/** Parses argv; returns a usage message (with one correct example) instead of throwing. */
export function parseDailyArgs(argv: readonly string[]): { ok: true; options: DailyCliOptions } | { ok: false; message: string; help?: boolean } {
  let date: string | undefined;
  let dataDir: string | undefined;
  const chats: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: false, message: USAGE, help: true };
    if (arg === '--date') {
      date = argv[++i];
      if (!date || !isCalendarDate(date)) return { ok: false, message: '--date needs a calendar date, e.g. --date 2026-11-21' };
    } else if (arg === '--chat') {
      const chat = argv[++i];
      if (!chat || !/^-?\d+$/.test(chat)) return { ok: false, message: '--chat needs a numeric Telegram chat id, e.g. --chat 424242' };
      chats.push(chat);
    } else if (arg === '--data') {
      dataDir = argv[++i];
      if (!dataDir) return { ok: false, message: '--data needs a directory, e.g. --data .local' };
    } else return { ok: false, message: `Unknown option ${arg}.\n\n${USAGE}` };
  }
  return { ok: true, options: { chats, ...(date ? { date } : {}), ...(dataDir ? { dataDir } : {}) } };
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseDailyArgs(argv);
  if (!parsed.ok) {
    (parsed.help ? console.log : console.error)(parsed.message);
    return parsed.help ? 0 : 2;
  }
  const { options } = parsed;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded only when the job really runs, so `--help` answers at once.
  const { YahooPriceFeed } = await import('@tradebot/market-data');
  const { DynamoTradeLedger } = await import('@tradebot/storage-dynamodb');
  const { createS3Documents } = await import('@tradebot/storage-s3');
  // `pnpm daily` must run the very code the Lambda runs. This dev-only entry point is never bundled
  // (local-stack's build is src/index.ts), so it reaches into fn-daily by path on purpose, like `pnpm start`.
  const { analystFor, createDailyJob, telegramNotifierFor } = await import('../../fn-daily/src/app');
  const { startLocalAws } = await import('./aws');
  const { htmlToTerminal, LOCAL_CHAT_ID, startTelegramServer } = await import('./telegram');
  const { startYahooServer, yahooFetch } = await import('./yahoo');

  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn', redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' } }, pino.destination(2));
  const directory = join(options.dataDir ?? join(process.cwd(), '.local'), 'aws');
  const token = '100000:local-daily';
  const [aws, yahoo, telegram] = await Promise.all([startLocalAws({ directory }), startYahooServer(), startTelegramServer({ token })]);
  try {
    const clock = { now: () => new Date() };
    const docs = createS3Documents({ client: aws.s3, bucket: aws.dataBucket });
    const apiKey = process.env.ANTHROPIC_API_KEY?.trim();
    const analyst = analystFor(apiKey ? { anthropicApiKey: apiKey } : {}, process.env.ANTHROPIC_MODEL ? { model: process.env.ANTHROPIC_MODEL } : {});
    console.error(`Analyst: ${apiKey ? `Claude (${analyst.model})` : 'offline (set ANTHROPIC_API_KEY for Claude)'}. Prices: local Yahoo server, SIMULATED data.`);
    const job = createDailyJob({
      clock,
      documents: docs,
      ledger: new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName, clock }),
      prices: new YahooPriceFeed({ fetch: yahooFetch(yahoo), clock, logger }),
      analyst,
      notifier: telegramNotifierFor(token, telegram.apiRoot),
      chatIds: options.chats.length ? options.chats : [String(LOCAL_CHAT_ID)],
      logger,
    });
    const result = await job.run(options.date ? { date: options.date } : {});
    for (const chat of [...result.sent, ...result.failed]) {
      console.log(`\n── message to chat ${chat} ${result.failed.includes(chat) ? '(NOT delivered)' : ''}──`);
      for (const message of telegram.messagesTo(chat)) console.log(htmlToTerminal(message.text, Boolean(process.stdout.isTTY)));
      if (result.failed.includes(chat)) console.log(htmlToTerminal(result.messages[chat] ?? '', Boolean(process.stdout.isTTY)));
    }
    for (const chat of result.alreadySent) console.log(`\nChat ${chat} already got the ${result.date} analysis; nothing sent (try another --date).`);
    const costs = Object.values(result.log.chats).map((c) => `${c.analysis.status} ${c.analysis.model} ${c.analysis.costUsd} USD`);
    console.log(`\nAnalysis: ${costs.join('; ') || 'none'}. Day total ${result.log.totalCostUsd} USD.`);
    console.log(`Log: s3://${aws.dataBucket}/${result.logKey} (local S3 data in ${directory}).`);
    return result.ok ? 0 : 1;
  } finally {
    await Promise.all([yahoo.close(), telegram.stop()]);
    await aws.stop();
  }
}

runCli(module, main);
