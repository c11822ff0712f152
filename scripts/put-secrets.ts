/**
 * `pnpm put-secrets`: stores the bot's secrets as SSM SecureString parameters under the stage's
 * prefix, where the Lambdas read them. Values come from the environment or are typed in the
 * terminal without echo; they are never printed, logged or passed on the command line.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseChatIds } from '@tradebot/storage-s3';
import { runCli } from '../packages/local-stack/src/cli';
import { ssmPrefixFor } from './lib/aws';
import { describeError, EXIT, parseDeployCli, processIo, type ScriptIo } from './lib/cli';
import { terminalPrompter, type Prompter } from './lib/prompt';
import { generateWebhookSecret, parameterNames, readSecrets, SECRET_KEYS, writeSecret, type SecretKey, type StoredSecrets } from './lib/secrets';
import { BOT_TOKEN_PATTERN, botApi, TELEGRAM_API_ROOT, WEBHOOK_SECRET_PATTERN, type WebhookInfo } from './lib/telegram';
import { readTerraformOutputs, requireOutput, type CommandRunner } from './lib/terraform';
import { DEFAULT_MAX_CONNECTIONS, registerWebhook } from './set-webhook';

const USAGE = `Usage: pnpm put-secrets [--stage prod] [--region REGION] [--dry-run] [--rotate webhook-secret]

Stores the bot's secrets in SSM Parameter Store (SecureString) under /tradebot/<stage>/:
  telegram-bot-token    from TELEGRAM_BOT_TOKEN, or typed (hidden); checked with Telegram's getMe
  webhook-secret-token  from TELEGRAM_WEBHOOK_SECRET, or the stored one, or a new random one
                        (32 random bytes, URL-safe base64)
  allowed-chat-ids      from ALLOWED_CHAT_IDS, or typed: comma-separated chat ids (e.g. 123456789)
  anthropic-api-key     from ANTHROPIC_API_KEY, or typed (hidden); optional
In a terminal every value is asked for (hidden); Enter keeps the stored one. Without a terminal
the environment and the stored values are used. Unchanged values are not rewritten.

  --stage STAGE            stage (default prod): the prefix is /tradebot/<stage>
  --ssm-prefix PREFIX      another prefix (e.g. /tradebot/prod)
  --region REGION          AWS region (default AWS_REGION)
  --rotate webhook-secret  replace only the webhook secret with a new random one and register it
                           with Telegram at once (needs the Terraform outputs: --outputs FILE or
                           terraform in infra/envs/<stage>)
  --outputs FILE           saved \`terraform output -json\` (for --rotate)
  --skip-verify            do not check the bot token with Telegram's getMe
  --api-root URL           Bot API root (default ${TELEGRAM_API_ROOT})
  --dry-run                say what would be written; write nothing
  --help                   this text

Example: TELEGRAM_BOT_TOKEN=... ALLOWED_CHAT_IDS=123456789 pnpm put-secrets --stage prod --region eu-west-1`;

/** What the script needs from outside; tests replace them. */
export interface PutSecretsDeps {
  readonly ssm: (region: string) => SSMClient;
  /** Asks the operator; absent when there is no terminal (values then come from the environment). */
  readonly prompter?: Prompter;
  readonly run?: CommandRunner;
  /** New webhook secrets (tests make them predictable). */
  readonly newSecret?: () => string;
}

const defaultDeps = (): PutSecretsDeps => ({
  ssm: (region) => new SSMClient({ region }),
  ...(process.stdin.isTTY ? { prompter: terminalPrompter(process.stdin, process.stderr) } : {}),
});

/** The environment variable each secret may come from (the same names `pnpm start` reads). */
const ENV_NAMES: Record<SecretKey, string> = {
  telegramBotToken: 'TELEGRAM_BOT_TOKEN',
  webhookSecretToken: 'TELEGRAM_WEBHOOK_SECRET',
  allowedChatIds: 'ALLOWED_CHAT_IDS',
  anthropicApiKey: 'ANTHROPIC_API_KEY',
};

const QUESTIONS: Record<SecretKey, string> = {
  telegramBotToken: 'Telegram bot token from @BotFather',
  webhookSecretToken: 'Webhook secret token',
  allowedChatIds: 'Allowed chat ids, comma-separated (yours: ask @userinfobot, or send /start to the deployed bot)',
  anthropicApiKey: 'Anthropic API key',
};

/** What Enter does at the prompt for `key`. */
function enterMeans(key: SecretKey, isStored: boolean): string {
  if (isStored) return ' [stored; Enter keeps it]';
  if (key === 'webhookSecretToken') return ' [Enter generates one]';
  if (key === 'anthropicApiKey') return ' [optional; Enter skips]';
  return '';
}

