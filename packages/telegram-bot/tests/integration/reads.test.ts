import type { BlacklistRepository, RulesRepository, SnapshotRepository, TradeLedger } from '@tradebot/core-domain';
import { botStack, CHAT, type BotStack } from '../helpers/bot-stack';

/** A gate the test opens by hand, and a promise of the moment something reached it. */
function gate(): { reached: Promise<void>; wait(): Promise<void>; open(): void } {
  let reach: () => void = () => {};
  let open: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    reached,
    wait: () => {
      reach();
      return opened;
    },
    open: () => open(),
  };
}

/** Rules whose read waits at `g` until the test opens it. */
function rulesHeldAt(rules: RulesRepository, g: ReturnType<typeof gate>): RulesRepository {
  return Object.assign(Object.create(rules) as RulesRepository, {
    read: async () => {
      await g.wait();
      return rules.read();
    },
  });
}

describe('Function: createBot (reads that go out together)', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
    await stack.say('/buy AAPL 10 182.50');
  });
  afterAll(async () => {
    await stack.stop();
  });

  it.each(['/portfolio', '/stats', '/undo'])('reads the ledger for %s while the rules are still being read', async (text) => {
    // Prepare: the rules read is held until the test has looked at what was asked meanwhile.
    const rulesGate = gate();
    const ledgerReads: string[] = [];
    const ledger = stack.deps.ledger;
    const watched: TradeLedger = {
      list: (portfolioId) => {
        ledgerReads.push(portfolioId);
        return ledger.list(portfolioId);
      },
      append: (portfolioId, draft) => ledger.append(portfolioId, draft),
    };
    stack.rebuild((deps) => ({ rules: rulesHeldAt(deps.rules, rulesGate), ledger: watched }));

    // Act
    const replying = stack.say(text);
    await rulesGate.reached;
    const readBeforeRules = [...ledgerReads];
    rulesGate.open();
    const replies = await replying;

    // Assess
    expect(readBeforeRules).toEqual([String(CHAT)]);
    expect(ledgerReads).toEqual([String(CHAT)]);
    expect(replies).toHaveLength(1);
    stack.rebuild(() => ({ ledger }));
    if (text === '/undo') await stack.say('/buy AAPL 10 182.50');
  });

  it('asks for the blacklist and the quote of a buy while the rules are still being read', async () => {
    // Prepare
    const rulesGate = gate();
    let blacklistRead = false;
    const blacklist = stack.deps.blacklist;
    const watched: BlacklistRepository = Object.assign(Object.create(blacklist) as BlacklistRepository, {
      read: () => {
        blacklistRead = true;
        return blacklist.read();
      },
    });
    stack.rebuild((deps) => ({ rules: rulesHeldAt(deps.rules, rulesGate), blacklist: watched }));
    const quotesBefore = stack.yahoo.counts().quote;

    // Act
    const replying = stack.say('/buy MSFT 2 400');
    await rulesGate.reached;
    const askedBeforeRules = blacklistRead;
    rulesGate.open();
    const replies = await replying;

    // Assess
    expect(askedBeforeRules).toBe(true);
    expect(replies[0]).toContain('Buy recorded');
    expect(stack.yahoo.counts().quote).toBeGreaterThan(quotesBefore);
    stack.rebuild(() => ({ blacklist }));
  });

  it('words a malformed command in the rules language once they are known', async () => {
    // Prepare
    await stack.putRules({ language: 'es' });

    // Act
    const replies = await stack.say('/buy AAPL diez 182.50');
    await stack.putRules({});

    // Assess
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Uso:');
  });

  it('writes the ledger CSV and the positions snapshot of /export side by side', async () => {
    // Prepare: the CSV write is held until the test has seen whether the snapshot write started.
    const csvGate = gate();
    let positionsStarted = false;
    const snapshots = stack.deps.snapshots;
    const watched: SnapshotRepository = Object.assign(Object.create(snapshots) as SnapshotRepository, {
      putLedgerCsv: async (...args: Parameters<SnapshotRepository['putLedgerCsv']>) => {
        await csvGate.wait();
        return snapshots.putLedgerCsv(...args);
      },
      putPositions: (...args: Parameters<SnapshotRepository['putPositions']>) => {
        positionsStarted = true;
        return snapshots.putPositions(...args);
      },
    });
    stack.rebuild(() => ({ snapshots: watched }));

    // Act
    const replying = stack.say('/export');
    await csvGate.reached;
    await new Promise((resolve) => setImmediate(resolve));
    const startedWhileCsvPending = positionsStarted;
    csvGate.open();
    const replies = await replying;

    // Assess
    expect(startedWhileCsvPending).toBe(true);
    expect(replies[0]).toContain('Export');
    expect(await stack.documents.snapshots.getPositions()).toMatchObject({ positions: expect.arrayContaining([expect.objectContaining({ symbol: 'AAPL' })]) });
    stack.rebuild(() => ({ snapshots }));
  });
});
