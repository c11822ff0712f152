import { GetObjectCommand } from '@aws-sdk/client-s3';
import { webhookStack, type WebhookStack } from '../helpers/webhook-stack';

describe('Function: createWebhookApp (/rules)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    // Concurrent changes take turns on one lease: a loaded machine must not turn a wait into "busy".
    stack = await webhookStack({ adapters: { documentLockWaitMs: 120_000 } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('applies /rules set from the very next message although rules are cached, and a redelivered /rules set has one effect', async () => {
    // Prepare: the Lambda's rules cache (60 s) holds the defaults (English).
    await stack.say('/help');
    // Act
    const set = await stack.say('/rules set language es', { updateId: 4242 });
    const next = await stack.say('/help');
    const redelivered = await stack.say('/rules set language es', { updateId: 4242 });
    // Assess
    expect(set.status).toBe(200);
    expect(set.replies).toEqual([expect.stringContaining('language vale ahora es')]);
    expect(next.replies[0]).toContain('Comandos');
    expect(redelivered).toEqual({ status: 200, replies: [] });
    expect(await stack.keys()).toContain('config/rules.json');
  });
  it('keeps every change when several /rules set arrive at once', async () => {
    // Prepare: distinct rules, distinct values (none at its default)
    const changes: ReadonlyArray<readonly [string, string]> = [
      ['stopLossPct', '11'],
      ['takeProfitPct', '31'],
      ['maxPositionWeightPct', '17'],
      ['maxOpenPositions', '9'],
      ['scan.topN', '12'],
      ['scan.minPrice', '7'],
      ['analysis.wordLimit', '150'],
      ['analysis.candidates', '6'],
    ];

    // Act
    const results = await Promise.all(changes.map(([key, value], i) => stack.say(`/rules set ${key} ${value}`, { updateId: 9100 + i })));
    const shown = await stack.say('/rules');

    // Assess: every change was answered and every one is in the file
    expect(results.map((r) => r.status)).toEqual(changes.map(() => 200));
    const object = await stack.aws.s3.send(new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'config/rules.json' }));
    const stored = JSON.parse(await object.Body!.transformToString()) as Record<string, unknown>;
    const at = (key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], stored);
    for (const [key, value] of changes) expect(at(key)).toBe(Number(value));
    expect(shown.replies[0]).toContain('stopLossPct');
  });
});
