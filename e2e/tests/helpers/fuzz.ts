/**
 * The fuzz corpus: seeded, so every run sends the same messages (and a failure can be replayed with
 * its seed). Three kinds of chat text and a set of odd deliveries:
 * - `invalidCommand`: commands that may write (trades, /undo, /tips, /blacklist, /rules, /export,
 *   /alert, /dividend)
 *   made invalid by construction, each by a rule of the documented grammar (docs/core-domain.md,
 *   "Command grammar"): none may change anything;
 * - `noise`: random text (any script, emoji, HTML, control characters), commands or not;
 * - `mutatedTrade`: trades and reads with random edits, valid or not: what they change must be
 *   exactly what the replies say;
 * - `plainTrade`: trades said in words (English and Spanish), some broken: at most a proposal;
 * - `forgedTap`: button data no button of the chat carries (every dispatcher prefix, overlong ids,
 *   another chat's proposal id, huge `/scan` pages): nothing may change.
 */

import { mulberry32 } from '@tradebot/local-stack';

/** Deterministic PRNG: the seeded mulberry32 of the local stack's simulated prices. */
export const random = (seed: number): (() => number) => mulberry32(seed);

/** Picking helpers on one PRNG. */
export class Dice {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const TRADE_WORDS = ['/buy', '/sell', '/compro', '/vendo', '/BUY', '/Vendo', '/buy@tradebot_local_bot'];
const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'brk.b', '$amzn', 'SAN.MC', 'BRK/B'];
const BAD_NUMBERS = ['-5', '0', '0,0', '-0', '1e3', '1E9', '1.000,50', '1,000.50', 'abc', '10%', '∞', 'NaN', 'Infinity', '１０', '١٢٣', '0x10', '.', ',', '1..5', '1,,5', '1234567890123456789012345'];
const BAD_DATES = ['2026-02-30', '2023-02-29', '15/03/2024', '2024-3-5', '2999-01-01', '1899-12-31', '2024-13-01'];
const BAD_TICKERS = ['^GSPC', 'GC=F', 'EURUSD=X', 'TOOLONGTICKER12', 'A$PL', '7203', 'AA..PL', '📈', 'AAPL.XYZW', '<b>', '&amp;'];

/** A command that may write, made invalid by one documented rule; the reason is for failure messages. */
export function invalidCommand(dice: Dice): string {
  const word = dice.pick(TRADE_WORDS);
  const ticker = dice.pick(TICKERS);
  switch (dice.int(0, 19)) {
    case 0:
      return dice.pick([word, `${word} ${ticker}`, `${word} ${ticker} 10`]);
    case 1:
      return `${word} ${ticker} ${dice.pick(BAD_NUMBERS)} 182.50`;
    case 2:
      return `${word} ${ticker} 10 ${dice.pick(BAD_NUMBERS)}`;
    case 3:
      return `${word} ${ticker} 10 182,50 ${dice.pick(['-1', 'x', '1e2', '1.000,5', '∞'])}`;
    case 4:
      return `${word} ${ticker} 10 182,50 ${dice.chance(0.5) ? '1,20 ' : ''}${dice.pick(BAD_DATES)}`;
    case 5:
      return `${word} ${ticker} 10 182,50 1,20 2024-03-15 ${dice.pick(['extra', '5', 'x y'])}`;
    case 6:
      return `${word} ${dice.pick(BAD_TICKERS)} 10 182,50`;
    case 7:
      return `/buy@other_bot ${ticker} 10 182,50`;
    case 8:
      return dice.pick(['/undo 5', '/undo now', '/deshacer x', '/export now', '/exportar 1']);
    case 9:
      return dice.pick(['/tips remove 0', '/tips remove -1', '/tips remove abc', '/tips remove 1.5', '/notas quitar x']);
    case 10:
      return `/tips add ${dice.pick(BAD_TICKERS)} some note`;
    case 11:
      return dice.pick(['/blacklist AAPL', '/blacklist frob AAPL', '/listanegra quitar']);
    case 12:
      return `/blacklist ${dice.pick(['add', 'remove'])} ${dice.pick(BAD_TICKERS)} ${dice.pick(BAD_TICKERS)}`;
    case 13:
      return `/rules set stopLossPct ${dice.pick(['1000', '-1', 'abc', '101', '1e2'])}`;
    case 14:
      return `/rules set ${dice.pick(['nosuchrule', 'analysis.nope', 'scan.topN.x', '__proto__'])} 5`;
    case 15:
      return `/rules set language ${dice.pick(['xx', 'english', '', 'EN-us'])}`.trimEnd();
    case 16:
      return dice.pick(['/rules set', '/rules set stopLossPct', '/reglas poner', '/rules frob stopLossPct']);
    case 17:
      return dice.pick([
        '/alert',
        `/alert ${ticker}`,
        `/alert ${ticker} below`,
        `/alert ${ticker} ${dice.pick(['below', 'above', 'bajo', 'sobre'])} ${dice.pick(['-5', '0', 'abc', '1e3', '∞', '1.000,50'])}`,
        `/alert ${ticker} ${dice.pick(['sideways', 'near', 'crosses', 'entre'])} 5`,
        `/alerta ${ticker} ${dice.pick(['drawdown', 'caida'])} ${dice.pick(['0', '-5', '150', 'x'])}`,
        `/alert ${dice.pick(BAD_TICKERS)} below 5`,
        `/alert ${ticker} above 5 extra`,
        `/alert remove ${dice.pick(['', 'x', '0', '-1', '1.5'])}`.trimEnd(),
      ]);
    case 18:
      return dice.pick([
        '/dividend',
        `/dividend ${ticker}`,
        `/dividendo ${ticker} ${dice.pick(BAD_NUMBERS)}`,
        `/dividend ${ticker} 12,40 ${dice.pick(['-2', 'x', '1e2', '∞'])}`,
        `/dividend ${ticker} 12,40 2,19 ${dice.pick(BAD_DATES)}`,
        `/dividend ${ticker} 12,40 2,19 2024-03-15 extra`,
        `/dividend ${dice.pick(BAD_TICKERS)} 12,40`,
      ]);
    default:
      return `${dice.pick(['/buyy', '/sel', '/comprar', '/undoo', '/exports'])} ${ticker} 10 182,50`;
  }
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_/',
  'áéíóúñÑüÜ¿¡çÇàèìòù',
  '<>&"\'`=;/\\',
  '日本語の文字列中文字符한국어',
  'مرحبا بالعالم שלום עולם',
  '\u200b\u200d\u200e\u202e\ufeff\u00ad',
  '\t\n\r\u0007\u001b',
];
const EMOJI = ['😀', '📈', '🇪🇸', '👩‍💻', '🏳️‍🌈', '1️⃣', '🧑🏽‍🚀'];