/** Checks a value; returns why it is refused (never quoting it) or null. Normalises chat ids. */
function validate(key: SecretKey, value: string): { ok: true; value: string } | { ok: false; reason: string } {
  switch (key) {
    case 'telegramBotToken':
      return BOT_TOKEN_PATTERN.test(value) ? { ok: true, value } : { ok: false, reason: 'the bot token does not look like one from @BotFather (digits, a colon, then 30+ letters, digits, _ or -)' };
    case 'webhookSecretToken':
      return WEBHOOK_SECRET_PATTERN.test(value) && value.length >= 32
        ? { ok: true, value }
        : { ok: false, reason: 'the webhook secret must be 32-256 characters of A-Z, a-z, 0-9, _ and - (leave it unset to generate one)' };
    case 'allowedChatIds': {
      const ids = parseChatIds(value);
      if (!ids.ok) return { ok: false, reason: `allowed chat ids: item ${ids.badPosition} is not a chat id (comma-separated integers, e.g. 123456789,-1001234567890)` };
      if (ids.ids.length === 0) return { ok: false, reason: 'allowed chat ids: at least one chat id is needed (an empty list serves nobody)' };
      return { ok: true, value: ids.ids.join(',') };
    }
    case 'anthropicApiKey':
      return /^\S{20,}$/.test(value) ? { ok: true, value } : { ok: false, reason: 'the Anthropic API key must be one word of 20+ characters (sk-ant-...)' };
  }
}

/** Where each value came from, for the summary (never the value itself). */
type Source = 'environment' | 'typed' | 'stored' | 'generated' | 'none';

