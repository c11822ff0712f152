/**
 * Items as plain objects over the low-level DynamoDB client: the part of lib-dynamodb's document
 * client the adapters use (put, update, delete, get and query, with the same names and inputs),
 * marshalled with util-dynamodb, which lib-dynamodb itself uses.
 *
 * Why not lib-dynamodb: its `DynamoDBDocumentClient` refuses a client built with `cacheMiddleware`
 * (`DYNAMODB_CLIENT_SETTINGS`), and resolves the middleware stack twice per request (its command's,
 * then the wrapped command's). Sending the client's own commands lets the client keep each command
 * class's middleware chain: 0.4-0.8 ms less CPU per `/buy` (three requests) from the cache, about
 * 0.1-0.2 ms a put from dropping lib-dynamodb (bench/README.md, "Webhook"). The plain-object inputs
 * and outputs are the same as lib-dynamodb's.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand as QueryItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DeleteItemCommandInput,
  type DeleteItemCommandOutput,
  type DynamoDBClient,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  type PutItemCommandInput,
  type PutItemCommandOutput,
  type QueryCommandInput as QueryItemsCommandInput,
  type QueryCommandOutput as QueryItemsCommandOutput,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall, type marshallOptions } from '@aws-sdk/util-dynamodb';

/** An item, a key or expression values as the adapters write them. */
export type PlainItem = Record<string, unknown>;
type AttributeMap = Record<string, AttributeValue>;

/** `T` with the attribute maps named by `K` written as plain objects. */
type Plain<T, K extends keyof T> = Omit<T, K> & { [P in K]?: PlainItem };

export type PutCommandInput = Plain<PutItemCommandInput, 'Item' | 'ExpressionAttributeValues'> & { readonly Item: PlainItem };
export type PutCommandOutput = Plain<PutItemCommandOutput, 'Attributes'>;
export type UpdateCommandInput = Plain<UpdateItemCommandInput, 'Key' | 'ExpressionAttributeValues'> & { readonly Key: PlainItem };
export type UpdateCommandOutput = Plain<UpdateItemCommandOutput, 'Attributes'>;
export type DeleteCommandInput = Plain<DeleteItemCommandInput, 'Key' | 'ExpressionAttributeValues'> & { readonly Key: PlainItem };
export type DeleteCommandOutput = Plain<DeleteItemCommandOutput, 'Attributes'>;
export type GetCommandInput = Plain<GetItemCommandInput, 'Key'> & { readonly Key: PlainItem };
export type GetCommandOutput = Plain<GetItemCommandOutput, 'Item'>;
export type QueryCommandInput = Plain<QueryItemsCommandInput, 'ExpressionAttributeValues' | 'ExclusiveStartKey'>;
export type QueryCommandOutput = Omit<QueryItemsCommandOutput, 'Items' | 'LastEvaluatedKey'> & { Items?: PlainItem[]; LastEvaluatedKey?: PlainItem };

/** One request in plain objects: what `DocumentClient.send` marshals, sends and unmarshals. */
interface DocumentCommand<Output> {
  sendWith(client: DynamoDBClient, options: marshallOptions): Promise<Output>;
}

const toAttributes = (value: PlainItem, options: marshallOptions): AttributeMap => marshall(value, options) as AttributeMap;
const attributesOf = (value: PlainItem | undefined, options: marshallOptions): AttributeMap | undefined => (value === undefined ? undefined : toAttributes(value, options));
const plainOf = (value: AttributeMap | undefined): PlainItem | undefined => (value === undefined ? undefined : unmarshall(value));

/** The input of a write to one item by its key (`UpdateItem`, `DeleteItem`), key and values marshalled. */
function keyedInput<Input extends { readonly Key: PlainItem; readonly ExpressionAttributeValues?: PlainItem }>(input: Input, options: marshallOptions) {
  const { Key, ExpressionAttributeValues, ...rest } = input;
  return { ...rest, Key: toAttributes(Key, options), ExpressionAttributeValues: attributesOf(ExpressionAttributeValues, options) };
}