/** Random text, sometimes shaped like a command, sometimes HTML. */
export function noise(dice: Dice): string {
  const length = dice.int(1, dice.chance(0.1) ? 600 : 60);
  let text = '';
  while ([...text].length < length) {
    if (dice.chance(0.08)) text += dice.pick(EMOJI);
    else if (dice.chance(0.05)) text += dice.pick(['<b>', '</i>', '<a href="x">', '&lt;', '&', '<pre>', '</code>', '<script>']);
    else {
      const alphabet = [...dice.pick(ALPHABETS)];
      text += dice.pick(alphabet);
    }
  }
  if (dice.chance(0.35)) text = `/${text.replace(/^\/+/, '')}`;
  if (dice.chance(0.15)) text = `${dice.pick(['/buy', '/portfolio', '/scan', '/stats', '/help', '/start', '/rules', '/tips', '/blacklist', '/performance', '/chart', '/alerts'])} ${text}`;
  // Telegram never delivers empty or whitespace-only messages.
  return text.trim() === '' ? 'x' : text;
}

const VALID_TRADES = ['/buy AAPL 10 182.50', '/buy MSFT 2 410,10 0,85', '/compro NVDA 3 121,40 0,50', '/sell AAPL 1 190.10', '/vendo MSFT 1 399,90 0,20', '/buy AAPL 0,5 181.00 0 2024-03-15', '/undo', '/deshacer'];
const READS = ['/portfolio', '/balance', '/stats', '/stats week', '/cartera', '/saldo', '/estadisticas mes', '/scan 5', '/help', '/start', '/performance', '/rendimiento 1a', '/alerts', '/chart AAPL 6m'];