/** Runs the CLI; returns the exit code. */
export async function runPutSecrets(argv: readonly string[], io: ScriptIo, deps: PutSecretsDeps = defaultDeps()): Promise<number> {
  const parsed = parseDeployCli(
    argv,
    {
      usage: USAGE,
      options: {
        'ssm-prefix': { type: 'string' },
        rotate: { type: 'string' },
        outputs: { type: 'string' },
        'skip-verify': { type: 'boolean', default: false },
        'api-root': { type: 'string', default: TELEGRAM_API_ROOT },
      },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, region, usageError } = parsed;
  if (values.rotate !== undefined && values.rotate !== 'webhook-secret') return usageError(`--rotate takes webhook-secret (the one secret this script generates), got "${values.rotate}"`);
  const prefix = values['ssm-prefix'] ?? ssmPrefixFor(values.stage);
  if (!/^\/[A-Za-z0-9_.\-/]+$/.test(prefix)) return usageError('--ssm-prefix must be an SSM path such as /tradebot/prod');
  const names = parameterNames(prefix);
  const dryRun = values['dry-run'];
  const known: string[] = [];

  try {
    const ssm = deps.ssm(region);
    const stored = await readSecrets(ssm, prefix);
    known.push(...Object.values(stored));

    if (values.rotate) {
      return await rotateWebhookSecret({ io, deps, ssm, prefix, stored, stage: values.stage, dryRun, apiRoot: values['api-root'], known, ...(values.outputs ? { outputsFile: values.outputs } : {}) });
    }

    const chosen: StoredSecrets = {};
    const sources: Partial<Record<SecretKey, Source>> = {};
    for (const key of SECRET_KEYS) {
      let value = io.env[ENV_NAMES[key]]?.trim() || undefined;
      let source: Source = 'environment';
      if (value === undefined && deps.prompter) {
        // Every answer is hidden: they are all stored as SecureStrings, and a chat id is personal data.
        value = (await deps.prompter.ask(`${QUESTIONS[key]}${enterMeans(key, stored[key] !== undefined)}: `, { hidden: true })) || undefined;
        source = 'typed';
      }
      if (value === undefined && stored[key] !== undefined) {
        value = stored[key];
        source = 'stored';
      }
      if (value === undefined && key === 'webhookSecretToken') {
        value = (deps.newSecret ?? generateWebhookSecret)();
        source = 'generated';
      }
      if (value === undefined) {
        if (key === 'anthropicApiKey') {
          sources[key] = 'none';
          continue;
        }
        io.err(`No value for ${names[key]}: set ${ENV_NAMES[key]}${deps.prompter ? ' or type it' : ' or run this in a terminal to type it'}. Nothing was written.`);
        return EXIT.failed;
      }
      known.push(value);
      const checked = validate(key, value);
      if (!checked.ok) {
        io.err(`Refused (${source === 'stored' ? `stored in ${names[key]}` : ENV_NAMES[key] + (source === 'typed' ? ', typed' : '')}): ${checked.reason}. Nothing was written.`);
        return EXIT.failed;
      }
      chosen[key] = checked.value;
      sources[key] = source;
    }

    if (!values['skip-verify']) {
      const me = await botApi(values['api-root'], chosen.telegramBotToken!).call<{ username: string }>('getMe');
      io.out(`Telegram accepts the bot token: @${me.username} (Terraform variable telegram_bot_username = "${me.username}").`);
    }

    const changed: SecretKey[] = [];
    for (const key of SECRET_KEYS) {
      const value = chosen[key];
      if (value === undefined) {
        io.out(`  ${stored[key] === undefined ? 'not set ' : 'kept    '} ${names[key]}${stored[key] === undefined ? ' (optional: without it the offline analyst writes the morning report)' : ''}`);
        continue;
      }
      const action = stored[key] === undefined ? 'create' : stored[key] === value ? 'unchanged' : 'update';
      if (action === 'unchanged') {
        io.out(`  unchanged ${names[key]}`);
        continue;
      }
      changed.push(key);
      if (!dryRun) await writeSecret(ssm, prefix, key, value);
      const verb = dryRun ? `would ${action}` : action === 'create' ? 'created' : 'updated';
      io.out(`  ${verb.padEnd(9)} ${names[key]} (${sources[key]})`);
    }
    if (dryRun) io.out('Dry run: nothing was written. Run again without --dry-run to store the secrets.');
    else io.out(changed.length === 0 ? 'Nothing to change: every secret is already stored.' : `Stored ${changed.length} secret(s) under ${prefix}. Lambdas pick them up within 5 minutes (their cache).`);
    if (changed.includes('webhookSecretToken') && stored.webhookSecretToken !== undefined) {
      io.out(`The webhook secret changed: run \`pnpm set-webhook --stage ${values.stage}\` so Telegram sends the new one.`);
    }
    return EXIT.ok;
  } catch (error) {
    io.err(describeError(error, known));
    return EXIT.failed;
  }
}

/**
 * `--rotate webhook-secret`: a new secret in SSM, then registered with Telegram right away. Lambda
 * instances that cached the old one answer 401 for up to 5 minutes; Telegram retries those
 * deliveries, so updates wait a little and none is lost.
 */
async function rotateWebhookSecret(context: {
  readonly io: ScriptIo;
  readonly deps: PutSecretsDeps;
  readonly ssm: SSMClient;
  readonly prefix: string;
  readonly stored: StoredSecrets;
  readonly stage: string;
  readonly dryRun: boolean;
  readonly apiRoot: string;
  readonly outputsFile?: string;
  readonly known: string[];
}): Promise<number> {
  const { io, deps, ssm, prefix, stored, stage } = context;
  const names = parameterNames(prefix);
  const token = stored.telegramBotToken;
  if (!token) {
    io.err(`${names.telegramBotToken} is not stored: run \`pnpm put-secrets --stage ${stage}\` first (rotation re-registers the webhook, which needs the bot token).`);
    return EXIT.failed;
  }
  const outputs = await readTerraformOutputs({ stage, ...(context.outputsFile ? { outputsFile: context.outputsFile } : {}), ...(deps.run ? { run: deps.run } : {}) });
  const url = requireOutput(outputs, 'webhook_url', stage);
  const api = botApi(context.apiRoot, token);
  const current = await api.call<WebhookInfo>('getWebhookInfo');
  const secret = (deps.newSecret ?? generateWebhookSecret)();
  context.known.push(secret);
  if (context.dryRun) {
    io.out(`Dry run: would write a new ${names.webhookSecretToken} and register it with Telegram for ${url}. Nothing was written.`);
    return EXIT.ok;
  }
  await writeSecret(ssm, prefix, 'webhookSecretToken', secret);
  io.out(`  updated   ${names.webhookSecretToken} (generated)`);
  try {
    await registerWebhook(api, { url, secretToken: secret, maxConnections: current.max_connections ?? DEFAULT_MAX_CONNECTIONS, dropPendingUpdates: false });
  } catch (error) {
    io.err(`${describeError(error, context.known)}\nThe new secret is stored but Telegram still sends the old one: run \`pnpm set-webhook --stage ${stage}\` now.`);
    return EXIT.failed;
  }
  io.out(`Webhook secret rotated and registered for ${url}. Deliveries in the next 5 minutes may be retried by Telegram while Lambdas drop the cached old secret; none is lost.`);
  return EXIT.ok;
}

runCli(module, (argv) => runPutSecrets(argv, processIo()));
