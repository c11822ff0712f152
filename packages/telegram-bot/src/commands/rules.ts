/** `/rules`: the trading rules in force and where they come from; `set` and `reset` change them. */
import {
  CorruptDocumentError,
  DEFAULT_RULES,
  parseRules,
  ruleAt,
  RULE_GROUPS,
  RULE_KEYS,
  withoutRule,
  withRule,
  type RuleIssue,
  type Rules,
  type RulesDocument,
} from '@tradebot/core-domain';
import { escapeHtml, formatNumber, layoutTable, type Cell, type Language, type TableColumn } from '../format';
import { messagesFor } from '../messages';
import { changeDocument, keep, refuse, reply, write, type CommandResult, type Refusal, type Services, type Turn } from '../turn';

/** The rules document as the investor knows it (the data bucket's layout). */
export const RULES_DOCUMENT = 'config/rules.json';

const RULE_COLUMNS: readonly TableColumn[] = [{ align: 'left' }, { align: 'right' }];

/** A rule's value for a person: numbers in the reader's format, text as it is. */
function display(value: unknown, language: Language): string {
  if (typeof value === 'number') return formatNumber(value, language, { minDigits: 0, maxDigits: 6 });
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

const isKnown = (key: string): boolean => RULE_KEYS.includes(key) || RULE_GROUPS.includes(key);

/**
 * The keys to reset so that a document with these faults becomes valid: each field at fault (a
 * leaf, a group that is not an object, a key that is not a rule). Use it to offer a repair command.
 */
function faultyKeys(issues: readonly RuleIssue[]): string[] {
  return [...new Set(issues.map((i) => i.path).filter((path) => path !== '(root)'))];
}

/**
 * Table rows for `keys`: top-level rules by name, grouped rules under their group's name and
 * indented (`analysis` then `  time`), so long dotted names do not widen a phone table.
 */
function ruleRows(keys: readonly string[], cells: (key: string) => Cell[]): Cell[][] {
  const rows: Cell[][] = [];
  let group: string | undefined;
  for (const key of keys) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      group = undefined;
      rows.push([key, ...cells(key)]);
      continue;
    }
    if (key.slice(0, dot) !== group) {
      group = key.slice(0, dot);
      rows.push([group]);
    }
    rows.push([`  ${key.slice(dot + 1)}`, ...cells(key)]);
  }
  return rows;
}

function pre(rows: Cell[][]): string {
  return `<pre>${escapeHtml(layoutTable(rows, RULE_COLUMNS).lines.join('\n'))}</pre>`;
}

/** `/rules`: every rule in force, those set in the file apart with their defaults, and where they come from. */
export async function rulesShow(s: Services, turn: Turn): Promise<CommandResult> {
  const { t, language } = turn;
  const file = escapeHtml(RULES_DOCUMENT);
  let document: RulesDocument | null = null;
  let unreadable: string | undefined;
  try {
    document = await s.deps.rules.getDocument();
  } catch (error) {
    if (!(error instanceof CorruptDocumentError)) throw error;
    unreadable = error.reason;
  }
  const parsed = document ? parseRules(document, language) : null;
  const lines = [t.rulesTitle];
  let inForce = DEFAULT_RULES;
  let setKeys: string[] = [];
  if (unreadable !== undefined) {
    lines.push(t.rulesUnreadable(file, escapeHtml(unreadable)));
  } else if (!parsed) {
    lines.push(t.rulesAllDefaults(file));
  } else if (!parsed.ok) {
    lines.push(t.rulesUnreadable(file, escapeHtml(parsed.error)));
    const repair = faultyKeys(parsed.issues);
    if (repair.length > 0) lines.push(t.rulesRepair(escapeHtml(`/rules reset ${repair.join(' ')}`)));
  } else {
    lines.push(t.rulesFromFile(file));
    inForce = parsed.value;
    setKeys = RULE_KEYS.filter((key) => ruleAt(document!, key) !== undefined);
  }
  const valueOf = (key: string): string => display(ruleAt(inForce, key), language);
  if (setKeys.length > 0) {
    // The defaults of the rules you set go below the table: a third column would not fit a phone.
    const theirDefaults = setKeys.map((key) => `${key} ${display(ruleAt(DEFAULT_RULES, key), language)}`).join(' · ');
    lines.push(`<b>${t.rulesSetByYou}</b>`, pre(ruleRows(setKeys, (key) => [valueOf(key)])), t.rulesTheirDefaults(escapeHtml(theirDefaults)));
  }
  const defaults = RULE_KEYS.filter((key) => !setKeys.includes(key));
  lines.push(`<b>${t.rulesDefaults}</b>`, pre(ruleRows(defaults, (key) => [valueOf(key)])));
  lines.push(t.rulesHowTo(escapeHtml('/rules set stopLossPct 10'), escapeHtml('/rules reset stopLossPct')));
  return reply(lines.join('\n'));
}

