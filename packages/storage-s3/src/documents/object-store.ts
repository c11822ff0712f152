import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CorruptDocumentError, describeError } from '@tradebot/core-domain';
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

/** An object's text and user metadata (`x-amz-meta-*`, lower-case names). */
export interface StoredText {
  readonly text: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Reads an object as UTF-8 text with its user metadata; `null` when it does not exist. */
export async function getStoredText(location: S3Location, key: string): Promise<StoredText | null> {
  try {
    const response = await location.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
    const text = response.Body ? await response.Body.transformToString('utf-8') : '';
    return { text, metadata: response.Metadata ?? {} };
  } catch (error) {
    if (isMissing(error)) return null;
    throw new DocumentStoreUnavailableError('GetObject', key, describeError(error, { withName: true }), { cause: error });
  }
}

/** Reads an object as UTF-8 text; `null` when it does not exist. */
export async function getText(location: S3Location, key: string): Promise<string | null> {
  return (await getStoredText(location, key))?.text ?? null;
}

/** Writes text to an object (whole-object replace), with optional user metadata. */
export async function putText(location: S3Location, key: string, body: string, contentType: string, metadata?: Record<string, string>): Promise<void> {
  try {
    await location.client.send(
      new PutObjectCommand({ Bucket: location.bucket, Key: key, Body: body, ContentType: contentType, ...(metadata ? { Metadata: metadata } : {}) }),
    );
  } catch (error) {
    throw new DocumentStoreUnavailableError('PutObject', key, describeError(error, { withName: true }), { cause: error });
  }
}

/** Where a JSON syntax error is, as `line N` (V8 reports a character `position`). */
function jsonErrorLine(text: string, message: string): string | null {
  const position = /position (\d+)/.exec(message);
  if (!position) return null;
  return `line ${text.slice(0, Number(position[1])).split('\n').length}`;
}

/** Parses stored JSON; a syntax error becomes a `CorruptDocumentError` naming the key and the line. */
export function parseStoredJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const line = jsonErrorLine(text, message);
    throw new CorruptDocumentError(key, `not valid JSON${line ? ` at ${line}` : ''} (${message})`, { cause: error });
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
