/** Options of `pnpm start`. */
export interface StartOptions {
  readonly help: boolean;
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

/** Parses `pnpm start -- [--reset] [--help] [--data-dir DIR] [--port N] [--delete-webhook]`. */
export function parseStartArgs(argv: readonly string[]): { ok: true; options: StartOptions } | { ok: false; error: string } {
  let help = false;
  let reset = false;
  let deleteWebhook = false;
  let livePrices = false;
  let dataDir: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--reset') reset = true;
    else if (arg === '--delete-webhook') deleteWebhook = true;
    else if (arg === '--live-prices') livePrices = true;
    else if (arg === '--data-dir') {
      dataDir = argv[++i];
      if (!dataDir) return { ok: false, error: '--data-dir needs a directory' };
    } else if (arg === '--port') {
      port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: '--port needs a port number (0-65535)' };
    } else return { ok: false, error: `unknown option ${arg}` };
  }
  return { ok: true, options: { help, reset, deleteWebhook, livePrices, ...(dataDir ? { dataDir } : {}), ...(port !== undefined ? { port } : {}) } };
}

/** The `--help` text. */
export const START_USAGE = `Usage: pnpm start [-- options]

Runs tradebot on this machine: embedded S3 and DynamoDB (data kept in .local/),
a local Yahoo Finance stand-in, and the same webhook code as the Lambda behind a
local HTTP endpoint.

  Without TELEGRAM_BOT_TOKEN: a chat in this terminal. Every line you type is sent
  as a real Telegram update through the webhook; the bot's replies are printed.
  Piped input works too: printf '/buy AAPL 10 182.50\\n/portfolio\\n' | pnpm start

  With TELEGRAM_BOT_TOKEN: the bot runs against real Telegram by long polling
  (ALLOWED_CHAT_IDS=123,456 lists the chats it serves).

Options:
  --reset            delete the local data (.local/) before starting
  --data-dir DIR     keep the local data in DIR instead of .local/
  --port N           serve the local webhook on port N (default: a free port)
  --delete-webhook   long-poll mode: remove the bot's registered webhook first
  --live-prices      real Yahoo Finance prices (needs internet) instead of the local stand-in
  --help             show this help
`;
