import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { htmlToTerminal } from '../telegram/html';
import type { TelegramServer } from '../telegram/server';
import { makeUpdate } from '../telegram/updates';

/** What the terminal chat needs. */
export interface TerminalChatOptions {
  readonly webhookUrl: string;
  readonly secretToken: string;
  readonly telegram: TelegramServer;
  readonly chatId: number;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Whether the input is a person at a terminal (prompt and colours) or a pipe (echo lines, plain text). */
  readonly interactive: boolean;
  /** The `update_id` of each line; ids must never repeat for a data directory (see `openUpdateIds`). */
  readonly nextUpdateId: () => number;
  /** Where pictures the bot sends (`/chart`) are saved; their path is printed. */
  readonly photoDir: string;
}

/**
 * Runs a chat in the terminal: each line becomes a real Telegram `Update` POSTed to the local
 * webhook with the secret header, and the replies the bot sent (captured by the local Telegram
 * server) are printed as terminal text. Resolves when the input ends (EOF, Ctrl-D) or on `/quit`.
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { telegram, chatId, output, interactive } = options;
  const rl = createInterface({ input: options.input, output: interactive ? output : undefined, terminal: interactive });
  const prompt = interactive ? '\u001b[36myou>\u001b[0m ' : '';
  const write = (text: string): void => {
    output.write(text);
  };
  if (interactive) rl.setPrompt(prompt);
  // Ctrl-C leaves the chat (readline would only pause the input without a listener).
  rl.on('SIGINT', () => rl.close());

  const send = async (text: string): Promise<void> => {
    const before = telegram.messagesTo(chatId).length;
    const photosBefore = telegram.photosTo(chatId).length;
    const update = makeUpdate({ text, chatId, updateId: options.nextUpdateId(), firstName: 'You', username: 'local_investor' });
    const res = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secretToken },
      body: JSON.stringify(update),
    });
    if (res.status !== 200) write(`(webhook answered HTTP ${res.status}: ${await res.text()})\n`);
    const replies = telegram.messagesTo(chatId).slice(before);
    const photos = telegram.photosTo(chatId).slice(photosBefore);
    if (replies.length === 0 && photos.length === 0 && res.status === 200) write('(no reply)\n');
    for (const photo of photos) {
      // A terminal cannot show a picture: it is saved, and the caption and the path are printed.
      await mkdir(options.photoDir, { recursive: true });
      const path = join(options.photoDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${photo.messageId}.${photo.format === 'png' ? 'png' : 'jpg'}`);
      await writeFile(path, photo.bytes);
      const caption = photo.caption === undefined ? '' : photo.parseMode?.toUpperCase() === 'HTML' ? htmlToTerminal(photo.caption, interactive) : photo.caption;
      write(`${interactive ? '\u001b[32mbot>\u001b[0m ' : 'bot> '}[picture ${photo.width}x${photo.height} saved to ${path}]${caption ? `\n     ${caption.replace(/\n/g, '\n     ')}` : ''}\n\n`);
    }
    for (const reply of replies) {
      const text = reply.parseMode?.toUpperCase() === 'HTML' ? htmlToTerminal(reply.text, interactive) : reply.text;
      write(`${interactive ? '\u001b[32mbot>\u001b[0m ' : 'bot> '}${text.replace(/\n/g, '\n     ')}\n\n`);
    }
  };

  if (interactive) rl.prompt();
  // Lines are handled one at a time, in order, even when a pipe delivers them all at once.
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line !== '') {
      if (!interactive) write(`you> ${line}\n`);
      try {
        await send(line);
      } catch (error) {
        write(`(could not reach the local webhook: ${(error as Error).message})\n`);
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
