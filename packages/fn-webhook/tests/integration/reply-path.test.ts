import { sequentialRoundTrips, traceRequests, watchReplies, type ReplyWatch, type RequestTrace } from '@tradebot/local-stack';
import { webhookStack, type WebhookStack } from '../helpers/webhook-stack';

/** What a cloud round trip to DynamoDB or S3 costs, as the webhook bench models it. */
const DELAY_MS = 5;

describe('Function: createWebhookApp (storage round trips before the reply)', () => {
  let stack: WebhookStack;
  let traces: RequestTrace[];
  let replies: ReplyWatch;

  /** Sends `text` and counts the storage requests its reply waited for one after another. */
  const replyTrips = async (text: string, updateId?: number): Promise<{ trips: number; requests: number; replies: string[]; status: number }> => {
    for (const trace of traces) trace.reset();
    replies.reset();
    const result = await stack.say(text, updateId === undefined ? {} : { updateId });
    const spans = traces.flatMap((trace) => trace.spans());
    const sentAt = replies.at();
    return { trips: sentAt === null ? -1 : sequentialRoundTrips(spans, sentAt), requests: spans.length, ...result };
  };

  /** The wall clock, moved on by hand to let the bot's one-minute copies of the rules and the blacklist expire. */
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    stack = await webhookStack({ clock });
    // Every request of the app's clients waits DELAY_MS first, as a network round trip would.
    traces = [traceRequests(stack.aws.s3, { service: 's3', delayMs: DELAY_MS }), traceRequests(stack.aws.dynamo, { service: 'dynamodb', delayMs: DELAY_MS })];
    replies = watchReplies();
    // A warm instance: rules, the ledger, quotes and the day's split checks already read once.
    for (const text of ['/buy AAPL 10 100', '/buy MSFT 5 300', '/sell MSFT 1 310', '/portfolio']) await stack.say(text);
  });
  afterAll(async () => {
    replies.stop();
    await stack.stop();
  });

  it.each([
    ['/buy AAPL 1 101', 'Buy recorded', 2],
    ['/sell AAPL 1 110', 'Sale recorded', 2],
  ])('records a warm %s (%s) after %i round trips: the claim beside the reads, then the ledger put', async (text, said, trips) => {
    // Prepare
    const before = (await stack.entries()).length;

    // Act
    const result = await replyTrips(text);

    // Assess: the reply went out once the trade was in the ledger, after two round trips.
    expect(result.status).toBe(200);
    expect(result.replies).toEqual([expect.stringContaining(said)]);
    expect(result.trips).toBe(trips);
    expect(await stack.entries()).toHaveLength(before + 1);
  });

  it('answers a warm /buy after three round trips and three requests, none of them to S3: the blacklist read a minute ago is reused, the positions snapshot is not on its path', async () => {
    // Act
    const result = await replyTrips('/buy AAPL 1 102');
    const spans = traces.flatMap((trace) => trace.spans());
    // Assess: the claim, the ledger put, the record's completion.
    expect(result.status).toBe(200);
    expect(sequentialRoundTrips(spans)).toBe(3);
    expect(spans.map((span) => span.operation).sort()).toEqual(['PutItemCommand', 'PutItemCommand', 'PutItemCommand']);
  });

  it('reads the blacklist beside the claim once the copy is a minute old, and still answers after two round trips', async () => {
    // Prepare: a minute later, the rules and the blacklist copies have expired.
    offsetMs += 61_000;
    // Act
    const result = await replyTrips('/buy AAPL 1 103');
    const spans = traces.flatMap((trace) => trace.spans());
    // Assess: the rules and the blacklist are read with the claim; the reply waits for it and the ledger put.
    expect(result.status).toBe(200);
    expect(result.replies).toEqual([expect.stringContaining('Buy recorded')]);
    expect(result.trips).toBe(2);
    expect(spans.filter((span) => span.operation === 'GetObjectCommand')).toHaveLength(2);
  });

  it('answers a warm /undo after one round trip: the ledger read goes out beside the claim', async () => {
    // Act
    const result = await replyTrips('/undo');

    // Assess
    expect(result.status).toBe(200);
    expect(result.replies).toEqual([expect.stringContaining('Undo #')]);
    expect(result.trips).toBe(1);
  });

  it('reads ahead for a redelivered /buy but records nothing and sends nothing again', async () => {
    // Prepare
    await stack.say('/buy KO 2 60', { updateId: 88001 });
    const before = (await stack.entries()).length;
    const sent = stack.telegram.calls.filter((c) => c.method === 'sendMessage').length;

    // Act
    const again = await replyTrips('/buy KO 2 60', 88001);

    // Assess
    expect(again.status).toBe(200);
    expect(again.replies).toEqual([]);
    expect(await stack.entries()).toHaveLength(before);
    expect(stack.telegram.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(sent);
  });
});
