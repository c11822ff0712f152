/**
 * Plain-language trades: the message becomes a proposal (the exact command, the position and P&L
 * after it) with Confirm / Edit / Cancel buttons; only Confirm records it, once.
 */
import {
  catalogueEntry,
  checkTradeLimits,
  dec,
  domainErrorMessage,
  intentFromToolCall,
  intentToToolInput,
  localDay,
  ok,
  parseCommand,
  readPlainTrade,
  replay,
  resolveTradeIntent,
  toPlain,
  tradeCommandText,
  validateDraft,
  PROPOSE_TRADE_TOOL,
  type EntryDraft,
  type LedgerEntry,
  type Proposal,
  type Result,
  type TalkQuestion,
  type TradeIntent,
} from '@tradebot/core-domain';
import { escapeHtml } from '../format';
import { refuse, reply, withoutCorrupt, type CommandResult, type Keyboard, type Reply, type Services, type Turn } from '../turn';
import { limitRefusal, positionAfter, trade } from './trades';

/**
 * Longest plain text sent to the model: a trade said in words is one short sentence; anything
 * longer is answered as "not a trade" without a model call (it would only cost tokens).
 */
export const MAX_PLAIN_TEXT_FOR_MODEL = 280;

/** A proposal older than this is stale: Confirm shows a fresh preview instead of recording. */
export const PROPOSAL_TTL_MS = 10 * 60 * 1000;

/** What a button tap answers: a toast on the button (plain text, may be empty) and, maybe, a message in the chat. */
export interface CallbackAnswer {
  readonly toast: string;
  readonly reply: Reply | null;
}

/** The `importId` a confirmed proposal's ledger entry carries: the proposal is recorded at most once. */
export const proposalImportId = (id: string): string => `proposal:${id}`;

/** The command forms shown when plain text cannot be read (the trade commands' usage and examples). */
function commandForms(): string {
  return ['buy', 'sell'].map((key) => `<code>${escapeHtml(catalogueEntry(key as 'buy').usage)}</code>`).join('\n');
}

/** The question the bot asks instead of guessing, in the chat's language. */
function ask(turn: Turn, question: TalkQuestion): CommandResult {
  const subject = 'symbol' in question ? question.symbol : 'text' in question ? question.text : 'day' in question ? question.day : '';
  const side = 'side' in question ? question.side : undefined;
  return reply(turn.t.talk.question(question.kind, escapeHtml(subject), side));
}

/**
 * A message that is not a command. The deterministic reader first (no model, no key); otherwise the
 * model with the trade tools, when there is one and the month's budget allows; then the domain
 * resolves and the bot proposes. Every model call's cost is logged and counted in the budget.
 */
export async function talk(s: Services, turn: Turn, text: string): Promise<CommandResult> {
  const { t } = turn;
  const read = readPlainTrade(text);
  let intent: Result<TradeIntent, TalkQuestion>;
  if (read) intent = ok(read);
  else {
    const interpreter = s.deps.interpreter;
    if (!interpreter) return reply(t.talk.needsAnalyst('no-key', commandForms()));
    if (text.length > MAX_PLAIN_TEXT_FOR_MODEL) return ask(turn, { kind: 'not-a-trade' });
    const today = localDay(new Date(turn.messageAt), turn.rules.analysis.timezone);
    const month = today.slice(0, 7);
    if (s.deps.modelSpend) {
      const spent = await s.deps.modelSpend.spentUsd(month);
      const worst = interpreter.worstCaseCostUsd(text);
      if (spent.plus(worst).gt(turn.rules.analysis.monthlyBudgetUsd)) {
        s.log.warn({ event: 'talk.budget', chatId: turn.chatId, spentUsd: toPlain(spent), worstCaseUsd: toPlain(worst), budgetUsd: turn.rules.analysis.monthlyBudgetUsd }, 'plain text not read: monthly model budget reached');
        return reply(t.talk.needsAnalyst('budget', commandForms()));
      }
    }
    let outcome;
    try {
      outcome = await interpreter.interpret(text, { today, language: turn.language });
    } catch (error) {
      s.log.warn({ err: error, chatId: turn.chatId, updateId: turn.updateId }, 'plain text not read: the model could not be reached');
      return reply(t.talk.needsAnalyst('down', commandForms()));
    }
    s.log.info(
      { event: 'talk.model', chatId: turn.chatId, updateId: turn.updateId, model: outcome.model, ...outcome.usage, costUsd: toPlain(outcome.costUsd), tool: outcome.call?.name ?? null },
      'plain text read by the model',
    );
    if (s.deps.modelSpend) {
      await s.deps.modelSpend.add(month, outcome.costUsd, `talk-${turn.chatId}-${turn.updateId}`).catch((error: unknown) => {
        s.log.error({ err: error, chatId: turn.chatId, costUsd: toPlain(outcome.costUsd) }, 'model spend not recorded');
      });
    }
    intent = intentFromToolCall(outcome.call);
  }
  if (!intent.ok) return ask(turn, intent.error);
  return propose(s, turn, intent.value);
}

