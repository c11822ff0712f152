/**
 * Where `pnpm import-trades` writes: the local stack (default), or a deployed stage's ledger table
 * and data bucket, named by `--table`/`--bucket` or read from Terraform outputs with `--stage`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { SnapshotRepository, TradeLedger } from '@tradebot/core-domain';
import { openLocalData } from '@tradebot/local-stack';
import { DynamoTradeLedger } from '@tradebot/storage-dynamodb';
import { createS3Documents } from '@tradebot/storage-s3';
import { NO_REGION, resolveRegion } from './aws';
import { stageProblem } from './cli';
import { readTerraformOutputs, requireOutput, type CommandRunner } from './terraform';

/** The chosen ledger and snapshot store, and how to let them go. */
export interface ImportTarget {
  /** For the report: "the local stack (.local/aws)" or "table X and bucket Y (region)". */
  readonly description: string;
  readonly ledger: TradeLedger;
  readonly snapshots: SnapshotRepository;
  close(): Promise<void>;
}

/** The target options of the command line. */
export interface TargetOptions {
  readonly stage?: string;
  readonly outputs?: string;
  readonly table?: string;
  readonly bucket?: string;
  readonly region?: string;
  /** The local data directory (default `.local`). */
  readonly dataDir?: string;
}

/** How to reach AWS and the local stack (tests pass their own). */
export interface TargetDeps {
  readonly env: NodeJS.ProcessEnv;
  /** Clients for a deployed stage (default: the SDK's credential chain in `region`). */
  readonly clients?: (region: string) => { readonly dynamo: DynamoDBClient; readonly s3: S3Client };
  readonly run?: CommandRunner;
}

/** Usage lines for the target options (shared by the CLI's help). */
export const TARGET_USAGE = `Where to import (default: the local stack's data directory, .local; through pnpm start's servers while it runs there):
  --data-dir DIR  the local data directory (default: .local)
  --stage STAGE   the deployed stage: table and bucket from its Terraform outputs (table_name, data_bucket)
  --outputs FILE  saved \`terraform output -json\` for --stage (default: run terraform in infra/envs/<stage>)
  --table NAME    a deployed ledger table (with --bucket), instead of --stage
  --bucket NAME   the deployed data bucket (the positions snapshot is rewritten there)
  --region REGION AWS region of the deployed stage (default AWS_REGION)`;

/**
 * Opens the target the options name. Returns an error message (for the user, with what to pass)
 * instead of throwing for bad combinations; AWS and Terraform failures throw.
 */
export async function openImportTarget(options: TargetOptions, deps: TargetDeps): Promise<ImportTarget | { readonly error: string }> {
  const deployed = options.stage !== undefined || options.table !== undefined || options.bucket !== undefined;
  if (!deployed) {
    if (options.outputs !== undefined || options.region !== undefined) return { error: '--outputs and --region only apply to a deployed target (--stage, or --table with --bucket).' };
    const opened = await openLocalData({ command: 'pnpm import-trades', ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
    if (!opened.ok) return { error: opened.message };
    const { aws, dir } = opened.data;
    return {
      description: `the local stack (${dir})`,
      ledger: new DynamoTradeLedger({ client: aws.dynamo, tableName: aws.tableName }),
      snapshots: createS3Documents({ client: aws.s3, bucket: aws.dataBucket }).snapshots,
      close: () => opened.data.close(),
    };
  }
  if (options.dataDir !== undefined) return { error: '--data-dir only applies to the local stack, not to a deployed target.' };
  if (options.stage !== undefined && (options.table !== undefined || options.bucket !== undefined)) return { error: 'Use --stage, or --table with --bucket, not both.' };
  if (options.stage === undefined && (options.table === undefined || options.bucket === undefined)) return { error: 'A deployed target needs both --table and --bucket (or --stage to read them from Terraform).' };
  const region = resolveRegion(options.region, deps.env);
  if (!region) return { error: NO_REGION };
  let table = options.table;
  let bucket = options.bucket;
  if (options.stage !== undefined) {
    const badStage = stageProblem(options.stage);
    if (badStage) return { error: badStage };
    const outputs = await readTerraformOutputs({ stage: options.stage, ...(options.outputs ? { outputsFile: options.outputs } : {}), ...(deps.run ? { run: deps.run } : {}) });
    table = requireOutput(outputs, 'table_name', options.stage);
    bucket = requireOutput(outputs, 'data_bucket', options.stage);
  }
  const clients = (deps.clients ?? ((r: string) => ({ dynamo: new DynamoDBClient({ region: r }), s3: new S3Client({ region: r }) })))(region);
  return {
    description: `table ${table} and bucket ${bucket} (${region})`,
    ledger: new DynamoTradeLedger({ client: clients.dynamo, tableName: table! }),
    snapshots: createS3Documents({ client: clients.s3, bucket: bucket! }).snapshots,
    close: async () => {
      clients.dynamo.destroy();
      clients.s3.destroy();
    },
  };
}
