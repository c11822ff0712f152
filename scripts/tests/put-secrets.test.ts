import { PassThrough } from 'node:stream';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { startTelegramServer, type TelegramServer } from '@tradebot/local-stack';
import { runPutSecrets, type PutSecretsDeps } from '../put-secrets';
import { terminalPrompter, type Prompter } from '../lib/prompt';
import { fakeSsm, type FakeSsm } from './helpers/fake-ssm';
import { BOT_TOKEN, DEPLOYED_OUTPUTS, memoryIo, outputsFile, WEBHOOK_SECRET } from './helpers/script-io';

const P = '/tradebot/prod';
const ANTHROPIC_KEY = 'sk-ant-api03-test-key-abcdefghijklmnop';

/** Answers prompts from a list, recording each question and whether it was hidden. */
function scriptedPrompter(answers: string[]): Prompter & { asked: { question: string; hidden: boolean }[] } {
  const asked: { question: string; hidden: boolean }[] = [];
  return {
    asked,
    async ask(question, options) {
      asked.push({ question, hidden: options.hidden });
      return answers.shift() ?? '';
    },
  };
}

describe('Script: put-secrets', () => {
  let telegram: TelegramServer;
  let ssm: FakeSsm;
  beforeEach(async () => {
    telegram = await startTelegramServer({ token: BOT_TOKEN, botUsername: 'my_trading_bot' });
    ssm = fakeSsm();
  });
  afterEach(async () => {
    ssm.restore();
    await telegram.stop();
  });

  const run = async (env: NodeJS.ProcessEnv, argv: string[] = [], extra: Partial<PutSecretsDeps> = {}) => {
    const capture = memoryIo({ AWS_REGION: 'eu-west-1', ...env });
    const code = await runPutSecrets(['--api-root', telegram.apiRoot, ...argv], capture.io, { ssm: ssm.client, ...extra });
    return { code, ...capture };
  };
  const ENV = { TELEGRAM_BOT_TOKEN: BOT_TOKEN, ALLOWED_CHAT_IDS: ' 123456789, -1001234567890 ,123456789' };

  it('stores the secrets from the environment as SecureStrings, generating a URL-safe webhook secret, and prints no value', async () => {
    // Act
    const result = await run(ENV);

    // Assess
    expect(result.code).toBe(0);
    expect(ssm.store.get(`${P}/telegram-bot-token`)).toBe(BOT_TOKEN);
    expect(ssm.store.get(`${P}/allowed-chat-ids`)).toBe('123456789,-1001234567890');
    const secret = ssm.store.get(`${P}/webhook-secret-token`)!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(ssm.store.has(`${P}/anthropic-api-key`)).toBe(false);
    expect(ssm.mock.commandCalls(PutParameterCommand).every((c) => c.args[0].input.Type === 'SecureString' && c.args[0].input.Overwrite === true)).toBe(true);
    expect(result.out()).toContain('Telegram accepts the bot token: @my_trading_bot');
    expect(result.out()).toContain(`created   ${P}/webhook-secret-token (generated)`);
    for (const value of [BOT_TOKEN, secret, '123456789']) expect(result.all()).not.toContain(value);
  });

  it('rewrites nothing on a re-run and keeps the stored webhook secret', async () => {
    // Prepare
    await run(ENV);
    const secret = ssm.store.get(`${P}/webhook-secret-token`);
    const writesBefore = ssm.writes().length;

    // Act
    const again = await run(ENV);

    // Assess
    expect(again.code).toBe(0);
    expect(ssm.writes()).toHaveLength(writesBefore);
    expect(ssm.store.get(`${P}/webhook-secret-token`)).toBe(secret);
    expect(again.out()).toContain('Nothing to change: every secret is already stored.');
  });

  it('asks for every value with hidden input in a terminal, and Enter keeps a stored one', async () => {
    // Prepare
    ssm.store.set(`${P}/allowed-chat-ids`, '42');
    const prompter = scriptedPrompter([BOT_TOKEN, '', '', ANTHROPIC_KEY]);

    // Act
    const result = await run({}, [], { prompter, newSecret: () => WEBHOOK_SECRET });

    // Assess
    expect(result.code).toBe(0);
    expect(prompter.asked.map((a) => a.hidden)).toEqual([true, true, true, true]);
    expect(prompter.asked[1]!.question).toContain('[Enter generates one]');
    expect(prompter.asked[2]!.question).toContain('[stored; Enter keeps it]');
    expect(Object.fromEntries(ssm.store)).toEqual({
      [`${P}/telegram-bot-token`]: BOT_TOKEN,
      [`${P}/webhook-secret-token`]: WEBHOOK_SECRET,
      [`${P}/allowed-chat-ids`]: '42',
      [`${P}/anthropic-api-key`]: ANTHROPIC_KEY,
    });
    expect(result.all()).not.toContain(ANTHROPIC_KEY);
  });

  it('writes nothing in a dry run and says what it would create', async () => {
    // Act
    const result = await run(ENV, ['--dry-run']);

    // Assess
    expect(result.code).toBe(0);
    expect(ssm.writes()).toEqual([]);
    expect(result.out()).toContain(`would create ${P}/telegram-bot-token (environment)`);
    expect(result.out()).toContain('Dry run: nothing was written.');
  });

  it('refuses a malformed value without quoting it and writes nothing', async () => {
    // Act
    const token = await run({ ...ENV, TELEGRAM_BOT_TOKEN: 'not-a-token-value' });
    const chats = await run({ ...ENV, ALLOWED_CHAT_IDS: '123, my-secret-id' });

    // Assess
    expect(token.code).toBe(1);
    expect(token.err()).toContain('Refused (TELEGRAM_BOT_TOKEN): the bot token does not look like one from @BotFather');
    expect(token.all()).not.toContain('not-a-token-value');
    expect(chats.err()).toContain('allowed chat ids: item 2 is not a chat id');
    expect(chats.all()).not.toContain('my-secret-id');
    expect(ssm.writes()).toEqual([]);
  });

  it('says which value is missing when there is no terminal and nothing stored', async () => {
    // Act
    const result = await run({ TELEGRAM_BOT_TOKEN: BOT_TOKEN });

    // Assess
    expect(result.code).toBe(1);
    expect(result.err()).toContain(`No value for ${P}/allowed-chat-ids: set ALLOWED_CHAT_IDS or run this in a terminal to type it. Nothing was written.`);
    expect(ssm.writes()).toEqual([]);
  });

  it('writes nothing when Telegram refuses the token', async () => {
    // Act
    const result = await run({ ...ENV, TELEGRAM_BOT_TOKEN: '7000000001:AAH-some-other-token-abcdefghijklmnop' });

    // Assess
    expect(result.code).toBe(1);
    expect(result.err()).toContain('Telegram refused getMe: 401 Unauthorized');
    expect(result.all()).not.toContain('some-other-token');
    expect(ssm.writes()).toEqual([]);
  });

  describe('--rotate webhook-secret', () => {
    const NEW_SECRET = 'bmV3LXdlYmhvb2stc2VjcmV0LWFmdGVyLXJvdGF0aW9uLQ';
    beforeEach(async () => {
      ssm.store.set(`${P}/telegram-bot-token`, BOT_TOKEN);
      ssm.store.set(`${P}/webhook-secret-token`, WEBHOOK_SECRET);
      ssm.store.set(`${P}/allowed-chat-ids`, '42');
      await fetch(`${telegram.apiRoot}/bot${BOT_TOKEN}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: DEPLOYED_OUTPUTS.webhook_url, secret_token: WEBHOOK_SECRET, allowed_updates: ['message'], max_connections: 5 }),
      });
    });

    it('stores a new secret and registers it with Telegram at once, keeping the other settings', async () => {
      // Act
      const result = await run({}, ['--rotate', 'webhook-secret', '--outputs', outputsFile()], { newSecret: () => NEW_SECRET });

      // Assess
      expect(result.code).toBe(0);
      expect(ssm.store.get(`${P}/webhook-secret-token`)).toBe(NEW_SECRET);
      expect(ssm.writes()).toEqual([`${P}/webhook-secret-token`]);
      expect(telegram.webhook()).toEqual({ url: DEPLOYED_OUTPUTS.webhook_url, secretToken: NEW_SECRET, allowedUpdates: ['message', 'callback_query'], maxConnections: 5 });
      expect(result.out()).toContain('Webhook secret rotated and registered');
      for (const value of [NEW_SECRET, WEBHOOK_SECRET]) expect(result.all()).not.toContain(value);
    });

    it('changes nothing in a dry run, and refuses to rotate anything else', async () => {
      // Act
      const dry = await run({}, ['--rotate', 'webhook-secret', '--outputs', outputsFile(), '--dry-run'], { newSecret: () => NEW_SECRET });
      const other = await run({}, ['--rotate', 'telegram-bot-token']);

      // Assess
      expect(dry.code).toBe(0);
      expect(ssm.writes()).toEqual([]);
      expect(telegram.webhook()?.secretToken).toBe(WEBHOOK_SECRET);
      expect(other.code).toBe(2);
      expect(other.err()).toContain('--rotate takes webhook-secret');
    });
  });
});

describe('Function: terminalPrompter', () => {
  it('returns what was typed and, with hidden input, never writes it back', async () => {
    // Prepare
    const input = new PassThrough();
    const output = new PassThrough();
    const written: string[] = [];
    output.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
    const prompter = terminalPrompter(input, output);

    // Act
    const answer = prompter.ask('Token: ', { hidden: true });
    input.write('super-secret-value\r');
    const hidden = await answer;
    const visible = prompter.ask('Name: ', { hidden: false });
    input.write('visible-text\r');
    await visible;

    // Assess
    expect(hidden).toBe('super-secret-value');
    const screen = written.join('');
    expect(screen).toContain('Token: ');
    expect(screen).not.toContain('super-secret');
    expect(screen).toContain('visible-text');
  });
});
