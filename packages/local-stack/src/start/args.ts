import { parseCli, type CliParse } from '../cli';

/** Options of `pnpm start`. */
export interface StartOptions {
  readonly reset: boolean;
  /** Where data persists (default `.local` at the repository root). */
  readonly dataDir?: string;
  /** Port of the local webhook endpoint (default: a free port). */
  readonly port?: number;
  /** Long-poll mode: remove a webhook registered for the bot so getUpdates works. */
  readonly deleteWebhook: boolean;
  /** Real Yahoo Finance prices (internet) instead of the local stand-in. */
  readonly livePrices: boolean;
}

/** The `--help` text. */
export const START_USAGE = `Usage: pnpm start [--reset] [--data-dir DIR] [--port N] [--live-prices] [--delete-webhook] [--help]

Runs tradebot on this machine: embedded S3 and DynamoDB (data kept in .local/),
a local Yahoo Finance stand-in, and the same webhook code as the Lambda behind a
local HTTP endpoint. While it runs, pnpm scan, pnpm daily and pnpm import-trades
on the same data directory use its servers.

  Without TELEGRAM_BOT_TOKEN: a chat in this terminal. Every line you type is sent
  as a real Telegram update through the webhook; the bot's replies are printed.
  Piped input works too: printf '/buy AAPL 10 182.50\\n/portfolio\\n' | pnpm start

  With TELEGRAM_BOT_TOKEN: the bot runs against real Telegram by long polling
  (ALLOWED_CHAT_IDS=123,456 lists the chats it serves).

Options:
  --reset            delete the local data before starting (only in a tradebot data directory)
  --data-dir DIR     keep the local data in DIR instead of .local/
  --port N           serve the local webhook on port N (default: a free port)
  --delete-webhook   long-poll mode: remove the bot's registered webhook first
  --live-prices      real Yahoo Finance prices (needs internet) instead of the local stand-in
  --help             show this help

Example: pnpm start --reset`;

/** Parses `pnpm start [--] [--reset] [--help] [--data-dir DIR] [--port N] [--delete-webhook] [--live-prices]`. */
export function parseStartArgs(argv: readonly string[]): CliParse<StartOptions> {
  const parsed = parseCli(argv, {
    usage: START_USAGE,
    options: {
      reset: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'delete-webhook': { type: 'boolean', default: false },
      'live-prices': { type: 'boolean', default: false },
    },
  });
  if (!parsed.ok) return parsed;
  const { values } = parsed;
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (values.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: '--port needs a port number (0-65535), e.g. --port 8080' };
  }
  if (values['data-dir'] === '') return { ok: false, message: '--data-dir needs a directory, e.g. --data-dir .local' };
  return {
    ok: true,
    options: {
      reset: values.reset,
      deleteWebhook: values['delete-webhook'],
      livePrices: values['live-prices'],
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      ...(port !== undefined ? { port } : {}),
    },
  };
}
