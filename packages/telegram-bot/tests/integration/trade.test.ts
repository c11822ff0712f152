import { botStack, CHAT, deadClients, type BotStack } from '../helpers/bot-stack';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { createS3Documents } from '@tradebot/storage-s3';
import { dec } from '@tradebot/core-domain';

describe('Command: /buy and /sell', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('records a purchase and confirms the resulting position', async () => {
    // Act
    const replies = await stack.say('/buy AAPL 10 182.50 1');
    // Assess
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Buy recorded');
    expect(replies[0]).toContain('Buy 10 AAPL @ 182.50 USD, fees 1.00, on 2026-03-10');
    expect(replies[0]).toContain('Position: 10 shares, average cost 182.60 USD');
    const stored = await stack.stored();
    expect(stored.entries).toMatchObject([{ seq: 1, kind: 'trade', trade: { side: 'buy', symbol: 'AAPL', quantity: '10', price: '182.5', fees: '1' } }]);
  });

  it('records a sale in Spanish words and reports its realized P&L', async () => {
    // Act
    const replies = await stack.say('/vendo AAPL 4 200,10 1');
    // Assess
    expect(replies[0]).toContain('Sale recorded');
    expect(replies[0]).toContain('Position: 6 shares, average cost 182.60 USD');
    // 4 x 200.10 - 1 - 4 x 182.60 = 69.00
    expect(replies[0]).toContain('Realized P&L of this sale: +69.00 USD');
    expect(await stack.entries()).toHaveLength(2);
  });

  it('refuses to sell more than is held, says why with an example, and writes nothing', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const replies = await stack.say('/sell AAPL 7 190');
    // Assess
    expect(replies[0]).toContain('Not recorded: You cannot sell 7 AAPL: you hold 6.');
    expect(replies[0]).toContain('Example: /sell AAPL 5 190.25 1.50');
    expect(await stack.stored()).toEqual(before);
  });

  it.each([
    ['/buy', 'needs a ticker'],
    ['/buy AAPL', 'needs a quantity and a price'],
    ['/buy AAPL ten 10', 'The quantity "ten" must be a number'],
    ['/buy AAPL 0 10', 'must be a number greater than 0'],
    ['/buy AAPL 1 -5', 'The price "-5" must be a number'],
    ['/buy ^GSPC 1 10', 'is not a valid ticker'],
    ['/buy AAPL 1 10 x', 'The fees "x" must be a number'],
    ['/buy AAPL 1 10 1 15/03/2024', 'is not a calendar date written YYYY-MM-DD'],
    ['/buy AAPL 1 10 0 2026-02-30', 'is not a calendar date'],
    ['/buy AAPL 1 10 0 2027-01-01', 'is in the future'],
    ['/sell AAPL 1 10 1 2 3', 'takes at most fees and a date'],
  ])('answers %s with a usage message and an example, and writes nothing', async (text, reason) => {
    // Prepare
    const before = await stack.stored();
    // Act
    const replies = await stack.say(text);
    // Assess
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(reason);
    expect(replies[0]).toMatch(/Example: \/(buy|sell) /);
    expect(await stack.stored()).toEqual(before);
  });

  it('echoes the trade date it recorded, the one typed or today, and says "1 share"', async () => {
    // Act
    const dated = await stack.say('/buy KO 1 60 0 2026-03-02');
    const sold = await stack.say('/sell KO 1 61');
    // Assess
    expect(dated[0]).toContain('Buy 1 KO @ 60.00 USD, on 2026-03-02');
    expect(dated[0]).toContain('Position: 1 share, average cost 60.00 USD');
    expect(sold[0]).toContain('Sell 1 KO @ 61.00 USD, on 2026-03-10');
  });

  it('refuses a trade past the per-trade limits, naming the limit and how to raise it, and writes nothing', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const shares = await stack.say('/buy AAPL 1000000000 1');
    const value = await stack.say('/buy AAPL 100 18250');
    // Assess
    expect(shares[0]).toBe(
      'Not recorded: 1,000,000,000 shares is more than your per-trade limit of 1,000,000 shares (maxTradeQuantity), so it looks like a typo.\nIf it is right, raise the limit first: /rules set maxTradeQuantity 1000000000',
    );
    expect(value[0]).toContain('this trade is worth 1,825,000.00 USD, more than your per-trade limit of 1,000,000 USD (maxTradeValue)');
    expect(value[0]).toContain('/rules set maxTradeValue 1825000');
    expect(await stack.stored()).toEqual(before);
  });

  it('records a large trade once the limit is raised with /rules set', async () => {
    // Act
    await stack.say('/rules set maxTradeValue 2000000');
    const replies = await stack.say('/buy AAPL 100 18250');
    await stack.say('/undo');
    await stack.tap(/Confirm undo/);
    await stack.say('/rules reset maxTradeValue');
    // Assess
    expect(replies[0]).toContain('Buy recorded');
  });

  it('refuses a ticker the price source does not know and writes nothing', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const replies = await stack.say('/buy ZZZZ 1 10');
    // Assess
    expect(replies[0]).toContain('could not find the ticker ZZZZ');
    expect(replies[0]).toContain('Example: /buy AAPL 10 182.50');
    expect(await stack.stored()).toEqual(before);
  });

  it('refuses to buy a blacklisted ticker and says how to lift it', async () => {
    // Prepare
    await stack.documents.blacklist.update(() => ['TSLA']);
    const before = await stack.stored();
    // Act
    const replies = await stack.say('/buy TSLA 1 200');
    // Assess
    expect(replies[0]).toContain('TSLA is on your blacklist');
    expect(replies[0]).toContain('/blacklist remove TSLA');
    expect(await stack.stored()).toEqual(before);
  });

  it('checks buys against a blacklist read once a minute, and against its own /blacklist changes at once', async () => {
    // Prepare: the production cache (60 s) over the S3 list, its reads counted.
    await stack.documents.blacklist.update(() => []);
    const s3List = stack.documents.blacklist;
    let reads = 0;
    stack.rebuild(() => ({
      blacklistCacheMs: 60_000,
      blacklist: { get: () => s3List.get(), update: (change) => s3List.update(change), read: () => ((reads += 1), s3List.read()) },
    }));
    try {
      // Act
      const first = await stack.say('/buy KO 1 60');
      const second = await stack.say('/buy KO 1 61');
      const readsWarm = reads;
      await stack.say('/blacklist add PEP');
      const ownChange = await stack.say('/buy PEP 1 170');
      // Another instance (or a hand edit) lists KO: this one sees it once its copy is a minute old.
      await s3List.update((current) => [...current, 'KO']);
      const beforeExpiry = await stack.say('/buy KO 1 62');
      stack.clock.advance(60_000);
      const afterExpiry = await stack.say('/buy KO 1 63');

      // Assess
      expect(first[0]).toContain('Buy recorded');
      expect(second[0]).toContain('Buy recorded');
      expect(readsWarm).toBe(1);
      expect(ownChange[0]).toContain('PEP is on your blacklist');
      expect(beforeExpiry[0]).toContain('Buy recorded');
      expect(afterExpiry[0]).toContain('KO is on your blacklist');
      expect(reads).toBe(3);
    } finally {
      stack.rebuild(() => ({ blacklistCacheMs: 0, blacklist: s3List }));
      await s3List.update(() => []);
    }
  });

  it('records a sale in the currency the position is held in', async () => {
    // Prepare: a euro position, as an import of the original bot's history would leave it.
    await stack.deps.ledger.append(String(CHAT), {
      kind: 'trade',
      trade: { side: 'buy', symbol: 'SAN.MC', quantity: dec('100'), price: dec('3.5'), fees: dec('0'), currency: 'EUR', executedAt: '2026-03-01T10:00:00.000Z' },
    });
    // Act
    const replies = await stack.say('/sell SAN.MC 40 4');
    // Assess
    expect(replies[0]).toContain('Sell 40 SAN.MC @ 4.00 EUR');
    expect(replies[0]).toContain('Realized P&L of this sale: +20.00 EUR');
  });

  it('still records a purchase when the price source is down, with a note', async () => {
    // Prepare
    stack.yahoo.configure({ refuseAll: 503 });
    // Act
    const replies = await stack.say('/buy MSFT 2 400');
    stack.yahoo.configure({ refuseAll: false });
    // Assess
    expect(replies[0]).toContain('Buy recorded');
    expect(replies[0]).toContain('the price source is not answering');
    expect(JSON.stringify(await stack.entries())).toContain('MSFT');
  });
});

