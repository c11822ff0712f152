/**
 * 10,000 random and mutated messages through one warm instance of the fn-webhook zip, invoked in
 * batches (the runtime takes them one after another, like a warm Lambda under steady traffic).
 * What must hold: no unhandled error, no write from an invalid command, every reply valid for
 * Telegram's HTML parser, and for trades that did go through, the chat is told exactly what the
 * ledger holds. The corpus is seeded (`TRADEBOT_FUZZ_SEED` replays another one).
 */
import { isCommandText } from '@tradebot/core-domain';
import { makeCallbackQuery, makeWebhookEvent, parseTelegramHtml, type LambdaInstance, type LambdaInvocation } from '@tradebot/local-stack';
import { Book } from './helpers/book';
import { Dice, forgedTap, invalidCommand, mutatedTrade, noise, oddDelivery, plainTrade, random, type OddDelivery } from './helpers/fuzz';
import { tableItems, type PlainItem } from './helpers/storage';
import { httpStatus, startWorld, type World } from './helpers/world';

const SEED = Number(process.env.TRADEBOT_FUZZ_SEED ?? 20_261_130);
const CHAT = 515151;
const TRADER = 828282;
const STRANGER = 999_999;
/** An allowed chat that only taps forged buttons. */
const TAPPER = 626262;
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const BATCH = 500;

interface Sent {
  readonly kind: string;
  readonly text?: string;
  readonly expectedStatus: number;
  readonly chatId?: number;
  readonly updateId?: number;
  invocation?: LambdaInvocation;
}

