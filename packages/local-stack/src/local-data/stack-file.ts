/**
 * `stack.json` in a data directory: which process runs the embedded S3 and DynamoDB servers on
 * that directory, and (once they answer) their endpoints. LevelDB lets one process open the
 * DynamoDB data, so a second command must use the running servers or wait; this file is how it
 * finds out. It is created atomically (a hard link of a complete temporary file), replaced
 * atomically (rename), and ignored and removed when its process is gone.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { STACK_FILE } from './data-dir';

/** Where the running servers answer. */
export interface StackEndpoints {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly dataBucket: string;
}

/** The content of `stack.json`. */
export interface StackRecord {
  readonly version: 1;
  readonly pid: number;
  /** The command that runs the servers, as a person typed it (`pnpm start`). */
  readonly command: string;
  readonly startedAt: string;
  /** Whether other commands may use these servers while it runs (`pnpm start`: yes; a scan: no). */
  readonly shared: boolean;
  /** Present once the servers answer. */
  readonly endpoints?: StackEndpoints;
}

/** What `claimStack` found. */
export type StackClaim =
  /** This process now holds the directory: start the servers, then `ready()`; `release()` when they stop. */
  | { readonly kind: 'owned'; ready(endpoints: StackEndpoints): void; release(): void }
  /** Another live process holds it (`endpoints` absent: it is still starting). */
  | { readonly kind: 'taken'; readonly record: StackRecord };

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

function parseRecord(text: string): StackRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (r.version !== 1 || !Number.isInteger(r.pid) || !isString(r.command) || !isString(r.startedAt) || typeof r.shared !== 'boolean') return null;
  const e = r.endpoints as Record<string, unknown> | undefined;
  if (e !== undefined && !(isString(e.s3Endpoint) && isString(e.dynamoEndpoint) && isString(e.tableName) && isString(e.dataBucket))) return null;
  return raw as StackRecord;
}

/** The record in `dir`, `null` when there is none, `'unreadable'` when the file is not a record. */
export function readStackRecord(dir: string): StackRecord | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(join(dir, STACK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseRecord(text) ?? 'unreadable';
}

/** Whether a process with this id exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether something accepts TCP connections at `url` (a recorded pid may have been reused). */
function reachable(url: string, timeoutMs = 2000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const tempName = (dir: string): string => join(dir, `${STACK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Creates `stack.json` with `record` unless it exists; the content is complete the moment it appears. */
function createExclusive(dir: string, record: StackRecord): boolean {
  const file = join(dir, STACK_FILE);
  const temp = tempName(dir);
  writeFileSync(temp, JSON.stringify(record, null, 2));
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** Removes `stack.json` if it still holds `record` (a stale record another process may be replacing). */
function removeIfStill(dir: string, record: StackRecord | 'unreadable'): void {
  const now = readStackRecord(dir);
  const same = record === 'unreadable' ? now === 'unreadable' : now !== null && now !== 'unreadable' && now.pid === record.pid && now.startedAt === record.startedAt;
  if (!same) return;
  try {
    unlinkSync(join(dir, STACK_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Takes the data directory `dir` for this process, or says who holds it. A record whose process
 * is gone (or whose servers no longer answer while its pid lives on in another program) is stale:
 * it is removed and the directory taken. A holder that is still starting is waited for, up to
 * `waitMs` (default 30 s). Call it before starting servers on `dir`; release the claim when they stop.
 */
export async function claimStack(dir: string, who: { readonly command: string; readonly shared: boolean }, options: { readonly waitMs?: number } = {}): Promise<StackClaim> {
  const mine: StackRecord = { version: 1, pid: process.pid, command: who.command, startedAt: new Date().toISOString(), shared: who.shared };
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  for (;;) {
    if (createExclusive(dir, mine)) return ownedClaim(dir, mine);
    const found = readStackRecord(dir);
    if (found === null) continue;
    if (found === 'unreadable' || !processAlive(found.pid)) {
      removeIfStill(dir, found);
      continue;
    }
    if (found.endpoints) {
      if (await reachable(found.endpoints.dynamoEndpoint)) return { kind: 'taken', record: found };
      removeIfStill(dir, found);
      continue;
    }
    if (Date.now() >= deadline) return { kind: 'taken', record: found };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ownedClaim(dir: string, mine: StackRecord): StackClaim {
  const file = join(dir, STACK_FILE);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    removeIfStill(dir, mine);
  };
  // A crash or process.exit still removes the record; a kill -9 leaves it stale (the pid is then gone).
  process.on('exit', release);
  return {
    kind: 'owned',
    ready(endpoints) {
      const temp = tempName(dir);
      writeFileSync(temp, JSON.stringify({ ...mine, endpoints }, null, 2));
      renameSync(temp, file);
    },
    release,
  };
}