/** A trade or read with 0..3 random edits (which may or may not leave it valid). */
export function mutatedTrade(dice: Dice): string {
  let tokens = dice.pick(dice.chance(0.75) ? VALID_TRADES : READS).split(' ');
  const edits = dice.int(0, 3);
  for (let i = 0; i < edits; i += 1) {
    // The command word stays a trade or read word: the fuzz checks trades against replies, and the
    // documents (tips, blacklist, rules) are left to the invalid corpus.
    const at = tokens.length > 1 ? dice.int(1, tokens.length - 1) : 0;
    if (at === 0) {
      tokens.push(dice.pick(['10', 'AAPL', '1,5']));
      continue;
    }
    const token = tokens[at]!;
    switch (dice.int(0, 7)) {
      case 0:
        tokens[at] = token.replace('.', ',');
        break;
      case 1:
        tokens[at] = `${token}${dice.int(0, 9)}`;
        break;
      case 2:
        tokens.splice(at, 1);
        break;
      case 3:
        tokens.splice(at, 0, dice.pick(['0', '1', '99999999', '0,001', '2024-02-29', 'x']));
        break;
      case 4:
        tokens[at] = token.slice(0, dice.int(0, token.length));
        break;
      case 5:
        tokens[at] = dice.pick(['AAPL', 'msft', 'nvda', 'brk.b', 'SAN.MC', 'ZZZZ', 'META']);
        break;
      case 6:
        tokens = [...tokens.slice(0, at), tokens[at]!.toUpperCase(), ...tokens.slice(at + 1)];
        break;
      default:
        tokens[at] = dice.pick(['1000000001', '0,000001', '1.5', '7', '250,25']);
    }
  }
  return tokens.filter((t) => t !== '').join(dice.chance(0.1) ? '  ' : ' ');
}

/** A delivery that is not a plain text message from the chat: what it is, and the status the webhook must answer. */
export interface OddDelivery {
  readonly kind: string;
  /** Raw body (sent as is) or an update object. */
  readonly body: string | Record<string, unknown>;
  readonly expectedStatus: number;
  readonly base64?: boolean;
  readonly secretToken?: string | null;
}

/** Odd deliveries: broken bodies, updates of other kinds, other chats, oversize text, wrong secrets. */
export function oddDelivery(dice: Dice, chatId: number, otherChatId: number, updateId: () => number): OddDelivery {
  const message = (extra: Record<string, unknown>, chat: Record<string, unknown> = { id: chatId, type: 'private' }) => ({
    update_id: updateId(),
    message: { message_id: dice.int(1, 1e6), date: 1_900_000_000, chat, from: { id: chatId, is_bot: false, first_name: 'F' }, ...extra },
  });
  switch (dice.int(0, 11)) {
    case 0:
      return { kind: 'truncated JSON', body: JSON.stringify(message({ text: '/buy AAPL 1 1' })).slice(0, dice.int(1, 60)), expectedStatus: 400 };
    case 1:
      return { kind: 'not an update', body: dice.pick([{}, [], { update_id: -1 }, { update_id: '7' }, { update_id: 1.5 }, { update_id: 9, message: { chat: {} } }, { update_id: 9, message: { message_id: 1, date: 1, chat: { id: 'x', type: 'private' } } }]) as Record<string, unknown>, expectedStatus: 400 };
    case 2:
      return { kind: 'sticker', body: message({ sticker: { file_id: 'x', width: 1, height: 1 } }), expectedStatus: 200 };
    case 3:
      return { kind: 'edited message', body: { update_id: updateId(), edited_message: { message_id: 1, date: 1, edit_date: 2, chat: { id: chatId, type: 'private' }, text: '/buy AAPL 1 1' } }, expectedStatus: 200 };
    case 4:
      return { kind: 'callback query', body: { update_id: updateId(), callback_query: { id: 'q', from: { id: chatId, is_bot: false, first_name: 'F' }, chat_instance: 'c', data: 'x' } }, expectedStatus: 200 };
    case 5:
      return { kind: 'text over 4096', body: message({ text: `/buy AAPL 1 1 ${'x'.repeat(4100)}` }), expectedStatus: 400 };
    case 6:
      return { kind: 'another chat', body: message({ text: dice.pick(['/buy AAPL 1 100', '/portfolio', 'hola']) }, { id: otherChatId, type: 'private' }), expectedStatus: 200 };
    case 7:
      return { kind: 'a group', body: message({ text: '/buy AAPL 1 100' }, { id: -100123, type: 'supergroup', title: 'g' }), expectedStatus: 200 };
    case 8:
      return { kind: 'base64 text', body: message({ text: noise(dice) }), expectedStatus: 200, base64: true };
    case 9:
      return { kind: 'no secret', body: message({ text: '/buy AAPL 1 100' }), expectedStatus: 401, secretToken: null };
    case 10:
      return { kind: 'wrong secret', body: message({ text: '/buy AAPL 1 100' }), expectedStatus: 401, secretToken: `wrong-${dice.int(0, 1e6)}` };
    default:
      return { kind: 'channel post', body: { update_id: updateId(), channel_post: { message_id: 1, date: 1, chat: { id: -1001, type: 'channel' }, text: '/buy AAPL 1 1' } }, expectedStatus: 200 };
  }
}

