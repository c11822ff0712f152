import { dec, type Proposal } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import { DynamoModelSpend, DynamoProposalStore, DynamoTradeLedger } from '../../src';

const proposal = (id: string, chatId = '42'): Omit<Proposal, 'status'> => ({
  id,
  chatId,
  command: '/sell NVDA 5 140',
  intent: { side: 'sell', ticker: 'NVDA', quantity: 'half', price: '140', fees: null, date: null },
  createdAt: '2026-11-26T10:00:00.000Z',
  messageAt: '2026-11-26T09:59:58.000Z',
  ledgerSeq: 3,
});

describe('Class: DynamoProposalStore', () => {
  let aws: TestAws;
  let store: DynamoProposalStore;
  beforeAll(async () => {
    aws = await testAws();
    store = new DynamoProposalStore({ client: aws.dynamo, tableName: aws.tableName });
  });
  afterAll(() => aws.destroy());

  it('stores a proposal, reads it back open, and never overwrites one stored under the same id', async () => {
    // Act
    const created = await store.create(proposal('a1'));
    const again = await store.create({ ...proposal('a1'), command: '/sell NVDA 9 1' });
    // Assess
    expect(created.status).toBe('open');
    expect(again).toEqual({ ...proposal('a1'), status: 'open' });
    expect(await store.get('42', 'a1')).toEqual({ ...proposal('a1'), status: 'open' });
    expect(await store.get('43', 'a1')).toBeNull();
  });

  it('closes once: of two concurrent closes one wins, the other reads the outcome', async () => {
    // Prepare
    await store.create(proposal('b2'));
    // Act
    const [first, second] = await Promise.all([store.close('42', 'b2', 'confirmed'), store.close('42', 'b2', 'cancelled')]);
    // Assess: exactly one saw it open; the stored status is the winner's.
    expect([first, second].filter((s) => s === 'open')).toHaveLength(1);
    const winner = first === 'open' ? 'confirmed' : 'cancelled';
    expect((await store.get('42', 'b2'))?.status).toBe(winner);
    expect(await store.close('42', 'b2', 'cancelled')).toBe(winner);
  });

  it('keeps proposals out of the ledger of the same partition', async () => {
    // Prepare
    const ledger = new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName });
    await store.create(proposal('c3', '77'));
    // Act / Assess
    expect(await ledger.list('77')).toEqual([]);
  });
});

describe('Class: DynamoModelSpend', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  it('sums a month exactly and adds a repeated reference once', async () => {
    // Prepare
    const spend = new DynamoModelSpend({ client: aws.dynamo, tableName: aws.tableName });
    // Act
    await spend.add('2026-11', dec('0.001234'), 'talk-1');
    await spend.add('2026-11', dec('0.001234'), 'talk-1');
    await spend.add('2026-11', dec('0.1'), 'talk-2');
    await spend.add('2026-12', dec('5'), 'talk-3');
    // Assess
    expect((await spend.spentUsd('2026-11')).toFixed()).toBe('0.101234');
    expect((await spend.spentUsd('2026-10')).toFixed()).toBe('0');
  });
});
