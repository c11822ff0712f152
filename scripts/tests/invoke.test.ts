import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { parseDailyEvent } from '../../packages/fn-daily/src/config';
import { CHAT, SECRET, webhookStack, type WebhookStack } from '../../packages/fn-webhook/tests/helpers/webhook-stack';
import { errorLines, runInvoke } from '../invoke';
import { fakeSsm, type FakeSsm } from './helpers/fake-ssm';
import { DEPLOYED_OUTPUTS, memoryIo, outputsFile } from './helpers/script-io';

const lambdaMock = mockClient(LambdaClient);
const eventOf = (input: InvokeCommandInput): any => JSON.parse(Buffer.from(input.Payload as Uint8Array).toString('utf8'));
// The SDK returns a Uint8Array adapter; the script only reads the bytes, so a Buffer stands in.
const answer = (payload: unknown, log = '', extra: Record<string, unknown> = {}) => ({
  StatusCode: 200,
  Payload: Buffer.from(JSON.stringify(payload)) as never,
  LogResult: Buffer.from(log).toString('base64'),
  ...extra,
});

describe('Script: invoke', () => {
  let ssm: FakeSsm;
  const outputs = outputsFile();
  beforeEach(() => {
    lambdaMock.reset();
    ssm = fakeSsm({ '/tradebot/prod/webhook-secret-token': SECRET, '/tradebot/prod/allowed-chat-ids': `${CHAT},777` });
  });
  afterEach(() => ssm.restore());
  afterAll(() => lambdaMock.restore());

  const run = async (...argv: string[]) => {
    const capture = memoryIo({ AWS_REGION: 'eu-west-1' });
    const code = await runInvoke([...argv, '--outputs', outputs], capture.io, { lambda: (region) => new LambdaClient({ region }), ssm: ssm.client });
    return { code, ...capture };
  };

  describe('webhook (against the real webhook app on the local stack)', () => {
    let stack: WebhookStack;
    beforeAll(async () => {
      stack = await webhookStack();
    });
    afterAll(async () => {
      await stack.stop();
    });
    beforeEach(() => {
      // The "deployed" fn-webhook: the same app the Lambda runs, on s3rver, dynalite and the Bot API stand-in.
      lambdaMock.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
        const before = stack.logs.length;
        const result = await stack.app.handle(eventOf(input), { awsRequestId: 'smoke-1' });
        return answer(result, stack.logs.slice(before).map((line) => JSON.stringify(line)).join('\n'));
      });
    });

    it('sends a signed /help update from the first allowed chat to fn-webhook and passes on HTTP 200 with a clean log', async () => {
      // Prepare
      const before = stack.telegram.messagesTo(CHAT).length;

      // Act
      const result = await run('webhook');

      // Assess
      expect(result.code).toBe(0);
      const call = lambdaMock.commandCalls(InvokeCommand)[0]!.args[0].input;
      expect(call).toMatchObject({ FunctionName: DEPLOYED_OUTPUTS.function_names['fn-webhook'], InvocationType: 'RequestResponse', LogType: 'Tail' });
      expect(eventOf(call)).toMatchObject({ rawPath: '/prod/webhook', headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' } });
      const replies = stack.telegram.messagesTo(CHAT).slice(before);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.plainText).toContain('/portfolio');
      expect(result.out()).toContain('Result: HTTP 200 OK');
      expect(result.out()).toMatch(/OK$/);
      expect(result.all()).not.toContain(SECRET);
    });

    it('fails when fn-webhook answers anything but 200 (here: the stored secret does not match)', async () => {
      // Prepare
      ssm.store.set('/tradebot/prod/webhook-secret-token', 'a-different-secret-than-the-function-has');

      // Act
      const result = await run('webhook');

      // Assess
      expect(result.code).toBe(1);
      expect(result.out()).toContain('Result: HTTP 401 Unauthorized');
      expect(result.err()).toContain('FAILED: fn-webhook answered HTTP 401, not 200.');
    });

    it('fails on an error in the log even when the answer is 200 (here: Telegram refused the reply)', async () => {
      // Prepare
      stack.telegram.failNext(1, 400, 'Bad Request: chat not found');

      // Act
      const result = await run('webhook', '--chat', '777');

      // Assess
      expect(result.code).toBe(1);
      expect(result.out()).toContain('Result: HTTP 200 OK');
      expect(result.err()).toContain('FAILED: 1 error line(s) in the log.');
    });
  });

  it('prints the event it would send in a dry run, with the secret redacted, and invokes nothing', async () => {
    // Act
    const result = await run('webhook', '--dry-run', '--text', '/portfolio');

    // Assess
    expect(result.code).toBe(0);
    expect(lambdaMock.commandCalls(InvokeCommand)).toEqual([]);
    expect(result.out()).toContain(`Dry run: would invoke ${DEPLOYED_OUTPUTS.function_names['fn-webhook']} (fn-webhook) with a synthetic "/portfolio" update from chat ${CHAT}`);
    expect(result.out()).toContain('"x-telegram-bot-api-secret-token": "[redacted]"');
    expect(result.all()).not.toContain(SECRET);
  });

  it('sends the collector its schedule event with --as-of and --force, and fails on "ok": false', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolvesOnce(answer({ ok: true, date: '2026-03-06', scanned: 1000 })).resolvesOnce(answer({ ok: false, date: '2026-03-06', reason: 'source refusing' }));

    // Act
    const ok = await run('collector', '--as-of', '2026-03-06', '--force');
    const failed = await run('collector');

    // Assess
    const events = lambdaMock.commandCalls(InvokeCommand).map((c) => eventOf(c.args[0].input));
    expect(events).toEqual([{ asOf: '2026-03-06', force: true }, {}]);
    expect(lambdaMock.commandCalls(InvokeCommand)[0]!.args[0].input.FunctionName).toBe(DEPLOYED_OUTPUTS.function_names['fn-collector']);
    expect(ok.code).toBe(0);
    expect(failed.code).toBe(1);
    expect(failed.err()).toContain('the run reported "ok": false');
  });

  it("sends the daily job an event its handler accepts, and fails on a Lambda error", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves(answer({ errorType: 'DailyDeliveryError', errorMessage: 'not sent' }, '2026-03-06T07:00:00.000Z\tabc\tERROR\tInvoke Error', { FunctionError: 'Unhandled' }));

    // Act
    const result = await run('daily', '--date', '2026-03-06');

    // Assess
    const event = eventOf(lambdaMock.commandCalls(InvokeCommand)[0]!.args[0].input);
    expect(parseDailyEvent(event)).toEqual({ date: '2026-03-06' });
    expect(result.code).toBe(1);
    expect(result.err()).toContain('FAILED: the function failed (Unhandled); 1 error line(s) in the log.');
  });

  it('starts a run asynchronously with --async', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    const result = await run('collector', '--async');

    // Assess
    expect(result.code).toBe(0);
    expect(lambdaMock.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({ InvocationType: 'Event' });
    expect(result.out()).toContain('Accepted (status 202)');
  });

  it('explains bad arguments and prints its usage with --help', async () => {
    // Act
    const none = await run();
    const date = await run('daily', '--date', '2026-02-30');
    const help = await run('--help');

    // Assess
    expect(none.code).toBe(2);
    expect(none.err()).toContain('Name one function: webhook, collector or daily');
    expect(date.code).toBe(2);
    expect(date.err()).toContain('--date takes a date as YYYY-MM-DD');
    expect(help.code).toBe(0);
    expect(lambdaMock.commandCalls(InvokeCommand)).toEqual([]);
  });
});

describe('Function: errorLines', () => {
  it('finds pino lines at error level or above and runtime ERROR lines, and ignores the rest', () => {
    // Prepare
    const tail = ['START RequestId: 1', '{"level":30,"msg":"update handled"}', '{"level":50,"msg":"could not send reply"}', 'ial line {"level":6', '2026-01-01\tid\tERROR\tInvoke Error', 'END'].join('\n');

    // Act + Assess
    expect(errorLines(tail)).toEqual(['{"level":50,"msg":"could not send reply"}', '2026-01-01\tid\tERROR\tInvoke Error']);
  });
});