describe('Command: a mistyped trade in a Spanish chat', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
    await stack.putRules({ language: 'es' });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it.each([
    ['/compro AAPL 10', '/compro necesita un precio. Uso: /compro TICKER QTY PRICE [FEES] [YYYY-MM-DD]\nEjemplo: /compro AAPL 10 182.50'],
    // The bot's clock says 2026-03-10: the parser is given today and the language together.
    ['/vendo AAPL 1 10 0 2027-01-01', '2027-01-01 es una fecha futura (hoy es 2026-03-10). Uso: /vendo TICKER QTY PRICE [FEES] [YYYY-MM-DD]\nEjemplo: /vendo AAPL 5 190.25 2026-03-10'],
  ])('answers %s with the usage error in Spanish and writes nothing', async (text, reply) => {
    // Prepare
    const before = await stack.stored();
    // Act
    const replies = await stack.say(text);
    // Assess
    expect(replies).toEqual([reply]);
    expect(await stack.stored()).toEqual(before);
    expect(before.entries).toEqual([]);
  });

  it('refuses a trade past the per-trade limit in Spanish and says "1 acción"', async () => {
    // Act
    const limit = await stack.say('/compro AAPL 2000000 1');
    const one = await stack.say('/compro KO 1 60,5');
    await stack.say('/deshacer');
    await stack.tap(/Confirmar deshacer/);
    // Assess
    expect(limit[0]).toBe(
      'No registrado: 2.000.000 acciones supera tu límite por operación de 1.000.000 acciones (maxTradeQuantity); parece un error de tecleo.\nSi es correcto, sube antes el límite: /rules set maxTradeQuantity 2000000',
    );
    expect(one[0]).toContain('Compra 1 KO a 60,50 USD, el 2026-03-10');
    expect(one[0]).toContain('Posición: 1 acción, coste medio 60,50 USD');
  });

  it('refuses a sale larger than the holding in Spanish, with the figures, and writes nothing', async () => {
    // Prepare
    await stack.say('/compro AAPL 1,5 180');
    const before = await stack.stored();

    // Act
    const replies = await stack.say('/vendo AAPL 2 190');

    // Assess
    expect(replies).toEqual(['No registrado: No puedes vender 2 AAPL: tienes 1,5.\nEjemplo: /sell AAPL 5 190.25 1.50']);
    expect(await stack.stored()).toEqual(before);
  });
});

