/**
 * The structured events fn-webhook logs for monitoring. infra/modules/alarms turns them into
 * CloudWatch metrics by name (`{ $.event = "update.handled" }`): rename one only together with its
 * metric filter (infra/tests check that the two agree).
 */
export const LOG_EVENTS = {
  /** An update was answered (a command or a plain message); the line's `command` says which. */
  updateHandled: 'update.handled',
  /** The snapshot writer handled a batch of the ledger's stream: `records`, `chats` written, `failed`, `skipped`. */
  snapshotsWritten: 'snapshots.written',
} as const;

/**
 * What an update was, for the logs and the dashboard's "commands per day": the command's name
 * without the slash or `@bot` (`buy`, `portfolio`), `text` for a plain message, `other` for
 * anything without text (stickers, photos). Use it when logging a handled update.
 */
export function updateKind(update: { readonly message?: { readonly text?: string | undefined } | undefined; readonly callback_query?: unknown }): string {
  if (update.callback_query !== undefined) return 'callback';
  const text = update.message?.text;
  if (text === undefined) return 'other';
  const command = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?=\s|$)/.exec(text);
  return command ? command[1]!.toLowerCase() : 'text';
}
