/** `/blacklist`, `/tips`, `/scan` and `/export`: the documents kept in S3. */
import {
  catalogueEntry,
  replay,
  type Tip,
} from '@tradebot/core-domain';
import { escapeHtml, escapeHtmlAttribute, formatPct, formatPrice, layoutTable, type Cell } from '../format';
import { changeDocument, keep, refuse, reply, write, withoutCorrupt, type CommandResult, type Services, type Turn } from '../turn';
import { POSITIONS_SNAPSHOT_KEY, positionsSnapshot } from '../snapshot';
import { ledgerEntries } from '../reads';

/** `/blacklist`: the tickers on the list, sorted. */
export async function blacklistList(s: Services, turn: Turn): Promise<CommandResult> {
  const list = [...(await s.deps.blacklist.get())].sort();
  if (list.length === 0) return reply(turn.t.blacklistEmpty);
  return reply(`${turn.t.blacklistTitle(list.length)}\n${escapeHtml(list.join(', '))}`);
}

/** `/blacklist add|remove`: changes the list in one write (none when nothing changes); reports each ticker. */
export async function blacklistChange(s: Services, turn: Turn, action: 'add' | 'remove', symbols: readonly string[], invalid: readonly string[]): Promise<CommandResult> {
  const { t } = turn;
  let changed: string[] = [];
  let unchanged: string[] = [];
  const outcome = await changeDocument(
    (change) => s.deps.blacklist.update(change),
    (current: readonly string[]) => {
      const present = new Set(current);
      changed = symbols.filter((s) => (action === 'add' ? !present.has(s) : present.has(s)));
      unchanged = symbols.filter((s) => !changed.includes(s));
      if (changed.length === 0) return keep(undefined);
      return write(action === 'add' ? [...current, ...changed] : current.filter((s) => !changed.includes(s)));
    },
  );
  // The next buy on this instance checks the list as it now is, not the copy read before.
  if (outcome.written) s.blacklist.forget();
  const lines: string[] = [];
  const list = (items: readonly string[]): string => escapeHtml(items.join(', '));
  if (changed.length > 0) lines.push(action === 'add' ? t.blacklistAdded(list(changed)) : t.blacklistRemoved(list(changed)));
  if (unchanged.length > 0) lines.push(action === 'add' ? t.blacklistAlreadyThere(list(unchanged)) : t.blacklistNotThere(list(unchanged)));
  if (invalid.length > 0) lines.push(t.invalidTickers(list(invalid), escapeHtml(`/blacklist ${action} TSLA`)));
  return reply(lines.join('\n'));
}

/** `/tips`: every note with its number. */
export async function tipsList(s: Services, turn: Turn): Promise<CommandResult> {
  const tips = await s.deps.tips.get();
  if (tips.length === 0) return reply(turn.t.tipsEmpty(escapeHtml(catalogueEntry('tips').example)));
  return reply(`${turn.t.tipsTitle}\n${tips.map(tipLine).join('\n')}`);
}

/** One tip as `/tips` lists it: number, symbol, day, then the note. */
export function tipLine(tip: Tip): string {
  return `<b>#${tip.id}</b> ${escapeHtml(tip.symbol)} <i>(${tip.createdAt.slice(0, 10)})</i>\n${escapeHtml(tip.text)}`;
}

/** `/tips add`: stores a note under a number never used before, and says which. */
export async function tipsAdd(s: Services, turn: Turn, symbol: string, text: string): Promise<CommandResult> {
  const tip = await s.deps.tips.add({ symbol, text, createdAt: s.deps.clock.now().toISOString() });
  return reply(turn.t.tipAdded(tip.id, escapeHtml(symbol)));
}

/** `/tips remove N`: removes a note; an unknown number is refused without a write. */
export async function tipsRemove(s: Services, turn: Turn, id: number): Promise<CommandResult> {
  let symbol = '';
  const removal = await changeDocument(
    (change) => s.deps.tips.update(change),
    (current: readonly Tip[]) => {
      const tip = current.find((x) => x.id === id);
      if (!tip) return keep(refuse(turn.t.tipNotFound(id)));
      symbol = tip.symbol;
      return write(current.filter((x) => x.id !== id));
    },
  );
  if (!removal.written) return removal.kept;
  return reply(turn.t.tipRemoved(id, escapeHtml(symbol)));
}

