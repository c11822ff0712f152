/**
 * `pnpm start`: tradebot on this machine, with no cloud account. Embedded S3 and DynamoDB keep
 * data in `.local/`, a local Yahoo stand-in serves prices, and the Lambda's own webhook code runs
 * behind a local HTTP endpoint. Without TELEGRAM_BOT_TOKEN you chat in the terminal; with it the
 * bot long-polls real Telegram. See `--help` and docs/telegram.md.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { printUsageOutcome, runCli } from './cli';
import { parseStartArgs } from './start/args';

const LOCAL_BOT_TOKEN = '7000000001:local-terminal-chat';
const LOCAL_BOT_USERNAME = 'tradebot_local_bot';

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseStartArgs(argv);
  if (!parsed.ok) return printUsageOutcome(parsed);
  const options = parsed.options;
  // Loaded only when the stack really starts, so `--help` answers at once.
  const { EnvSecretsProvider } = await import('@tradebot/storage-s3');
  const { ClaudeInterpreter } = await import('@tradebot/llm-claude');
  // `pnpm start` must run the very code the Lambda runs. This dev-only entry point is never bundled
  // (local-stack's build is src/index.ts), so it reaches into fn-webhook by path on purpose.
  const { createAdapters, createLogger, createSnapshotAdapters, createSnapshotConsumer, createWebhookApp } = await import('../../fn-webhook/src/public');
  const { openLocalData, START_LOG_FILE } = await import('./local-data');
  const { highestStoredUpdateId, openUpdateIds } = await import('./start/update-ids');
  const { callBotApi, runLongPolling } = await import('./start/long-poll');
  const { runTerminalChat } = await import('./start/terminal-chat');
  const { startLocalWebhookServer } = await import('./start/webhook-server');
  const { LOCAL_CHAT_ID, startTelegramServer } = await import('./telegram');
  const { startYahooServer, yahooFetch } = await import('./yahoo');
  const { createResvgRenderer, loadChartAssetsFromPackages } = await import('@tradebot/telegram-bot');
  // The data directory is checked (a tradebot one) and held before anything is deleted or started.
  // The table gets its DynamoDB stream, as in AWS: the positions snapshot follows the ledger through it.
  const opened = await openLocalData({ command: 'pnpm start', serve: true, stream: true, reset: options.reset, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  if (!opened.ok) {
    process.stderr.write(`${opened.message}\n`);
    return 1;
  }
  const { dir: dataDir, aws } = opened.data;
  const realToken = process.env.TELEGRAM_BOT_TOKEN?.trim();
  const interactive = Boolean(process.stdin.isTTY);
  const say = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };

  const stops: (() => Promise<void>)[] = [() => opened.data.close()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const logFile = join(dataDir, START_LOG_FILE);
    const logStream = createWriteStream(logFile, { flags: 'a' });
    stops.push(() => new Promise<void>((done) => logStream.end(() => done())));
    // Stops run in reverse: what the ledger's stream still holds is written (and logged) before the log closes.
    stops.push(() => aws.stream?.drained() ?? Promise.resolve());
    const logger = createLogger(process.env.LOG_LEVEL ?? 'info', logStream);

    const yahoo = options.livePrices ? null : await startYahooServer();
    if (yahoo) stops.push(() => yahoo.close());

    let apiRoot: string;
    let botUsername: string;
    let token: string;
    const telegram = realToken ? null : await startTelegramServer({ token: LOCAL_BOT_TOKEN, botUsername: LOCAL_BOT_USERNAME });
    if (telegram) {
      stops.push(() => telegram.stop());
      apiRoot = telegram.apiRoot;
      botUsername = telegram.botInfo.username;
      token = LOCAL_BOT_TOKEN;
    } else {
      apiRoot = process.env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org';
      token = realToken!;
      const me = await callBotApi<{ username: string }>(apiRoot, token, 'getMe');
      if (!me.ok || !me.result) {
        process.stderr.write(`Telegram refused the bot token (getMe: ${me.error_code ?? '?'} ${me.description ?? ''}).\n`);
        await stopAll();
        return 1;
      }
      botUsername = me.result.username;
      if (options.deleteWebhook) await callBotApi(apiRoot, token, 'deleteWebhook');
    }

    const secretToken = randomBytes(24).toString('hex');
    const secrets = new EnvSecretsProvider({
      env: { ...process.env, TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: secretToken },
      runningInLambda: Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME),
      // In the terminal chat the local chat is the investor; with real Telegram, ALLOWED_CHAT_IDS decides.
      defaults: { allowedChatIds: telegram ? [String(LOCAL_CHAT_ID)] : [] },
    });
    const allowed = (await secrets.get()).allowedChatIds;
    const clock = { now: () => new Date() };
    const app = createWebhookApp({
      ...createAdapters({
        s3: aws.s3,
        dynamo: aws.dynamo,
        bucket: aws.dataBucket,
        tableName: aws.tableName,
        clock,
        logger,
        // The Lambda's renderer, its files read from node_modules instead of the chart layer.
        charts: createResvgRenderer(loadChartAssetsFromPackages),
        ...(yahoo ? { fetch: yahooFetch(yahoo) } : {}),
      }),
      secrets,
      clock,
      logger,
      botUsername,
      telegramApiRoot: apiRoot,
      // With ANTHROPIC_API_KEY set, plain text the reader cannot read goes to Claude, as in the Lambda.
      interpreterFor: (apiKey) => new ClaudeInterpreter({ apiKey }),
    });
    // The positions snapshot writer: fn-webhook's second Lambda in AWS, fed by the ledger's stream
    // (every writer of this data directory, pnpm import-trades included), never on the webhook's path.
    const writer = createSnapshotConsumer({
      ...createSnapshotAdapters({ s3: aws.s3, dynamo: aws.dynamo, bucket: aws.dataBucket, tableName: aws.tableName, clock }),
      clock,
      logger: createLogger(process.env.LOG_LEVEL ?? 'info', logStream, 'fn-webhook-snapshot'),
    });
    aws.stream?.attach((event) => writer.handle(event));
    const webhook = await startLocalWebhookServer(app, options.port !== undefined ? { port: options.port } : {});
    stops.push(() => webhook.stop());

    const bold = (text: string): string => (interactive ? `\u001b[1m${text}\u001b[0m` : text);
    say(bold('tradebot local stack'));
    say(`  data       ${dataDir} (kept between runs; --reset clears it)`);
    say(`  S3         ${aws.s3Endpoint} (bucket ${aws.dataBucket})`);
    say(`  DynamoDB   ${aws.dynamoEndpoint} (table ${aws.tableName})`);
    say(yahoo ? `  prices     local Yahoo stand-in ${yahoo.url} (simulated quotes; --live-prices for real ones)` : '  prices     Yahoo Finance (live, over the internet)');
    say(`  webhook    POST ${webhook.url} (header X-Telegram-Bot-Api-Secret-Token required)`);
    say(`  logs       ${logFile}`);

    if (telegram) {
      say(`  telegram   terminal chat as chat ${LOCAL_CHAT_ID} (local Bot API stand-in ${telegram.apiRoot})`);
      say('');
      say('Try: /help   /buy AAPL 10 182.50   /portfolio   /chart AAPL   /alert AAPL below 150   /undo');
      say(interactive ? 'Type a command and press Enter; Ctrl-D or /quit to leave.\n' : '');
      const updateIds = await openUpdateIds(dataDir, () => highestStoredUpdateId(aws.dynamo, aws.tableName));
      await runTerminalChat({
        webhookUrl: webhook.url,
        secretToken,
        telegram,
        chatId: LOCAL_CHAT_ID,
        input: process.stdin,
        output: process.stdout,
        interactive,
        nextUpdateId: () => updateIds.next(),
        photoDir: join(dataDir, 'photos'),
      });
    } else {
      say(`  telegram   long polling as @${botUsername}; serving chats ${allowed.length > 0 ? allowed.join(', ') : '(none: set ALLOWED_CHAT_IDS)'}`);
      say('');
      say('Message the bot from Telegram, e.g. /help or /buy AAPL 10 182.50. Ctrl-C stops.');
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await runLongPolling({ token, apiRoot, webhookUrl: webhook.url, secretToken, signal: abort.signal, log: (line) => logger.info({}, line) });
    }
    return 0;
  } finally {
    await stopAll();
  }
}

runCli(module, main);
