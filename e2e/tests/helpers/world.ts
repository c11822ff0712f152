/**
 * Everything an e2e suite runs against: the three zips as local Lambda functions (warm instances,
 * cold starts, the timeout enforced, a virtual clock), the stand-ins they talk to (S3, DynamoDB with
 * the ledger's stream, SSM, Telegram, Yahoo, Anthropic), the positions snapshot writer (fn-webhook's
 * `snapshot.handler`) fed by that stream, and a chat that sends real-shaped updates the way Telegram
 * delivers them.
 */
import {
  createDynamoStream,
  createLocalFunction,
  localDynamoClient,
  makeCallbackQuery,
  localS3Client,
  makeUpdate,
  startFaultProxy,
  type FaultProxy,
  startLambdaStack,
  testAws,
  type LambdaInvocation,
  type LambdaStack,
  type LambdaStackAws,
  type DynamoStream,
  type LocalLambdaFunction,
  type SentMessage,
  type TestAws,
  type YahooServerOptions,
} from '@tradebot/local-stack';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { LEDGER_STREAM_FILTER } from '@tradebot/storage-dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { VirtualClock } from './clock';
import { unpackPackages, type FunctionName, type TaskRoots } from './packages';

/** Each function's timeout as Terraform configures it (infra/envs/prod, `local.sizing`), in seconds. */
export const PRODUCTION_TIMEOUT_SECONDS: Readonly<Record<FunctionName, number>> = { 'fn-webhook': 25, 'fn-collector': 900, 'fn-daily': 180 };
/** The functions Terraform attaches the chart layer to (infra/envs/prod: the webhook's `layers`). */
export const FUNCTIONS_WITH_LAYERS: ReadonlySet<FunctionName> = new Set(['fn-webhook']);
/** Each function's memory as Terraform configures it, in MB (it also sizes the instance's heap). */
export const PRODUCTION_MEMORY_MB: Readonly<Record<FunctionName, number>> = { 'fn-webhook': 512, 'fn-collector': 256, 'fn-daily': 256 };
/** The positions snapshot writer (fn-webhook's `snapshot.handler`) as Terraform configures it (infra/envs/prod, `local.sizing`). */
export const SNAPSHOT_WRITER = { handler: 'snapshot.handler', timeoutSeconds: 30, memoryMb: 256 } as const;

/** What a world is made of; every field has a default. */
export interface WorldOptions {
  /** S3 and DynamoDB to use (default: a fresh bucket and table on jest's servers). */
  readonly aws?: LambdaStackAws;
  /** Where the virtual clock starts (default: now). */
  readonly start?: Date;
  /** Allowed chats besides the main one. */
  readonly otherChatIds?: readonly number[];
  readonly claudeReply?: string;
  /** The Yahoo stand-in (its clock is the world's). */
  readonly yahoo?: Omit<YahooServerOptions, 'now'>;
  /** Per function: `FUNCTION_TIMEOUT_SECONDS`, which is also the timeout the runner enforces. */
  readonly timeoutSeconds?: Partial<Record<FunctionName, number>>;
  /** Per function: extra environment (e.g. `SCAN_NOTIFY`). */
  readonly env?: Partial<Record<FunctionName, Record<string, string>>>;
  /** Per function: reserved concurrency (invocations past it are throttled). */
  readonly reservedConcurrency?: Partial<Record<FunctionName, number>>;
  /** Per function: run this task root instead of the zip's (a planted fault). */
  readonly taskRoots?: Partial<Record<FunctionName, string>>;
}