describe(`Fuzz: 10,000 random and mutated messages through one warm webhook instance (seed ${SEED})`, () => {
  let world: World;
  let instance: LambdaInstance;
  const dice = new Dice(random(SEED));
  let nextUpdateId = 900_000_000;
  const phase1: Sent[] = [];
  const phase2: Sent[] = [];
  let phase1Requests: { s3: number; dynamo: number };
  let phase2Start: { s3: number; dynamo: number };
  let repliesBefore = 0;
  let answersBefore = 0;
  /** A proposal of TRADER's, left open: the forged taps of TAPPER carry its id. */
  let foreignProposalId = '';

  async function run(items: Sent[], build: (item: Sent) => unknown): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      const results = await Promise.all(batch.map((item) => instance.invoke(build(item), { at: world.clock.now() })));
      results.forEach((invocation, j) => (batch[j]!.invocation = invocation));
    }
  }

  beforeAll(async () => {
    // Prepare: one warm instance, two allowed chats (the first for what must change nothing, the
    // second for trades), and the corpus.
    world = await startWorld({ otherChatIds: [TRADER, TAPPER] });
    instance = await world.webhook.startInstance();
    await instance.invoke(world.stack.webhookEvent(world.chat.update('/help')), { at: world.clock.now() });
    const text = (t: string, chatId: number) => ({ update_id: ++nextUpdateId, message: { message_id: nextUpdateId, date: Math.floor(world.clock.now().getTime() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'F', language_code: 'es' }, text: t } });
    // Another chat's proposal (a plain-language buy, never confirmed): its id is forged into TAPPER's taps.
    await instance.invoke(world.stack.webhookEvent(text('buy 1 aapl 182.5', TRADER)), { at: world.clock.now() });
    foreignProposalId = /^p:y:(.+)$/.exec(world.stack.telegram.messagesTo(TRADER).at(-1)?.inlineKeyboard?.flat().find((b) => b.callback_data?.startsWith('p:y:'))?.callback_data ?? '')?.[1] ?? '';
    for (let i = 0; i < 7_500; i += 1) {
      const roll = dice.next();
      if (roll < 0.32) phase1.push({ kind: 'invalid command', text: invalidCommand(dice), expectedStatus: 200, chatId: CHAT });
      else if (roll < 0.64) phase1.push({ kind: 'noise', text: noise(dice), expectedStatus: 200, chatId: CHAT });
      else if (roll < 0.72) phase1.push({ kind: 'plain text', text: plainTrade(dice), expectedStatus: 200, chatId: CHAT });
      else if (roll < 0.82) {
        const tap = forgedTap(dice, foreignProposalId);
        phase1.push({ kind: 'forged tap', text: tap.data, expectedStatus: tap.expectedStatus, chatId: TAPPER });
      } else {
        const odd = oddDelivery(dice, CHAT, STRANGER, () => ++nextUpdateId);
        phase1.push({ ...odd, text: JSON.stringify(odd.body) });
      }
    }
    for (let i = 0; i < 2_500; i += 1) phase2.push({ kind: 'mutated trade', text: mutatedTrade(dice), expectedStatus: 200, chatId: TRADER });

    // Act
    repliesBefore = world.stack.telegram.messagesTo(CHAT).length;
    answersBefore = world.stack.telegram.callbackAnswers().length;
    phase1Requests = { s3: world.s3Proxy.requests.length, dynamo: world.dynamoProxy.requests.length };
    await run(phase1, (item) => {
      if (item.kind === 'forged tap') {
        const tap = makeCallbackQuery({ data: item.text!, chatId: TAPPER, updateId: ++nextUpdateId, date: Math.floor(world.clock.now().getTime() / 1000) });
        (item as { updateId?: number }).updateId = tap.update_id;
        return world.stack.webhookEvent(tap);
      }
      if (item.kind === 'invalid command' || item.kind === 'noise' || item.kind === 'plain text') {
        const update = text(item.text!, CHAT);
        (item as { updateId?: number }).updateId = update.update_id;
        return world.stack.webhookEvent(update);
      }
      const odd = JSON.parse(item.text!) as OddDelivery['body'];
      const found = phase1.find((p) => p === item) as Sent & Partial<OddDelivery>;
      const secret = found.secretToken === null ? {} : { secretToken: found.secretToken ?? world.stack.secretToken };
      return makeWebhookEvent({ body: odd, ...secret, ...(found.base64 ? { base64: true } : {}) });
    });
    phase2Start = { s3: world.s3Proxy.requests.length, dynamo: world.dynamoProxy.requests.length };
    await run(phase2, (item) => {
      const update = text(item.text!, TRADER);
      (item as { updateId?: number }).updateId = update.update_id;
      return world.stack.webhookEvent(update);
    });
  }, 600_000);

  afterAll(async () => {
    await world?.stop();
  });

  const all = (): Sent[] => [...phase1, ...phase2];

  it('sent 10,000 deliveries, every one through the same warm process', () => {
    // Assess
    expect(all()).toHaveLength(10_000);
    expect(new Set(all().map((s) => s.invocation!.instance))).toEqual(new Set([instance.number]));
    expect(all().filter((s) => s.invocation!.coldStart)).toEqual([]);
  });

  it('never fails: every invocation returns, and answers what Telegram must hear (200, or 400/401 for a broken or forged delivery)', () => {
    // Assess
    const wrong = all()
      .filter((s) => !s.invocation!.ok || httpStatus(s.invocation!) !== s.expectedStatus)
      .map((s) => ({ kind: s.kind, text: s.text?.slice(0, 120), status: httpStatus(s.invocation!), error: s.invocation!.error }));
    expect(wrong).toEqual([]);
  });

  it('logs no error: nothing went unhandled', () => {
    // Assess: pino writes errors at level 50 and fatal at 60.
    const errors = all().flatMap((s) => s.invocation!.logs.split('\n').filter((line) => /"level":(5|6)0/.test(line)));
    expect(errors).toEqual([]);
    expect(instance.stderr()).toBe('');
  });

  it('sends only replies Telegram accepts: valid HTML, within 4096 characters, never empty', () => {
    // Assess
    const refused = world.stack.telegram.calls.filter((c) => c.status !== 200).map((c) => ({ status: c.status, text: String(c.params.text).slice(0, 200) }));
    expect(refused).toEqual([]);
    const invalid = world.stack.telegram.allMessages().filter((m) => !parseTelegramHtml(m.text).ok);
    expect(invalid).toEqual([]);
    // Charts (/chart in the trades and reads): pictures with HTML captions.
    const photos = [CHAT, TRADER].flatMap((id) => world.stack.telegram.photosTo(id));
    expect(photos.length).toBeGreaterThan(0);
    expect(photos.filter((p) => !parseTelegramHtml(p.caption ?? '').ok || p.format !== 'png').map((p) => p.caption)).toEqual([]);
  });

  it('answers every text message of the chat, and a stranger once, politely', () => {
    // Assess
    // Prepare: every text or sticker from the chat gets one reply; edits, callbacks and other chats' posts none.
    const answered = phase1.filter((s) => s.chatId === CHAT || s.kind === 'base64 text' || s.kind === 'sticker').length;
    // Assess
    expect(world.stack.telegram.messagesTo(CHAT).length - repliesBefore).toBe(answered);
    expect(world.stack.telegram.messagesTo(STRANGER).map((m) => m.plainText)).toEqual([expect.stringContaining(String(STRANGER))]);
  });

  it('answers every forged tap it accepted exactly once, and records nothing for any: not in the tapping chat, not in the chat whose proposal id it carried', async () => {
    // Prepare
    const items = await tableItems(world.dynamo, world.aws.tableName);
    const accepted = phase1.filter((s) => s.kind === 'forged tap' && s.expectedStatus === 200);
    // Assess: every tap gets its answer (Telegram shows a spinner until then); the webhook refuses data past 64 bytes.
    expect(accepted.length).toBeGreaterThan(500);
    expect(phase1.some((s) => s.kind === 'forged tap' && s.expectedStatus === 400)).toBe(true);
    expect(world.stack.telegram.callbackAnswers().length - answersBefore).toBe(accepted.length);
    expect(items.filter((i) => i.PK === `PORTFOLIO#${TAPPER}`)).toEqual([]);
    // TRADER's proposal, whose id TAPPER forged into Confirm and Cancel taps, is still open and unrecorded.
    expect(foreignProposalId).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(phase1.filter((s) => s.kind === 'forged tap' && s.text === `p:y:${foreignProposalId}`).length).toBeGreaterThan(0);
    expect(items.filter((i) => i.PK === `PORTFOLIO#${TRADER}` && String(i.SK).startsWith(`PROPOSAL#${foreignProposalId}`)).map((i) => i.SK)).toEqual([`PROPOSAL#${foreignProposalId}`]);
  });

  it('changes no ledger and no document for 7,500 invalid commands, random and plain texts, forged taps and odd deliveries; plain text writes only its idempotency record, its reading\'s spend and a proposal, a tap only its record', () => {
    // Prepare: plain text (not a command) may be a trade said in words, so the webhook keeps an
    // idempotency record for it and may spend on the model and store a proposal (nothing is recorded
    // until Confirm). Nothing else may be written: no ledger entry, no document, no command's record.
    const plainTextIds = new Set(
      phase1.flatMap((p) => {
        if (p.chatId === CHAT && (p.kind === 'noise' || p.kind === 'plain text') && !isCommandText(p.text!)) return [p.updateId!];
        // A tap that could write (a Confirm, a Cancel, Sell half...) keeps a record, so a redelivery changes nothing.
        if (p.kind === 'forged tap') return [p.updateId!];
        if (p.kind !== 'base64 text') return [];
        const body = JSON.parse(p.text!) as { update_id: number; message: { text: string } };
        return isCommandText(body.message.text) ? [] : [body.update_id];
      }),
    );
    const dynamoWrites = world.dynamoProxy.requests.slice(phase1Requests.dynamo, phase2Start.dynamo).filter((r) => WRITES.has(r.operation ?? ''));
    const s3Writes = world.s3Proxy.requests.slice(phase1Requests.s3, phase2Start.s3).filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    const keyOf = (body: string): { pk: string; sk: string } => {
      const request = JSON.parse(body) as { Item?: Record<string, { S?: string }>; Key?: Record<string, { S?: string }> };
      const key = request.Item ?? request.Key ?? {};
      return { pk: key.PK?.S ?? '(none)', sk: key.SK?.S ?? '' };
    };
    const allowed = ({ pk, sk }: { pk: string; sk: string }): boolean => {
      const update = /^UPDATE#(\d+)$/.exec(pk);
      if (update) return plainTextIds.has(Number(update[1]));
      if (pk === 'PORTFOLIO#model-spend') return sk.startsWith('SPEND#');
      if (pk === `PORTFOLIO#${CHAT}`) return /^PROPOSAL#[a-z0-9-]+$/.test(sk);
      return false;
    };
    // Assess
    const unexpected = dynamoWrites.filter((r) => !allowed(keyOf(r.body))).map((r) => {
      const id = Number(/UPDATE#(\d+)|"updateId":\{"N":"(\d+)"/.exec(r.body)?.slice(1).find(Boolean));
      return { operation: r.operation, key: keyOf(r.body), text: phase1.find((p) => p.updateId === id)?.text ?? `(update ${id})` };
    });
    expect(unexpected).toEqual([]);
    expect(s3Writes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(dynamoWrites.some((r) => /TRADE#/.test(r.body))).toBe(false);
    // The plain texts did reach the reader: some became proposals, and none was recorded.
    expect(dynamoWrites.some((r) => keyOf(r.body).sk.startsWith('PROPOSAL#'))).toBe(true);
  });

  describe('mutated trades', () => {
    let ledger: PlainItem[];
    let items: PlainItem[];
    beforeAll(async () => {
      items = await tableItems(world.dynamo, world.aws.tableName);
      // The chat's ledger entries (its partition also holds the proposal of the forged taps).
      ledger = items.filter((i) => i.PK === `PORTFOLIO#${TRADER}` && String(i.SK).startsWith('TRADE#'));
    });

    it('keeps a ledger whose every entry comes from one of them, once, in gapless order, and replays without an impossible sale', () => {
      // Assess
      const sent = new Set(phase2.map((s) => s.updateId));
      expect(ledger.length).toBeGreaterThan(100);
      expect(ledger.map((i) => i.seq)).toEqual(ledger.map((_, i) => i + 1));
      expect(ledger.every((i) => sent.has(i.updateId as number))).toBe(true);
      expect(new Set(ledger.map((i) => i.updateId)).size).toBe(ledger.length);
      // The test's own book replays the entries; it throws on a sale of shares not held.
      const book = new Book();
      for (const item of ledger) {
        if (item.kind === 'void') book.undo(item.updateId as number);
        else book.trade({ side: item.side as 'buy' | 'sell', symbol: String(item.symbol), quantity: String(item.quantity), price: String(item.price), fees: String(item.fees), at: String(item.executedAt), updateId: item.updateId as number });
      }
      expect(() => book.state()).not.toThrow();
      expect(book.entries.filter((e) => e.kind === 'void').map((e) => (e as { voids: number }).voids)).toEqual(ledger.filter((i) => i.kind === 'void').map((i) => i.voids));
    });

    it('tells the chat "recorded" for exactly the trades recorded, and "undone" for exactly the voids', () => {
      // Prepare
      const replies = world.stack.telegram.messagesTo(TRADER).map((m) => m.plainText);
      const confirmed = replies.flatMap((r) => [...r.matchAll(/^#(\d+) (Buy|Sell) ([\d.,]+) (\S+) @/gm)].map((m) => ({ seq: Number(m[1]), side: m[2] === 'Buy' ? 'buy' : 'sell', symbol: m[4] })));
      const undone = replies.flatMap((r) => [...r.matchAll(/Undone trade #(\d+)/g)].map((m) => Number(m[1])));
      // Assess
      expect(confirmed.sort((a, b) => a.seq - b.seq)).toEqual(ledger.filter((i) => i.kind === 'trade').map((i) => ({ seq: i.seq, side: i.side, symbol: i.symbol })));
      expect(undone.sort((a, b) => a - b)).toEqual(ledger.filter((i) => i.kind === 'void').map((i) => i.voids).sort((a, b) => Number(a) - Number(b)));
    });

    it('keeps one completed idempotency record per update that wrote', () => {
      // Assess
      const records = new Map(items.filter((i) => /^UPDATE#\d+$/.test(String(i.PK))).map((i) => [Number(String(i.PK).slice(7)), i.status]));
      for (const entry of ledger) expect(records.get(entry.updateId as number)).toBe('COMPLETED');
    });
  });
});
