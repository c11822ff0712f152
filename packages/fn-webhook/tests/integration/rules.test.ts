import { webhookStack, type WebhookStack } from '../helpers/webhook-stack';

describe('Function: createWebhookApp (/rules)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await webhookStack();
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
});
