import { join } from 'node:path';
import { connectLocalAws, startLocalAws, type LocalAws } from '../aws/local-aws';
import { AWS_SUBDIRECTORY, clearDataDir, prepareDataDir, resolveDataDir } from './data-dir';
import { claimStack, type StackRecord } from './stack-file';

/** How a local command wants its data directory. */
export interface LocalDataOptions {
  /** `--data-dir` (default `.local/` at the repository root). */
  readonly dataDir?: string;
  /** The command, as a person types it (`pnpm scan`): named in messages to other commands. */
  readonly command: string;
  /**
   * `pnpm start`: it serves the directory for as long as it runs and lets other commands use its
   * servers; it never uses another command's. Default false (a short command: uses a running
   * `pnpm start`, else starts its own servers for its run).
   */
  readonly serve?: boolean;
  /** Delete the directory's data first (`pnpm start --reset`). */
  readonly reset?: boolean;
  /**
   * Give the table its DynamoDB stream (`startLocalAws({ stream: true })`) when this command runs the
   * servers: `pnpm start`, whose snapshot writer consumes it. The endpoints it publishes are then
   * the stream's, so the other commands' writes are streamed too. Default false.
   */
  readonly stream?: boolean;
  /** How long to wait for another command that is still starting its servers (default 30 s). */
  readonly waitMs?: number;
}

/** An open data directory: S3 and DynamoDB clients on it, and how to let go. */
export interface LocalData {
  readonly dir: string;
  readonly aws: LocalAws;
  /** The `pnpm start` whose servers this command uses, or null when it runs its own. */
  readonly sharedWith: StackRecord | null;
  /** Destroys the clients; when this command runs the servers, frees the directory and stops them. */
  close(): Promise<void>;
}

const since = (record: StackRecord): string => record.startedAt.slice(0, 19).replace('T', ' ');

function busyMessage(dir: string, record: StackRecord, wanted: LocalDataOptions): string {
  const who = `${record.command} (pid ${record.pid}, since ${since(record)} UTC)`;
  if (!record.endpoints) return `${who} is still starting on ${dir}; try again in a moment.`;
  if (wanted.reset) return `${who} is using ${dir}, so --reset cannot clear it. Nothing was deleted. Stop it first, then run ${wanted.command} --reset again.`;
  if (wanted.serve && record.shared) {
    return (
      `${who} is already running on ${dir}. Use that one (pnpm scan, pnpm daily and pnpm import-trades run alongside it), ` +
      'stop it first (Ctrl-D or /quit in its terminal, Ctrl-C in long-polling mode), or pass --data-dir with another directory.'
    );
  }
  return `${who} is using ${dir} right now. Run ${wanted.command} again when it has finished.`;
}

/**
 * Opens the data directory for a local command. The directory must be a tradebot data directory
 * (`prepareDataDir`). When `pnpm start` is running on it, a short command uses its servers (and
 * `pnpm start` itself, or `--reset`, is refused with a message); when another short command is
 * running its own servers there, this one is refused until it finishes; otherwise this process
 * starts the servers and records their endpoints in `stack.json` for the others. Expected refusals
 * are a message, never an exception.
 */
export async function openLocalData(options: LocalDataOptions): Promise<{ ok: true; data: LocalData } | { ok: false; message: string }> {
  const checked = prepareDataDir(resolveDataDir(options.dataDir));
  if (!checked.ok) return checked;
  const { dir } = checked;
  const awsDirectory = join(dir, AWS_SUBDIRECTORY);
  const claim = await claimStack(dir, { command: options.command, shared: options.serve === true }, options.waitMs !== undefined ? { waitMs: options.waitMs } : {});
  if (claim.kind === 'taken') {
    const { record } = claim;
    if (!record.endpoints || !record.shared || options.serve || options.reset) return { ok: false, message: busyMessage(dir, record, options) };
    const aws = connectLocalAws(record.endpoints, awsDirectory);
    return { ok: true, data: { dir, aws, sharedWith: record, close: () => aws.stop() } };
  }
  let aws: LocalAws;
  try {
    if (options.reset) clearDataDir(dir);
    aws = await startLocalAws({ directory: awsDirectory, ...(options.stream ? { stream: true } : {}) });
  } catch (error) {
    claim.release();
    throw error;
  }
  claim.ready({ s3Endpoint: aws.s3Endpoint, dynamoEndpoint: aws.dynamoEndpoint, tableName: aws.tableName, dataBucket: aws.dataBucket });
  return {
    ok: true,
    data: {
      dir,
      aws,
      sharedWith: null,
      // The record goes first, so no command attaches to servers that are stopping.
      close: async () => {
        claim.release();
        await aws.stop();
      },
    },
  };
}