/** A write's answer with the attributes it returned (`ReturnValues`) as a plain object. */
async function withPlainAttributes<Output extends { Attributes?: AttributeMap }>(sending: Promise<Output>): Promise<Omit<Output, 'Attributes'> & { Attributes?: PlainItem }> {
  const output = await sending;
  return { ...output, Attributes: plainOf(output.Attributes) };
}

/** Writes an item (`PutItem`). */
export class PutCommand implements DocumentCommand<PutCommandOutput> {
  constructor(readonly input: PutCommandInput) {}
  sendWith(client: DynamoDBClient, options: marshallOptions): Promise<PutCommandOutput> {
    const { Item, ExpressionAttributeValues, ...rest } = this.input;
    return withPlainAttributes(client.send(new PutItemCommand({ ...rest, Item: toAttributes(Item, options), ExpressionAttributeValues: attributesOf(ExpressionAttributeValues, options) })));
  }
}

/** Changes an item's attributes (`UpdateItem`). */
export class UpdateCommand implements DocumentCommand<UpdateCommandOutput> {
  constructor(readonly input: UpdateCommandInput) {}
  sendWith(client: DynamoDBClient, options: marshallOptions): Promise<UpdateCommandOutput> {
    return withPlainAttributes(client.send(new UpdateItemCommand(keyedInput(this.input, options))));
  }
}

/** Deletes an item (`DeleteItem`). */
export class DeleteCommand implements DocumentCommand<DeleteCommandOutput> {
  constructor(readonly input: DeleteCommandInput) {}
  sendWith(client: DynamoDBClient, options: marshallOptions): Promise<DeleteCommandOutput> {
    return withPlainAttributes(client.send(new DeleteItemCommand(keyedInput(this.input, options))));
  }
}

/** Reads an item by key (`GetItem`). */
export class GetCommand implements DocumentCommand<GetCommandOutput> {
  constructor(readonly input: GetCommandInput) {}
  async sendWith(client: DynamoDBClient, options: marshallOptions): Promise<GetCommandOutput> {
    const { Key, ...rest } = this.input;
    const output = await client.send(new GetItemCommand({ ...rest, Key: toAttributes(Key, options) }));
    return { ...output, Item: plainOf(output.Item) };
  }
}

/** One page of a query (`Query`). */
export class QueryCommand implements DocumentCommand<QueryCommandOutput> {
  constructor(readonly input: QueryCommandInput) {}
  async sendWith(client: DynamoDBClient, options: marshallOptions): Promise<QueryCommandOutput> {
    const { ExpressionAttributeValues, ExclusiveStartKey, ...rest } = this.input;
    const output = await client.send(
      new QueryItemsCommand({ ...rest, ExpressionAttributeValues: attributesOf(ExpressionAttributeValues, options), ExclusiveStartKey: attributesOf(ExclusiveStartKey, options) }),
    );
    return { ...output, Items: output.Items?.map((item) => unmarshall(item)), LastEvaluatedKey: plainOf(output.LastEvaluatedKey) };
  }
}

/**
 * Sends document commands on a DynamoDB client. Use one per adapter, as lib-dynamodb's
 * `DynamoDBDocumentClient.from(client, { marshallOptions })` was used.
 */
export class DocumentClient {
  private constructor(
    private readonly client: DynamoDBClient,
    private readonly options: marshallOptions,
  ) {}

  static from(client: DynamoDBClient, translateConfig: { readonly marshallOptions?: marshallOptions } = {}): DocumentClient {
    return new DocumentClient(client, translateConfig.marshallOptions ?? {});
  }

  send<Output>(command: DocumentCommand<Output>): Promise<Output> {
    return command.sendWith(this.client, this.options);
  }
}

/**
 * The DynamoDB client settings the adapters are used with. Spread them into every
 * `new DynamoDBClient({ ... })` that serves these adapters (each Lambda's module scope, and the
 * local stack's `localDynamoClient`, so tests and benches run the client a Lambda runs):
 * `cacheMiddleware` makes the client resolve each command class's middleware chain once instead of
 * on every request. Middleware added to the client after its first request is not seen by command
 * classes already sent; nothing here adds any (local-stack's request counters drop the kept chains
 * when they attach).
 */
export const DYNAMODB_CLIENT_SETTINGS = { cacheMiddleware: true } as const;
