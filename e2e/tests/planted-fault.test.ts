/**
 * The fault suite must be able to fail. Here the fn-webhook zip is patched the way a regression
 * would break it: its idempotency claim (the conditional put of `UPDATE#<update_id>`) no longer
 * refuses a claim held by another run. The five-deliveries scenario of webhook-faults.test.ts,
 * played on that zip, must report what broke: the update ran more than once and the chat was told
 * more than once (the ledger's own once-per-update_id guard still keeps the trade single).
 */
import { deliverFiveTimesWhileRunning, exactlyOnceViolations } from './helpers/redelivery';
import { startWorld, type World } from './helpers/world';

/** The idempotency store's claim, as minified in the bundle: `status:"IN_PROGRESS",...},ConditionExpression:"..."`. */
const CLAIM = /(status:"IN_PROGRESS"[^}]*\},ConditionExpression:)"attribute_not_exists\(PK\) OR expiresAt <= :now"/;

describe('A planted fault: the webhook zip with its idempotency claim broken', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  it('the five-deliveries check fails on it, naming the doubled run and the doubled replies', async () => {
    // Prepare: the shipped zip, with the claim's condition made always true.
    const patched = world.roots.patched('fn-webhook', 'claim-always-succeeds', (source) => source.replace(CLAIM, '$1"attribute_not_exists(PK) OR attribute_exists(PK)"'));
    const webhook = world.createFunction('fn-webhook', { taskRoot: patched, reservedConcurrency: 2, timeoutSeconds: 8 });
    // Act
    const outcome = await deliverFiveTimesWhileRunning(world, webhook, world.chat);
    const violations = exactlyOnceViolations(outcome);
    // Assess
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^deliveries made while the first was running were answered 200/),
        expect.stringMatching(/^the chat got [2-9] replies/),
      ]),
    );
    // What the ledger's own guard still holds: one entry for the update.
    expect(outcome.entries).toHaveLength(1);
  }, 60_000);
});
