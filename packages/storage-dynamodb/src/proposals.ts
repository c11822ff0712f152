import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { addUsd, dec, toPlain, type Decimal, type ModelSpend, type Proposal, type ProposalStatus, type ProposalStore } from '@tradebot/core-domain';
import * as z from '@tradebot/core-domain/zod';
import { DocumentClient, PutCommand } from './documents';
import { CorruptLedgerItemError } from './errors';
import { portfolioKey } from './ledger-item';
import { isConditionFailure, queryAll, unavailable } from './vendor';

/** Sort key of a proposal in its chat's `PORTFOLIO#<chatId>` partition; its closing record is `<key>#CLOSED`. */
export const proposalKey = (id: string): string => `PROPOSAL#${id}`;
/** How long a proposal item is kept (DynamoDB TTL); it is stale long before (10 minutes). */
const PROPOSAL_KEEP_SECONDS = 7 * 24 * 3600;

const ProposalItem = z.object({
  PK: z.string(),
  SK: z.string(),
  id: z.string(),
  chatId: z.string(),
  command: z.string(),
  intent: z.record(z.string(), z.nullable(z.string())),
  createdAt: z.string(),
  messageAt: z.string(),
  ledgerSeq: z.int().check(z.nonnegative()),
});
const ClosedItem = z.object({ PK: z.string(), SK: z.string(), status: z.enum(['confirmed', 'cancelled']) });

/** Tuning of `DynamoProposalStore` and `DynamoModelSpend`. */
export interface DynamoProposalStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/**
 * The plain-language proposals, in the chat's own ledger partition (`PK=PORTFOLIO#<chatId>`,
 * `SK=PROPOSAL#<id>`; outside the ledger's `TRADE#` range, so a ledger read never sees them) and
 * closed by a second item `SK=PROPOSAL#<id>#CLOSED` written under `attribute_not_exists`: the first
 * Confirm or Cancel wins, any later tap reads what happened. Only Query and conditional PutItem,
 * the two operations the webhook already has on its partition.
 */
export class DynamoProposalStore implements ProposalStore {
  private readonly documents: DocumentClient;

  constructor(private readonly options: DynamoProposalStoreOptions) {
    this.documents = DocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async create(proposal: Omit<Proposal, 'status'>): Promise<Proposal> {
    const item = {
      PK: portfolioKey(proposal.chatId),
      SK: proposalKey(proposal.id),
      ...proposal,
      expiresAt: Math.floor(Date.parse(proposal.createdAt) / 1000) + PROPOSAL_KEEP_SECONDS,
    };
    try {
      await this.documents.send(new PutCommand({ TableName: this.options.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw unavailable('PutItem', error);
      // The same update produced it before (a redelivery): that one stands.
      const stored = await this.get(proposal.chatId, proposal.id);
      if (stored) return stored;
      throw unavailable('PutItem', error);
    }
    return { ...proposal, status: 'open' };
  }

  async get(chatId: string, id: string): Promise<Proposal | null> {
    const items = await queryAll(
      this.documents,
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': portfolioKey(chatId), ':sk': proposalKey(id) },
        ConsistentRead: true,
      },
      (item) => item,
    );
    const main = items.find((i) => i.SK === proposalKey(id));
    if (!main) return null;
    const parsed = ProposalItem.safeParse(main);
    if (!parsed.success) throw new CorruptLedgerItemError(String(main.PK), String(main.SK), parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const closed = items.find((i) => i.SK === `${proposalKey(id)}#CLOSED`);
    const status: ProposalStatus = closed ? ClosedItem.parse(closed).status : 'open';
    const { PK: _pk, SK: _sk, ...proposal } = parsed.data;
    return { ...proposal, status };
  }

  async close(chatId: string, id: string, status: Exclude<ProposalStatus, 'open'>): Promise<ProposalStatus> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { PK: portfolioKey(chatId), SK: `${proposalKey(id)}#CLOSED`, status, expiresAt: Math.floor(Date.now() / 1000) + PROPOSAL_KEEP_SECONDS },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return 'open';
    } catch (error) {
      if (!isConditionFailure(error)) throw unavailable('PutItem', error);
      return (await this.get(chatId, id))?.status ?? status;
    }
  }
}

/** The partition of the chat readings' model spend (no chat has this id: chat ids are numbers). */
export const MODEL_SPEND_PARTITION = portfolioKey('model-spend');

/**
 * The model spend of the chat's plain-language readings: one item per call
 * (`PK=PORTFOLIO#model-spend`, `SK=SPEND#<YYYY-MM>#<ref>`, conditional put, so a repeat adds
 * nothing), summed per month. The webhook adds the daily job's spend (its logs) to this.
 */
export class DynamoModelSpend implements ModelSpend {
  private readonly documents: DocumentClient;

  constructor(private readonly options: DynamoProposalStoreOptions) {
    this.documents = DocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async spentUsd(month: string): Promise<Decimal> {
    const costs = await queryAll(
      this.documents,
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': MODEL_SPEND_PARTITION, ':sk': `SPEND#${month}#` },
        ConsistentRead: true,
      },
      (item) => String(item.costUsd ?? '0'),
    );
    return addUsd(costs);
  }

  async add(month: string, costUsd: Decimal, ref: string): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { PK: MODEL_SPEND_PARTITION, SK: `SPEND#${month}#${ref}`, costUsd: toPlain(dec(costUsd)) },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw unavailable('PutItem', error);
    }
  }
}
