import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CorruptDocumentError } from '@tradebot/core-domain';
import { DocumentStoreUnavailableError } from '../errors';

/** Where repositories keep their objects. */
export interface S3Location {
  readonly client: S3Client;
  readonly bucket: string;
}

// Only a missing KEY means "use the default". A missing bucket is also a 404 (NoSuchBucket) but is a
// misconfiguration that must surface, not silently turn every document into its default.
function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error as { name?: string } | null)?.name === 'NoSuchKey';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Reads an object as UTF-8 text; `null` when it does not exist. */
export async function getText(location: S3Location, key: string): Promise<string | null> {
  try {
    const response = await location.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
    if (!response.Body) return '';
    return await response.Body.transformToString('utf-8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw new DocumentStoreUnavailableError('GetObject', key, describe(error), { cause: error });
  }
}

/** Writes text to an object (whole-object replace). */
export async function putText(location: S3Location, key: string, body: string, contentType: string): Promise<void> {
  try {
    await location.client.send(new PutObjectCommand({ Bucket: location.bucket, Key: key, Body: body, ContentType: contentType }));
  } catch (error) {
    throw new DocumentStoreUnavailableError('PutObject', key, describe(error), { cause: error });
  }
}

/** Parses stored JSON; a syntax error becomes a `CorruptDocumentError` naming the key. */
export function parseStoredJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CorruptDocumentError(key, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** Readable zod issues, `path: message; ...`. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Writes pretty JSON with a trailing newline (the files are meant to be readable by a person). */
export function putJson(location: S3Location, key: string, value: unknown): Promise<void> {
  return putText(location, key, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}
