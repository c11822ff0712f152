import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScriptIo } from '../../lib/cli';

/** A script's output channels captured in memory. */
export interface MemoryIo {
  readonly io: ScriptIo;
  /** Everything written to out. */
  out(): string;
  /** Everything written to err. */
  err(): string;
  /** Both, in order. */
  all(): string;
}

/** Captures what a script prints; `env` is what it reads (nothing from the real environment). */
export function memoryIo(env: NodeJS.ProcessEnv = {}): MemoryIo {
  const lines: { stream: 'out' | 'err'; text: string }[] = [];
  return {
    io: {
      out: (text) => lines.push({ stream: 'out', text }),
      err: (text) => lines.push({ stream: 'err', text }),
      env,
    },
    out: () => lines.filter((l) => l.stream === 'out').map((l) => l.text).join('\n'),
    err: () => lines.filter((l) => l.stream === 'err').map((l) => l.text).join('\n'),
    all: () => lines.map((l) => l.text).join('\n'),
  };
}

/**
 * Terraform outputs of a deployed stage, as `terraform output -json` writes them: the values
 * infra/envs/prod produces in account 123456789012, eu-west-1, with API id abc123
 * (`scripts/tests/deploy-contract.test.ts` evaluates the root and compares).
 */
export const DEPLOYED_OUTPUTS = {
  webhook_url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/webhook',
  function_names: { 'fn-webhook': 'tradebot-prod-fn-webhook', 'fn-collector': 'tradebot-prod-fn-collector', 'fn-daily': 'tradebot-prod-fn-daily' },
  data_bucket: 'tradebot-prod-data-123456789012',
  table_name: 'tradebot-prod-ledger',
  ssm_prefix: '/tradebot/prod',
  stage: 'prod',
  artifacts_bucket: 'tradebot-artifacts-123456789012-eu-west-1',
} as const;

/** Writes `values` as a `terraform output -json` file in a fresh directory; returns its path. */
export function outputsFile(values: Record<string, unknown> = DEPLOYED_OUTPUTS): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradebot-outputs-'));
  const path = join(dir, 'outputs.json');
  const json = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { sensitive: false, type: typeof value === 'string' ? 'string' : ['map', 'string'], value }]));
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
}

/** A token shaped like one from @BotFather (the stand-in accepts only this one). */
export const BOT_TOKEN = '7000000001:AAH-test-token-abcdefghijklmnopqrstuv';
/** A webhook secret shaped like put-secrets' (43 base64url characters). */
export const WEBHOOK_SECRET = 'c2VjcmV0LXdlYmhvb2stdG9rZW4tZm9yLXRlc3RzLTEy';