describe('Command: a trade when a store is down', () => {
  let stack: BotStack;
  beforeEach(async () => {
    stack = await botStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  it('tells the user nothing was recorded when DynamoDB is unreachable, writes no snapshot, and logs the error', async () => {
    // Prepare
    const dead = deadClients();
    stack.rebuild(() => ({ ledger: new DynamoTradeLedger({ client: dead.dynamo, tableName: stack.aws.tableName, clock: stack.clock }) }));
    // Act
    const replies = await stack.say('/buy AAPL 1 180');
    // Assess
    expect(replies[0]).toContain('Could not save');
    expect(replies[0]).toContain('Nothing was recorded');
    expect(await stack.documents.snapshots.getPositions()).toBeNull();
    expect(stack.logger.lines.some((l) => l.level === 'error' && l.msg === 'command failed on a dependency')).toBe(true);
    dead.dynamo.destroy();
    dead.s3.destroy();
  });

  it('tells the user nothing was recorded when S3 is unreachable before the ledger write', async () => {
    // Prepare
    const dead = deadClients();
    const deadDocs = createS3Documents({ client: dead.s3, bucket: stack.aws.bucket });
    stack.rebuild(() => ({ blacklist: deadDocs.blacklist, snapshots: deadDocs.snapshots, rules: deadDocs.rules }));
    // Act
    const replies = await stack.say('/buy AAPL 1 180');
    // Assess
    expect(replies[0]).toContain('Nothing was recorded');
    expect(await stack.entries()).toEqual([]);
    dead.s3.destroy();
    dead.dynamo.destroy();
  });

});

describe('Command: what a ledger change writes', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('records buys, sales, dividends and undos in the ledger only: the positions snapshot is not the bot\'s to write (the ledger\'s stream writer keeps it)', async () => {
    // Act
    const replies = [
      ...(await stack.say('/buy AAPL 2 180')),
      ...(await stack.say('/sell AAPL 1 190')),
      ...(await stack.say('/dividend AAPL 0.48')),
      ...(await stack.say('/undo')),
      ...(await stack.tap(/Confirm/)),
    ];
    // Assess: every change was recorded and said so; no snapshot was written.
    expect(replies.join('\n')).toMatch(/Buy recorded[\s\S]*Sale recorded[\s\S]*#3[\s\S]*Undo #3[\s\S]*#3/);
    expect((await stack.entries()).map((e) => (e as { kind: string }).kind)).toEqual(['trade', 'trade', 'dividend', 'void']);
    expect(await stack.documents.snapshots.getPositions()).toBeNull();
  });
});

describe('Command: /undo', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('says there is nothing to undo on an empty ledger and writes nothing', async () => {
    // Act
    const replies = await stack.say('/undo');
    // Assess
    expect(replies[0]).toContain('nothing to undo');
    expect(await stack.entries()).toEqual([]);
  });

  it('asks to confirm with the trade shown, then voids the last trade of this chat and says what it undid', async () => {
    // Prepare
    await stack.say('/buy KO 10 60');
    await stack.say('/buy PEP 5 170');
    // Act
    const question = await stack.say('/undo');
    const unchanged = await stack.entries();
    const replies = await stack.tap(/Confirm undo/);
    // Assess
    expect(question[0]).toContain('Undo #2?\nBuy 5 PEP @ 170.00 USD');
    expect(unchanged).toHaveLength(2);
    expect(replies[0]).toContain('Undone trade #2: Buy 5 PEP @ 170.00 USD');
    expect((await stack.entries()).at(-1)).toMatchObject({ seq: 3, kind: 'void', voids: 2, reason: 'undo' });
    expect((await stack.say('/portfolio'))[0]).not.toContain('PEP');
  });

  it('refuses to undo a trade older than the window and suggests the opposite trade', async () => {
    // Prepare
    stack.clock.advance(25 * 3600 * 1000);
    const before = await stack.stored();
    // Act
    const replies = await stack.say('/undo');
    // Assess
    expect(replies[0]).toContain('older than 24 hours');
    expect(replies[0]).toContain('/sell KO 10 60');
    expect(await stack.stored()).toEqual(before);
  });

  it('refuses extra words with a usage message and writes nothing', async () => {
    // Prepare
    const before = await stack.stored();
    // Act
    const replies = await stack.say('/undo 3');
    // Assess
    expect(replies[0]).toContain('takes no arguments');
    expect(await stack.stored()).toEqual(before);
  });
});