/**
 * Resolves an intent against the ledger as it is now and answers with the proposal and its
 * buttons (stored first: the buttons carry only its id), or the question / refusal. `messageAt`
 * is when the trade was said (the trade's time when no date was given).
 */
export async function propose(s: Services, turn: Turn, intent: TradeIntent, prefix?: string): Promise<CommandResult> {
  const { t, language } = turn;
  const proposals = s.deps.proposals;
  if (!proposals) return reply(t.notACommand);
  const entries = await s.deps.ledger.list(turn.chatId);
  const state = replay(entries);
  const today = localDay(new Date(turn.messageAt), turn.rules.analysis.timezone);
  const resolved = resolveTradeIntent(intent, { state, today });
  if (!resolved.ok) return ask(turn, resolved.error);
  const trade = resolved.value;
  const command = tradeCommandText(trade);
  const example = catalogueEntry(trade.side).example;
  let currency = state.positions.get(trade.symbol)?.currency ?? turn.rules.baseCurrency;
  if (trade.side === 'buy') {
    const [blacklistRead, batch] = await Promise.all([
      s.blacklist.read(),
      s.prices.quotes([trade.symbol]).catch((error: unknown) => {
        // The proposal does not depend on Yahoo; Confirm checks the ticker again and says so if it cannot.
        s.log.warn({ err: error, symbol: trade.symbol }, 'price feed down; proposal made without checking the ticker');
        return null;
      }),
    ]);
    if (withoutCorrupt(s, turn, blacklistRead).includes(trade.symbol)) return refuse(t.blacklisted(escapeHtml(trade.symbol)));
    const quote = batch?.quotes.get(trade.symbol);
    // An unknown ticker is asked about, never recorded on a guess (the model's "apple" -> APPL typo too).
    if (!quote && batch?.missing.includes(trade.symbol)) return refuse(t.unknownTicker(escapeHtml(trade.symbol), escapeHtml(example)));
    if (quote && !state.positions.has(trade.symbol)) currency = quote.currency;
  }
  const draft: Extract<EntryDraft, { kind: 'trade' }> = {
    kind: 'trade',
    trade: {
      side: trade.side,
      symbol: trade.symbol,
      quantity: trade.quantity,
      price: trade.price,
      fees: trade.fees,
      currency,
      executedAt: trade.date ? `${trade.date}T00:00:00.000Z` : turn.messageAt,
    },
  };
  const breach = checkTradeLimits(draft.trade, turn.rules);
  if (breach) return refuse(limitRefusal(t, language, breach));
  const valid = validateDraft(entries, draft);
  if (!valid.ok) return refuse(t.refused(escapeHtml(domainErrorMessage(valid.error, language)), escapeHtml(example)));
  const lastSeq = entries.at(-1)?.seq ?? 0;
  const now = s.deps.clock.now();
  const preview = replay([...entries, { ...draft, seq: lastSeq + 1, recordedAt: now.toISOString() } as LedgerEntry]);
  // Unique per bot: the update that proposed it and the second it did (an update proposes at most once).
  const id = `${turn.updateId.toString(36)}-${Math.floor(now.getTime() / 1000).toString(36)}`;
  await proposals.create({
    id,
    chatId: turn.chatId,
    command,
    intent: intentToToolInput({ ...intent, symbol: trade.symbol }, today),
    createdAt: now.toISOString(),
    messageAt: turn.messageAt,
    ledgerSeq: lastSeq,
  });
  const lines = [
    ...(prefix ? [prefix, ''] : []),
    t.talk.proposalTitle,
    t.talk.understood(escapeHtml(command)),
    ...positionAfter(t, language, preview, draft.trade, lastSeq + 1),
    `<i>${t.talk.askConfirm}</i>`,
  ];
  return reply({ html: lines.join('\n'), keyboard: proposalKeyboard(turn, id) });
}