/**
 * The refusal of a change that would leave the document invalid: `config/rules.json` is never written
 * invalid, and a document that already was gets the command that repairs it, keeping every other rule.
 */
function refuseFaulty(turn: Turn, issues: readonly RuleIssue[], error: string, alsoReset: readonly string[] = []): { readonly ok: false; readonly error: Refusal } {
  const keys = [...new Set([...alsoReset, ...faultyKeys(issues)])];
  return refuse(turn.t.rulesFileFaulty(escapeHtml(RULES_DOCUMENT), escapeHtml(error), escapeHtml(`/rules reset ${keys.join(' ')}`)));
}

/**
 * `/rules set KEY VALUE` (the parser has checked the value against the schema): writes the one rule
 * into the document as written, validates the whole, saves, and makes the next message use it.
 */
export async function ruleSet(s: Services, turn: Turn, key: string, value: number | string): Promise<CommandResult> {
  // Read, change and write under the document's lease, so concurrent changes never lose one.
  let previousRules: RulesDocument = DEFAULT_RULES;
  let saved: Rules | undefined;
  const change = await changeDocument(
    (edit) => s.deps.rules.editDocument(edit),
    (stored: RulesDocument | null) => {
      const document = stored ?? {};
      const before = parseRules(document);
      if (before.ok) previousRules = before.value;
      if (before.ok && ruleAt(document, key) === value) return keep(reply(turn.t.ruleUnchanged(escapeHtml(key), escapeHtml(display(value, turn.language)))));
      const next = withRule(document, key, value);
      const checked = parseRules(next, turn.language);
      if (!checked.ok) return keep(refuseFaulty(turn, checked.issues, checked.error));
      saved = checked.value;
      return write(next);
    },
  );
  if (!change.written) return change.kept;
  s.forgetRules();
  // Confirmed in the language now in force (`/rules set language es` answers in Spanish).
  const language = saved!.language;
  return reply(
    messagesFor(language).ruleSaved(
      escapeHtml(key),
      escapeHtml(display(value, language)),
      escapeHtml(display(ruleAt(previousRules, key), language)),
      escapeHtml(display(ruleAt(DEFAULT_RULES, key), language)),
      escapeHtml(RULES_DOCUMENT),
    ),
  );
}

/**
 * `/rules reset KEY...`: removes the rules (or groups, or keys that are not rules) from the document,
 * so they follow the defaults again; writes nothing when none of them is in the file.
 */
export async function rulesReset(s: Services, turn: Turn, keys: readonly string[]): Promise<CommandResult> {
  let present: readonly string[] = [];
  let atDefault: readonly string[] = keys.filter(isKnown);
  let notRules: readonly string[] = keys.filter((key) => !isKnown(key));
  let saved: Rules | undefined;
  const change = await changeDocument(
    (edit) => s.deps.rules.editDocument(edit),
    (document: RulesDocument | null) => {
      present = keys.filter((key) => document !== null && ruleAt(document, key) !== undefined);
      atDefault = keys.filter((key) => isKnown(key) && !present.includes(key));
      notRules = keys.filter((key) => !isKnown(key) && !present.includes(key));
      if (!document || present.length === 0) return keep(null);
      const next = present.reduce((current, key) => withoutRule(current, key), document);
      const checked = parseRules(next, turn.language);
      if (!checked.ok) return keep(refuseFaulty(turn, checked.issues, checked.error, present));
      saved = checked.value;
      return write(next);
    },
  );
  if (!change.written && change.kept) return change.kept;
  const notes = (t: typeof turn.t): string[] => [
    ...(atDefault.length > 0 ? [t.rulesAlreadyDefault(escapeHtml(atDefault.join(', ')))] : []),
    ...(notRules.length > 0 ? [t.rulesNotRules(escapeHtml(notRules.join(', ')))] : []),
  ];
  if (!saved) return reply(notes(turn.t).join('\n'));
  s.forgetRules();
  const language = saved.language;
  const t = messagesFor(language);
  const changes = present.map((key) =>
    isKnown(key) ? t.ruleBackToDefault(escapeHtml(key), escapeHtml(display(ruleAt(DEFAULT_RULES, key), language))) : t.ruleRemoved(escapeHtml(key)),
  );
  return reply(t.rulesReset([...changes, ...notes(t)].join('\n'), escapeHtml(RULES_DOCUMENT)));
}
