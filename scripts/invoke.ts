/**
 * `pnpm invoke`: runs a deployed function once with a real-shaped event and prints its answer and
 * the tail of its log. The deploy workflow's smoke test is `pnpm invoke webhook`: a synthetic
 * `/help` update through fn-webhook, failing on anything but HTTP 200 with a clean log.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { isCalendarDate } from '@tradebot/core-domain';
import { makeUpdate, makeWebhookEvent } from '@tradebot/local-stack';
import { runCli } from '../packages/local-stack/src/cli';
import { ssmPrefixFor, type LambdaFunction } from './lib/aws';
import { describeError, EXIT, parseDeployCli, processIo, redact, type ScriptIo } from './lib/cli';
import { parameterNames, readSecrets } from './lib/secrets';
import { readTerraformOutputs, requireOutput, type CommandRunner } from './lib/terraform';

const USAGE = `Usage: pnpm invoke <webhook|collector|daily> [--stage prod] [--outputs FILE] [--region REGION]

Invokes a deployed function with a real-shaped event, prints its result and the tail of its log,
and exits 1 when the function failed: a Lambda error, an HTTP status other than 200 (webhook),
"ok": false (collector, daily) or an error-level line in the log tail.

  webhook     an API Gateway event carrying a Telegram update with --text (default /help) from
              --chat (default: the first allowed chat id, which gets the bot's reply), signed
              with the stored webhook secret
  collector   the schedule's event: {} or {"asOf": DATE} with --as-of, plus {"force": true} with --force
  daily       the schedule's event: {} or {"date": DATE} with --date

  --stage STAGE    stage (default prod)
  --outputs FILE   saved \`terraform output -json\` (default: run terraform in infra/envs/<stage>)
  --region REGION  AWS region (default AWS_REGION)
  --text TEXT      webhook: the message text (default /help)
  --chat ID        webhook: the chat the update comes from
  --as-of DATE     collector: market date to scan (YYYY-MM-DD)
  --force          collector: scan again even if that date is already saved
  --date DATE      daily: the date of the analysis (YYYY-MM-DD)
  --async          collector, daily: start the run and return at once (no result, no log tail)
  --dry-run        print the event (secret redacted) instead of invoking
  --help           this text

Examples: pnpm invoke webhook --stage prod
          pnpm invoke collector --as-of 2026-03-06 --async`;

const TARGETS = { webhook: 'fn-webhook', collector: 'fn-collector', daily: 'fn-daily' } as const satisfies Record<string, LambdaFunction>;
type Target = keyof typeof TARGETS;

/** The clients (tests replace them). */
export interface InvokeDeps {
  readonly lambda: (region: string) => LambdaClient;
  readonly ssm: (region: string) => SSMClient;
  readonly run?: CommandRunner;
}

const defaultDeps: InvokeDeps = {
  // A scan can run for minutes: wait as long as Lambda's own 15-minute limit, plus a margin.
  lambda: (region) => new LambdaClient({ region, requestHandler: { requestTimeout: 16 * 60_000 } }),
  ssm: (region) => new SSMClient({ region }),
};

/** Log lines at error level or above: pino JSON (`level` >= 50) or the Node runtime's `\tERROR\t`. */
export function errorLines(logTail: string): string[] {
  return logTail.split('\n').filter((line) => {
    if (/\tERROR\t/.test(line)) return true;
    const start = line.indexOf('{');
    if (start === -1) return false;
    try {
      const level = (JSON.parse(line.slice(start)) as { level?: unknown }).level;
      return (typeof level === 'number' && level >= 50) || level === 'error' || level === 'fatal';
    } catch {
      return false;
    }
  });
}

