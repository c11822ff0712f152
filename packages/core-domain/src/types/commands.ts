import type { ChartRange } from '../charts';
import type { Decimal } from '../decimal';
import type { NotificationChange } from '../notifications';
import type { AlertCondition } from '../price-alerts';

import type { PerformancePeriod } from '../returns';

/** Periods `/stats` can group P&L by. */
export type StatsPeriod = 'day' | 'week' | 'month';

/**
 * A chat command after parsing. Tickers are already validated and normalised to Yahoo style;
 * amounts are exact decimals. The bot switches exhaustively on `name`.
 */
export type Command =
  | {
      readonly name: 'trade';
      readonly side: 'buy' | 'sell';
      readonly symbol: string;
      readonly quantity: Decimal;
      readonly price: Decimal;
      readonly fees: Decimal;
      /** `YYYY-MM-DD` when the user gave a date; otherwise the bot uses the message time. */
      readonly date?: string;
    }
  /** `/dividend TICKER AMOUNT [WITHHELD] [YYYY-MM-DD]`: cash received, net; the tax withheld defaults to 0. */
  | { readonly name: 'dividend'; readonly symbol: string; readonly amount: Decimal; readonly withholding: Decimal; readonly date?: string }
  | { readonly name: 'portfolio' }
  | { readonly name: 'balance' }
  | { readonly name: 'stats'; readonly period?: StatsPeriod }
  /** `/performance [1m|3m|ytd|1y|all]`; `all` (since the first trade) when no period is given. */
  | { readonly name: 'performance'; readonly period: PerformancePeriod }
  | { readonly name: 'blacklist'; readonly action: 'list' }
  | { readonly name: 'blacklist'; readonly action: 'add' | 'remove'; readonly symbols: readonly string[]; readonly invalid: readonly string[] }
  | { readonly name: 'tips'; readonly action: 'list' }
  | { readonly name: 'tips'; readonly action: 'add'; readonly symbol: string; readonly text: string }
  | { readonly name: 'tips'; readonly action: 'remove'; readonly id: number }
  | { readonly name: 'scan'; readonly limit: number }
  /** `/chart TICKER|portfolio [6m|1y]`: a picture of a ticker's closes or of the portfolio's value. */
  | { readonly name: 'chart'; readonly target: { readonly kind: 'symbol'; readonly symbol: string } | { readonly kind: 'portfolio' }; readonly range: ChartRange }
  | { readonly name: 'alert'; readonly action: 'add'; readonly symbol: string; readonly condition: AlertCondition }
  | { readonly name: 'alert'; readonly action: 'remove'; readonly id: number }
  | { readonly name: 'alerts' }
  | { readonly name: 'rules'; readonly action: 'show' }
  /** `key` is a known rule (`RULE_KEYS`, own spelling); `value` is typed by the rule and within its range. */
  | { readonly name: 'rules'; readonly action: 'set'; readonly key: string; readonly value: number | string }
  /**
   * `keys` are known rules or groups in their own spelling, or, for a key the schema does not know
   * (a typo in `config/rules.json`), as typed: resetting it removes it from the file.
   */
  | { readonly name: 'rules'; readonly action: 'reset'; readonly keys: readonly string[] }
  | { readonly name: 'notify'; readonly action: 'show' }
  | { readonly name: 'notify'; readonly action: 'set'; readonly change: NotificationChange }
  | { readonly name: 'lessons' }
  | { readonly name: 'export' }
  | { readonly name: 'undo' }
  | { readonly name: 'help' }
  | { readonly name: 'start' };

/** The command names (the word after `/`), aliases included. */
export type CommandName = Command['name'];

/** Codes of usage errors. */
export const UsageErrorCode = {
  NotACommand: 'NOT_A_COMMAND',
  UnknownCommand: 'UNKNOWN_COMMAND',
  MissingArgument: 'MISSING_ARGUMENT',
  BadTicker: 'BAD_TICKER',
  BadNumber: 'BAD_NUMBER',
  BadDate: 'BAD_DATE',
  TooManyArguments: 'TOO_MANY_ARGUMENTS',
  BadSubcommand: 'BAD_SUBCOMMAND',
  /** `/rules set`: a rule that does not exist, or a value outside the rule's range. */
  BadRule: 'BAD_RULE',
} as const;
export type UsageErrorCode = (typeof UsageErrorCode)[keyof typeof UsageErrorCode];

/**
 * Why a message could not be understood, with one correct example to copy.
 * `command` is the command word the user typed (without `/`), when there was one.
 */
export interface UsageError {
  readonly code: UsageErrorCode;
  readonly message: string;
  readonly example: string;
  readonly command?: string;
}
