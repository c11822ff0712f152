/**
 * `pnpm set-webhook`: points the bot's Telegram webhook at the deployed API and sets its command
 * menu. Run it after every `terraform apply` (the deploy workflow does); running it twice changes
 * nothing the second time.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { runCli } from '../packages/local-stack/src/cli';
import { commandMenu, HANDLED_UPDATE_TYPES } from '@tradebot/telegram-bot';
import { ssmPrefixFor } from './lib/aws';
import { describeError, EXIT, parseDeployCli, processIo, type ScriptIo } from './lib/cli';
import { parameterNames, readSecrets } from './lib/secrets';
import { botApi, TELEGRAM_API_ROOT, type BotApi, type WebhookInfo } from './lib/telegram';
import { readTerraformOutputs, requireOutput, type CommandRunner } from './lib/terraform';

/**
 * How many deliveries Telegram may have in flight at once. Telegram already delivers one chat's
 * updates in order, one at a time (a chat's next update waits for the previous 2xx), so this
 * only bounds parallelism ACROSS chats. A personal bot serves one to a few chats: 5 is more than
 * it needs, so a slow update in one chat (a cold start, a stranger's refusal) never holds up
 * another, and few enough that a flood can start at most 5 concurrent Lambda instances (cost,
 * DynamoDB and Yahoo load stay bounded). The seed used 1, which serialised every chat behind the
 * slowest update without protecting anything that per-chat ordering does not already protect.
 */
export const DEFAULT_MAX_CONNECTIONS = 5;

const USAGE = `Usage: pnpm set-webhook [--stage prod] [--outputs FILE] [--region REGION] [--dry-run]

Registers the Telegram webhook at the deployed API (Terraform output webhook_url) with the
secret token from SSM, the update types the bot handles and a connection limit, sets the command
menu (English, and Spanish for Spanish-language Telegram apps), then prints what Telegram reports.
The first registration (or a new URL) drops updates that were waiting: they were sent to no bot.

  --stage STAGE           stage whose Terraform outputs and secrets to use (default prod)
  --outputs FILE          saved \`terraform output -json\` (default: run terraform in infra/envs/<stage>)
  --region REGION         AWS region of the SSM parameters (default AWS_REGION)
  --url URL               webhook URL instead of the webhook_url output
  --ssm-prefix PREFIX     SSM prefix instead of the ssm_prefix output (e.g. /tradebot/prod)
  --max-connections N     simultaneous deliveries, 1-100 (default ${DEFAULT_MAX_CONNECTIONS}: see scripts/set-webhook.ts)
  --drop-pending-updates  drop waiting updates even when the URL is unchanged
  --api-root URL          Bot API root (default ${TELEGRAM_API_ROOT})
  --delete                unregister the webhook instead (before tearing the stack down, or to
                          long-poll with pnpm start); Telegram then keeps updates for 24 hours
  --dry-run               show what would be registered; change nothing
  --help                  this text

Example: pnpm set-webhook --stage prod --region eu-west-1`;

/** What the script needs from outside; tests replace the clients. */
export interface SetWebhookDeps {
  readonly ssm: (region: string) => SSMClient;
  readonly run?: CommandRunner;
}

const defaultDeps: SetWebhookDeps = { ssm: (region) => new SSMClient({ region }) };

/** What `registerWebhook` sends. */
export interface WebhookRegistration {
  readonly url: string;
  readonly secretToken: string;
  readonly maxConnections: number;
  readonly dropPendingUpdates: boolean;
}

/**
 * Registers the webhook with the bot's `allowed_updates`. Use it wherever the webhook or its
 * secret changes (set-webhook, put-secrets --rotate webhook-secret).
 */
export async function registerWebhook(api: BotApi, registration: WebhookRegistration): Promise<void> {
  await api.call<boolean>('setWebhook', {
    url: registration.url,
    secret_token: registration.secretToken,
    allowed_updates: [...HANDLED_UPDATE_TYPES],
    max_connections: registration.maxConnections,
    drop_pending_updates: registration.dropPendingUpdates,
  });
}

/** Sets the command menu from the catalogue: English as the default list, Spanish for `es` apps. */
export async function registerCommands(api: BotApi): Promise<{ en: number; es: number }> {
  const en = commandMenu('en');
  const es = commandMenu('es');
  await api.call<boolean>('setMyCommands', { commands: en });
  await api.call<boolean>('setMyCommands', { commands: es, language_code: 'es' });
  return { en: en.length, es: es.length };
}

/** One line about Telegram's view of the webhook, with its last delivery error if any. */
export function describeWebhookInfo(info: WebhookInfo): string {
  const pending = `${info.pending_update_count} pending update(s)`;
  if (!info.last_error_message) return `Telegram reports: ${pending}, no delivery error.`;
  const when = info.last_error_date ? new Date(info.last_error_date * 1000).toISOString() : 'unknown time';
  return `Telegram reports: ${pending}; last delivery error at ${when}: ${info.last_error_message}`;
}

