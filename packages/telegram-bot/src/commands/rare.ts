/**
 * The commands `bot.ts` loads on first use, as one module (so one file of the Lambda bundle): see
 * `rareCommands` there. A command added here leaves every cold start of the webhook; one that most
 * messages use belongs in a static import of `bot.ts` instead.
 */
export { alert, alertList, rearm } from './alerts';
export { chart } from './chart';
export { lessonsShow, notifySet, notifyShow } from './notify';
export { performance } from './performance';
export { ruleSet, rulesReset, rulesShow } from './rules';
export { proposalTap, sellHalfProposal, talk } from './talk';