const PLAIN_TRADES = [
  'buy 10 aapl 182.5',
  'vendo 5 msft a 410,20',
  'compré 10 AAPL a 182,5 ayer',
  'sold half my NVDA at 140',
  'vendí todas las BRK.B a 480 con 1,20 de comisión',
  'bought 3 KO at 60 last friday',
  'sell all KO at 63 last monday',
  'buy half AAPL at 180',
  'buy 10 aapl',
  'compro AAPL a 180',
  'buy 10 aapl 182.5 2999-01-05',
  'I picked up ten shares of Apple at 182.50',
  'got rid of half of my nvidia position at 140',
  'bought some apple yesterday',
  'what do you think of NVDA?',
  '¿qué tal va mi cartera?',
  'vendí 5 microsoft mañana a 400',
  'bought 10 ^GSPC at 5000',
];

/**
 * Plain text shaped like a trade said in words (English and Spanish), sometimes with a broken number,
 * ticker or date: each may be read into a proposal or a question, and none may record anything (a
 * proposal waits for its Confirm, which nobody presses here).
 */
export function plainTrade(dice: Dice): string {
  const text = dice.pick(PLAIN_TRADES);
  switch (dice.int(0, 4)) {
    case 0:
      return text.replace(/\d+([.,]\d+)?/, dice.pick(BAD_NUMBERS));
    case 1:
      return text.replace(/\b[A-Za-z]{2,5}\b(?=\s+(at|a|@|\d))/i, dice.pick(BAD_TICKERS));
    case 2:
      return `${text} ${dice.pick(BAD_DATES)}`;
    default:
      return text;
  }
}

/** A forged button tap: its data, and the status the webhook must answer (400 past Telegram's 64-byte limit). */
export interface ForgedTap {
  readonly data: string;
  readonly expectedStatus: number;
}

/**
 * Callback data no button of this chat carries: every prefix of the dispatcher (`rearm:`, `p:`,
 * `u:`, `scan:`, `pos:`, `h:`) with unknown, malformed or overlong ids, another chat's proposal id
 * (`foreignProposalId`), `/scan` pages with huge values, and data past Telegram's 64-byte limit.
 */
export function forgedTap(dice: Dice, foreignProposalId: string): ForgedTap {
  const id = (): string =>
    dice.pick([
      foreignProposalId,
      foreignProposalId.toUpperCase(),
      `${foreignProposalId}0`,
      'a'.repeat(dice.int(41, 58)),
      String(dice.int(0, 1e9)),
      '',
      '../x',
      '<b>',
      `${dice.int(1, 99)}-${dice.int(1, 99)}`,
    ]);
  let data: string;
  switch (dice.int(0, 7)) {
    case 0:
      data = `rearm:${dice.pick([String(dice.int(0, 1e6)), '9'.repeat(dice.int(10, 30)), '-1', '', 'x', '1.5'])}`;
      break;
    case 1:
    case 2:
      data = `p:${dice.pick(['y', 'e', 'n', 'x', 'Y', ''])}:${id()}`;
      break;
    case 3:
      data = `u:${dice.pick(['y', 'n', 'x'])}:${dice.pick(['1', '0', '-1', '999999999', '9'.repeat(dice.int(10, 40)), 'x', ''])}`;
      break;
    case 4:
      data = `scan:${dice.pick(['0', '5', '999', '1000', '9'.repeat(dice.int(4, 40)), '-1', 'x', ''])}:${dice.pick(['0', '1', '50', '99', '100', '9'.repeat(dice.int(3, 20)), '-5', ''])}`;
      break;
    case 5:
      data = `pos:${dice.pick(['s', 't', 'c', 'x', ''])}:${dice.pick(['AAPL', 'NVDA', 'ZZZZ', 'brk.b', 'A'.repeat(dice.int(21, 50)), '<b>', '', '../', '📈'])}`;
      break;
    case 6:
      data = `h:${dice.pick(['portfolio', 'balance', 'stats', 'performance', 'scan', 'alerts', 'tips', 'blacklist', 'rules', 'undo', 'buy', 'sell', 'export', 'notify', 'lessons', 'start', 'help', 'zzz', 'a'.repeat(dice.int(21, 60)), ''])}`;
      break;
    default:
      data = dice.chance(0.5) ? noise(dice).slice(0, 64) : 'p:y:'.concat('x'.repeat(dice.int(61, 200)));
  }
  return { data, expectedStatus: data.length > 64 ? 400 : 200 };
}