/** Runs the CLI; returns the exit code. */
export async function runSetWebhook(argv: readonly string[], io: ScriptIo, deps: SetWebhookDeps = defaultDeps): Promise<number> {
  const parsed = parseDeployCli(
    argv,
    {
      usage: USAGE,
      options: {
        outputs: { type: 'string' },
        url: { type: 'string' },
        'ssm-prefix': { type: 'string' },
        'max-connections': { type: 'string' },
        'drop-pending-updates': { type: 'boolean', default: false },
        'api-root': { type: 'string', default: TELEGRAM_API_ROOT },
        delete: { type: 'boolean', default: false },
      },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, stage, region, usageError } = parsed;
  const maxConnections = values['max-connections'] === undefined ? DEFAULT_MAX_CONNECTIONS : Number(values['max-connections']);
  if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 100) return usageError('--max-connections must be a whole number from 1 to 100, e.g. --max-connections 5');
  if (values.url !== undefined && !/^https:\/\/[^\s/]+\/\S*$/.test(values.url)) return usageError('--url must be an https URL (Telegram delivers only over HTTPS), e.g. --url https://abc.execute-api.eu-west-1.amazonaws.com/webhook');

  let token: string | undefined;
  try {
    if (values.delete) {
      const outputs = values['ssm-prefix'] === undefined ? await readTerraformOutputs({ stage, ...(values.outputs ? { outputsFile: values.outputs } : {}), ...(deps.run ? { run: deps.run } : {}) }).catch(() => ({ ssm_prefix: undefined })) : {};
      const prefix = values['ssm-prefix'] ?? outputs.ssm_prefix ?? ssmPrefixFor(stage);
      token = (await readSecrets(deps.ssm(region), prefix, ['telegramBotToken'])).telegramBotToken;
      if (!token) {
        io.err(`${parameterNames(prefix).telegramBotToken} not found in SSM (${region}): nothing to unregister with.`);
        return EXIT.failed;
      }
      const api = botApi(values['api-root'], token);
      const before = await api.call<WebhookInfo>('getWebhookInfo');
      if (!before.url) {
        io.out('No webhook is registered: nothing to delete.');
        return EXIT.ok;
      }
      if (values['dry-run']) {
        io.out(`Dry run: would unregister the webhook ${before.url}.`);
        return EXIT.ok;
      }
      await api.call<boolean>('deleteWebhook', { drop_pending_updates: false });
      io.out(`Webhook ${before.url} unregistered: Telegram keeps new updates for 24 hours (pnpm set-webhook registers it again).`);
      return EXIT.ok;
    }
    const needsOutputs = values.url === undefined || values['ssm-prefix'] === undefined;
    const outputs = needsOutputs ? await readTerraformOutputs({ stage, ...(values.outputs ? { outputsFile: values.outputs } : {}), ...(deps.run ? { run: deps.run } : {}) }) : {};
    const url = values.url ?? requireOutput(outputs, 'webhook_url', stage);
    const prefix = values['ssm-prefix'] ?? outputs.ssm_prefix ?? ssmPrefixFor(stage);
    const names = parameterNames(prefix);
    const stored = await readSecrets(deps.ssm(region), prefix, ['telegramBotToken', 'webhookSecretToken']);
    token = stored.telegramBotToken;
    const secretToken = stored.webhookSecretToken;
    if (!token || !secretToken) {
      const missing = [!token ? names.telegramBotToken : null, !secretToken ? names.webhookSecretToken : null].filter(Boolean).join(' and ');
      io.err(`${missing} not found in SSM (${region}): run \`pnpm put-secrets --stage ${stage}\` first.`);
      return EXIT.failed;
    }
    const api = botApi(values['api-root'], token);
    const before = await api.call<WebhookInfo>('getWebhookInfo');
    const firstTime = before.url !== url;
    const drop = values['drop-pending-updates'] || firstTime;
    const plan = `${url}${firstTime ? (before.url ? ` (replacing ${before.url})` : ' (first registration)') : ' (unchanged URL)'}`;
    const details = `  allowed updates: ${HANDLED_UPDATE_TYPES.join(', ')}; max connections: ${maxConnections}; secret token: ${names.webhookSecretToken}; pending updates: ${drop ? `dropped (${before.pending_update_count})` : 'kept'}`;
    if (values['dry-run']) {
      io.out(`Dry run: would register the webhook ${plan}\n${details}`);
      io.out(`Dry run: would set the command menu (${commandMenu('en').length} commands in English, ${commandMenu('es').length} in Spanish).`);
      io.out(describeWebhookInfo(before));
      return EXIT.ok;
    }
    await registerWebhook(api, { url, secretToken, maxConnections, dropPendingUpdates: drop });
    io.out(`Webhook registered: ${plan}\n${details}`);
    const menus = await registerCommands(api);
    io.out(`Command menu set: ${menus.en} commands in English (default), ${menus.es} in Spanish (language es).`);
    const after = await api.call<WebhookInfo>('getWebhookInfo');
    if (after.url !== url) {
      io.err(`Telegram reports the webhook as "${after.url}", not ${url}: run pnpm set-webhook again.`);
      return EXIT.failed;
    }
    (after.last_error_message ? io.err : io.out)(describeWebhookInfo(after));
    return EXIT.ok;
  } catch (error) {
    io.err(describeError(error, [token]));
    return EXIT.failed;
  }
}

runCli(module, (argv) => runSetWebhook(argv, processIo()));
