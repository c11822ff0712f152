import type { BlacklistRepository, RulesRepository, SnapshotRepository, TradeLedger } from '@tradebot/core-domain';
import { makeUpdate } from '@tradebot/local-stack';
import { botStack, CHAT, STRANGER, type BotStack } from '../helpers/bot-stack';

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

  it.each(['/portfolio', '/stats', '/undo', '/sell AAPL 1 190'])('reads the ledger for %s while the rules are still being read', async (text) => {
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

  describe('readAhead (the webhook starts the reads of a command with its idempotency claim)', () => {
    let updateId = 70_000;
    /** The blacklist, counting its reads. */
    const countedBlacklist = (): { reads(): number } => {
      let reads = 0;
      const blacklist = stack.deps.blacklist;
      const watched: BlacklistRepository = Object.assign(Object.create(blacklist) as BlacklistRepository, {
        read: () => {
          reads += 1;
          return blacklist.read();
        },
      });
      stack.rebuild(() => ({ blacklist: watched }));
      return { reads: () => reads };
    };
    const restore = (blacklist: BlacklistRepository): void => stack.rebuild(() => ({ blacklist }));

    it('answers a buy with the reads it started ahead, without reading the blacklist again', async () => {
      // Prepare
      const blacklist = stack.deps.blacklist;
      const counted = countedBlacklist();
      const update = makeUpdate({ text: '/buy MSFT 1 400', chatId: CHAT, updateId: updateId++ });

      // Act
      const drop = stack.bot().readAhead(update);
      const readAhead = counted.reads();
      await stack.bot().handleUpdate(update as never);
      drop();

      // Assess
      expect(readAhead).toBe(1);
      expect(counted.reads()).toBe(1);
      expect(stack.telegram.messagesTo(CHAT).at(-1)?.plainText).toContain('Buy recorded');
      restore(blacklist);
    });

    it('reads again once the reads ahead were dropped (a duplicate leaves nothing behind for a later run)', async () => {
      // Prepare
      const blacklist = stack.deps.blacklist;
      const counted = countedBlacklist();
      const update = makeUpdate({ text: '/buy MSFT 1 401', chatId: CHAT, updateId: updateId++ });

      // Act
      stack.bot().readAhead(update)();
      await stack.bot().handleUpdate(update as never);

      // Assess
      expect(counted.reads()).toBe(2);
      expect(stack.telegram.messagesTo(CHAT).at(-1)?.plainText).toContain('Buy recorded');
      restore(blacklist);
    });

    it.each([
      ['a chat it does not serve', { text: '/buy MSFT 1 400', chatId: STRANGER }],
      ['a command that does not parse', { text: '/buy MSFT one 400', chatId: CHAT }],
      ['plain text', { text: 'bought msft', chatId: CHAT }],
    ])('reads nothing ahead for %s', (_name, message) => {
      // Prepare
      const blacklist = stack.deps.blacklist;
      const counted = countedBlacklist();

      // Act
      stack.bot().readAhead(makeUpdate({ ...message, updateId: updateId++ }))();

      // Assess
      expect(counted.reads()).toBe(0);
      restore(blacklist);
    });
  });
});