/** `/scan N`: the top N of `latest.json` without blacklisted tickers, with a presigned link to the full CSV. */
/**
 * `/scan [N]`: the latest scan's candidates (blacklist left out), `limit` per page from `offset`,
 * with Previous / Next buttons (`scan:<offset>:<limit>`) while there are more.
 */
export async function scan(s: Services, turn: Turn, limit: number, offset = 0): Promise<CommandResult> {
  const { t, language } = turn;
  const [summary, blacklistRead] = await Promise.all([s.deps.scans.latest(), s.blacklist.read()]);
  if (!summary) return reply(t.noScan);
  // A corrupt blacklist only means nothing is filtered out; the reply says so.
  const banned = new Set(withoutCorrupt(s, turn, blacklistRead));
  const available = summary.top.filter((row) => !banned.has(row.symbol));
  const start = Math.min(offset, Math.max(0, available.length - 1));
  const top = available.slice(start, start + limit);
  const url = await s.deps.links.downloadUrl(summary.csvKey, s.linkExpirySeconds);
  const link = `<a href="${escapeHtmlAttribute(url)}">${t.fullCsv}</a>`;
  if (top.length === 0) return reply(`${t.scanAllBlacklisted}\n${link}`);
  const c = t.scanColumns;
  const rows: Cell[][] = [
    [c.rank, c.ticker, c.drawdown, c.price, c.days],
    ...top.map((row, i) => [String(start + i + 1), row.symbol, `-${formatPct(row.drawdownPct, language)}`, formatPrice(row.lastClose, language), String(row.daysSincePeak)]),
  ];
  // The rank is its own right-aligned column, so rank 10 does not push the ticker over; the days
  // since the peak go first when a phone is too narrow.
  const table = layoutTable(rows, [{ align: 'right' }, { align: 'left' }, { align: 'right' }, { align: 'right' }, { align: 'right', dropPriority: 1 }]).lines;
  const fewer = top.length < limit && start === 0 ? `\n<i>${t.scanFewer(top.length)}</i>` : '';
  const html = `${t.scanTitle(top.length, escapeHtml(summary.date))}\n<pre>${escapeHtml(table.join('\n'))}</pre>${fewer}\n${link}`;
  const pages = [
    ...(start > 0 ? [{ text: t.talk.previous, data: `scan:${Math.max(0, start - limit)}:${limit}` }] : []),
    ...(start + limit < available.length ? [{ text: t.talk.next, data: `scan:${start + limit}:${limit}` }] : []),
  ];
  return reply(pages.length > 0 ? { html, keyboard: [pages] } : html);
}

/** `/export`: rewrites the ledger CSV and the positions snapshot, then links to both. */
export async function exportLinks(s: Services, turn: Turn): Promise<CommandResult> {
  const { t } = turn;
  const entries = await ledgerEntries(s, turn);
  // The links are the reply: both files must be written before it, and neither waits for the other.
  const [csvKey] = await Promise.all([
    s.deps.snapshots.putLedgerCsv(entries),
    s.deps.snapshots.putPositions(positionsSnapshot(turn.chatId, replay(entries), s.deps.clock.now())),
  ]);
  const [csvUrl, jsonUrl] = await Promise.all([
    s.deps.links.downloadUrl(csvKey, s.linkExpirySeconds),
    s.deps.links.downloadUrl(POSITIONS_SNAPSHOT_KEY, s.linkExpirySeconds),
  ]);
  return reply([
    t.exportTitle(entries.length),
    `• <a href="${escapeHtmlAttribute(csvUrl)}">${t.ledgerCsv}</a>`,
    `• <a href="${escapeHtmlAttribute(jsonUrl)}">${t.positionsJson}</a>`,
    `<i>${t.linksExpire(Math.round((s.linkExpirySeconds / 3600) * 10) / 10)}</i>`,
  ].join('\n'));
}