function proposalKeyboard(turn: Turn, id: string): Keyboard {
  const { talk } = turn.t;
  return [[{ text: talk.confirm, data: `p:y:${id}` }, { text: talk.edit, data: `p:e:${id}` }, { text: talk.cancel, data: `p:n:${id}` }]];
}

/** Callback data of the proposal buttons: `p:<y|e|n>:<id>`. */
export const PROPOSAL_CALLBACK = /^p:([yen]):([a-z0-9-]{1,40})$/;

/**
 * A tap on a proposal's button. The proposal is read from the store (the button says only which);
 * Confirm records it once (the ledger entry carries the proposal's `importId`), refuses a stale one
 * with a fresh preview; Edit shows the command to copy; Cancel closes it.
 */
export async function proposalTap(s: Services, turn: Turn, action: 'y' | 'e' | 'n', id: string): Promise<CallbackAnswer> {
  const { talk } = turn.t;
  const proposals = s.deps.proposals;
  const proposal = proposals ? await proposals.get(turn.chatId, id) : null;
  if (!proposals || !proposal) return { toast: talk.expired, reply: null };
  if (action === 'e') return { toast: '', reply: talk.editHint(escapeHtml(proposal.command)) };
  const entries = await s.deps.ledger.list(turn.chatId);
  const recorded = entries.find((e) => e.importId === proposalImportId(id));
  if (recorded) return { toast: talk.alreadyRecorded(recorded.seq), reply: null };
  if (action === 'n') {
    const before = await proposals.close(turn.chatId, id, 'cancelled');
    if (before === 'cancelled') return { toast: talk.alreadyCancelled, reply: null };
    return { toast: '', reply: talk.cancelled };
  }
  if (proposal.status === 'cancelled') return { toast: talk.alreadyCancelled, reply: null };
  if (isStale(s, proposal, entries)) return { toast: '', reply: await freshPreview(s, turn, proposal) };
  const parsed = parseCommand(proposal.command);
  if (!parsed.ok || parsed.value.name !== 'trade') return { toast: talk.expired, reply: null };
  const result = await trade(s, { ...turn, messageAt: proposal.messageAt }, parsed.value, { importId: proposalImportId(id) });
  if (result.ok) {
    await proposals.close(turn.chatId, id, 'confirmed');
    return { toast: talk.recordedToast, reply: result.value };
  }
  return { toast: '', reply: result.error.html };
}

function isStale(s: Services, proposal: Proposal, entries: readonly LedgerEntry[]): boolean {
  const age = s.deps.clock.now().getTime() - Date.parse(proposal.createdAt);
  return age > PROPOSAL_TTL_MS || (entries.at(-1)?.seq ?? 0) !== proposal.ledgerSeq;
}

/** A stale proposal proposed again, from what was said, against the ledger and prices as they are now. */
async function freshPreview(s: Services, turn: Turn, proposal: Proposal): Promise<Reply> {
  const intent = intentFromToolCall({ name: PROPOSE_TRADE_TOOL.name, input: proposal.intent });
  const prefix = turn.t.talk.stale;
  if (!intent.ok) return `${prefix}\n\n${turn.t.talk.question(intent.error.kind, '')}`;
  // The trade keeps the time it was said; a proposal from days ago stays dated (the intent's date is a day).
  const result = await propose(s, { ...turn, messageAt: proposal.messageAt }, intent.value, prefix);
  return result.ok ? result.value : `${prefix}\n\n${result.error.html}`;
}

/**
 * "Sell half" from a `/portfolio` button: a proposal to sell half the holding at the latest price
 * (asked for when there is none), with the same buttons.
 */
export async function sellHalfProposal(s: Services, turn: Turn, symbol: string): Promise<CommandResult> {
  const state = replay(await s.deps.ledger.list(turn.chatId));
  if (!state.positions.has(symbol)) return refuse(turn.t.talk.notHeld(escapeHtml(symbol)));
  const quote = await s.prices
    .quotes([symbol])
    .then((batch) => batch.quotes.get(symbol))
    .catch(() => undefined);
  return propose(s, turn, { side: 'sell', symbol, quantity: { kind: 'half' }, price: quote ? dec(quote.price) : null, fees: null, date: null });
}
