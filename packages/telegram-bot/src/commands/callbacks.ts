/**
 * Callback data of the buttons whose commands load on first use (the re-arm button of a fired
 * alert, a plain-language proposal's buttons): the bot's dispatcher and `callbackKind` match them
 * on every tap, so they live here, apart from the command modules (`bot.ts` imports those with
 * `import()`, docs/packaging.md).
 */
import type { Reply } from '../turn';

/** Callback data of a fired alert's re-arm button: `rearm:<id>` (the chat comes from the message it sits on). */
export const REARM_CALLBACK = /^rearm:(\d{1,9})$/;

/** The callback data that re-arms alert `id`. */
export const rearmCallbackData = (id: number): string => `rearm:${id}`;

/** Callback data of the proposal buttons: `p:<y|e|n>:<id>`. */
export const PROPOSAL_CALLBACK = /^p:([yen]):([a-z0-9-]{1,40})$/;

/** What a button tap answers: a toast on the button (plain text, may be empty) and, maybe, a message in the chat. */
export interface CallbackAnswer {
  readonly toast: string;
  readonly reply: Reply | null;
}