/** Runs the CLI; returns the exit code. */
export async function runInvoke(argv: readonly string[], io: ScriptIo, deps: InvokeDeps = defaultDeps): Promise<number> {
  const parsed = parseDeployCli(
    argv,
    {
      usage: USAGE,
      positionals: ([target, ...more]) => (more.length === 0 && target !== undefined && target in TARGETS ? null : 'Name one function: webhook, collector or daily (e.g. pnpm invoke webhook).'),
      options: {
        outputs: { type: 'string' },
        text: { type: 'string', default: '/help' },
        chat: { type: 'string' },
        'as-of': { type: 'string' },
        force: { type: 'boolean', default: false },
        date: { type: 'string' },
        async: { type: 'boolean', default: false },
      },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals, region, usageError } = parsed;
  const kind = positionals[0] as Target;
  for (const [flag, value] of [['--as-of', values['as-of']], ['--date', values.date]] as const) {
    if (value !== undefined && !isCalendarDate(value)) return usageError(`${flag} takes a date as YYYY-MM-DD, e.g. ${flag} 2026-03-06`);
  }
  if (values.chat !== undefined && !/^-?\d{1,20}$/.test(values.chat)) return usageError('--chat takes a chat id (an integer), e.g. --chat 123456789');
  if (values.async && kind === 'webhook') return usageError('--async is for collector and daily: the webhook answer is the point of invoking it.');

  const known: string[] = [];
  try {
    const outputs = await readTerraformOutputs({ stage: values.stage, ...(values.outputs ? { outputsFile: values.outputs } : {}), ...(deps.run ? { run: deps.run } : {}) });
    const functionName = requireOutput(outputs, 'function_names', values.stage)[TARGETS[kind]];
    let payload: unknown;
    let description: string;
    if (kind === 'webhook') {
      const prefix = outputs.ssm_prefix ?? ssmPrefixFor(values.stage);
      const names = parameterNames(prefix);
      const stored = await readSecrets(deps.ssm(region), prefix, ['webhookSecretToken', 'allowedChatIds']);
      if (stored.webhookSecretToken) known.push(stored.webhookSecretToken);
      const chat = values.chat ?? stored.allowedChatIds?.split(',')[0]?.trim();
      if (!stored.webhookSecretToken || !chat) {
        io.err(`${!stored.webhookSecretToken ? names.webhookSecretToken : names.allowedChatIds} not found in SSM (${region}): run \`pnpm put-secrets --stage ${values.stage}\` first.`);
        return EXIT.failed;
      }
      const url = outputs.webhook_url ? new URL(outputs.webhook_url) : null;
      const update = makeUpdate({ text: values.text, chatId: Number(chat), updateId: Math.floor(Date.now() / 1000), firstName: 'Smoke test', username: 'tradebot_smoke_test' });
      payload = makeWebhookEvent({ body: update, secretToken: stored.webhookSecretToken, ...(url ? { path: url.pathname, headers: { host: url.host } } : {}) });
      description = `a synthetic ${JSON.stringify(values.text)} update from chat ${chat}`;
    } else if (kind === 'collector') {
      payload = { ...(values['as-of'] ? { asOf: values['as-of'] } : {}), ...(values.force ? { force: true } : {}) };
      description = `the schedule's event ${JSON.stringify(payload)}`;
    } else {
      payload = values.date ? { date: values.date } : {};
      description = `the schedule's event ${JSON.stringify(payload)}`;
    }

    if (values['dry-run']) {
      const shown = redact(JSON.stringify(payload, null, 2), known);
      io.out(`Dry run: would invoke ${functionName} (${TARGETS[kind]}) with ${description}${values.async ? ', asynchronously' : ''}:\n${shown}`);
      return EXIT.ok;
    }
    io.out(`Invoking ${functionName} (${TARGETS[kind]}) with ${description}${values.async ? ', asynchronously' : ''}...`);
    const answer = await deps.lambda(region).send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: values.async ? 'Event' : 'RequestResponse',
        ...(values.async ? {} : { LogType: 'Tail' }),
        Payload: Buffer.from(JSON.stringify(payload), 'utf8'),
      }),
    );
    if (values.async) {
      io.out(`Accepted (status ${answer.StatusCode ?? '?'}): the run continues in the background; its log is in CloudWatch (/aws/lambda/${functionName}).`);
      return answer.StatusCode === 202 ? EXIT.ok : EXIT.failed;
    }
    const resultText = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
    const logTail = answer.LogResult ? Buffer.from(answer.LogResult, 'base64').toString('utf8') : '';
    let result: unknown = resultText;
    try {
      result = JSON.parse(resultText);
    } catch {
      // Not JSON: printed as it came.
    }
    const problems: string[] = [];
    if (answer.FunctionError) problems.push(`the function failed (${answer.FunctionError})`);
    if (kind === 'webhook') {
      const status = (result as { statusCode?: unknown } | null)?.statusCode;
      io.out(`Result: HTTP ${String(status ?? '?')} ${String((result as { body?: unknown } | null)?.body ?? '')}`.trimEnd());
      if (status !== 200) problems.push(`fn-webhook answered HTTP ${String(status ?? 'nothing')}, not 200`);
    } else {
      io.out(`Result: ${typeof result === 'string' ? result : JSON.stringify(result, null, 2)}`);
      if ((result as { ok?: unknown } | null)?.ok === false) problems.push('the run reported "ok": false');
    }
    const errors = errorLines(logTail);
    if (errors.length > 0) problems.push(`${errors.length} error line(s) in the log`);
    io.out(`Log tail (last 4 KB):\n${logTail.trimEnd() || '(empty)'}`);
    if (problems.length > 0) {
      io.err(`FAILED: ${problems.join('; ')}.`);
      return EXIT.failed;
    }
    io.out('OK');
    return EXIT.ok;
  } catch (error) {
    io.err(describeError(error, known));
    return EXIT.failed;
  }
}

runCli(module, (argv) => runInvoke(argv, processIo()));
