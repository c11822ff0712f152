/**
 * Reads back what the functions stored, straight from the S3 and DynamoDB stand-ins (never through
 * the project's adapters), so a test can check every object and item that was written.
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** Every key in the bucket, sorted. */
export async function objectKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** An object's body as text, or null when there is no such key. */
export async function objectText(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    return await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

/** A DynamoDB item with its strings and numbers as plain values. */
export type PlainItem = Record<string, string | number | boolean | null>;

function plain(value: AttributeValue): string | number | boolean | null {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL) return null;
  return JSON.stringify(value);
}

/** Every item of the table, sorted by PK then SK. */
export async function tableItems(dynamo: DynamoDBClient, tableName: string): Promise<PlainItem[]> {
  const items: PlainItem[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    for (const item of page.Items ?? []) items.push(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, plain(v)])));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (i: PlainItem): string => `${String(i.PK)}\u0000${String(i.SK)}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Parses a CSV whose fields hold no commas, quotes or line breaks (the files checked here). */
export function simpleCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell])));
}

/** The hrefs of a Telegram HTML message, entities decoded. */
export const linksOf = (html: string): string[] => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