/** How the HTTP API answers Telegram for one invocation of the webhook. */
export function httpStatus(invocation: LambdaInvocation): number {
  if (invocation.throttled) return 429;
  // A Lambda error or timeout reaches API Gateway as an integration failure.
  if (!invocation.ok) return 500;
  const status = (invocation.result as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : 500;
}

/** One delivery of an update to the webhook. */
export interface Delivery {
  readonly status: number;
  readonly invocation: LambdaInvocation;
}

/** A Telegram update carrying a text message. */
export type ChatUpdate = Record<string, unknown> & { readonly update_id: number; readonly message: { readonly date: number; readonly text: string } };

/** A chat the investor types into. */
export interface Chat {
  readonly id: number;
  /** A real-shaped update carrying `text`, stamped with the virtual clock and the next update_id. */
  update(text: string, options?: { readonly languageCode?: string }): ChatUpdate;
  /** Delivers an update once, as Telegram's webhook does (optionally base64-encoded by API Gateway). */
  deliver(update: Readonly<Record<string, unknown>>, options?: { readonly base64?: boolean; readonly on?: LocalLambdaFunction }): Promise<Delivery>;
  /**
   * Sends `text` and, like Telegram, delivers it again while the answer is not 2xx (at most
   * `attempts` times). Resolves with the last delivery and the messages the chat received meanwhile.
   */
  send(text: string, options?: { readonly attempts?: number }): Promise<Delivery & { readonly update: ChatUpdate; readonly replies: SentMessage[] }>;
  /**
   * Taps an inline button whose data is `data` (a `callback_query` update, stamped with the virtual
   * clock and the next update_id), delivered once. Resolves with the messages the chat received.
   */
  tap(data: string): Promise<Delivery & { readonly update: Record<string, unknown> & { readonly update_id: number }; readonly replies: SentMessage[] }>;
  /** Every message the bot sent to this chat so far. */
  messages(): SentMessage[];
}

/** How a function made by `World.createFunction` differs from the world's. */
export interface FunctionOverrides {
  readonly taskRoot?: string;
  readonly reservedConcurrency?: number;
  readonly timeoutSeconds?: number;
  readonly env?: Record<string, string>;
  /** Run it without the layers Terraform attaches (a webhook deployed without its chart layer). */
  readonly withoutLayers?: boolean;
}

/** A running world. */
export interface World {
  readonly stack: LambdaStack;
  /** The real S3 and DynamoDB (the functions reach them through `s3Proxy` and `dynamoProxy`). */
  readonly aws: LambdaStackAws;
  /** Clients on the real servers, to read what was stored. */
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  /** Between the functions and S3 / DynamoDB: records requests, holds one when asked. */
  readonly s3Proxy: FaultProxy;
  readonly dynamoProxy: FaultProxy;
  /**
   * The table's DynamoDB stream, fed by every write through `dynamoProxy` and filtered to the
   * ledger's items as Terraform's mapping is: it invokes `snapshotWriter` off the writers' path.
   * Await `stream.drained()` before reading the positions snapshot.
   */
  readonly stream: DynamoStream;
  /** fn-webhook's zip run with `snapshot.handler`, as its own Lambda function. */
  readonly snapshotWriter: LocalLambdaFunction;
  readonly clock: VirtualClock;
  readonly roots: TaskRoots;
  readonly webhook: LocalLambdaFunction;
  readonly collector: LocalLambdaFunction;
  readonly daily: LocalLambdaFunction;
  /** The main allowed chat. */
  readonly chat: Chat;
  /** Another allowed chat (`otherChatIds`), or any chat id (an unknown chat). */
  chatOf(id: number): Chat;
  /** Another local function running `fn` (its own instances): another package, timeout, concurrency or environment. */
  createFunction(fn: FunctionName, overrides?: FunctionOverrides): LocalLambdaFunction;
  /** Runs a scheduler event on the collector or the daily job at the virtual time. */
  schedule(fn: LocalLambdaFunction, event?: unknown): Promise<LambdaInvocation>;
  stop(): Promise<void>;
}

let nextUpdateBase = 700_000_000;

/** Starts the stand-ins and the three functions (no process starts before the first invocation). */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const clock = new VirtualClock(options.start ?? new Date());
  let ownAws: TestAws | undefined;
  if (!options.aws) ownAws = await testAws();
  const aws: LambdaStackAws = options.aws ?? { s3Endpoint: ownAws!.s3Endpoint, dynamoEndpoint: ownAws!.dynamoEndpoint, bucket: ownAws!.bucket, tableName: ownAws!.tableName };
  // The functions sign S3 requests with their virtual "now"; the proxy takes the clock's lead off
  // again, as the stand-in refuses requests more than 15 minutes off its own clock.
  // The ledger's stream sees what DynamoDB accepted through the proxy, whoever wrote it; its
  // consumer (the snapshot writer) is attached once the functions exist.
  const stream = createDynamoStream({ tableName: aws.tableName, filter: LEDGER_STREAM_FILTER });
  const [s3Proxy, dynamoProxy] = await Promise.all([
    startFaultProxy({ target: aws.s3Endpoint, requestTimeShiftMs: () => clock.now().getTime() - Date.now() }),
    startFaultProxy({ target: aws.dynamoEndpoint, onAnswer: (request, statusCode) => stream.observe(request, statusCode) }),
  ]);
  const stack = await startLambdaStack({
    aws: { ...aws, s3Endpoint: s3Proxy.endpoint, dynamoEndpoint: dynamoProxy.endpoint },
    ...(options.otherChatIds ? { otherChatIds: options.otherChatIds } : {}),
    ...(options.claudeReply ? { claudeReply: options.claudeReply } : {}),
    yahoo: { ...options.yahoo, now: () => clock.now() },
  });
  const roots = unpackPackages();
  const functions: LocalLambdaFunction[] = [];

  const createFunction: World['createFunction'] = (fn, overrides = {}) => {
    const seconds = overrides.timeoutSeconds ?? options.timeoutSeconds?.[fn] ?? PRODUCTION_TIMEOUT_SECONDS[fn];
    const concurrency = overrides.reservedConcurrency ?? options.reservedConcurrency?.[fn];
    const created = createLocalFunction({
      taskRoot: overrides.taskRoot ?? options.taskRoots?.[fn] ?? roots.root(fn),
      functionName: `tradebot-e2e-${fn.slice(3)}`,
      env: { ...stack.env(fn), FUNCTION_TIMEOUT_SECONDS: String(seconds), ...options.env?.[fn], ...overrides.env },
      timeoutMs: seconds * 1000,
      memoryMb: PRODUCTION_MEMORY_MB[fn],
      virtualClock: true,
      ...(FUNCTIONS_WITH_LAYERS.has(fn) && !overrides.withoutLayers ? { optDir: roots.opt } : {}),
      ...(concurrency === undefined ? {} : { reservedConcurrency: concurrency }),
    });
    functions.push(created);
    return created;
  };
  const webhook = createFunction('fn-webhook');
  const collector = createFunction('fn-collector');
  const daily = createFunction('fn-daily');
  // The writer as the event source mapping invokes it: a function error (or a timeout) fails the
  // batch, a result's batchItemFailures fail those records.
  const snapshotWriter = createLocalFunction({
    taskRoot: options.taskRoots?.['fn-webhook'] ?? roots.root('fn-webhook'),
    handler: SNAPSHOT_WRITER.handler,
    functionName: 'tradebot-e2e-webhook-snapshot',
    env: { ...stack.env('fn-webhook-snapshot'), FUNCTION_TIMEOUT_SECONDS: String(SNAPSHOT_WRITER.timeoutSeconds) },
    timeoutMs: SNAPSHOT_WRITER.timeoutSeconds * 1000,
    memoryMb: SNAPSHOT_WRITER.memoryMb,
    virtualClock: true,
  });
  functions.push(snapshotWriter);
  stream.attach(async (event) => {
    const invocation = await snapshotWriter.invoke(event, { at: clock.now() });
    if (!invocation.ok) throw new Error(`snapshot writer failed: ${invocation.error?.name ?? ''} ${invocation.error?.message ?? ''}`);
    return invocation.result as DynamoDBBatchResponse;
  });

  // Telegram numbers updates per bot, always increasing; each world starts its own range.
  let updateId = (nextUpdateBase += 1_000_000);
  const chatOf = (id: number): Chat => ({
    id,
    update: (text, updateOptions = {}) =>
      makeUpdate({ text, chatId: id, updateId: ++updateId, date: Math.floor(clock.now().getTime() / 1000), ...(updateOptions.languageCode ? { languageCode: updateOptions.languageCode } : {}) }) as ChatUpdate,
    async deliver(update, deliverOptions = {}) {
      const invocation = await (deliverOptions.on ?? webhook).invoke(stack.webhookEvent(update, deliverOptions.base64 ? { base64: true } : {}), { at: clock.now() });
      return { status: httpStatus(invocation), invocation };
    },
    async send(text, sendOptions = {}) {
      const before = stack.telegram.messagesTo(id).length;
      const update = this.update(text);
      let delivery = await this.deliver(update);
      for (let attempt = 1; attempt < (sendOptions.attempts ?? 1) && (delivery.status < 200 || delivery.status > 299); attempt += 1) delivery = await this.deliver(update);
      return { ...delivery, update, replies: stack.telegram.messagesTo(id).slice(before) };
    },
    async tap(data) {
      const before = stack.telegram.messagesTo(id).length;
      const update = makeCallbackQuery({ data, chatId: id, updateId: ++updateId, date: Math.floor(clock.now().getTime() / 1000) });
      const delivery = await this.deliver(update);
      return { ...delivery, update, replies: stack.telegram.messagesTo(id).slice(before) };
    },
    messages: () => stack.telegram.messagesTo(id),
  });

  const s3 = localS3Client(aws.s3Endpoint);
  const dynamo = localDynamoClient(aws.dynamoEndpoint);
  return {
    stack,
    aws,
    s3,
    dynamo,
    s3Proxy,
    dynamoProxy,
    stream,
    snapshotWriter,
    clock,
    roots,
    webhook,
    collector,
    daily,
    chat: chatOf(stack.chatId),
    chatOf,
    createFunction,
    schedule: (fn, event) => fn.invoke(event ?? stack.schedulerEvent(clock.now()), { at: clock.now() }),
    async stop() {
      // What the stream still holds is written before the functions go.
      await stream.drained();
      await Promise.all(functions.map((f) => f.stop()));
      await stack.stop();
      await Promise.all([s3Proxy.stop(), dynamoProxy.stop()]);
      s3.destroy();
      dynamo.destroy();
      await ownAws?.destroy();
      roots.remove();
    },
  };
}
